"""How the article is painted: paragraphs spaced apart, spans formatted block by block,
and the headline the text opens with shown as a heading."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

Segment = tuple[int, int, QTextCharFormat]  # UTF-16 start in its block, length, format
#: The space under a paragraph, as a share of a line's height.
PARAGRAPH_SPACING = 0.6


class ParagraphLayout(QPlainTextDocumentLayout):
    """Leaves ``spacing`` pixels under each paragraph that another one follows.

    An article imported one paragraph per line would otherwise run its paragraphs
    together. QPlainTextDocumentLayout ignores QTextBlockFormat's margins and line height,
    so the space is added to the block's bounding rectangle, which QPlainTextEdit paints,
    scrolls and hit-tests by; the text itself (and every offset into it) is unchanged.
    Paragraphs already apart (an empty line between them) get none.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spacing = 0.0

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        after = block.next()
        if rect.height() > 0 and block.length() > 1 and after.isValid() and after.length() > 1:
            rect.setHeight(rect.height() + self.spacing)
        return rect


class SpanHighlighter(QSyntaxHighlighter):
    """Formats each block from a precomputed index: no searching while painting."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.by_block: dict[int, list[Segment]] = {}
        #: UTF-16 length of the headline that opens the text (0: none), shown as a heading.
        self.heading = 0
        self.heading_format = QTextCharFormat()
        self.heading_format.setFontWeight(QFont.Weight.Bold)
        self.heading_format.setFontPointSize(document.defaultFont().pointSizeF() * 1.25)

    def highlightBlock(self, text: str) -> None:
        segments = self.by_block.get(self.currentBlock().blockNumber(), ())
        if self.heading and self.currentBlock().blockNumber() == 0:
            # The headline is the text's first paragraph: a heading, its spans on top.
            self.setFormat(0, min(self.heading, len(text)), self.heading_format)
            for start, length, fmt in segments:
                merged = QTextCharFormat(self.heading_format)
                merged.merge(fmt)
                self.setFormat(start, length, merged)
            return
        for start, length, fmt in segments:
            self.setFormat(start, length, fmt)
