"""The label palette (one button per label, bound to its action) and the legend."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QIcon,
    QPainter,
    QPaintEvent,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
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
from annotator.ui.label_style import (
    LAYER_MARKS,
    NO_MARK,
    layer_marks,
    marks_by_label,
    span_format,
    tag,
)

#: Spans of a label the project's schema no longer has (kept by a schema change).
UNKNOWN_COLOUR = "#bbbbbb"


#: Device pixel ratios a swatch is drawn for: crisp at 100 %, 125 %, 150 %, 200 % and 300 %.
SWATCH_RATIOS = (1.0, 1.25, 1.5, 2.0, 3.0)


def swatch(colour: str, size: int = 14) -> QIcon:
    """A small square of the label's colour with a dark border, for buttons and lists.

    Drawn once per device pixel ratio: a single 14-pixel image would be scaled up, and
    blurred, on a high-DPI screen.
    """
    made = QIcon()
    for ratio in SWATCH_RATIOS:
        pixmap = QPixmap(round(size * ratio), round(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(colour))
        painter.setPen(QColor(colour).darker(170))
        painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
        painter.end()
        made.addPixmap(pixmap)
    return made


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
    """The labels present in the open document, with their colours, keys and counts.

    One rich-text label rather than a row of widgets: it wraps onto a second line when
    the article is narrow, and an edit only changes its text. Rich text cannot draw a
    dash-dot or wavy underline, so the label is painted from a text document of the same
    words in the article's own formats (label_style.py): the legend shows each layer's
    line exactly as the article does. Its text stays the HTML, for screen readers.
    """

    def __init__(self, colours: Mapping[str, str], schema: LabelSchema | None = None) -> None:
        super().__init__()
        self._colours = dict(colours)
        self._marks = marks_by_label(colours, layer_marks(schema) if schema else None)
        self._tags = tag(schema) if schema else {}
        self._layer_lines = (
            {
                layer.title: LAYER_MARKS[i % len(LAYER_MARKS)].name
                for i, layer in enumerate(schema.layers)
            }
            if schema
            else {}
        )
        self._painted = QTextDocument(self)
        self._painted.setDocumentMargin(0)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(4, 2, 4, 2)

    def _chip(self, label: str, count: int) -> str:
        key = self._tags.get(label, "")
        return f"{label}{f' [{key}]' if key else ''}\u00a0{count}"

    def _paint_chips(self, chips: list[tuple[QTextCharFormat, str]]) -> None:
        self._painted.clear()
        self._painted.setDefaultFont(self.font())
        cursor = QTextCursor(self._painted)
        for i, (fmt, text) in enumerate(chips):
            if i:
                cursor.insertText("\u2003", QTextCharFormat())  # an em space between chips
            cursor.insertText(f"\u00a0{text}\u00a0", fmt)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._painted.isEmpty():
            super().paintEvent(event)
            return
        rect = self.contentsRect()
        self._painted.setTextWidth(rect.width())
        painter = QPainter(self)
        painter.translate(rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette()
        self._painted.documentLayout().draw(painter, context)
        painter.end()

    def show_counts(self, spans: Iterable[Span]) -> None:
        counts = Counter(span.label for span in spans)
        if not counts:
            self._painted.clear()
            self.setText("<span style='color: gray'>No annotations yet</span>")
            return
        painted = [
            (span_format(label, colour, self._marks[label]), self._chip(label, counts[label]))
            for label, colour in self._colours.items()
            if counts[label]
        ]
        painted += [
            (
                span_format(label, UNKNOWN_COLOUR, NO_MARK),
                f"{label} (not in the schema)\u00a0{n}",
            )
            for label, n in sorted(counts.items())
            if label not in self._colours
        ]
        self._paint_chips(painted)
        # The same words as HTML: what QLabel measures, and what a screen reader reads.
        self.setText(
            "\u2003".join(
                f"<span style='background-color: {fmt.background().color().name()}'>"
                f"&nbsp;{escape(text)}&nbsp;</span>"
                for fmt, text in painted
            )
        )
        lines = "; ".join(f"{title}: {mark}" for title, mark in self._layer_lines.items())
        self.setToolTip(
            "Spans in this document, by label, with their keys"
            + (f".\nEach layer has its own line: {lines}" if lines else "")
        )
