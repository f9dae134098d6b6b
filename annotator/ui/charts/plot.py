"""The plot every chart draws on: still (no menu, no buttons, no mouse), in the theme's ink.

pyqtgraph is imported when a plot is made, not with the module: it takes a while to
import and the window needs it only once a chart is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

if TYPE_CHECKING:
    import pyqtgraph


def still_plot(ink: QColor, background: QColor) -> pyqtgraph.PlotWidget:
    """A plot that only shows: axes drawn in ``ink`` on ``background``."""
    import pyqtgraph as pg

    plot = pg.PlotWidget(background=background)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.setMouseEnabled(x=False, y=False)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(ink))
        axis.setTextPen(pg.mkPen(ink))
    return plot


def write_at(
    item: pyqtgraph.PlotItem,
    text: str,
    x: float,
    y: float,
    ink: QColor,
    anchor: tuple[float, float],
) -> None:
    """Write ``text`` on the plot at (``x``, ``y``), its ``anchor`` point there (0 to 1)."""
    import pyqtgraph as pg

    label = pg.TextItem(text, color=ink, anchor=anchor)
    label.setPos(x, y)
    item.addItem(label)
