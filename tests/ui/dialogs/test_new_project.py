"""File > New Project…: a schema that cannot hold a suggester's output is told so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.store.db import open_project, project_schema
from annotator.ui.window.main_window import MainWindow
from tests.core.test_suggesters import without_quote
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]


def _new_project(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    project_path: Path,
    target: Path,
    schema_file: Path | None,
) -> list[tuple[str, str, QMessageBox.Icon]]:
    """Answer the dialogs as a person would; returns the message boxes shown."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    choice = QMessageBox.StandardButton.No if schema_file else QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: choice)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(schema_file), ""))
    shown: list[tuple[str, str, QMessageBox.Icon]] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: shown.append((box.windowTitle(), box.text(), box.icon())) or 0,
    )
    window = shown_window(qtbot, project_path)
    before = set(QApplication.topLevelWidgets())
    action = next(a for a in window.findChildren(QAction) if a.text() == "&New Project…")
    action.trigger()
    (opened,) = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
    ]
    assert opened.db_path == target
    close_window(opened)
    close_window(window)
    return shown


def test_a_schema_without_quote_is_told_the_quote_suggester_fits_nothing(
    qtbot: QtBot,
    fresh_settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    project_path: Path,
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    toml = tmp_path / "no-quotes.toml"
    toml.write_text(without_quote(schema.source), encoding="utf-8")
    target = tmp_path / "mine.annotator"
    shown = _new_project(qtbot, monkeypatch, project_path, target, toml)
    assert shown == [
        (
            "Suggestions",
            "The quote suggester proposes QUOTE, SOURCE and CUE in the attribution layer; "
            "this schema has no QUOTE label, so none of its suggestions fit this schema.",
            QMessageBox.Icon.Information,
        )
    ]
    db = open_project(target)
    try:
        assert project_schema(db).label("QUOTE") is None  # made all the same
    finally:
        db.conn.close()


def test_the_default_schema_is_told_nothing(
    qtbot: QtBot,
    fresh_settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    project_path: Path,
    tmp_path: Path,
) -> None:
    target = tmp_path / "news.annotator"
    assert _new_project(qtbot, monkeypatch, project_path, target, None) == []
    assert target.exists()
