"""The status bar: who, which project, how far, and what a background job is doing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStatusBar, QToolButton

from annotator.training.models import TrainedModel
from annotator.ui.common.icons import set_icon
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.jobs.queue import Job

MESSAGE_MS = 6000


class StatusBar(QStatusBar):
    cancel_requested = Signal()
    sync_requested = Signal()  # the team state was clicked: sync now

    def __init__(self, parent: QMainWindow, annotator: str, project: str) -> None:
        super().__init__(parent)
        self.job_label = QLabel()
        self.job_bar = QProgressBar()
        self.job_bar.setMaximumWidth(160)
        self.job_bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        set_icon(self.cancel_button, "cancel")
        self.cancel_button.setToolTip("Cancel the background job (what is done is kept)")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.model_label = QLabel()
        self.trained_label = QLabel()  # the project's trained model, when it has one
        self.trained_label.setObjectName("trainedModel")
        self.trained_label.setTextFormat(Qt.TextFormat.PlainText)
        self.trained_label.hide()
        # A team project's sync state; a button, so that a click syncs at once.
        self.team_button = QToolButton()
        self.team_button.setObjectName("teamState")
        self.team_button.setAutoRaise(True)
        self.team_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.team_button.clicked.connect(self.sync_requested)
        self.team_button.hide()
        self.annotator_label = QLabel(f"Annotator: {annotator}")
        self.annotator_label.setToolTip("Your annotations are stored under this name")
        self.project_label = QLabel(f"Project: {project}")
        for label in (self.annotator_label, self.project_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
        self.progress_label = QLabel()
        for widget in (
            self.job_label,
            self.job_bar,
            self.cancel_button,
            self.model_label,
            self.trained_label,
            self.team_button,
            self.annotator_label,
            self.project_label,
            self.progress_label,
        ):
            self.addPermanentWidget(widget)
        self._show_job(False)

    def say(self, message: str) -> None:
        self.showMessage(message, MESSAGE_MS)

    def set_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(f"Done: {done} / {total}")

    def set_review(self, open_units: int, units: int) -> None:
        self.model_label.setText(f"Open: {open_units} of {units} units")
        self.model_label.setToolTip("Units still needing a decision in this document")

    def set_model(self, name: str, notice: str) -> None:
        self.model_label.setText(f"Pipeline: {name}" + (" (no entities)" if notice else ""))
        self.model_label.setToolTip(
            plain_tooltip(notice or "The spaCy pipeline that pre-annotated entities")
        )

    def set_trained(self, model: TrainedModel | None) -> None:
        """Name the trained model in use and its held-out F1 (None: no model, no label)."""
        self.trained_label.setVisible(model is not None)
        if model is None:
            return
        card = model.card
        self.trained_label.setText(f"Model {card.name} · F1 {card.f1:.2f}")
        self.trained_label.setToolTip(
            plain_tooltip(
                f"The model suggesting in this project: trained on {card.documents} documents "
                f"({card.source}) on {card.created[:16].replace('T', ' ')}; F1 scored on "
                f"{card.held_out} documents it never saw. Model > Models… to choose another."
            )
        )

    def set_team(self, text: str, tooltip: str, role: str) -> None:
        """Show a team project's sync state (``role``: its icon, see ui/common/icons.py)."""
        self.team_button.setText(text.replace("&", "&&"))  # a name's "&" is no accelerator
        self.team_button.setToolTip(plain_tooltip(tooltip))
        set_icon(self.team_button, role)
        self.team_button.show()

    def track(self, job: Job) -> None:
        """Show a job's progress until it ends."""
        self._show_job(True)
        self.job_label.setText(f"{job.name}…")
        self.job_bar.setRange(0, 0)
        job.signals.progress.connect(self._job_progress)
        job.signals.finished.connect(self._job_ended)
        job.signals.cancelled.connect(self._job_cancelled)
        job.signals.failed.connect(self._job_failed)

    def _show_job(self, visible: bool) -> None:
        for widget in (self.job_label, self.job_bar, self.cancel_button):
            widget.setVisible(visible)

    def _job_progress(self, done: int, total: int, message: str) -> None:
        self.job_label.setText(message)
        self.job_bar.setRange(0, max(total, 0))
        self.job_bar.setValue(done)

    def _job_ended(self, _result: object) -> None:
        self._show_job(False)

    def _job_cancelled(self) -> None:
        self._show_job(False)
        self.say("Cancelled; what was finished is kept")

    def _job_failed(self, message: str, details: str) -> None:
        self._show_job(False)
        self.say(f"Background job failed: {message}")
