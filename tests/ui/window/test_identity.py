"""File > Change annotator…: the name is asked, remembered, and the project reopened under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu
from pytestqt.qtbot import QtBot

from annotator.store.annotators import annotator_names
from annotator.store.db import open_project
from annotator.ui import app
from annotator.ui.common import settings
from annotator.ui.window.main_window import MainWindow
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]


def _file_action(window: MainWindow, text: str) -> QAction:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    return next(a for a in file_menu.actions() if a.text() == text)


def _answer(monkeypatch: pytest.MonkeyPatch, name: str, ok: bool = True) -> list[str]:
    """Stand in for the person typing ``name`` in the modal name dialog; returns what it
    offered to start from."""
    offered: list[str] = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(str(kwargs.get("text", "")))
        return name, ok

    monkeypatch.setattr(QInputDialog, "getText", answer)
    return offered


def _open_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_change_annotator_remembers_the_name_and_reopens_the_project_under_it(
    qtbot: QtBot,
    fresh_settings: QSettings,
    project_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.set_annotator("alice")
    window = shown_window(qtbot, project_path, annotator="reviewer")  # a one-off --annotator
    offered = _answer(monkeypatch, "  bob ")
    _file_action(window, "Change &annotator…").trigger()
    assert offered == ["reviewer"]
    (now,) = _open_windows()
    assert now is not window
    assert (now.db_path, now.annotator) == (project_path, "bob")
    assert now.status.annotator_label.text() == "Annotator: bob"
    db = open_project(project_path)
    assert annotator_names(db)[now.annotator_id] == "bob"
    db.conn.close()
    # Remembered: the next plain start is bob's.
    assert app.annotator_name(None) == "bob"
    close_window(now)


def test_cancelling_change_annotator_changes_nothing(
    qtbot: QtBot,
    fresh_settings: QSettings,
    project_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.set_annotator("alice")
    window = shown_window(qtbot, project_path, annotator="alice", review=True)
    _answer(monkeypatch, "bob", ok=False)
    _file_action(window, "Change &annotator…").trigger()
    assert _open_windows() == [window]
    assert window.annotator == "alice"
    assert app.annotator_name(None) == "alice"
    # In review mode the reopened window reviews too.
    _answer(monkeypatch, "carol")
    _file_action(window, "Change &annotator…").trigger()
    (now,) = _open_windows()
    assert (now.annotator, now.review is not None) == ("carol", True)
    assert app.annotator_name(None) == "carol"
    close_window(now)
