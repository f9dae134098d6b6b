"""What the window does with a project it cannot write, or had to upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.jobs.exporting import ExportRequest
from annotator.store.db import ProjectError
from annotator.store.migrations import SCHEMA_VERSION
from annotator.ui import app
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.other_windows import open_project_window
from tests.full_disk import fill, small_disk
from tests.project_files import Snapshot, project_at_version, read_only
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, show

__all__ = ["fresh_settings"]

TEXT = 'Ahmed Zubair said "we will stay" on Monday.'


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as conn:
        return [tuple(r) for r in conn.execute(sql)]


def test_a_read_only_project_can_be_read_and_exported_but_not_changed(
    qtbot: QtBot, tmp_path: Path, schema: LabelSchema
) -> None:
    (tmp_path / "shared").mkdir()
    path = project_at_version(tmp_path / "shared" / "p.annotator", SCHEMA_VERSION, schema)
    spans = _rows(path, "SELECT * FROM spans ORDER BY id")
    before = Snapshot.of(path)
    out = tmp_path / "alice.jsonl"
    with read_only(path):
        window = show(qtbot, MainWindow(path, "alice"), (1200, 800))
        assert "(read-only)" in window.windowTitle()
        assert "cannot be written" in window.statusBar().currentMessage()
        badge = window.findChild(QLabel, "readOnlyBadge")
        assert badge is not None
        assert badge.isVisible()
        assert "cannot be written" in badge.toolTip()
        # Reading works: alice's document and spans are there.
        assert window.editor is not None
        assert sorted(s.label for s in window.editor.spans.values()) == ["PERSON", "QUOTE"]
        # Every action that writes is disabled, and so are the panels' fields.
        disabled = [
            *window.commands.labels.values(),
            window.commands.delete,
            *window.commands.links,
            window.commands.done,
            window.commands.undo,
            window.commands.redo,
            window.commands.import_,
            *window.commands.suggestions[:3],
        ]
        assert all(not action.isEnabled() for action in disabled)
        assert set(disabled) <= set(window.commands.editing)
        for widget in (window.span_panel.form, window.links_panel.form, window.document_panel):
            assert not widget.isEnabled()
        # A label key on selected text, Delete on a span, and the status: nothing is stored.
        window.view.setFocus()
        window.view.select_range(TEXT.index("Monday"), TEXT.index("Monday") + 6)
        qtbot.keyClick(window.view, "7")  # DATE
        window.controller.select_span(window.editor.spans[1])
        qtbot.keyClick(window.view, Qt.Key.Key_Delete)
        window.controller.set_status(Status.TODO)  # what the Document panel would send
        assert "Nothing can be changed" in window.statusBar().currentMessage()
        assert len(window.editor.spans) == 2
        # Exporting works: it writes elsewhere.
        window.jobs.export_to(ExportRequest("jsonl", out, annotator="alice", status="all"))
        qtbot.waitUntil(lambda: "exported" in window.statusBar().currentMessage(), timeout=10000)
        window.close()
        window.queue.wait()
    assert _rows(path, "SELECT * FROM spans ORDER BY id") == spans
    assert _rows(path, "SELECT status FROM doc_states") == [("done",)]
    assert Snapshot.of(path) == before
    assert "Ahmed Zubair" in out.read_text(encoding="utf-8")


def test_a_newcomer_reading_a_read_only_project_adds_nothing(
    qtbot: QtBot, tmp_path: Path, schema: LabelSchema
) -> None:
    path = project_at_version(tmp_path / "shared.annotator", SCHEMA_VERSION, schema)
    with read_only(tmp_path):  # this time the folder: no -wal or -shm can be made
        window = show(qtbot, MainWindow(path, "carol"), (1200, 800))
        assert "folder" in window.statusBar().currentMessage()
        assert window.editor is not None
        assert window.editor.spans == {}  # carol has no layer, and none was made
        window.close()
        window.queue.wait()
    assert _rows(path, "SELECT name FROM annotators") == [("alice",)]


def test_review_mode_is_refused_on_a_read_only_project(
    qtbot: QtBot, tmp_path: Path, schema: LabelSchema
) -> None:
    path = project_at_version(tmp_path / "shared.annotator", SCHEMA_VERSION, schema)
    with read_only(path), pytest.raises(ProjectError, match="review mode writes"):
        MainWindow(path, "reviewer", review=True)


def test_the_window_says_an_old_project_was_upgraded_and_where_the_backup_is(
    qtbot: QtBot, tmp_path: Path, schema: LabelSchema
) -> None:
    path = project_at_version(tmp_path / "old.annotator", 1, schema)
    window = show(qtbot, MainWindow(path, "alice"), (1200, 800))
    message = window.statusBar().currentMessage()
    assert f"upgraded from version 1 to {SCHEMA_VERSION}" in message
    assert "old.annotator.v1.bak" in message
    assert "(read-only)" not in window.windowTitle()
    window.close()
    window.queue.wait()


def test_a_project_on_a_full_disk_is_refused_saying_to_free_space(
    qtbot: QtBot,
    tmp_path: Path,
    schema: LabelSchema,
    project_path: Path,
    fresh_settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not "damaged, open a backup": the project is sound, the disk is full."""
    with small_disk(tmp_path / "disk") as disk:
        path = project_at_version(disk / "news.annotator", SCHEMA_VERSION, schema)
        filler = fill(disk)
        # `annotator --db` on it: the box before any window.
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
        assert app.start(path, "alice") == 2
        assert len(told) == 1
        assert "the disk is full: free some space and try again" in told[0]
        assert "damaged" not in told[0]
        # File > Open (or Open Recent) in a window.
        window = show(qtbot, MainWindow(project_path, "alice"), (1200, 800))
        assert open_project_window(window, path) is None
        box = window.findChild(QMessageBox, "errorBox")
        assert isinstance(box, QMessageBox)
        assert box.isVisible()
        assert "the disk is full: free some space and try again" in box.text()
        assert "damaged" not in box.text() + box.informativeText()
        box.close()
        filler.unlink()  # space freed: the same project opens
        other = open_project_window(window, path)
        assert other is not None
        assert other.editor is not None
        assert sorted(s.label for s in other.editor.spans.values()) == ["PERSON", "QUOTE"]
        close_window(other)
        close_window(window)
