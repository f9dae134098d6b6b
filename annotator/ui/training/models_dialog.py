"""Model > Models…: the project's trained models, the one in use, their cards, the threshold.

Choosing and deleting are small writes (a ``meta`` row, a folder) done here at once;
the window is told, so that it can have the model now in use suggest in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.store.db import ProjectError, transaction
from annotator.training.models import (
    TrainedModel,
    choose_model,
    chosen_model,
    delete_model,
    list_models,
)
from annotator.ui.common.errors import show_error
from annotator.ui.training.card_view import CardView, fit_size, when

COLUMNS = ("In use", "Model", "Trained", "Documents", "F1", "Learned from")
IN_USE = "✓"
EMPTY = (
    "This project has no trained model yet.\n\n"
    "Mark some documents done (or adjudicate them in review), then choose "
    "Model > Train… to teach one from them: it will then suggest in the other documents."
)


class ModelsDialog(QDialog):
    """List, inspect, choose and delete the project's models; set the confidence threshold."""

    #: The model now in use (chosen, or the newest left after a delete); None: no model left.
    model_changed = Signal(object)
    #: The confidence from which model suggestions are offered.
    threshold_changed = Signal(float)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        threshold: float,
        *,
        read_only: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trained models")
        self._db, self._db_path, self._read_only = db, db_path, read_only
        self.models: list[TrainedModel] = []
        self.in_use: TrainedModel | None = None
        self.table = self._make_table()
        self.card = CardView()
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("noModels")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.use_button = QPushButton("Use this model")
        self.use_button.clicked.connect(self.use_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.ask_delete)
        if read_only:
            for button in (self.use_button, self.delete_button):
                button.setToolTip(f"Nothing can be changed, because {read_only}")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(threshold)
        self.threshold.setToolTip(
            "The model's suggestions it is less sure of than this are not offered; "
            "the rules' suggestions are always offered"
        )
        self.threshold.valueChanged.connect(self.threshold_changed)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._lists())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._bottom())
        self.reload()
        fit_size(self, 960, 740)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("modelList")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._selection_changed)
        return table

    def _lists(self) -> QWidget:
        top = QWidget()
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.card)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 560])
        return splitter

    def _bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("Offer model suggestions from confidence")
        label.setBuddy(self.threshold)
        row.addWidget(label)
        row.addWidget(self.threshold)
        row.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row.addWidget(close)
        return row

    # -- the list ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the models folder again; keep the selected model selected if it is there."""
        selected = self.selected()
        self.models = list_models(self._db_path)
        self.in_use = chosen_model(self._db, self._db_path)
        self.table.setRowCount(len(self.models))
        for row, model in enumerate(self.models):
            self._fill_row(row, model)
        self.pages.setCurrentIndex(1 if self.models else 0)
        names = [m.name for m in self.models]
        keep = selected.name if selected is not None and selected.name in names else None
        wanted = keep or (self.in_use.name if self.in_use is not None else None)
        if wanted is not None:
            self.table.selectRow(names.index(wanted))
        self._selection_changed()

    def _fill_row(self, row: int, model: TrainedModel) -> None:
        card = model.card
        used = self.in_use is not None and model.name == self.in_use.name
        cells = (
            IN_USE if used else "",
            card.name,
            when(card),
            str(card.documents),
            f"{card.f1:.2f}",
            card.source,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if used:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setToolTip("The model in use: its suggestions are offered")
            self.table.setItem(row, column, item)

    def selected(self) -> TrainedModel | None:
        """The model whose row is selected."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.models):
            return None
        return self.models[rows[0].row()]

    def _selection_changed(self) -> None:
        model = self.selected()
        self.card.show_card(model.card if model is not None else None)
        used = model is not None and self.in_use is not None and model.name == self.in_use.name
        writable = not self._read_only
        self.use_button.setEnabled(writable and model is not None and not used)
        self.delete_button.setEnabled(writable and model is not None)

    # -- choosing and deleting -----------------------------------------------------------

    def use_selected(self) -> None:
        """Use the selected model from now on; the window has it suggest."""
        model = self.selected()
        if model is None or self._read_only:
            return
        if not self._choose(model.name):
            return
        self.reload()
        self.model_changed.emit(self.in_use)

    def _choose(self, name: str) -> bool:
        """Record the model in use ("" for the newest); False (and said) when refused."""
        try:
            with transaction(self._db):
                choose_model(self._db, name)
        except ProjectError as exc:
            show_error(
                self,
                "The model in use was not changed",
                str(exc),
                "Another window or program may be writing the project: try again.",
            )
            return False
        return True

    def ask_delete(self) -> None:
        """Ask, then delete the selected model (window-modal, nothing waits on it)."""
        model = self.selected()
        if model is None or self._read_only:
            return
        used = self.in_use is not None and model.name == self.in_use.name
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete the model",
            f"Delete model {model.name} (F1 {model.card.f1:.2f}) and its folder?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("deleteModelBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "It is in use: the newest of the other models will be used instead."
            if used
            else "Its suggestions already decided stay as you decided them."
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self._answered(answer, model.name))
        box.open()

    def _answered(self, answer: int, name: str) -> None:
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(name)

    def delete(self, name: str) -> None:
        """Delete model ``name``; if it was in use, the newest one left is used."""
        was_used = self.in_use is not None and self.in_use.name == name
        try:
            delete_model(self._db_path, name, self._db)
        except (ValueError, OSError) as exc:
            show_error(
                self,
                "The model was not deleted",
                str(exc),
                "Check that its folder can be written to, then try again.",
            )
            return
        if was_used:
            self._choose("")  # the newest from now on (so it is, too, if that is refused)
        self.reload()
        if was_used:
            self.model_changed.emit(self.in_use)
