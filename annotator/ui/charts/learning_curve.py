"""A trained model's learning curve: held-out F1 against the number of training documents.

Drawn with pyqtgraph, as the agreement chart is (annotator/ui/review/agreement_window.py),
and imported as late: pyqtgraph takes a while to import and the window never needs it
before a chart is made. The same widget is drawn into ``curve.png`` by the command line
(curve_png.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from annotator.training.models import ModelCard
from annotator.ui.charts.plot import still_plot

if TYPE_CHECKING:
    import pyqtgraph

LINE_COLOUR = "#4e79a7"
NO_CURVE = (
    "No learning curve for this model. Tick “Draw the learning curve” when training to "
    "see how its F1 grows with the number of documents it learns from."
)


class LearningCurveChart(QWidget):
    """Held-out F1 (0 to 1) against training documents, a point per share, with values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self.values: list[str] = []  # the numbers written by the points, as shown
        self._stack = QStackedLayout(self)
        self.message = QLabel(NO_CURVE)
        self.message.setObjectName("noCurve")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.palette()
        self._ink = palette.text().color()
        self.plot = still_plot(self._ink, palette.base().color())
        item = self.plot.getPlotItem()
        item.setLabel("left", "held-out F1")
        item.setLabel("bottom", "training documents")
        item.showGrid(y=True, alpha=0.25)
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.plot)
        self.setMinimumSize(320, 220)
        self.show_card(None)

    @property
    def has_curve(self) -> bool:
        """Whether a curve is drawn (else the message saying there is none)."""
        return self._stack.currentWidget() is self.plot

    def set_title(self, title: str) -> None:
        """A line above the plot (the PNG names the model; the dialogs say it beside)."""
        self.plot.getPlotItem().setTitle(title, color=self._ink)

    def show_card(self, card: ModelCard | None) -> None:
        """Draw ``card``'s curve, or say that it has none."""
        item = self.plot.getPlotItem()
        item.clear()
        self.values = []
        points = sorted(card.curve, key=lambda p: p.documents) if card is not None else []
        if not points:
            self._stack.setCurrentWidget(self.message)
            return
        self._draw(item, [p.documents for p in points], [p.f1 for p in points])
        self._stack.setCurrentWidget(self.plot)

    def _draw(self, item: pyqtgraph.PlotItem, xs: list[int], ys: list[float]) -> None:
        import pyqtgraph as pg

        colour = QColor(LINE_COLOUR)
        item.plot(
            xs,
            ys,
            pen=pg.mkPen(colour, width=2),
            symbol="o",
            symbolSize=9,
            symbolBrush=colour,
            symbolPen=pg.mkPen(colour),
        )
        for x, y in zip(xs, ys, strict=True):
            shown = f"{y:.2f}"
            self.values.append(shown)
            text = pg.TextItem(shown, color=self._ink, anchor=(0.5, 1.25))
            text.setPos(x, y)
            item.addItem(text)
        # Ticks at the documents trained on: the axis counts documents, never 12.5 of them.
        item.getAxis("bottom").setTicks([[(x, str(x)) for x in xs], []])
        # F1 by tenths, 0 included: a bare minor grid read as noise.
        item.getAxis("left").setTicks([[(i / 10, f"{i / 10:.1f}") for i in range(11)], []])
        item.setXRange(0, max(xs) * 1.1, padding=0)
        item.setYRange(-0.02, 1.1, padding=0)  # room above a point at 1.0 for its value
