"""Review mode: each annotator's version of the document, read-only, scrolling together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QScrollBar,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.ui.article_view import ArticleView


class AnnotatorPane(QWidget):
    """One annotator's spans over the text; the header button folds it away."""

    def __init__(self, name: str, colours: Mapping[str, str]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QToolButton()
        self.header.setText(name)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setAutoRaise(True)
        self.header.toggled.connect(self._fold)
        self.view = ArticleView()
        self.view.set_colours(colours)
        # Read-only for good: a reviewer edits gold, never an annotator's own work.
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)

    def _fold(self, shown: bool) -> None:
        self.view.setVisible(shown)
        self.header.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class ReviewPanes(QSplitter):
    """A pane per annotator under the gold article; all of them scroll with the gold view."""

    def __init__(self, gold_view: ArticleView, colours: Mapping[str, str]) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self._gold = gold_view
        self._colours = colours
        self.panes: list[AnnotatorPane] = []
        self._syncing = False
        gold_view.verticalScrollBar().valueChanged.connect(self._scrolled)

    def show_document(self, text: str, layers: Sequence[tuple[str, Sequence[Span]]]) -> None:
        """Show each (annotator name, spans) pair; panes are reused across documents."""
        while len(self.panes) > len(layers):
            pane = self.panes.pop()
            pane.setParent(None)
            pane.deleteLater()
        while len(self.panes) < len(layers):
            pane = AnnotatorPane("", self._colours)
            pane.view.match(self._gold)  # the gold view's lines per layer, and its zoom
            pane.view.verticalScrollBar().valueChanged.connect(self._scrolled)
            self.addWidget(pane)
            self.panes.append(pane)
        for pane, (name, spans) in zip(self.panes, layers, strict=True):
            pane.header.setText(f"{name}: {len(spans)} spans")
            pane.view.show_text(text, spans)
        self.setVisible(bool(layers))

    def _scrolled(self, value: int) -> None:
        # Same text, same width: the same scroll fraction shows the same passage.
        if self._syncing:
            return
        source = self.sender()
        if not isinstance(source, QScrollBar):
            return
        fraction = value / source.maximum() if source.maximum() else 0.0
        self._syncing = True
        try:
            for bar in [
                self._gold.verticalScrollBar(),
                *(p.view.verticalScrollBar() for p in self.panes),
            ]:
                if bar is not source:
                    bar.setValue(round(fraction * bar.maximum()))
        finally:
            self._syncing = False
