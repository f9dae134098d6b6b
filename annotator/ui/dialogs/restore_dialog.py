"""File > Restore from backup…: pick one of the project's backups and put it back.

Restoring copies the project as it is first (store/backup.py), so a restore can itself be
undone by restoring that copy; then the window is opened afresh on the restored project,
since every open document, list and undo history describes the contents just replaced.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.store.backup import BackupInfo, backups_dir, list_backups, restore_backup
from annotator.store.db import ProjectError
from annotator.ui.common.errors import show_error, tell
from annotator.ui.common.icons import icon
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.dialogs.host import WindowHost
from annotator.ui.jobs.queue import Job

COLUMNS = ("Taken", "Kind", "Documents", "Spans")


def _when(info: BackupInfo) -> str:
    return f"{info.taken:%Y-%m-%d %H:%M}"


class RestoreDialog(QDialog):
    """The project's backups, newest first; Restore… asks before anything is replaced."""

    def __init__(self, project: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.project = project
        self.backups = list_backups(project)
        self.chosen: BackupInfo | None = None

        intro = QLabel(
            f"Backups of {project.name} are kept in {backups_dir(project)}: one for each of "
            "the last seven days it was opened, and a copy made before each restore or "
            "repair. Spans are people's annotations, not the model's entities."
            if self.backups
            else f"{project.name} has no backups yet: the first is made when it is opened."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # paths are never markup
        self.table = QTableWidget(len(self.backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(self.backups):
            counts = (str(info.documents), str(info.spans)) if not info.error else ("?", "?")
            for column, text in enumerate((_when(info), info.kind, *counts)):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(info.error or str(info.path)))
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if info.error:  # a backup that cannot be read cannot be restored
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.table.setItem(row, column, item)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.restore_selected)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(icon("restore"), "&Restore…")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def selected(self) -> BackupInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        info = self.backups[rows.pop()]
        return None if info.error else info

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> None:
        """Ask first; on yes, the dialog closes with ``chosen`` set."""
        info = self.selected()
        if info is not None and self.confirm(info):
            self.chosen = info
            self.accept()

    def confirm(self, info: BackupInfo) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            f"Replace everything in {self.project.name} with the backup of {_when(info)} "
            f"({info.documents} documents, {info.spans} spans)?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            "The project as it is now is copied into the backups folder first: restoring "
            "that copy undoes this."
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes


class _Restoring(QObject):
    """A restore under way: the window waits, disabled, until the job says how it went."""

    def __init__(self, window: WindowHost, info: BackupInfo) -> None:
        super().__init__(window.window())
        self.window = window
        self.info = info

    def failed(self, message: str, details: str) -> None:
        window = self.window
        window.setEnabled(True)
        show_error(
            window.window(),
            "The backup was not restored",
            message,
            "The project is as it was. Check the backup with `annotator check`, or choose "
            "another one.",
            details,
        )
        window.start_preannotation()  # what the cancelled jobs left undone
        self.deleteLater()

    def finished(self, copy: Path) -> None:
        """Open the project afresh in a window in the old one's place."""

        window, info = self.window, self.info
        try:
            restored = window.another(window.db_path, window.annotator, review=window.reviewing)
        except (ProjectError, OSError) as exc:
            window.setEnabled(True)
            tell(
                window.window(),
                "The restored project cannot be opened",
                str(exc),
                icon=QMessageBox.Icon.Critical,
            )
            return
        window.present(restored)
        window.close()
        restored.status.say(
            f"Restored the backup of {_when(info)}; the project as it was is kept in {copy.name}"
        )
        restored.start_preannotation()


def restore_into(window: WindowHost, info: BackupInfo) -> Job:
    """Put the backup back in the background, then open the project afresh.

    Checking the backup, copying the project first and restoring read and write the
    whole file: seconds for a large project. The window is disabled meanwhile, so that
    nothing is typed into contents about to be replaced; its status bar shows the job.
    """
    window.flush_typing()  # a note typed a moment ago goes into the copy made first
    window.queue.cancel_all()  # no job may write into the old contents meanwhile
    window.queue.wait()
    restoring = _Restoring(window, info)
    job = Job("Restoring the backup", window.db_path, partial(_restore, window.db_path, info.path))
    job.signals.finished.connect(restoring.finished)
    job.signals.failed.connect(restoring.failed)
    window.setEnabled(False)
    window.status.track(job)
    window.queue.submit(job)
    return job


def _restore(project: Path, backup: Path, db: Database, control: Control) -> Path:
    control.progress(0, 0, "Checking the backup, copying the project, restoring…")
    return restore_backup(project, backup)


def restore_from_backup(window: WindowHost) -> None:
    """File > Restore from backup…: the dialog, then the restore in the background."""
    dialog = RestoreDialog(window.db_path, window.window())
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return
    restore_into(window, dialog.chosen)
