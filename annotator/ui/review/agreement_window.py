"""The Agreement window: a bar chart per label and the documents that agree least.

The chart is drawn with pyqtgraph (the Qt Charts module is not part of
PySide6-Essentials). pyqtgraph is imported when the first chart is made, never when the
main window starts: it takes a while to import, and most sessions never open this window.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
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

from annotator.ui.charts.plot import still_plot

if TYPE_CHECKING:
    import pyqtgraph

BAR_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1")
Bars = list[tuple[str, float | None]]  # (pair of annotators, overlap F1 or None)


def _rows(pairs: list[dict[str, Any]]) -> list[tuple[str, Bars]]:
    """For each label in the report, then "micro", each pair's overlap F1."""
    labels = sorted({label for p in pairs for label in p["spans"]["overlap"]["labels"]})
    names = [f"{p['a']} / {p['b']}" for p in pairs]
    rows: list[tuple[str, Bars]] = [
        (
            label,
            [
                (name, p["spans"]["overlap"]["labels"].get(label, {}).get("f1"))
                for name, p in zip(names, pairs, strict=True)
            ],
        )
        for label in labels
    ]
    micro = [(n, p["spans"]["overlap"]["micro"]["f1"]) for n, p in zip(names, pairs, strict=True)]
    return [*rows, ("micro", micro)]


class LabelChart(QWidget):
    """Horizontal bars: for each label, the overlap F1 of each pair of annotators."""

    BAR = 18  # pixels per bar: the chart is as tall as its bars need
    GAP = 0.7  # between two labels' groups, in bars
    MARGIN = 70  # the axis at the bottom and the plot's margins, in pixels

    def __init__(self) -> None:
        super().__init__()

        self.rows: list[tuple[str, Bars]] = []
        self.bars: list[pyqtgraph.BarGraphItem] = []  # one per pair, for every label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        palette = self.palette()
        self._ink = palette.text().color()
        self.plot = still_plot(self._ink, palette.base().color())
        item = self.plot.getPlotItem()
        item.invertY(True)  # the first label on top, read like a table
        item.setXRange(0, 1.12, padding=0)  # room after a full bar for its value
        item.getAxis("left").setStyle(tickLength=0)  # the labels name the groups of bars
        item.setLabel("bottom", "overlap F1")
        layout.addWidget(self.plot)

    def show_pairs(self, pairs: list[dict[str, Any]]) -> None:
        """Draw the overlap F1 of each pair (``report["pairs"]``) for each label."""
        item = self.plot.getPlotItem()
        item.clear()
        self.rows = _rows(pairs)
        count = len(pairs)
        # Each label's group of bars starts here (in bars); the first group is on top.
        starts = [i * (count + self.GAP) for i in range(len(self.rows))]
        self.bars = [self._draw_pair(j, starts) for j in range(count)]
        self._name_groups([start + count / 2 for start in starts])
        end = (starts[-1] + count) if starts else 1
        item.setYRange(-self.GAP / 2, end + self.GAP / 2, padding=0)
        self.setMinimumHeight(self.content_height())

    def legend_text(self) -> str:
        """Which colour is which pair, as rich text for a label above the chart.

        Not pyqtgraph's legend inside the plot: that covers the longest bars, and
        scrolls out of view with the chart.
        """
        return "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{BAR_COLOURS[j % len(BAR_COLOURS)]}">■</span> {html.escape(name)}'
            for j, (name, _) in enumerate(self.rows[0][1] if self.rows else [])
        )

    def _draw_pair(self, j: int, starts: list[float]) -> pyqtgraph.BarGraphItem:
        """The bars of the ``j``-th pair of annotators, one per label, with their values."""
        import pyqtgraph as pg

        item = self.plot.getPlotItem()
        colour = QColor(BAR_COLOURS[j % len(BAR_COLOURS)])
        values = [bars[j][1] for _, bars in self.rows]
        middles = [start + j + 0.5 for start in starts]
        bar = pg.BarGraphItem(
            x0=0,
            y=middles,
            height=0.8,
            width=[value or 0.0 for value in values],
            brush=colour,
            pen=pg.mkPen(colour),
        )
        item.addItem(bar)
        for middle, value in zip(middles, values, strict=True):
            shown = "–" if value is None else f"{value:.2f}"  # undefined is not 0
            text = pg.TextItem(shown, color=self._ink, anchor=(0, 0.5))
            text.setPos((value or 0.0) + 0.01, middle)
            item.addItem(text)
        return bar

    def _name_groups(self, middles: list[float]) -> None:
        axis = self.plot.getPlotItem().getAxis("left")
        labels = [label for label, _ in self.rows]
        axis.setTicks([list(zip(middles, labels, strict=True)), []])
        # pyqtgraph hides a tick label wider than the axis: make room for the longest.
        metrics = self.plot.fontMetrics()
        axis.setWidth(max((metrics.horizontalAdvance(label) for label in labels), default=0) + 20)

    def content_height(self) -> int:
        """The height at which every bar has ``BAR`` pixels."""
        count = len(self.rows[0][1]) if self.rows else 0
        units = len(self.rows) * (count + self.GAP)
        return round(units * self.BAR) + self.MARGIN


class AgreementWindow(QDialog):
    """The agreement report of the review project; double-click a document to open it."""

    document_requested = Signal(int)

    def __init__(self, report: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
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
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setWidget(self.chart)
        self.documents = self._documents(report["per_document"])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart_area)
        self.splitter.addWidget(self.documents)
        self.splitter.setChildrenCollapsible(False)
        self.legend = QLabel(self.chart.legend_text())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        layout.addWidget(summary)
        layout.addWidget(self.legend)
        layout.addWidget(self.splitter, 1)
        self._fit(len(report["per_document"]))

    def _documents(self, rows: list[dict[str, Any]]) -> QTableWidget:
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Overlap F1", "Annotators", "Document"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, doc in enumerate(rows):
            f1 = doc["f1_overlap"]
            for column, value in enumerate(
                ("–" if f1 is None else f"{f1:.2f}", str(doc["annotators"]), doc["title"])
            ):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, doc["doc_id"])
                table.setItem(row, column, item)
        table.itemActivated.connect(self._open)
        return table

    def _fit(self, documents: int) -> None:
        """As tall as the chart and a few documents need, within the screen.

        The chart gets its whole height when that fits in most of the screen, and
        scrolls otherwise; the documents table gets the rest, at least a few rows.
        """
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 80 if screen is not None else 900
        row = self.documents.verticalHeader().defaultSectionSize()
        table = self.documents.horizontalHeader().sizeHint().height() + row * min(
            max(documents, 3), 8
        )
        chart = min(self.chart.content_height() + 4, max(room - table - 90, 200))
        self.resize(900, min(room, chart + table + 90))  # and the summary and legend
        self.splitter.setSizes([chart, table])

    def _open(self, item: QTableWidgetItem) -> None:
        self.document_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
