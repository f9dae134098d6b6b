"""A change the project refuses (another program holds the lock) is shown as not saved.

Another connection holds the write lock (``BEGIN IMMEDIATE``), as an import, the model or
a second window would. The window's connection is given a short busy timeout so that the
tests do not wait the five seconds a user's window waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.nlp.loading import Pipeline
from annotator.session.history import History
from annotator.store.annotations import get_status
from annotator.store.db import connect, open_project, transaction
from annotator.store.listing import doc_ids
from annotator.store.suggestions import store_proposal
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.window.test_main_window import _painted, _rows, _select

Make = Callable[..., MainWindow]


TEXT = (
    "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed.\n\n"
    "Negotiators met again on Tuesday."
)


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    """One tokenized article with three suggestions (a quote linked to its source)."""
    path = project_from_record(
        tmp_path / "busy.annotator", schema, blank, {"text": TEXT, "meta": {"title": "t"}}
    )
    proposal = Proposal()
    quote = proposal.add(Span(*_at("“We will not retreat,”"), "QUOTE", "attribution", Origin.MODEL))
    source = proposal.add(Span(*_at("Gen. Ahmed Zubaïr"), "SOURCE", "attribution", Origin.MODEL))
    proposal.link(quote, source, "ATTRIBUTED_TO")
    proposal.add(Span(*_at("At least 145 militants"), "CASUALTY", "casualty", Origin.MODEL))
    db = open_project(path)
    with transaction(db):
        store_proposal(db, doc_ids(db)[0], proposal)
    db.conn.close()
    return path


@pytest.fixture
def window(open_window: Make, project: Path) -> MainWindow:
    made = open_window(project)
    # Each try waits 50 ms for the lock (not 250), again every 50 ms, for 0.2 s (not 4).
    made.db.execute("PRAGMA busy_timeout = 50")
    made.controller.retry.interval_ms = 50
    made.controller.retry.patience_ms = 200
    return made


@pytest.fixture
def holder(project: Path) -> Iterator[Database]:
    """Another connection, holding the project's write lock until ``rollback()``."""
    other = connect(project)
    other.conn.execute("BEGIN IMMEDIATE")
    yield other
    other.conn.rollback()
    other.conn.close()


def _stack(window: MainWindow) -> History:
    """The open document's undo history."""
    session = window.controller.session
    assert session is not None
    return session.history


def _box(window: MainWindow, qtbot: QtBot) -> QMessageBox:
    """The "not saved" box, once the edit has been tried again for the patience given."""
    qtbot.waitUntil(
        lambda: (
            window.controller.failure_box is not None and window.controller.failure_box.isVisible()
        )
    )
    assert window.controller.failure_box is not None
    return window.controller.failure_box


def _told(window: MainWindow, qtbot: QtBot, what: str) -> QMessageBox:
    """The "not saved" box, shown and naming ``what``; the status bar says it too."""
    box = _box(window, qtbot)
    assert box.text() == f"Not saved: {what}."
    assert "Another window or program was writing the project" in box.informativeText()
    assert "then do the same again" in box.informativeText()
    assert window.statusBar().currentMessage().startswith(f"Not saved: {what}: the project is")
    return box


def _look(window: MainWindow, start: int, end: int) -> list[tuple[int, int, int]]:
    """How [start, end) is painted: each highlight's place and colour (with its alpha)."""
    return [
        (r.start, r.length, r.format.background().color().rgba())
        for r in _painted(window, start, end)
    ]


def _dismiss(window: MainWindow, box: QMessageBox, qtbot: QtBot) -> None:
    """Press OK; the window is active again (as a window manager makes it after a box)."""
    box.accept()
    with qtbot.waitActive(window):
        window.activateWindow()


def _stored(holder: Database, label: str, start: int) -> int:
    """How many of alice's spans the project holds with that label and start."""
    return int(
        holder.execute(
            "SELECT count(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.name = 'alice' AND s.label = ? AND s.char_start = ?",
            [label, start],
        ).fetchone()[0]
    )


def test_a_label_key_refused_by_a_lock_says_so_and_the_same_key_saves_later(
    window: MainWindow, holder: Database, qtbot: QtBot
) -> None:
    stack = _stack(window)
    history, listed = (stack.done + stack.undone), window.span_model.rowCount()
    start = _select(window, qtbot, "Negotiators")
    end = start + len("Negotiators")
    look = _look(window, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # CLAIM, while another program writes

    box = _told(window, qtbot, "Add CLAIM “Negotiators”")
    assert (stack.done + stack.undone) == history  # nothing to undo: nothing was done
    assert window.span_model.rowCount() == listed
    assert _look(window, start, end) == look  # not shown as if saved
    assert _stored(holder, "CLAIM", start) == 0
    assert window.view.selected_range() == (start, end)  # kept, to press the key again

    _dismiss(window, box, qtbot)
    holder.conn.rollback()  # the other program has finished
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert ("CLAIM", start, end) in _rows(window)
    assert (stack.done + stack.undone) == history + 1
    assert window.statusBar().currentMessage().startswith("Saved: Add CLAIM")
    assert _look(window, start, end) != look


def test_an_undo_refused_by_a_lock_keeps_the_change_and_can_be_tried_again(
    window: MainWindow, project: Path, qtbot: QtBot
) -> None:
    stack = _stack(window)
    start = _select(window, qtbot, "Negotiators")
    end = start + len("Negotiators")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)  # QUOTE, saved
    assert ("QUOTE", start, end) in _rows(window)
    index, look = stack.done, _look(window, start, end)

    other = connect(project)
    other.conn.execute("BEGIN IMMEDIATE")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = _told(window, qtbot, "Undo Add QUOTE “Negotiators”")
    qtbot.waitUntil(lambda: stack.done == index)  # the history is back in step
    assert not stack.undone > 0
    assert _stored(other, "QUOTE", start) == 1  # the change is still there
    assert _look(window, start, end) == look  # and still shown

    _dismiss(window, box, qtbot)
    other.conn.rollback()
    other.conn.close()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("QUOTE", start, end) not in _rows(window)  # trying again undoes it
    assert stack.done == index - 1


def test_done_refused_by_a_lock_stays_on_the_document_not_done(
    window: MainWindow, holder: Database, qtbot: QtBot
) -> None:
    assert window.editor is not None
    first = window.editor.doc_id
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = _told(window, qtbot, "Mark done")
    assert window.editor.doc_id == first
    assert get_status(holder, first, window.annotator_id) is not Status.DONE
    _dismiss(window, box, qtbot)


def test_a_redo_refused_by_a_lock_leaves_it_undone_and_can_be_tried_again(
    window: MainWindow, project: Path, qtbot: QtBot
) -> None:
    stack = _stack(window)
    start = _select(window, qtbot, "Negotiators")
    end = start + len("Negotiators")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    window.commands.undo.trigger()
    index = stack.done

    other = connect(project)
    other.conn.execute("BEGIN IMMEDIATE")
    window.commands.redo.trigger()
    box = _told(window, qtbot, "Redo Add QUOTE “Negotiators”")
    qtbot.waitUntil(lambda: stack.done == index)
    assert stack.undone > 0  # still there to redo
    assert _stored(other, "QUOTE", start) == 0

    _dismiss(window, box, qtbot)
    other.conn.rollback()
    other.conn.close()
    window.commands.redo.trigger()
    assert ("QUOTE", start, end) in _rows(window)
    assert stack.done == index + 1


def test_accept_all_refused_by_a_lock_records_nothing_and_works_later(
    window: MainWindow, holder: Database, qtbot: QtBot
) -> None:
    assert window.editor is not None
    pending = len(window.editor.suggestions)
    assert pending == 3
    stack = _stack(window)
    history, label = (stack.done + stack.undone), window.suggestion_label.text()
    accept_all = (
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClick(window.view, *accept_all)
    box = _box(window, qtbot)
    assert box.text() == "Not saved: Accept all 3 suggestions."  # one step, all or none
    assert (stack.done + stack.undone) == history  # no empty "Accept all" left in the history
    assert window.suggestion_label.text() == label
    assert len(window.editor.suggestions) == pending

    _dismiss(window, box, qtbot)
    holder.conn.rollback()
    qtbot.keyClick(window.view, *accept_all)
    assert window.suggestion_label.text() == "0 suggestions"
    assert (stack.done + stack.undone) == history + 1


def test_opening_a_document_while_the_project_is_locked_says_so_and_stays_put(
    open_window: Make, tmp_path: Path, schema: LabelSchema, fake_model: Pipeline, qtbot: QtBot
) -> None:
    from annotator.jobs.importing import import_files
    from tests.conftest import SAMPLE_DOCS

    path = tmp_path / "two.annotator"
    db = open_project(path, new_schema=schema)
    import_files(db, SAMPLE_DOCS[:2], pipeline=fake_model)  # entities to copy on first open
    db.conn.close()
    window = open_window(path)
    window.db.execute("PRAGMA busy_timeout = 50")  # give up on the lock after 0.05 s
    first = window.editor
    assert first is not None
    other = connect(path)
    other.conn.execute("BEGIN IMMEDIATE")
    try:
        window.open_row(1)  # its first opening copies the model's entities: refused
        assert window.editor is first
        assert "Not saved: opening the document" in window.status.currentMessage()
        box = window.findChild(QMessageBox, "notSavedBox")
        assert box is not None
        assert box.isVisible()
        box.close()
    finally:
        other.conn.rollback()
        other.conn.close()
    window.open_row(1)
    assert window.editor is not first
    assert window.editor is not None
    assert window.editor.spans


def test_a_lock_held_for_a_moment_delays_the_changes_and_saves_them_in_order(
    window: MainWindow, project: Path, qtbot: QtBot
) -> None:
    """Busy, retrying: the window does not freeze, nothing is lost, no box is shown."""
    window.controller.retry.patience_ms = 4000
    start = _select(window, qtbot, "Negotiators")
    end = start + len("Negotiators")
    other = connect(project)
    other.conn.execute("BEGIN IMMEDIATE")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)  # QUOTE, while another program writes
    assert window.statusBar().currentMessage().startswith("Busy: another window or program")
    assert ("QUOTE", start, end) not in _rows(window)  # not shown as saved: it is not yet
    assert window.view.selected_range() == (start, end)
    window.controller.set_field("note", "checked")  # a later edit waits behind it
    assert window.statusBar().currentMessage().startswith("Busy:")
    other.conn.rollback()  # the other program has finished
    qtbot.waitUntil(lambda: ("QUOTE", start, end) in _rows(window))
    assert _stored(other, "QUOTE", start) == 1
    qtbot.waitUntil(lambda: window.editor is not None and "note" in window.editor.fields)
    assert window.controller.failure_box is None  # nothing to tell: both were saved
    assert window.view.selected_range() is None  # cleared once saved, as at once
    assert _stack(window).undo_text == "Set document note"  # saved in the order made
    other.conn.close()
