"""Issue 5's figures: merging three annotators' projects of 5,000 articles and computing
agreement; opening a document in review mode with three annotators' 300 spans each.

Run: `python -m benchmarks.bench_review` (`--quick` for the smoke run).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest

from annotator import paths
from annotator.core.model import Origin, Span, Status
from annotator.core.schema_toml import load_schema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline
from annotator.review.agreement_report import agreement_report
from annotator.review.gold import gold_annotator
from annotator.review.merge import merge_projects
from annotator.store.annotations import add_spans, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import connect, open_project
from annotator.store.documents import get_analysis
from annotator.store.listing import doc_ids
from annotator.ui.app import application
from annotator.ui.window.main_window import MainWindow
from benchmarks.corpus import articles, long_article, write_jsonl

LABELS = (("PERSON", "ner"), ("ORG", "ner"), ("QUOTE", "attribution"), ("CASUALTY", "casualty"))


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<58} {figure:>16}   target: {target}")


def _annotate(path: Path, who: str, seed: int, per_doc: int | None = None) -> None:
    """``who`` marks spans at token positions; each annotator skips a different tenth."""
    rng = random.Random(seed)
    db = open_project(path)
    me = ensure_annotator(db, who)
    with db.conn:
        for doc_id in doc_ids(db):
            analysis = get_analysis(db, doc_id)
            assert analysis is not None
            tokens = analysis.tokens
            step = max(1, len(tokens) // per_doc) if per_doc else 25
            spans = []
            for n, i in enumerate(range(3, len(tokens) - 3, step)):
                if rng.random() < 0.1:
                    continue
                label, layer = LABELS[n % len(LABELS)]
                spans.append(Span(tokens[i].start, tokens[i + 1].end, label, layer, Origin.HUMAN))
            add_spans(db, doc_id, me, spans)
            set_status(db, doc_id, me, Status.DONE)
    db.conn.close()


def _base(folder: Path, docs: list[tuple[str, str]]) -> Path:
    base = folder / "base.annotator"
    db = open_project(base, new_schema=load_schema(paths.default_schema_path()))
    import_files(
        db, [write_jsonl(folder / "docs.jsonl", docs)], pipeline=Pipeline(blank_pipeline(), BLANK)
    )
    db.conn.close()
    return base


def bench_merge(folder: Path, count: int) -> None:
    base = _base(folder, articles(count))
    projects = []
    for seed, who in enumerate(("alice", "bob", "carol")):
        path = folder / f"{who}.annotator"
        shutil.copy(base, path)
        # A copy shares the base's identity; each annotator's project has its own.
        db = connect(path)
        with db.conn:
            db.execute("UPDATE meta SET value = ? WHERE key = 'project_uid'", [f"p-{who}"])
        db.conn.close()
        _annotate(path, who, seed)
        projects.append(path)
    start = time.perf_counter()
    review = connect(folder / "review.annotator")
    report = merge_projects(review, projects)
    merged = time.perf_counter() - start
    agreement = agreement_report(review)
    total = time.perf_counter() - start
    assert report.layers == 3 * count
    _row(f"merge 3 projects of {count:,} articles", f"{merged:.1f} s", "-")
    _row(f"merge + agreement ({len(agreement['pairs'])} pairs)", f"{total:.1f} s", "< 20 s")


def bench_open(folder: Path, spans: int) -> None:
    docs = [("Long", long_article(max(600, spans * 8)))]
    (folder / "open").mkdir()
    base = _base(folder / "open", docs)
    projects = []
    for seed, who in enumerate(("alice", "bob", "carol")):
        path = folder / "open" / f"{who}.annotator"
        shutil.copy(base, path)
        db = connect(path)
        with db.conn:
            db.execute("UPDATE meta SET value = ? WHERE key = 'project_uid'", [f"p-{who}"])
        db.conn.close()
        _annotate(path, who, seed, per_doc=spans)
        projects.append(path)
    review_path = folder / "open" / "review.annotator"
    merge_projects(connect(review_path), projects)
    application()
    window = MainWindow(review_path, "reviewer", review=True)  # opens the document once
    window.resize(1300, 850)
    window.show()
    QTest.qWaitForWindowExposed(window)
    assert window.editor is not None
    doc_id = window.editor.doc_id
    counts = [len(p.view.document().toPlainText()) > 0 for p in window.review_panes.panes]
    assert counts == [True, True, True]
    timings = []
    for _ in range(3):
        window.controller.forget_document(doc_id)
        start = time.perf_counter()
        window.open_document(doc_id)
        window.view.viewport().repaint()
        for pane in window.review_panes.panes:
            pane.view.viewport().repaint()
        timings.append(time.perf_counter() - start)
    # The first opening also merges the agreement into gold: undo that and time it too.
    gold = gold_annotator(window.db)
    firsts = []
    for _ in range(3):
        with window.db.conn:
            window.db.execute("DELETE FROM spans WHERE annotator_id = ?", [gold])
            window.db.execute(
                "UPDATE doc_states SET status = 'todo' WHERE annotator_id = ?", [gold]
            )
        window.controller.forget_document(doc_id)
        start = time.perf_counter()
        window.open_document(doc_id)
        window.view.viewport().repaint()
        firsts.append(time.perf_counter() - start)
    per_annotator = [
        int(r[0])
        for r in window.db.execute(
            "SELECT count(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.kind = 'human' GROUP BY a.id"
        )
    ]
    _row(
        f"open a document in review mode, 3 x ~{min(per_annotator)} spans",
        f"{min(timings) * 1000:.0f} ms",
        "< 200 ms",
    )
    _row(
        "  first opening: merging the agreement into gold too",
        f"{min(firsts) * 1000:.0f} ms",
        "< 200 ms",
    )
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        bench_merge(folder, 100 if args.quick else 5_000)
        bench_open(folder, 50 if args.quick else 300)
    return 0


if __name__ == "__main__":
    sys.exit(main())
