"""An event's toll over time: each source kind's counts by report date, a line each.

Drawn on the same still plot as the other charts (plot.py), so pyqtgraph is imported
only once a chart is made. The dates are days on the axis, ticked at the reports'
dates; a kind that spoke once is a single point.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from annotator.ui.charts.plot import still_plot, write_at

LINE_COLOURS = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2")
NO_DATES = "No dated figure: give the reports a date to see how the toll moved."
#: Per source kind, (ISO date, count) points in date order: ``Event.timeline()``.
Timeline = dict[str, list[tuple[str, int]]]


#: The most points whose counts are written beside them.
LABELLED = 30


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


class TollChart(QWidget):
    """Counts (up) against report dates (across), one coloured line per source kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: What is drawn: per kind, (day from the first date, count).
        self.lines: dict[str, list[tuple[int, int]]] = {}
        palette = self.palette()
        self._ink = palette.text().color()
        self.plot = still_plot(self._ink, palette.base().color())
        item = self.plot.getPlotItem()
        item.setLabel("left", "count")
        item.showGrid(y=True, alpha=0.25)
        self.legend = QLabel()
        self.legend.setObjectName("tollLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # kinds are escaped
        self.legend.setWordWrap(True)
        self.message = QLabel(NO_DATES)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addLayout(self._stack, 1)
        self.setMinimumSize(260, 180)
        self.show_timeline({})

    def show_timeline(self, timeline: Timeline) -> None:
        """Draw each source kind's counts by date (nothing dated: say so)."""
        item = self.plot.getPlotItem()
        item.clear()
        days = sorted({dt.date.fromisoformat(d) for points in timeline.values() for d, _ in points})
        if not days:
            self.lines = {}
            self.legend.setText("")
            self._stack.setCurrentWidget(self.message)
            return
        first = days[0]
        self.lines = {
            kind: [((dt.date.fromisoformat(d) - first).days, count) for d, count in points]
            for kind, points in timeline.items()
            if points
        }
        top = max(count for points in self.lines.values() for _, count in points)
        # Past a few dozen points the counts written over them overlap into a smudge (and
        # each costs milliseconds to draw): the axis reads them then.
        labelled = sum(len(set(points)) for points in self.lines.values()) <= LABELLED
        for j, (kind, points) in enumerate(self.lines.items()):
            self._draw(kind, points, LINE_COLOURS[j % len(LINE_COLOURS)], labelled)
        ticks = [((day - first).days, _short(day)) for day in days]
        item.getAxis("bottom").setTicks([ticks, []])
        item.setXRange(-0.4, ticks[-1][0] + 0.4, padding=0)
        item.setYRange(0, top * 1.2, padding=0)  # room above the highest point for its value
        self.legend.setText(
            "&nbsp;&nbsp;&nbsp;".join(
                f'<span style="color:{LINE_COLOURS[j % len(LINE_COLOURS)]}">■</span> '
                f"{html.escape(kind)}"
                for j, kind in enumerate(self.lines)
            )
        )
        self._stack.setCurrentWidget(self.plot)

    def _draw(self, kind: str, points: list[tuple[int, int]], colour: str, labelled: bool) -> None:
        item = self.plot.getPlotItem()
        xs, ys = [x for x, _ in points], [y for _, y in points]
        item.plot(
            xs,
            ys,
            pen={"color": colour, "width": 2},
            symbol="o",
            symbolSize=8,
            symbolBrush=colour,
            symbolPen=colour,
            name=kind,
        )
        for x, y in sorted(set(points)) if labelled else ():  # twice on a day: written once
            write_at(item, str(y), x, y, self._ink, (0.5, 1.2))
