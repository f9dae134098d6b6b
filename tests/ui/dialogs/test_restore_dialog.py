"""File > Restore from backup…: the window's own backup, more spans, then the backup back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.store.annotations import spans_of
from annotator.store.backup import list_backups
from annotator.ui.dialogs.restore_dialog import RestoreDialog
from annotator.ui.window.main_window import MainWindow
from tests.store.annotated import TEXTS, annotated_project

Make = Callable[..., MainWindow]


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    return annotated_project(tmp_path / "news.annotator", schema)


def _when_shown(kind: type[QWidget], act: Callable[[Any], object]) -> None:
    """Act on the modal ``kind`` once it is up, as a person would (its exec() blocks)."""
    tries = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        elif tries[0] < 500:
            tries[0] += 1
            QTimer.singleShot(10, poll)
        elif widget is not None:
            widget.close()  # never hang the suite: the test's assertions then fail

    QTimer.singleShot(0, poll)


def _restore_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == "Restore from &backup…")


def _labels(window: MainWindow) -> list[str]:
    return sorted(s.label for s in spans_of(window.db, 1, window.annotator_id))


@pytest.mark.slow
def test_restore_brings_back_the_backed_up_spans_and_keeps_the_newer_ones(
    open_window: Make, project: Path, qtbot: QtBot
) -> None:
    window = open_window(project)
    qtbot.waitUntil(lambda: not window.queue.jobs)  # the day's backup, made on opening
    (daily,) = list_backups(project)
    assert (daily.kind, daily.documents, daily.spans) == ("daily", 3, 5)

    start = TEXTS[0].index("killed")
    window.view.select_range(start, start + len("killed"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # CLAIM, made after the backup
    assert _labels(window) == ["CASUALTY", "CLAIM", "QUOTE", "SOURCE"]

    seen: dict[str, Any] = {}

    def confirm(box: QMessageBox) -> None:
        seen["question"] = box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    def choose(dialog: RestoreDialog) -> None:
        table = dialog.table
        seen["rows"] = [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]
        table.selectRow(0)
        _when_shown(QMessageBox, confirm)
        dialog.restore_button.click()

    _when_shown(RestoreDialog, choose)
    _restore_action(window).trigger()

    ((taken, kind, documents, spans),) = seen["rows"]
    assert taken.startswith(date.today().isoformat())
    assert (kind, documents, spans) == ("daily", "3", "5")
    assert seen["question"].startswith("Replace everything in news.annotator with the backup")
    assert not window.isEnabled()  # nothing can be typed while the restore runs

    def restored_windows() -> list[MainWindow]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not window and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(restored_windows()), timeout=20_000)
    (restored,) = restored_windows()
    try:
        assert not window.isVisible()
        assert restored.statusBar().currentMessage().startswith("Restored the backup of")
        assert restored.editor is not None
        assert restored.editor.doc_id == 1
        assert _labels(restored) == ["CASUALTY", "QUOTE", "SOURCE"]
        assert restored.span_model.rowCount() == 3
        assert not restored.commands.undo.isEnabled()  # no undo into the replaced contents
        before, after = list_backups(project)
        assert (before.kind, before.spans) == ("before restore", 6)  # to undo the restore
        assert after.path == daily.path
    finally:
        restored.close()


def test_cancelling_the_question_changes_nothing(
    open_window: Make, project: Path, qtbot: QtBot
) -> None:
    window = open_window(project)
    qtbot.waitUntil(lambda: not window.queue.jobs)
    seen: list[bool] = []

    def cancel(box: QMessageBox) -> None:
        box.button(QMessageBox.StandardButton.Cancel).click()

    def choose(dialog: RestoreDialog) -> None:
        dialog.table.selectRow(0)
        _when_shown(QMessageBox, cancel)
        dialog.restore_button.click()
        seen.append(dialog.isVisible())  # still open: another backup may be chosen
        dialog.reject()

    _when_shown(RestoreDialog, choose)
    _restore_action(window).trigger()
    assert seen == [True]
    assert window.isVisible()
    assert [b.kind for b in list_backups(project)] == ["daily"]
    assert _labels(window) == ["CASUALTY", "QUOTE", "SOURCE"]


def test_a_backup_that_cannot_be_restored_leaves_the_window_working(
    open_window: Make, project: Path, qtbot: QtBot
) -> None:
    from datetime import datetime

    from annotator.store.backup import BackupInfo, backups_dir
    from annotator.ui.dialogs.restore_dialog import restore_into

    window = open_window(project)
    qtbot.waitUntil(lambda: not window.queue.jobs)
    broken = backups_dir(project) / "news-2020-01-01.annotator"
    broken.write_bytes(b"not a database at all" * 100)
    before = _labels(window)
    restore_into(window, BackupInfo(broken, datetime(2020, 1, 1), "daily", 3, 5))
    qtbot.waitUntil(lambda: window.isEnabled(), timeout=20_000)
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None
    assert box.windowTitle() == "The backup was not restored"
    assert "not" in box.text()
    box.close()
    assert window.isVisible()
    assert _labels(window) == before
    window.queue.cancel_all()
