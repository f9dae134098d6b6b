"""The label palette (one button per label, bound to its action) and the legend."""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
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
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.ui.article.span_styles import (
    LAYER_MARKS,
    NO_MARK,
    layer_marks,
    marks_by_label,
    span_format,
    tag,
)
from annotator.ui.common.plain_text import label_tooltip, plain_tooltip

#: Spans of a label the project's schema no longer has (kept by a schema change).
UNKNOWN_COLOUR = "#bbbbbb"


#: Device pixel ratios a swatch is drawn for: crisp at 100 %, 125 %, 150 %, 200 % and 300 %.
SWATCH_RATIOS = (1.0, 1.25, 1.5, 2.0, 3.0)


#: Swatches drawn for the running application (dropped with it: no pixmap outlives it).
_SWATCHES: weakref.WeakKeyDictionary[QCoreApplication, dict[tuple[str, int], QIcon]] = (
    weakref.WeakKeyDictionary()
)


def swatch(colour: str, size: int = 14) -> QIcon:
    """A small square of the label's colour with a dark border, for buttons and lists.

    Drawn once per device pixel ratio: a single 14-pixel image would be scaled up, and
    blurred, on a high-DPI screen. Drawn once per colour, too: every window's palette,
    menus and lists share them (QIcon is a cheap, implicitly shared handle).
    """
    app = QCoreApplication.instance()
    drawn = _SWATCHES.setdefault(app, {}) if app is not None else {}
    if (colour, size) not in drawn:
        drawn[colour, size] = _draw_swatch(colour, size)
    return drawn[colour, size]


def _draw_swatch(colour: str, size: int) -> QIcon:
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
                # Made here, not copied from the action: descriptions stay plain text.
                button.setToolTip(label_tooltip(label))
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

    The labels are grouped by layer, each group headed by the layer's title; clicking a
    group says ``layer_clicked`` (the View menu's controls hide or show the layer), and
    a hidden layer's group is shown struck out and grey.
    """

    layer_clicked = Signal(str)  # the layer's name

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
        # (layer, title, labels) in the schema's order; without a schema, one untitled group.
        self._groups = [("", "", list(colours))]
        if schema:
            by_layer: dict[str, list[str]] = {layer.name: [] for layer in schema.layers}
            for label in schema.labels:
                by_layer.setdefault(label.layer, []).append(label.name)
            self._groups = [(lay.name, lay.title, by_layer[lay.name]) for lay in schema.layers]
        self._counts: Counter[str] = Counter()
        self._hidden: frozenset[str] = frozenset()
        self._ranges: list[tuple[int, int, str]] = []  # each entry's characters, its layer
        self._painted = QTextDocument(self)
        self._painted.setDocumentMargin(0)
        self.setMouseTracking(True)  # the pointing hand over an entry
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(4, 2, 4, 2)

    def _chip(self, label: str, count: int) -> str:
        key = self._tags.get(label, "")
        return f"{label}{f' [{key}]' if key else ''}\u00a0{count}"

    def _paint_chips(self, chips: list[tuple[QTextCharFormat, str, str]]) -> None:
        self._painted.clear()
        self._painted.setDefaultFont(self.font())
        self._ranges = []
        cursor = QTextCursor(self._painted)
        for i, (fmt, text, layer) in enumerate(chips):
            if i:
                cursor.insertText("\u2003", QTextCharFormat())  # an em space between chips
            start = cursor.position()
            cursor.insertText(f"\u00a0{text}\u00a0", fmt)
            self._ranges.append((start, cursor.position(), layer))

    def layer_at(self, point: QPointF) -> str:
        """The layer whose entry is at ``point`` (in the legend's coordinates); "" if none."""
        if self._painted.isEmpty():
            return ""
        rect = self.contentsRect()
        self._painted.setTextWidth(rect.width())
        at = self._painted.documentLayout().hitTest(
            point - QPointF(rect.topLeft()), Qt.HitTestAccuracy.ExactHit
        )
        return next((layer for start, end, layer in self._ranges if start <= at < end), "")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.layer_at(event.position()):
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        layer = self.layer_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and layer:
            self.layer_clicked.emit(layer)

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

    def show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """Recount when spans changed."""
        if changes.annotations:
            self.show_counts(session.editor.spans.values())

    def show_counts(self, spans: Iterable[Span]) -> None:
        """Show how many spans of each label the open document has."""
        self._counts = Counter(span.label for span in spans)
        self._show()

    def set_hidden_layers(self, layers: Iterable[str]) -> None:
        """Show the entries of ``layers`` struck out and grey: the article hides them."""
        self._hidden = frozenset(layers)
        self._show()

    def _entries(self) -> list[tuple[QTextCharFormat, str, str]]:
        """(format, words, layer) of each entry: a layer's title, then its labels."""
        counts, entries = self._counts, []
        for layer, title, labels in self._groups:
            present = [label for label in labels if counts[label]]
            hidden = layer in self._hidden
            if not present and not hidden:
                continue
            if title:
                heading = f"{title} (hidden):" if hidden else f"{title}:"
                entries.append((self._plain(hidden), heading, layer))
            for label in present:
                fmt = (
                    self._plain(hidden)
                    if hidden
                    else span_format(label, self._colours[label], self._marks[label])
                )
                entries.append((fmt, self._chip(label, counts[label]), layer))
        entries += [
            (
                span_format(label, UNKNOWN_COLOUR, NO_MARK),
                f"{label} (not in the schema)\u00a0{n}",
                "",
            )
            for label, n in sorted(counts.items())
            if label not in self._colours
        ]
        return entries

    def _plain(self, hidden: bool) -> QTextCharFormat:
        """A layer's title; with ``hidden``, any entry of a hidden layer: grey, struck out."""
        fmt = QTextCharFormat()
        if hidden:
            fmt.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            fmt.setFontStrikeOut(True)
        return fmt

    def _show(self) -> None:
        painted = self._entries()
        if not painted:
            self._painted.clear()
            self._ranges = []
            self.setText("<span style='color: gray'>No annotations yet</span>")
            return
        self._paint_chips(painted)
        # The same words as HTML: what QLabel measures, and what a screen reader reads.
        self.setText("\u2003".join(_html(fmt, text) for fmt, text, _ in painted))
        lines = "; ".join(f"{title}: {mark}" for title, mark in self._layer_lines.items())
        self.setToolTip(  # the layers' titles come from the schema: plain text
            plain_tooltip(
                "Spans in this document, by label, with their keys"
                + (f".\nEach layer has its own line: {lines}" if lines else "")
                + (".\nClick a layer to hide or show it in the article" if lines else "")
            )
        )


def _html(fmt: QTextCharFormat, text: str) -> str:
    """An entry of the legend as rich text: its colour, or grey and struck out if hidden."""
    if fmt.fontStrikeOut():
        style = "color: gray; text-decoration: line-through"
    elif fmt.background().style() != Qt.BrushStyle.NoBrush:
        style = f"background-color: {fmt.background().color().name()}"
    else:
        style = ""
    return f"<span style='{style}'>&nbsp;{escape(text)}&nbsp;</span>"


class SuggestionCount(QLabel):
    """How many suggestions of the open document wait for a decision."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("suggestionCount")

    def show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """Recount after anything that may have decided or made a suggestion."""
        if changes.suggestions or changes.annotations:
            count = len(session.editor.suggestions)
            self.setText(f"{count} suggestion{'s' if count != 1 else ''}")
