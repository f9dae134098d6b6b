"""Review mode in the window: gold on top, annotators below, one key per decision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.jobs.exporting import ExportRequest, export
from annotator.nlp.loading import Pipeline
from annotator.review.gold import gold_annotator
from annotator.review.merge import merge_projects
from annotator.store.annotations import spans_of
from annotator.store.db import connect
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.other_windows import switch_mode
from tests.conftest import project_from_record

TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar on Sunday."


def _span(words: str, label: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


LAYERS = {
    # Everyone marked the casualty figure; the person is marked two ways; one extra GPE.
    "alice": [_span("at least 145 militants", "CASUALTY"), _span("Ahmed Zubaïr", "PERSON")],
    "bob": [_span("at least 145 militants", "CASUALTY"), _span("Gen. Ahmed Zubaïr", "PERSON")],
    "carol": [
        _span("at least 145 militants", "CASUALTY"),
        _span("Ahmed Zubaïr", "PERSON"),
        _span("Kandar", "GPE"),
    ],
}


@pytest.fixture
def review_project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    projects = []
    for who, spans in LAYERS.items():
        record = {"text": TEXT, "spans": spans, "_annotator_id": who, "answer": "accept"}
        projects.append(project_from_record(tmp_path / f"{who}.annotator", schema, blank, record))
    review = tmp_path / "review.annotator"
    merge_projects(connect(review), projects)
    return review


def _gold(window: MainWindow) -> list[tuple[str, str]]:
    assert window.editor is not None
    gold = gold_annotator(window.db)
    return sorted(
        (s.label, TEXT[s.start : s.end]) for s in spans_of(window.db, window.editor.doc_id, gold)
    )


def test_review_mode_merges_agreement_and_shows_every_annotator(
    qtbot: QtBot, review_project: Path
) -> None:
    window = MainWindow(review_project, "reviewer", review=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Unanimous: only the casualty figure went into gold when the document opened.
    assert _gold(window) == [("CASUALTY", "at least 145 militants")]
    assert [p.header.text() for p in window.review_panes.panes] == [
        "alice: 2 spans",
        "bob: 2 spans",
        "carol: 3 spans",
    ]
    states = {u.description: u.state.value for u in window.units_panel.units}
    assert "accepted" in states.values()
    assert "disagree" in states.values()
    assert "partial" in states.values()
    window.close()


def test_accept_reject_undo_and_adjudicate_with_keys(
    qtbot: QtBot, review_project: Path, tmp_path: Path
) -> None:
    window = MainWindow(review_project, "reviewer", review=True)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D)  # next disagreement: the two PERSON versions
    unit = window.units_panel.current()
    assert unit is not None
    assert unit.state.value == "disagree"
    assert unit.description  # says what the unit is
    person_versions = {window.review.names[a] for a in unit.versions} if window.review else set()
    assert person_versions in ({"alice", "carol"}, {"bob"})
    first = "alice" if "alice" in person_versions else "bob"
    position = (
        window.review.compared.index(next(a for a, n in window.review.names.items() if n == first))
        + 1
        if window.review
        else 0
    )
    key = getattr(Qt.Key, f"Key_{position}")
    qtbot.keyClick(window.view, key, Qt.KeyboardModifier.AltModifier)
    assert ("PERSON", "Ahmed Zubaïr" if first == "alice" else "Gen. Ahmed Zubaïr") in _gold(window)
    window.commands.undo.trigger()
    assert [label for label, _ in _gold(window)] == ["CASUALTY"]
    # Reject the lone GPE: it is marked rejected and stays out of gold.
    gpe_row = next(i for i, u in enumerate(window.units_panel.units) if "GPE" in u.description)
    window.units_panel.select(gpe_row)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R)
    assert window.units_panel.units[gpe_row].state.value == "rejected"
    # Adjudicated with undecided units left: the gold layer exports like any other.
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    out = tmp_path / "gold.jsonl"
    export(window.db, ExportRequest("jsonl", out, gold=True))
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["label"] for s in record["spans"]] == ["CASUALTY"]
    assert record["_annotator_id"] == "gold"
    # Every annotator's original is still in the review project.
    people = window.db.execute("SELECT count(*) FROM annotators WHERE kind = 'human'")
    assert people.fetchone()[0] == 3
    window.close()


def test_threshold_and_switch_for_the_automatic_merge(
    qtbot: QtBot, review_project: Path, tmp_path: Path
) -> None:
    import sqlite3

    from PySide6.QtCore import QSettings

    from annotator.ui.review.controller import AUTO_MERGE_KEY, MIN_VOTES_KEY

    copy = tmp_path / "copy.annotator"
    with sqlite3.connect(review_project) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the WAL holds the merge: copy through SQLite, not the file
    settings = QSettings()
    settings.setValue(MIN_VOTES_KEY, 2)  # what at least two of the three chose
    try:
        window = MainWindow(review_project, "reviewer", review=True)
        qtbot.addWidget(window)
        assert ("PERSON", "Ahmed Zubaïr") in _gold(window)  # alice and carol
        assert ("GPE", "Kandar") not in _gold(window)  # carol alone
        window.close()
        settings.setValue(AUTO_MERGE_KEY, False)
        other = MainWindow(copy, "reviewer", review=True)
        qtbot.addWidget(other)
        assert _gold(other) == []
        other.close()
    finally:
        settings.remove(MIN_VOTES_KEY)
        settings.remove(AUTO_MERGE_KEY)


def test_agreement_window_and_switching_modes(qtbot: QtBot, review_project: Path) -> None:
    window = MainWindow(review_project, "reviewer", review=True)
    qtbot.addWidget(window)
    window.show()
    assert window.doc_model.data(window.doc_model.index(0, 1)) == "in progress"
    with qtbot.waitSignal(window.queue.idle, timeout=30_000):
        window.jobs.show_agreement()
    agreement = window.jobs.agreement_window
    assert agreement is not None
    labels = [label for label, _ in agreement.chart.rows]
    assert labels == ["CASUALTY", "GPE", "PERSON", "micro"]
    (casualty_bars,) = [bars for label, bars in agreement.chart.rows if label == "CASUALTY"]
    assert [value for _, value in casualty_bars] == [1.0, 1.0, 1.0]  # all three agree
    assert agreement.documents.rowCount() == 1
    annotating = switch_mode(window)
    qtbot.addWidget(annotating)
    assert annotating.review is None
    assert not annotating.windowTitle().endswith("— review")


def test_a_refused_decision_is_told_and_not_recorded(qtbot: QtBot, review_project: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = MainWindow(review_project, "reviewer", review=True)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.controller.retry.patience_ms = 0  # refused at once, not tried again
    gpe_row = next(i for i, u in enumerate(window.units_panel.units) if "GPE" in u.description)
    window.units_panel.select(gpe_row)
    window.view.setFocus()
    assert window.controller.session is not None
    stack = window.controller.session.history
    steps = stack.done + stack.undone
    other = connect(review_project)
    other.conn.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_R)  # reject the lone GPE: refused
        assert window.units_panel.units[gpe_row].state.value != "rejected"
        assert (stack.done + stack.undone) == steps
        assert "Not saved" in window.status.currentMessage()
        box = window.findChild(QMessageBox, "notSavedBox")
        assert box is not None
        box.close()
    finally:
        other.conn.rollback()
        other.conn.close()
    window.units_panel.select(gpe_row)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R)  # the same key again: saved now
    assert window.units_panel.units[gpe_row].state.value == "rejected"
    assert (stack.done + stack.undone) == steps + 1
    window.close()
