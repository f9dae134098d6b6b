"""Issue 2's figures: opening a long article, creating a span, importing with the model.

Run: `python -m benchmarks.bench_foundation` (add `--quick` for the small smoke run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.jobs.importing import import_files
from annotator.jobs.preannotate import NLP_BATCH
from annotator.nlp.loading import load_pipeline
from annotator.store.db import open_project
from annotator.ui.app import application
from annotator.ui.window.main_window import MainWindow
from benchmarks.corpus import articles, long_project, write_jsonl


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<58} {figure:>16}   target: {target}")


def bench_open_and_label(folder: Path, words: int, spans: int, creations: int) -> None:
    """Open a long article with many spans in the real window; then label spans by key."""
    project = folder / "long.annotator"
    doc_id = long_project(project, words, spans, ("PERSON", "ORG", "GPE", "DATE", "CARDINAL"))

    application()
    window = MainWindow(project, "bench")
    window.resize(1300, 850)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    opened = []
    for _ in range(3):
        start = time.perf_counter()
        window.controller.forget_document(doc_id)
        window.open_document(doc_id)
        window.view.viewport().repaint()
        opened.append(time.perf_counter() - start)
    editor = window.editor
    assert editor is not None
    _row(
        f"open {len(editor.document.text.split()):,}-word article with {spans:,} spans, painted",
        f"{min(opened) * 1000:.0f} ms",
        "< 150 ms",
    )

    # Tokens between the labelled ones, spread over the text: each key press makes a span.
    taken = {(s.start, s.end) for s in editor.spans.values()}
    free = [t for t in editor.tokens.tokens if (t.start, t.end) not in taken]
    targets = free[:: max(1, len(free) // creations)][:creations]
    timings = []
    for token in targets:
        window.view.select_range(token.start, token.end)
        start = time.perf_counter()
        QTest.keyClick(window.view, Qt.Key.Key_A)  # CLAIM: committed before keyClick returns
        timings.append(time.perf_counter() - start)
    made = sum(1 for s in editor.spans.values() if s.label == "CLAIM")
    assert made == len(targets), (made, len(targets))
    _row(
        f"create a span (key press to committed row), median of {len(timings)}",
        f"{statistics.median(timings) * 1000:.1f} ms",
        "< 10 ms",
    )
    window.close()


def bench_import(folder: Path, count: int) -> None:
    """Import with pre-annotation against bare nlp.pipe on the same texts, same pipeline."""
    pipeline = load_pipeline()
    docs = articles(count)
    texts = [text for _, text in docs]
    source = write_jsonl(folder / "articles.jsonl", docs)
    bare_runs, import_runs = [], []
    for attempt in range(2):
        start = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=NLP_BATCH):
            pass
        bare_runs.append(time.perf_counter() - start)
        db = open_project(
            folder / f"import{attempt}.annotator",
            new_schema=load_schema(paths.default_schema_path()),
        )
        start = time.perf_counter()
        report = import_files(db, [source], pipeline=pipeline)
        import_runs.append(time.perf_counter() - start)
        assert report.imported == count, report.summary()
        db.conn.close()
    bare, imported = min(bare_runs), min(import_runs)
    words = sum(len(t.split()) for t in texts)
    _row(
        f"bare nlp.pipe, {count} articles ({words:,} words), {pipeline.name}",
        f"{count / bare:.1f} docs/s",
        "(reference)",
    )
    _row(
        f"import with pre-annotation, {count} articles",
        f"{count / imported:.1f} docs/s",
        "cost <= 25% over bare",
    )
    _row("import cost over bare nlp.pipe", f"{(imported / bare - 1) * 100:+.1f} %", "<= +25 %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}{' (quick)' if args.quick else ''}"
    )
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        if args.quick:
            bench_open_and_label(folder, words=1_000, spans=150, creations=10)
            bench_import(folder, count=8)
        else:
            bench_open_and_label(folder, words=10_000, spans=1_500, creations=200)
            bench_import(folder, count=200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
