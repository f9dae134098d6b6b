"""Typed text (the note, a text attribute) is in the project file at every key, and undone
one field edit at a time (issue 12, item 9)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from annotator.ui.panels.document_panel import NoteEdit
from annotator.ui.window.main_window import MainWindow

Make = Callable[..., MainWindow]
TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr on Sunday.\nOfficials said 92 died."
QUOTE = "“We will not retreat,”"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def one_article(project_path: Path, blank: Pipeline, tmp_path: Path) -> Path:
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    db = open_project(project_path)
    import_files(db, [source], pipeline=blank)
    db.conn.close()
    return project_path


def stored(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document fields and the spans' attributes, read by a connection of its own."""
    with closing(sqlite3.connect(path)) as conn:
        fields = {n: json.loads(v) for n, v in conn.execute("SELECT name, value FROM doc_fields")}
        attrs = [json.loads(a) for (a,) in conn.execute("SELECT attrs FROM spans ORDER BY id")]
    return fields, attrs


def _type_note(window: MainWindow, qtbot: QtBot, text: str) -> NoteEdit:
    window.tabs.setCurrentWidget(window.document_panel)
    note = window.document_panel.editors["note"]
    assert isinstance(note, NoteEdit)
    note.setFocus()
    qtbot.keyClicks(note, text)
    return note


def test_the_note_is_saved_at_every_key_and_undone_as_one_step(
    open_window: Make, one_article: Path, qtbot: QtBot
) -> None:
    window = open_window(one_article)
    note = _type_note(window, qtbot, "check the toll ")
    # No pause, no leaving the field: the file already holds it (the space is no change).
    assert stored(one_article)[0] == {"note": "check the toll"}
    assert note.toPlainText() == "check the toll "  # what is typed is left as typed
    qtbot.keyClicks(note, "again")
    assert stored(one_article)[0] == {"note": "check the toll again"}
    window.commands.undo.trigger()  # the whole edit, not its last key
    assert stored(one_article)[0] == {}
    assert note.toPlainText() == ""
    window.commands.redo.trigger()
    assert stored(one_article)[0] == {"note": "check the toll again"}
    # Leaving the field ends the step: a second visit is undone on its own.
    window.view.setFocus()
    note.setFocus()
    note.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(note, "!")
    assert stored(one_article)[0] == {"note": "check the toll again!"}
    window.commands.undo.trigger()
    assert stored(one_article)[0] == {"note": "check the toll again"}


def test_a_text_attribute_is_saved_at_every_key_and_undone_as_one_step(
    open_window: Make, one_article: Path, qtbot: QtBot
) -> None:
    window = open_window(one_article)
    start = TEXT.index(QUOTE)
    window.view.select_range(start, start + len(QUOTE))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    window.tabs.setCurrentWidget(window.span_panel)
    target = window.span_panel.form.inputs["stance_target"]
    assert isinstance(target, QLineEdit)
    qtbot.waitUntil(target.isVisible)  # the form's new row is shown by the event loop
    target.setFocus()
    qtbot.keyClicks(target, "the army")
    # Neither Enter nor leaving the field: the attribute is in the file already.
    assert stored(one_article)[1][0]["stance_target"] == "the army"
    assert target.hasFocus()
    window.commands.undo.trigger()  # one step for the eight keys
    assert "stance_target" not in stored(one_article)[1][0]
    assert target.text() == ""
    window.commands.undo.trigger()  # then the quote itself
    assert stored(one_article)[1] == []


TYPIST = """
import os, sys, tempfile
os.environ["QT_QPA_PLATFORM"] = "offscreen"
home = tempfile.mkdtemp()
os.environ["XDG_CONFIG_HOME"] = home
os.environ["XDG_DATA_HOME"] = home
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.ui.panels.document_panel import NoteEdit
from annotator.ui.window.main_window import MainWindow
app = QApplication([])
window = MainWindow(__import__("pathlib").Path(sys.argv[1]), "alice")
window.show()
start = window.editor.document.text.index(sys.argv[2])
window.view.select_range(start, start + len(sys.argv[2]))
window.controller.apply_label("QUOTE")
window.tabs.setCurrentWidget(window.span_panel)
target = window.span_panel.form.inputs["stance_target"]
target.setFocus()
QTest.keyClicks(target, "the army")
window.tabs.setCurrentWidget(window.document_panel)
note = window.document_panel.editors["note"]
note.setFocus()
QTest.keyClicks(note, "check the toll")
print("typed", flush=True)
app.exec()
"""


def test_a_window_killed_right_after_typing_keeps_what_was_typed(one_article: Path) -> None:
    typist = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(one_article), QUOTE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert typist.stdout is not None
        assert typist.stdout.readline() == "typed\n", typist.stderr
    finally:
        typist.kill()  # SIGKILL at once: no focus-out, no closing, no timer
        _, errors = typist.communicate(timeout=30)
    fields, attrs = stored(one_article)
    assert fields == {"note": "check the toll"}, errors
    assert attrs[0]["stance_target"] == "the army"
