"""File > Merge annotators' projects…: as `annotator merge`, run in a worker.

Pick the annotators' project files and the review project to create (or to add to);
the merge runs in the background with progress and cancel, and when it is done the
window offers to open the review project in review mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.store.db import ProjectError
from annotator.ui.common.errors import show_error, tell
from annotator.ui.common.icons import icon
from annotator.ui.dialogs.host import WindowHost
from annotator.ui.jobs import tasks as jobs_ui

if TYPE_CHECKING:
    from annotator.review.merge import MergeReport

PROJECTS = "Annotator projects (*.annotator);;All files (*)"


class MergeDialog(QDialog):
    """Asks which projects to merge into which review project; checks before accepting."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge annotators' projects")
        self.folder = folder
        intro = QLabel(
            "Each annotator's project is copied into a review project, where a reviewer "
            "compares the annotators and adjudicates gold. The annotators' projects are "
            "only read. Merging into an existing review project adds to it."
        )
        intro.setWordWrap(True)
        self.sources = QListWidget()
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.sources.setAccessibleName("Projects to merge")
        add = QPushButton(icon("open"), "&Add projects…")
        add.clicked.connect(self._add)
        remove = QPushButton(icon("delete"), "Re&move")
        remove.clicked.connect(self._remove)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.sources, 1)
        row.addLayout(side)
        self.review = QLineEdit(str(folder / "review.annotator"))
        self.review.setAccessibleName("Review project")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        target = QHBoxLayout()
        target.addWidget(self.review, 1)
        target.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Review project:", target)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Annotators' projects:"))
        layout.addLayout(row, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(620, 420)

    def add_sources(self, paths: list[Path]) -> None:
        present = set(self.source_paths())
        for path in paths:
            if path not in present:
                self.sources.addItem(str(path))
                present.add(path)

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def review_path(self) -> Path:
        return Path(self.review.text().strip()).expanduser()

    def problem(self) -> str:
        """Why the merge cannot start as asked ("" when it can)."""
        sources = self.source_paths()
        if not sources:
            return "Add the annotators' projects to merge."
        missing = [str(p) for p in sources if not p.is_file()]
        if missing:
            return f"No such project: {', '.join(missing)}."
        if not self.review.text().strip():
            return "Name the review project to create or add to."
        review = self.review_path().resolve()
        if review in {p.resolve() for p in sources}:
            return "The review project cannot be one of the projects merged into it."
        if review.is_dir():
            return f"{review} is a folder: name a project file in it."
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            tell(self, "Merge annotators' projects", problem)
            return
        super().accept()

    def _add(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Annotators' projects", str(self.folder), PROJECTS
        )
        self.add_sources([Path(n) for n in names])

    def _remove(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Review project",
            str(self.review_path()),
            PROJECTS,
            options=QFileDialog.Option.DontConfirmOverwrite,  # adding to it is allowed
        )
        if name:
            self.review.setText(name)


def merge_dialog(window: WindowHost) -> None:
    """Ask, then merge in the background."""
    dialog = MergeDialog(window.db_path.parent, window.window())
    if dialog.exec() == QDialog.DialogCode.Accepted:
        start_merge(window, dialog.review_path(), dialog.source_paths())


def start_merge(window: WindowHost, review: Path, sources: list[Path]) -> None:
    """Merge ``sources`` into ``review`` in a worker; the status bar shows progress."""
    job = jobs_ui.merge_job(review, sources)
    # The status bar hears the end first, so a box never appears over a live progress bar.
    window.status.track(job)
    job.signals.finished.connect(lambda report: merge_finished(window, review, report))
    job.signals.failed.connect(
        lambda message, details: show_error(
            window.window(),
            "The merge failed",
            f"The projects were not merged into {review}: {message}",
            "Each project is merged whole or not at all, so the review project holds "
            "the projects merged before this one. Check that the projects share one "
            "schema and that the review project's folder can be written to, then try "
            "again.",
            details,
        )
    )
    window.queue.submit(job)


def merge_finished(window: WindowHost, review: Path, report: MergeReport) -> QMessageBox:
    """Say what was merged; offer to open the review project in review mode."""
    window.status.say(f"{review.name}: {report.summary()}")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Merge finished",
        f"{review}: {report.summary()}.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        window.window(),
    )
    box.setObjectName("mergeFinishedBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Open the review project in review mode now?")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(
        lambda result: (
            open_review(window, review) if result == QMessageBox.StandardButton.Open else None
        )
    )
    box.open()
    return box


def open_review(window: WindowHost, review: Path) -> WindowHost | None:
    """Open ``review`` in review mode, in a window of its own."""

    try:
        other = window.another(review, window.annotator, review=True)
    except (ProjectError, OSError) as exc:
        show_error(
            window.window(),
            "Cannot open the review project",
            str(exc),
            "Open it from File > Open Project… once the problem is fixed.",
        )
        return None
    return window.present(other)
