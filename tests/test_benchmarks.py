"""The benchmarks still run (their small versions); the figures themselves are not asserted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks import bench_export, bench_foundation, eval_suggesters


def test_foundation_benchmark_smoke(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_foundation.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in ("open 1,", "create a span", "bare nlp.pipe", "import cost over bare"):
        assert line in out


def test_export_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_export.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "export 500 documents to jsonl" in out
    assert "peak memory, 100 vs 500 documents (conll)" in out


def test_suggester_evaluation_runs_on_the_gold(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_suggesters.main([]) == 0
    out = capsys.readouterr().out
    for label in ("QUOTE type=direct", "CASUALTY", "ATTRIBUTED_TO"):
        assert label in out


def test_review_benchmark_smoke(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_review

    assert bench_review.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "merge + agreement" in out
    assert "open a document in review mode" in out


def test_scale_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_scale

    assert bench_scale.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in (
        "startup to a usable window",
        "import 2,000 articles without NLP",
        "open a project of 2,000 documents",
        "longest wait on the database",
        "filter by 'ceasefire'",
        "memory, model loaded",
        "select and label a span",
        "import with pre-annotation, --workers 2",
        "event loop during an import",
    ):
        assert line in out


def test_session_benchmark_smoke(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_session

    assert bench_session.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in (
        "key press under another's write lock",
        "longest event-loop stall",
        "open a window",
    ):
        assert line in out


def test_foreign_import_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_import_foreign

    assert bench_import_foreign.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in ("brat articles, 60 spans each", "reference: the same", "saved web pages"):
        assert line in out


@pytest.mark.slow
def test_training_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_train

    assert bench_train.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in ("learning curve:", "training:", "suggest one article", "while it trains"):
        assert line in out


def test_team_benchmark_smoke(hub_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_team

    assert bench_team.main(["--quick", "--url", hub_url]) == 0
    out = capsys.readouterr().out
    for line in ("full sync of 100", "syncing at once", "merge from the hub", "longest stall"):
        assert line in out


def test_ledger_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_ledger

    assert bench_ledger.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "ledger of 500 annotated articles" in out
    assert "the window shows one event" in out
