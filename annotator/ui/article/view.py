"""The article: a read-only QPlainTextEdit whose highlighter paints spans block by block.

QPlainTextEdit lays out only what is on screen and the highlighter formats a block
when it is first shown, so a book-length text with thousands of spans opens at once;
QTextEdit lays out the whole text and took seconds for the same article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from annotator.core.model import Span
from annotator.core.offsets import Utf16Map, line_starts
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.selection import Selection
from annotator.ui.article.highlighter import (
    PARAGRAPH_SPACING,
    ParagraphLayout,
    Segment,
    SpanHighlighter,
)
from annotator.ui.article.palette import UNKNOWN_COLOUR
from annotator.ui.article.span_styles import (
    LABEL_PROPERTY,
    NO_MARK,
    LayerMark,
    marks_by_label,
    span_format,
    suggestion_format,
)
from annotator.ui.common.plain_text import plain_tooltip


class ArticleView(QPlainTextEdit):
    """Shows one document's text with its spans; offsets in and out are code points."""

    #: A click (without dragging a selection) at this code-point offset.
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        document = QTextDocument(self)
        self._layout = ParagraphLayout(document)
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        self.setReadOnly(True)
        # Selectable by keyboard too: shift+arrows select text for labelling.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setObjectName("articleView")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self._set_font(font)
        self._base_point_size = font.pointSizeF()  # at 100 % zoom
        self.zoom = 100
        self.document().setDocumentMargin(14)
        self._highlighter = SpanHighlighter(self.document())
        self._formats: dict[str, QTextCharFormat] = {}
        self._suggestion_formats: dict[str, QTextCharFormat] = {}
        # A label the schema no longer has is painted grey, never left out.
        self._unknown, self._unknown_suggestion = self._label_formats(
            UNKNOWN_COLOUR, "label not in the schema", NO_MARK
        )
        # Labels of the layers the user hid (View > Show layers), and whether suggestions
        # are hidden: their spans are kept and listed, just not painted (nor clicked on).
        self._hidden: frozenset[str] = frozenset()
        self._hide_suggestions = False
        self._text = ""
        self._u16 = Utf16Map("")
        self._line_starts: list[int] = [0]
        self._press_pos = -1
        #: Words on the suggestions at an offset (a model's name and confidence), for the
        #: tooltip; set by whoever knows the open document.
        self.suggestion_notes: Callable[[int], list[str]] = lambda _offset: []

    # -- content -------------------------------------------------------------------------

    @staticmethod
    def _label_formats(
        colour: str, label: str, mark: LayerMark
    ) -> tuple[QTextCharFormat, QTextCharFormat]:
        """The formats of a label's spans and of its suggestions (label_style.py)."""
        return span_format(label, colour, mark), suggestion_format(label, colour)

    def set_colours(
        self, colours: Mapping[str, str], marks: Mapping[str, LayerMark] | None = None
    ) -> None:
        """Each label's colour, and its layer's line (``marks``; the first layer's if None)."""
        self._formats = {}
        self._suggestion_formats = {}
        for label, mark in marks_by_label(colours, marks).items():
            self._formats[label], self._suggestion_formats[label] = self._label_formats(
                colours[label], label, mark
            )

    def match(self, other: ArticleView) -> None:
        """Paint labels and zoom as ``other`` does (the review panes follow the gold view)."""
        self._formats = dict(other._formats)
        self._suggestion_formats = dict(other._suggestion_formats)
        self._hidden, self._hide_suggestions = other._hidden, other._hide_suggestions
        self.set_zoom(other.zoom)

    def set_hidden(self, labels: Collection[str], suggestions: bool) -> None:
        """Paint no span of ``labels`` (nor, with ``suggestions``, any suggestion).

        Takes effect with the next ``show_text`` or ``update_spans``.
        """
        self._hidden = frozenset(labels)
        self._hide_suggestions = suggestions

    def shows(self, span: Span, *, suggestion: bool = False) -> bool:
        """Whether ``span`` (a suggestion, with ``suggestion``) is painted: clickable."""
        return span.label not in self._hidden and not (suggestion and self._hide_suggestions)

    def set_zoom(self, percent: int) -> None:
        """Show the text at ``percent`` of its usual size; the spans keep their place."""
        self.zoom = percent
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size * percent / 100)
        self._set_font(font)

    def _set_font(self, font: QFont) -> None:
        """Use ``font``; the space between paragraphs grows and shrinks with it."""
        self._layout.spacing = round(QFontMetricsF(font).lineSpacing() * PARAGRAPH_SPACING)
        self.setFont(font)
        highlighter = getattr(self, "_highlighter", None)  # None while being built
        if highlighter is not None and highlighter.heading:
            highlighter.heading_format.setFontPointSize(font.pointSizeF() * 1.25)
            highlighter.rehighlightBlock(self.document().firstBlock())

    def show_text(
        self,
        text: str,
        spans: Iterable[Span],
        suggestions: Iterable[Span] = (),
        *,
        headline: int = 0,
    ) -> None:
        """Show a new document; the spans are painted as blocks come into view.

        ``headline``: the length of the headline the text opens with, shown as a heading.
        """
        self._text = text
        self._u16 = Utf16Map(text)
        self._highlighter.heading = self._u16.to_utf16(headline)
        self._highlighter.heading_format.setFontPointSize(self.font().pointSizeF() * 1.25)
        self._line_starts = line_starts(text)
        self._highlighter.by_block = self._index(self._painted(spans, suggestions))
        # The highlighter formats blocks lazily as they are laid out after this call.
        self.setPlainText(text)
        self.setExtraSelections([])

    def show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """Show a document just opened; repaint what an operation changed."""
        editor = session.editor
        spans, suggestions = editor.spans.values(), editor.suggestions.values()
        if changes.opened:
            document = editor.document
            self.show_text(document.text, spans, suggestions, headline=document.headline)
        elif changes.reloaded:
            self.update_spans(spans, (), suggestions)
        elif changes.spans or changes.suggestions:
            self.update_spans(spans, changes.spans, suggestions)

    def show_selection(self, selection: Selection) -> None:
        """Mark the selected span (and what it links to) or the suggestion under decision."""
        self.mark_span(selection.marked, scroll=selection.scroll, linked=selection.linked)

    def update_spans(
        self,
        spans: Iterable[Span],
        changed: Iterable[Span] = (),
        suggestions: Iterable[Span] = (),
    ) -> None:
        """Repaint after an edit: only the blocks the ``changed`` spans touch are redone.

        Without ``changed`` (the model added entities, say) every block is redone.
        """
        index = self._highlighter.by_block
        blocks = {b for span in changed for b in self._blocks_of(span.start, span.end)}
        if not blocks:
            before = set(index)
            self._highlighter.by_block = index = self._index(self._painted(spans, suggestions))
            blocks = before | set(index)
        else:
            low = self._line_starts[min(blocks)]
            high = max(self._block_end(b) for b in blocks)
            near = [s for s in spans if s.start < high and s.end > low]
            near_suggestions = [s for s in suggestions if s.start < high and s.end > low]
            nearby = self._index(self._painted(near, near_suggestions))
            for block in blocks:
                index.pop(block, None)
                if block in nearby:
                    index[block] = nearby[block]
        doc = self.document()
        for number in sorted(blocks):
            text_block = doc.findBlockByNumber(number)
            if text_block.isValid():
                self._highlighter.rehighlightBlock(text_block)

    def _block_end(self, block: int) -> int:
        starts = self._line_starts
        return starts[block + 1] - 1 if block + 1 < len(starts) else len(self._text)

    def _blocks_of(self, start: int, end: int) -> range:
        first = bisect_right(self._line_starts, start) - 1
        last = bisect_right(self._line_starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def _painted(
        self, spans: Iterable[Span], suggestions: Iterable[Span]
    ) -> list[tuple[Span, QTextCharFormat]]:
        """What to paint, in painting order: suggestions under annotations, and within
        each, longest first, so that a span inside another is painted over it."""
        painted = []
        offered = () if self._hide_suggestions else suggestions
        for group, formats, unknown in (
            (offered, self._suggestion_formats, self._unknown_suggestion),
            (spans, self._formats, self._unknown),
        ):
            shown = [span for span in group if span.label not in self._hidden]
            for span in sorted(shown, key=lambda s: s.start - s.end):
                painted.append((span, formats.get(span.label, unknown)))
        return painted

    def _index(self, painted: Iterable[tuple[Span, QTextCharFormat]]) -> dict[int, list[Segment]]:
        index: dict[int, list[Segment]] = {}
        starts = self._line_starts
        for span, fmt in painted:
            for block in self._blocks_of(span.start, span.end):
                block_start = starts[block]
                seg_start, seg_end = (
                    max(span.start, block_start),
                    min(span.end, self._block_end(block)),
                )
                if seg_start >= seg_end:
                    continue
                base = self._u16.to_utf16(block_start)
                u_start = self._u16.to_utf16(seg_start) - base
                u_end = self._u16.to_utf16(seg_end) - base
                index.setdefault(block, []).append((u_start, u_end - u_start, fmt))
        return index

    # -- positions -----------------------------------------------------------------------

    def to_offset(self, position: int) -> int:
        """Code-point offset of a Qt (UTF-16) document position."""
        return self._u16.from_utf16(position)

    def to_position(self, offset: int) -> int:
        return self._u16.to_utf16(offset)

    def selected_range(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.to_offset(cursor.selectionStart()), self.to_offset(cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select text (as a user would with the mouse), scrolling it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_position(start))
        cursor.setPosition(self.to_position(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _selection(self, span: Span, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_position(span.start))
        cursor.setPosition(self.to_position(span.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def mark_span(
        self, span: Span | None, *, scroll: bool = False, linked: Iterable[Span] = ()
    ) -> None:
        """Mark the selected span, and the spans linked to it with a dotted underline.

        Extra selections, a handful at a time: cheap however long the text.
        """
        if span is None:
            self.setExtraSelections([])
            return
        fmt = QTextCharFormat()
        colour = self._formats.get(span.label, self._unknown).background().color()
        fmt.setBackground(colour.darker(125))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        marks = [self._selection(span, fmt)]
        for other in linked:
            link = QTextCharFormat()
            link.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            link.setUnderlineColor(QColor("#1a237e"))
            link.setFontUnderline(True)
            marks.append(self._selection(other, link))
        self.setExtraSelections(marks)
        if scroll:
            plain = QTextCursor(self.document())
            plain.setPosition(self.to_position(span.start))
            self.setTextCursor(plain)
            self.centerCursor()

    # -- mouse ---------------------------------------------------------------------------

    def labels_at(self, offset: int) -> list[str]:
        """The labels painted at code-point ``offset``, innermost first."""
        position = self.to_position(offset)
        block = self.document().findBlock(position)
        if not block.isValid():
            return []
        at = position - block.position()
        found = [
            str(r.format.property(LABEL_PROPERTY))
            for r in block.layout().formats()
            if r.start <= at < r.start + r.length and r.format.hasProperty(LABEL_PROPERTY)
        ]
        return found[::-1]  # painted outermost first

    def viewportEvent(self, event: QEvent) -> bool:
        # Hovering names the label: colour and line alone do not say which label it is.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            offset = self.to_offset(cursor.position())
            labels = self.labels_at(offset)
            if labels:
                lines = [", ".join(dict.fromkeys(labels)), *self.suggestion_notes(offset)]
                QToolTip.showText(event.globalPos(), plain_tooltip("\n".join(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = self.cursorForPosition(event.position().toPoint()).position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            if position == self._press_pos:
                self.clicked.emit(self.to_offset(position))
