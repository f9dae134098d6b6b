"""The Agreement window's chart: pyqtgraph bars, as tall as they need (issue 12, item 7)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import annotator
from annotator.ui.review.agreement_window import BAR_COLOURS, AgreementWindow

PACKAGE = Path(annotator.__file__).parent


def _prf(f1: float | None) -> dict[str, Any]:
    return {"tp": 1, "fp": 0, "fn": 0, "precision": f1, "recall": f1, "f1": f1}


def _report(labels: dict[str, list[float | None]]) -> dict[str, Any]:
    """Three annotators: one F1 per pair for each label; the micro F1 is 0.5 for all."""
    names = [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    pairs = [
        {
            "a": a,
            "b": b,
            "documents": 2,
            "spans": {
                "overlap": {
                    "micro": _prf(0.5),
                    "labels": {label: _prf(f1s[k]) for label, f1s in labels.items()},
                }
            },
        }
        for k, (a, b) in enumerate(names)
    ]
    per_document = [
        {"doc_id": 1, "title": "Kandar", "annotators": 3, "f1_overlap": 0.7},
        {"doc_id": 2, "title": "Orlavik", "annotators": 3, "f1_overlap": None},
    ]
    return {
        "documents": 2,
        "annotators": ["alice", "bob", "carol"],
        "tokens": {"ner": {"alpha": 0.71}},
        "pairs": pairs,
        "per_document": per_document,
    }


def test_the_chart_shows_every_bar_without_scrolling(qtbot: QtBot) -> None:
    report = _report(
        {
            "CASUALTY": [1.0, 0.8, None],
            "GPE": [0.5, 0.25, 0.0],
            "PERSON": [0.9, 0.9, 0.9],
            "QUOTE": [0.6, 0.7, 0.8],
        }
    )
    window = AgreementWindow(report)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    chart = window.chart
    assert [label for label, _ in chart.rows] == ["CASUALTY", "GPE", "PERSON", "QUOTE", "micro"]
    # It used to get three rows' height and a scroll bar: now the whole chart shows,
    # every bar its full height, and the documents table still has room.
    assert window.chart_area.verticalScrollBar().maximum() == 0
    assert window.chart_area.viewport().height() >= chart.content_height()
    assert window.documents.height() > 3 * window.documents.verticalHeader().defaultSectionSize()
    # The bars are pyqtgraph's, one set per pair, as long as the F1 (undefined: none).
    import pyqtgraph as pg

    assert isinstance(chart.plot, pg.PlotWidget)
    widths = [list(bar.opts["width"]) for bar in chart.bars]
    assert widths == [
        [1.0, 0.5, 0.9, 0.6, 0.5],
        [0.8, 0.25, 0.9, 0.7, 0.5],
        [0.0, 0.0, 0.9, 0.8, 0.5],
    ]
    texts = [i.toPlainText() for i in chart.plot.getPlotItem().items if isinstance(i, pg.TextItem)]
    assert texts.count("–") == 1  # bob and carol's CASUALTY F1 is undefined, not 0
    pairs = ("alice / bob", "alice / carol", "bob / carol")
    for pair, colour in zip(pairs, BAR_COLOURS[:3], strict=True):
        assert f'<span style="color:{colour}">■</span> {pair}' in window.legend.text()
    window.close()


def test_a_long_chart_scrolls_inside_the_screen(qtbot: QtBot) -> None:
    labels = {f"LABEL_{k:02}": [0.5, 0.6, 0.7] for k in range(30)}
    window = AgreementWindow(_report(labels))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= screen.height()
    assert window.chart_area.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    assert window.documents.height() > 2 * window.documents.verticalHeader().defaultSectionSize()
    window.close()


def _imports_pyqtgraph(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            if any(alias.name.split(".")[0] == "pyqtgraph" for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pyqtgraph"):
            return True
    return False


def test_pyqtgraph_is_imported_only_in_the_ui_package() -> None:
    users = sorted(p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py") if _imports_pyqtgraph(p))
    # The two charts: agreement per pair, and a trained model's learning curve.
    assert users == [
        Path("ui/charts/learning_curve.py"),
        Path("ui/charts/plot.py"),
        Path("ui/review/agreement_window.py"),
    ]


@pytest.mark.slow
def test_the_main_window_starts_without_importing_pyqtgraph_or_spacy(project_path: Path) -> None:
    """Both load only when needed: pyqtgraph with the Agreement window, spaCy in jobs."""
    script = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from annotator.ui.app import application
from annotator.ui.window.main_window import MainWindow
app = application()
window = MainWindow(Path({str(project_path)!r}), "alice")
window.show()
app.processEvents()
loaded = [name for name in ("pyqtgraph", "spacy") if name in sys.modules]
window.close()
window.queue.wait()
sys.exit(f"loaded at startup: {{loaded}}" if loaded else 0)
"""
    # The settings and data folders are the suite's throwaway ones (tests/conftest.py).
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr[-2000:]
