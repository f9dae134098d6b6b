"""Issue 4's figures: exporting 10,000 articles of about 600 words to JSONL and CoNLL.

Run: `python -m benchmarks.bench_export` (`--quick` for the smoke run). Prints documents
per second and the peak memory of exporting a fifth of the corpus and all of it: a
streaming export keeps the second no larger than the first. Then the size of the JSONL
export with its tokens and without them (`--no-tokens`, issue 12).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from annotator import paths
from annotator.core.model import Origin, Span, Status
from annotator.core.schema_toml import load_schema
from annotator.jobs.exporting import ExportRequest, export
from annotator.jobs.importing import import_files
from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline
from annotator.store.annotations import add_spans, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project
from annotator.store.documents import get_analysis
from annotator.store.listing import doc_ids
from benchmarks.corpus import articles, write_jsonl

LABELS = ("PERSON", "ORG", "GPE", "QUOTE", "CASUALTY")


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<58} {figure:>16}   target: {target}")


def build(folder: Path, count: int) -> Path:
    """A project of ``count`` synthetic articles, each with about 30 spans, all done."""
    project = folder / "big.annotator"
    db = open_project(project, new_schema=load_schema(paths.default_schema_path()))
    source = write_jsonl(folder / "big.jsonl", articles(count, paragraphs=10))
    import_files(db, [source], pipeline=Pipeline(blank_pipeline(), BLANK))
    me = ensure_annotator(db, "bench")
    schema_layers = {
        "PERSON": "ner",
        "ORG": "ner",
        "GPE": "ner",
        "QUOTE": "attribution",
        "CASUALTY": "casualty",
    }
    with db.conn:
        for doc_id in doc_ids(db):
            analysis = get_analysis(db, doc_id)
            assert analysis is not None
            tokens = analysis.tokens
            spans = [
                Span(
                    tokens[i].start,
                    tokens[min(i + 2, len(tokens) - 1)].end,
                    label,
                    schema_layers[label],
                    Origin.HUMAN,
                )
                for n, i in enumerate(range(5, len(tokens) - 3, 20))
                for label in (LABELS[n % len(LABELS)],)
            ]
            add_spans(db, doc_id, me, spans)
            set_status(db, doc_id, me, Status.DONE)
    db.conn.close()
    return project


def measure(
    project: Path,
    fmt: str,
    out: Path,
    limit: int | None = None,
    *,
    memory: bool = False,
    tokens: bool = True,
) -> tuple[float, int, int]:
    """(seconds, documents, peak traced bytes) for one export.

    Tracing allocations slows Python several times over, so speed and memory are
    measured in separate runs (``memory``).
    """
    db = open_project(project)
    if limit is not None:  # a smaller corpus: mark the rest not done for this run
        with db.conn:
            db.execute("UPDATE doc_states SET status = 'in progress' WHERE doc_id > ?", [limit])
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    result = export(db, ExportRequest(fmt, out, tokens=tokens))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    if memory:
        tracemalloc.stop()
    if limit is not None:
        with db.conn:
            db.execute("UPDATE doc_states SET status = 'done'")
    db.conn.close()
    return seconds, result.documents[""], peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="500 documents: a smoke test")
    args = parser.parse_args(argv)
    count = 500 if args.quick else 10_000
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        project = build(folder, count)
        print(f"(built a project of {count:,} articles in {time.perf_counter() - start:.0f} s)")
        for fmt in ("jsonl", "conll"):
            seconds, docs, _ = measure(project, fmt, folder / f"all.{fmt}")
            size = (folder / f"all.{fmt}").stat().st_size
            _row(
                f"export {docs:,} documents to {fmt} ({size / 1e6:.0f} MB)",
                f"{docs / seconds:,.0f} docs/s",
                ">= 1,000 docs/s" if fmt == "jsonl" else "-",
            )
            small = measure(project, fmt, folder / f"fifth.{fmt}", limit=count // 5, memory=True)
            whole = measure(project, fmt, folder / f"all.{fmt}", memory=True)
            _row(
                f"peak memory, {small[1]:,} vs {docs:,} documents ({fmt})",
                f"{small[2] / 1e6:.1f} / {whole[2] / 1e6:.1f} MB",
                "flat",
            )
        bare = folder / "bare.jsonl"
        seconds, docs, _ = measure(project, "jsonl", bare, tokens=False)
        _row(
            f"export {docs:,} documents to jsonl --no-tokens",
            f"{docs / seconds:,.0f} docs/s",
            "-",
        )
        with_tokens = (folder / "all.jsonl").stat().st_size
        _row(
            "jsonl size with tokens / with --no-tokens",
            f"{with_tokens / 1e6:.0f} / {bare.stat().st_size / 1e6:.0f} MB",
            "smaller without",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
