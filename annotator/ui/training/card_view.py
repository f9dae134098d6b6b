"""A trained model's card as the dialogs show it: its F1, a row per label, the curve."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.words import counted
from annotator.training.models import ModelCard
from annotator.ui.charts.learning_curve import LearningCurveChart

COLUMNS = ("Label", "Precision", "Recall", "F1", "Exact F1", "Gold spans")
#: Rows the per-label table shows without scrolling; more scroll.
SHOWN_ROWS = 8


def fit_size(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width x height, or less on a screen too small for that."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    widget.resize(width, height)


def when(card: ModelCard) -> str:
    """The card's date and time of training, as a person reads it."""
    try:
        return datetime.fromisoformat(card.created).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return card.created  # a card written by hand: shown as it is


def summary(card: ModelCard) -> str:
    """One paragraph: how well, on what, from whose work, how long."""
    fields = "".join(
        f"\nDocument field {name}: accuracy {accuracy:.2f}"
        for name, accuracy in sorted(card.field_accuracy.items())
    )
    return (
        f"Trained {when(card)} on {counted(card.documents, 'document')} ({card.source}), "
        f"in {card.minutes:.1f} minutes, {counted(card.epochs, 'epoch')}; scored on "
        f"{counted(card.held_out, 'held-out document')} it never saw.{fields}"
    )


class CardView(QWidget):
    """Overall F1, per-label precision / recall / F1, and the learning curve of a card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.headline = QLabel()
        self.headline.setObjectName("modelF1")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        for label in (self.headline, self.details):
            label.setTextFormat(Qt.TextFormat.PlainText)  # names and sources are never markup
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("labelScores")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setToolTip(
            "Held out: scored on documents the model never trained on. A span counts "
            "as found when it overlaps a gold span with the same label; exact F1 "
            "counts only spans with exactly the gold span's boundaries."
        )
        self.chart = LearningCurveChart()
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.table)
        layout.addWidget(self.chart, 1)

    def show_card(self, card: ModelCard | None) -> None:
        """Show ``card`` (None: nothing)."""
        self.headline.setText(f"Held-out F1 {card.f1:.2f}" if card is not None else "")
        self.details.setText(summary(card) if card is not None else "")
        rows = sorted(card.scores.items()) if card is not None else []
        self.table.setRowCount(len(rows))
        for row, (label, score) in enumerate(rows):
            values = (score.precision, score.recall, score.f1, score.exact_f1)
            cells = [label, *(f"{v:.2f}" for v in values), str(score.gold)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self._fit_rows()
        self.chart.show_card(card)

    def _fit_rows(self) -> None:
        """As tall as its rows (up to SHOWN_ROWS): the chart takes the rest of the height."""
        shown = min(max(self.table.rowCount(), 1), SHOWN_ROWS)
        header = self.table.horizontalHeader().sizeHint().height()
        rows = self.table.verticalHeader().defaultSectionSize() * shown
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth())

    def rows(self) -> list[list[str]]:
        """The per-label table as text, row by row (what a person reads in it)."""
        return [
            [self._text(r, c) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
