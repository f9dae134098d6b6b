"""Issue 6's figures: 100,000 documents, a 75,000-word article, imports, responsiveness.

Run: `python -m benchmarks.bench_scale` (about 15 minutes; `--quick` is the smoke run the
tests use). The corpora are built from the sample articles with fixed seeds. The window
is measured in processes of its own (benchmarks/scale_window.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.jobs.importing import import_files
from annotator.store.db import open_project
from benchmarks.corpus import articles, long_project, write_jsonl

CHUNK = 10_000
PARTS = ("startup", "import", "list", "long", "nlp", "responsive")


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<62} {figure:>18}   target: {target}", flush=True)


def _child(*args: str) -> dict[str, Any]:
    """Run a scale_window measurement in a fresh process; its last line is JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale_window", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scale_window {args[0]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _new_project(path: Path) -> Any:
    return open_project(path, new_schema=load_schema(paths.default_schema_path()))


def bench_plain_import(folder: Path, total: int) -> Path:
    """Import ``total`` documents without NLP, a chunk at a time; time the first chunk."""
    project = folder / "big.annotator"
    db = _new_project(project)
    first = min(CHUNK, total)
    for offset in range(0, total, CHUNK):
        count = min(CHUNK, total - offset)
        docs = articles(count, seed=7) if offset == 0 else _chunk(offset, count)
        source = write_jsonl(folder / "chunk.jsonl", docs)
        start = time.perf_counter()
        report = import_files(db, [source], pipeline=None)
        elapsed = time.perf_counter() - start
        assert report.imported == count, report.summary()
        if offset == 0:
            _row(
                f"import {first:,} articles without NLP",
                f"{first / elapsed:,.0f} docs/s",
                ">= 2,000 docs/s",
            )
    db.conn.close()
    return project


def _chunk(offset: int, count: int) -> list[tuple[str, str]]:
    """Documents offset+1 .. offset+count, distinct from every other chunk."""
    docs = articles(count, seed=7 + offset)
    return [
        (
            f"Synthetic report {offset + i + 1}",
            f"Report {offset + i + 1}." + text[text.index(".") + 1 :],
        )
        for i, (_, text) in enumerate(docs)
    ]


def bench_big_window(project: Path) -> None:
    started = time.time()
    found = _child("big", str(project), repr(started))
    rows = found["rows"]
    _row(
        f"open a project of {rows:,} documents: window shown, list filled",
        f"{found['startup_s']:.2f} s",
        "< 1 s",
    )
    fetch = found["page_fetch"]
    _row(
        "scroll the list: longest wait on the database (page fetch)",
        f"{fetch['max_ms']:.1f} ms" if fetch else "none",
        "<= 16 ms",
    )
    paint = found["scroll_paint"]
    _row(
        f"scroll the list: repaint after a jump, median / p99 / max of {paint['n']}",
        f"{paint['median_ms']:.1f} / {paint['p99_ms']:.1f} / {paint['max_ms']:.1f} ms",
        "(16 ms)",
    )
    for words, search in found["searches"].items():
        _row(
            f"filter by '{words}' ({search['matches']:,} match)",
            f"{search['ms']:.0f} ms",
            "< 200 ms",
        )
    _row("memory, list open (before the model)", f"{found['rss_list_mb']:.0f} MB", "< 400 MB")
    _row(
        "memory, model loaded and analysing in the background"
        + ("" if found["model_started"] else " (model had not started)"),
        f"{found['rss_model_mb']:.0f} MB (peak {found['peak_rss_mb']:.0f})",
        "< 400 MB",
    )
    _row(
        "  and the model's own process beside it",
        f"{found['child_rss_mb']:.0f} MB",
        "(report)",
    )


def bench_long(folder: Path, words: int, spans: int) -> None:
    """A book-length article with many spans, measured in the window."""
    project = folder / "long.annotator"
    labels = ("PERSON", "ORG", "GPE", "DATE", "CARDINAL", "QUOTE", "CASUALTY", "SOURCE")
    long_project(project, words, spans, labels)
    found = _child("long", str(project))
    _row(
        f"open a {found['words']:,}-word article with {found['spans']:,} spans, painted",
        f"{found['open_ms']:.0f} ms (first {found['open_first_ms']:.0f})",
        "< 500 ms",
    )
    label = found["label"]
    _row(
        f"select and label a span in it, median / max of {label['n']}",
        f"{label['median_ms']:.1f} / {label['max_ms']:.1f} ms",
        "< 30 ms",
    )
    assert found["labelled"] == found["asked"], found


def bench_nlp_import(folder: Path, count: int) -> None:
    """Import with pre-annotation against bare nlp.pipe: same texts, same pipeline, same run."""
    from annotator.jobs.preannotate import NLP_BATCH
    from annotator.nlp.loading import load_pipeline

    pipeline = load_pipeline()
    docs = articles(count, seed=23)
    texts = [text for _, text in docs]
    source = write_jsonl(folder / "nlp.jsonl", docs)
    list(pipeline.nlp.pipe(texts[:20]))  # warm up: the first batch allocates
    rates = {}
    for workers in (1, 2):
        start = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=NLP_BATCH, n_process=workers):
            pass
        bare = count / (time.perf_counter() - start)
        db = _new_project(folder / f"nlp{workers}.annotator")
        start = time.perf_counter()
        report = import_files(db, [source], pipeline=pipeline, n_process=workers)
        ours = count / (time.perf_counter() - start)
        assert report.analysed == count, report.summary()
        db.conn.close()
        rates[workers] = ours
        _row(
            f"bare nlp.pipe, {count:,} articles, {workers} process(es)",
            f"{bare:.1f} docs/s",
            "(reference)",
        )
        _row(
            f"import with pre-annotation, --workers {workers}",
            f"{ours:.1f} docs/s = {ours / bare * 100:.0f} %",
            ">= 85 % of bare" if workers == 1 else "(report)",
        )
    _row("speed-up of --workers 2 over 1", f"x {rates[2] / rates[1]:.2f}", "(report)")


def bench_during_import(folder: Path, count: int) -> None:
    project = folder / "responsive.annotator"
    db = _new_project(project)
    import_files(db, [write_jsonl(folder / "first.jsonl", articles(8, seed=5))], pipeline=None)
    db.conn.close()
    source = write_jsonl(folder / "incoming.jsonl", articles(count, seed=31))
    found = _child("during-import", str(project), str(source))
    gap = found["gap"]
    _row(
        f"event loop during an import of {count} with pre-annotation: longest stall",
        f"{gap['max_ms']:.0f} ms",
        "<= 50 ms",
    )
    _row(
        f"  ticks of a 5 ms timer: median / p99, over 50 ms ({found['seconds']:.0f} s)",
        f"{gap['median_ms']:.1f} / {gap['p99_ms']:.1f} ms, {found['over_50ms']}",
        "(report)",
    )


def bench_startup(folder: Path) -> None:
    """A usable window on the default project, the model loading in the background."""
    from annotator.jobs.first_run import open_default_project

    project = folder / "default.annotator"
    open_default_project(project)[1].conn.close()
    started = time.time()
    found = _child("startup", str(project), repr(started))
    _row("startup to a usable window (8 sample articles)", f"{found['startup_s']:.2f} s", "< 1.5 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument(
        "--only", help=f"comma-separated parts to run (default all): {','.join(PARTS)}"
    )
    args = parser.parse_args(argv)
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}{' (quick)' if args.quick else ''}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="annotator-scale-") as tmp:
        folder = Path(tmp)
        quick = args.quick
        if "startup" in parts:
            bench_startup(folder)
        if parts & {"import", "list"}:
            big = bench_plain_import(folder, 2_000 if quick else 100_000)
            if "list" in parts:
                bench_big_window(big)
        if "long" in parts:
            bench_long(folder, 3_000 if quick else 75_000, 300 if quick else 8_000)
        if "nlp" in parts:
            bench_nlp_import(folder, 16 if quick else 1_000)
        if "responsive" in parts:
            bench_during_import(folder, 10 if quick else 200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
