"""Model > Train…: what to learn from, for how long; then the training's progress; then the card.

The training runs in a child process (``annotator train``) from a job on the window's
queue, so the window never waits for it; the dialog only shows what the job reports.
Closing the dialog leaves the training running (the status bar tracks it and can cancel
it); Model > Train… brings the dialog back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.store.annotators import annotator_names
from annotator.training.corpus import UNTRAINED_LAYERS
from annotator.training.models import TrainedModel
from annotator.ui.common.errors import show_error
from annotator.ui.jobs.queue import Job
from annotator.ui.jobs.tasks import TrainChoice, train_job
from annotator.ui.training.card_view import CardView, fit_size

DEFAULT_MINUTES = 10.0
CURVE_TEXT = "Draw the learning curve (takes about 1.5x longer)"
WAITING = "Waiting for the background work before it to end…"


class TrainForm(QWidget):
    """The choices: layers, whose work, minutes, and the learning curve."""

    def __init__(self, db: Database, schema: LabelSchema) -> None:
        super().__init__()
        form = QFormLayout(self)
        layers = QVBoxLayout()
        self.layers: dict[str, QCheckBox] = {}
        for layer in schema.layers:
            if layer.name in UNTRAINED_LAYERS:  # the spaCy pipeline's entities
                continue
            box = QCheckBox(layer.title)
            box.setChecked(True)
            self.layers[layer.name] = box
            layers.addWidget(box)
        form.addRow("Layers to learn:", layers)
        self.whose = QComboBox()
        self.whose.addItem("Everyone's finished work (gold where reviewed)", ("", False))
        self.whose.addItem("Gold only (documents adjudicated in review)", ("", True))
        for name in annotator_names(db).values():
            self.whose.addItem(f"Only {name}'s finished work", (name, False))
        form.addRow("Learn from:", self.whose)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.1, 600.0)
        self.minutes.setDecimals(1)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setMaximumWidth(120)
        self.minutes.setToolTip("How long to train; more time learns more, up to a point")
        form.addRow("Training time:", self.minutes)
        self.curve = QCheckBox(CURVE_TEXT)
        self.curve.setToolTip(
            "Also train on 25, 50 and 75% of the documents, to see whether more "
            "annotated documents would still help"
        )
        form.addRow("", self.curve)
        note = QLabel(
            "The model learns from documents marked done, and is scored on a share of "
            "them it never sees. You can go on annotating while it trains."
        )
        note.setWordWrap(True)
        form.addRow(note)

    def choice(self) -> TrainChoice:
        """What the form asks for (all layers ticked: no list, the training's default)."""
        ticked = tuple(name for name, box in self.layers.items() if box.isChecked())
        everything = len(ticked) == len(self.layers)
        annotator, gold = self.whose.currentData()
        return TrainChoice(
            layers=() if everything else ticked,
            annotator=annotator or None,
            gold=bool(gold),
            minutes=self.minutes.value(),
            curve=self.curve.isChecked(),
        )

    def ready(self) -> bool:
        """Whether anything is ticked to learn."""
        return any(box.isChecked() for box in self.layers.values())


class TrainProgress(QWidget):
    """The training's latest message (epoch, loss, F1) and a bar over its time budget."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.heading = QLabel("Training…")
        self.message = QLabel(WAITING)
        self.message.setObjectName("trainingMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setToolTip("The time the training is given")
        note = QLabel(
            "The window stays usable. Closing this dialog does not stop the training; "
            "Cancel does, and then no model is kept."
        )
        note.setWordWrap(True)
        for widget in (self.heading, self.message, self.bar, note):
            layout.addWidget(widget)
        layout.addStretch(1)

    def reset(self) -> None:
        self.message.setText(WAITING)
        self.bar.setRange(0, 0)

    def show_progress(self, done: int, total: int, message: str) -> None:
        self.message.setText(message)
        self.bar.setRange(0, max(total, 0))  # 0: busy, no measure yet
        self.bar.setValue(min(done, total))


class TrainDialog(QDialog):
    """Choose, train (with progress and Cancel), then read the new model's card."""

    #: A model was trained: its TrainedModel.
    trained = Signal(object)

    def __init__(
        self,
        db: Database,
        schema: LabelSchema,
        db_path: Path,
        run: Callable[[Job], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train a model")
        self._db_path = db_path
        self._run = run
        self.job: Job | None = None
        self.form = TrainForm(db, schema)
        self.progress = TrainProgress()
        self.card = CardView()
        self.pages = QStackedWidget()
        for page in (self.form, self.progress, self.card):
            self.pages.addWidget(page)
        self.status = QLabel()
        self.status.setObjectName("trainingOutcome")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.train_button = QPushButton("Train")
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel training")
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton("Train another…")
        self.again_button.clicked.connect(self._show_form)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        for box in self.form.layers.values():
            box.toggled.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.again_button, self.train_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show_page(self.form)
        fit_size(self, 760, 660)

    @property
    def training(self) -> bool:
        """Whether a training started here is still running (or waiting its turn)."""
        return self.job is not None

    def start(self) -> None:
        """Start the training job with the form's choices."""
        if self.training or not self.form.ready():
            return
        job = train_job(self._db_path, self.form.choice())
        job.signals.progress.connect(self.progress.show_progress)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.job = job
        self.progress.reset()
        self.status.clear()
        self._show_page(self.progress)
        self._run(job)

    def cancel(self) -> None:
        """Stop the training: the child process ends and no model is kept."""
        if self.job is not None:
            self.job.cancel()
            self.progress.message.setText("Stopping the training…")
            self.cancel_button.setEnabled(False)

    def _finished(self, model: TrainedModel) -> None:
        self.job = None
        self.card.show_card(model.card)
        self.status.setText(
            f"Model {model.name} is trained; its suggestions come in the background."
        )
        self._show_page(self.card)
        self.trained.emit(model)

    def _failed(self, message: str, details: str) -> None:
        self.job = None
        self._show_page(self.form)
        lines = [line for line in message.splitlines() if line.strip()]
        reason = lines[-1].removeprefix("annotator: error: ") if lines else message
        self.status.setText(f"The training stopped: {reason}")
        show_error(
            self,
            "The training stopped",
            reason,
            "Your annotations are safe and no model was kept. A model learns from "
            "documents marked done (or adjudicated in review) that have annotations in "
            "the layers chosen.",
            f"{message}\n\n{details}",
        )

    def _cancelled(self) -> None:
        self.job = None
        self.status.setText("Training cancelled; no model was kept.")
        self._show_page(self.form)

    def _show_form(self) -> None:
        self.status.clear()
        self._show_page(self.form)

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentWidget()
        self.train_button.setVisible(page is self.form)
        self.train_button.setEnabled(self.form.ready())
        self.cancel_button.setVisible(page is self.progress)
        self.cancel_button.setEnabled(True)
        self.again_button.setVisible(page is self.card)
