"""The label palette (one button per label, bound to its action) and the legend."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.core.schema import LabelSchema


def swatch(colour: str, size: int = 14) -> QIcon:
    """A small square of the label's colour with a dark border, for buttons and lists."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(170))
    painter.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    painter.end()
    return QIcon(pixmap)


class LabelPalette(QScrollArea):
    """Buttons for every label, grouped by layer; each triggers the label's action."""

    def __init__(self, schema: LabelSchema, actions: Mapping[str, QAction]) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(8)
        self.buttons: dict[str, QToolButton] = {}
        for layer in schema.layers:
            labels = [lab for lab in schema.labels if lab.layer == layer.name]
            if not labels:
                continue
            group = QGroupBox(layer.title)
            grid = QGridLayout(group)
            grid.setContentsMargins(6, 6, 6, 6)
            grid.setSpacing(4)
            for i, label in enumerate(labels):
                action = actions[label.name]
                button = QToolButton()
                # Not setDefaultAction: the button shows the key, which the action's text
                # leaves to the menu's shortcut column.
                button.setIcon(action.icon())
                button.setText(f"{label.key.upper()}  {label.name}" if label.key else label.name)
                button.setToolTip(action.toolTip())
                button.clicked.connect(action.trigger)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.setAutoRaise(True)
                self.buttons[label.name] = button
                grid.addWidget(button, i // 2, i % 2)
            column.addWidget(group)
        column.addStretch(1)
        self.setWidget(body)


class Legend(QLabel):
    """The labels present in the open document, with their colours and counts.

    One rich-text label rather than a row of widgets: it wraps onto a second line when
    the article is narrow, and an edit only changes its text.
    """

    def __init__(self, colours: Mapping[str, str]) -> None:
        super().__init__()
        self._colours = dict(colours)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(4, 2, 4, 2)

    def show_counts(self, spans: Iterable[Span]) -> None:
        counts = Counter(span.label for span in spans)
        if not counts:
            self.setText("<span style='color: gray'>No annotations yet</span>")
            return
        chips = [
            f"<span style='background-color: {colour}'>&nbsp;{escape(label)}&nbsp;"
            f"{counts[label]}&nbsp;</span>"
            for label, colour in self._colours.items()
            if counts[label]
        ]
        self.setText(" &nbsp; ".join(chips))
        self.setToolTip("Spans in this document, by label")
