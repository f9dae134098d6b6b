"""The Document tab's report rows: outlet and date as the ledger reads them, edited and
undone; the event proposed for a report that has none, put in the field with Use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Span
from annotator.store.annotations import add_span
from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project, transaction
from annotator.store.document_meta import document_meta
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.relations import get_fields
from annotator.ui.window.main_window import MainWindow
from tests.ledger.orvan import EVENT
from tests.ui.windows import close_window, show

FRESH = "Fresh clashes in the Orvan valley killed 7 people on Tuesday."


def _type(qtbot: QtBot, box: object, text: str) -> None:
    """Replace a line edit's text as a person does, then Enter."""
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(box, QLineEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_outlet_and_date_are_edited_and_undone(
    analyst_window: MainWindow, qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    window, ids = analyst_window, orvan[1]
    panel = window.document_panel
    window.open_document(ids[2])  # a saved web page: its site name is its outlet
    window.tabs.setCurrentWidget(panel)
    report = panel.report
    assert report.outlet.text() == ""
    assert report.outlet.placeholderText() == "Valdoria Times"
    assert "outlet <b>Valdoria Times</b> (the page's site name)" in report.reads.text()
    assert "dated <b>16 March 2026</b>" in report.reads.text()
    _type(qtbot, report.outlet, "The Valdoria Times")
    assert document_meta(window.db, ids[2])["outlet"] == "The Valdoria Times"
    assert document_meta(window.db, ids[2])["site_name"] == "Valdoria Times"  # kept
    assert "outlet <b>The Valdoria Times</b>, dated" in report.reads.text()
    window.commands.undo.trigger()
    assert "outlet" not in document_meta(window.db, ids[2])
    assert report.outlet.text() == ""

    window.open_document(ids[3])  # undated
    assert "no date: the report is listed last" in report.reads.text()
    _type(qtbot, report.date, "17 March")
    assert document_meta(window.db, ids[3])["date"] == "17 March"
    assert "a date it cannot read" in report.reads.text()
    _type(qtbot, report.date, "2026-03-17")
    assert "dated <b>17 March 2026</b>" in report.reads.text()
    assert window.commands.undo.text() == "&Undo Set the report's date"
    window.commands.undo.trigger()
    window.commands.undo.trigger()
    assert "date" not in document_meta(window.db, ids[3])
    assert report.date.text() == ""
    window.commands.redo.trigger()
    assert report.date.text() == "17 March"


def test_a_date_typed_and_left_unsaved_is_saved_into_its_own_document(
    analyst_window: MainWindow, qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    window, ids = analyst_window, orvan[1]
    window.open_document(ids[3])
    window.tabs.setCurrentWidget(window.document_panel)
    date = window.document_panel.report.date
    date.setFocus()
    qtbot.keyClicks(date, "2026-03-17")  # no Enter: the next document is opened
    window.open_document(ids[0])
    assert document_meta(window.db, ids[3])["date"] == "2026-03-17"
    assert document_meta(window.db, ids[0])["date"] == "2026-03-14"
    assert date.text() == "2026-03-14"


def _fresh_report(path: Path, ids: list[int]) -> int:
    """A fifth report, of the Orvan valley the day after the third, with no event; the
    first report names the valley too (as the model's entities would)."""
    db = open_project(path)
    try:
        who = ensure_annotator(db, "analyst")
        first = db.execute("SELECT text FROM documents WHERE id = ?", [ids[0]]).fetchone()[0]
        with transaction(db):
            (new,) = insert_documents(
                db, [NewDocument("New report", FRESH, {"date": "2026-03-17"})]
            )
            assert new is not None
            for doc_id, text in ((ids[0], first), (new, FRESH)):
                at = text.index("Orvan valley")
                add_span(db, doc_id, who, Span(at, at + len("Orvan valley"), "GPE", "ner"))
            at = FRESH.index("7 people")
            casualty = Span(at, at + 8, "CASUALTY", "casualty", attrs={"outcome": "killed"})
            add_span(db, new, who, casualty)
    finally:
        db.conn.close()
    return new


def test_the_proposed_event_is_put_in_the_field_with_use(
    qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    new = _fresh_report(*orvan)
    window = show(qtbot, MainWindow(orvan[0], "analyst"), (1200, 800))
    try:
        panel = window.document_panel
        window.tabs.setCurrentWidget(panel)
        window.open_document(new)
        row = panel.proposal
        qtbot.waitUntil(row.isVisible, timeout=20_000)
        assert row.text.text() == (
            f"Proposed: {EVENT} — names orvan valley, 1 day apart, both report people killed"
        )
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
        assert get_fields(window.db, new, window.annotator_id)["event"] == EVENT
        assert panel.editors["event"].toPlainText() == EVENT  # type: ignore[attr-defined]
        assert not row.isVisible()
        window.commands.undo.trigger()
        assert "event" not in get_fields(window.db, new, window.annotator_id)
        assert row.isVisible()  # empty again: the proposal is offered again
        window.open_document(orvan[1][0])  # has its event: nothing proposed
        assert not row.isVisible()
    finally:
        close_window(window)
