"""The Agreement window: a bar chart per label and the documents that agree least.

Bars are drawn with QPainter: the Qt Charts module is not part of PySide6-Essentials,
and a few bars do not justify the add-ons package.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

BAR_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1")


class LabelChart(QWidget):
    """Horizontal bars: for each label, the overlap F1 of each pair of annotators."""

    ROW = 22

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, float | None]]]] = []
        self.setMinimumHeight(60)

    def show_pairs(self, pairs: list[dict[str, Any]]) -> None:
        labels = sorted({label for p in pairs for label in p["spans"]["overlap"]["labels"]})
        self.rows = [
            (
                label,
                [
                    (
                        f"{p['a']} / {p['b']}",
                        p["spans"]["overlap"]["labels"].get(label, {}).get("f1"),
                    )
                    for p in pairs
                ],
            )
            for label in [*labels, "micro"]
        ]
        for label, bars in self.rows:
            if label == "micro":
                bars[:] = [
                    (name, p["spans"]["overlap"]["micro"]["f1"])
                    for (name, _), p in zip(bars, pairs, strict=True)
                ]
        count = sum(len(bars) for _, bars in self.rows) + len(self.rows)
        self.setMinimumHeight(count * self.ROW + 10)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        left, right = 210, self.width() - 60
        y = 4
        for label, bars in self.rows:
            painter.setPen(self.palette().text().color())
            painter.drawText(4, y + metrics.ascent() + 2, f"{label}  (overlap F1)")
            y += self.ROW
            for index, (pair, value) in enumerate(bars):
                painter.setPen(self.palette().text().color())
                painter.drawText(16, y + metrics.ascent() + 2, pair)
                width = (right - left) * (value or 0.0)
                painter.fillRect(
                    QRectF(left, y + 3, width, self.ROW - 8),
                    QColor(BAR_COLOURS[index % len(BAR_COLOURS)]),
                )
                painter.drawText(
                    int(left + width + 6),
                    y + metrics.ascent() + 2,
                    "–" if value is None else f"{value:.2f}",
                )
                y += self.ROW
        painter.end()


class AgreementWindow(QDialog):
    """The agreement report of the review project; double-click a document to open it."""

    document_requested = Signal(int)

    def __init__(self, report: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"{report['documents']} documents finished by {', '.join(report['annotators'])}. "
            "Tokens: "
            + ", ".join(
                f"{layer} α {row['alpha']:.2f}" if row["alpha"] is not None else f"{layer} α –"
                for layer, row in report["tokens"].items()
            )
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = LabelChart()
        self.chart.show_pairs(report["pairs"])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.documents = QTableWidget(len(report["per_document"]), 3)
        self.documents.setHorizontalHeaderLabels(["Overlap F1", "Annotators", "Document"])
        self.documents.verticalHeader().hide()
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, doc in enumerate(report["per_document"]):
            f1 = doc["f1_overlap"]
            for column, value in enumerate(
                ("–" if f1 is None else f"{f1:.2f}", str(doc["annotators"]), doc["title"])
            ):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, doc["doc_id"])
                self.documents.setItem(row, column, item)
        self.documents.itemActivated.connect(self._open)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(self.documents)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)

    def _open(self, item: QTableWidgetItem) -> None:
        self.document_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
