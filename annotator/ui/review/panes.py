"""Review mode: each annotator's version of the document, read-only, scrolling together.

The panes share a splitter the reviewer drags to give one annotator more room; the sizes
are remembered per number of panes (``PANE_SIZES``), and a folded pane gives its room to
the others. The panes grow with the window as the gold article does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QScrollBar,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.ui.article.view import ArticleView
from annotator.ui.common.settings import read_sizes

#: QSettings key of the panes' sizes when there are ``n`` of them (a different number of
#: annotators would not fit sizes saved for another).
PANE_SIZES = "review/pane-sizes-{n}"
_UNLIMITED = 16_777_215  # QWIDGETSIZE_MAX: no maximum height


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
        # Folded, the pane is just its header: the splitter hands the rest to the others.
        self.setMaximumHeight(_UNLIMITED if shown else self.header.sizeHint().height())

    @property
    def folded(self) -> bool:
        return not self.header.isChecked()


class ReviewPanes(QSplitter):
    """A pane per annotator under the gold article; all of them scroll with the gold view."""

    def __init__(self, gold_view: ArticleView, colours: Mapping[str, str]) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self._gold = gold_view
        self._colours = colours
        self.panes: list[AnnotatorPane] = []
        self._syncing = False
        gold_view.verticalScrollBar().valueChanged.connect(self._scrolled)
        # A taller window gives the panes their share of the extra height, not all of it
        # to the gold article: the enclosing splitter grows only what has a stretch.
        policy = self.sizePolicy()
        policy.setVerticalStretch(1)
        self.setSizePolicy(policy)
        self.setChildrenCollapsible(False)  # a pane dragged shut would look lost
        self.splitterMoved.connect(self._remember_sizes)

    def show_document(self, text: str, layers: Sequence[tuple[str, Sequence[Span]]]) -> None:
        """Show each (annotator name, spans) pair; panes are reused across documents."""
        count = len(self.panes)
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
        if len(self.panes) != count:
            self._restore_sizes()
        self.setVisible(bool(layers))

    def _restore_sizes(self) -> None:
        sizes = read_sizes(QSettings(), PANE_SIZES.format(n=len(self.panes)), len(self.panes))
        self.setSizes(sizes if sizes is not None else [1] * len(self.panes))  # or equal

    def _remember_sizes(self) -> None:
        # Folded panes are left at their open size: unfolding one gives it back its room.
        if self.panes and not any(p.folded for p in self.panes):
            QSettings().setValue(
                PANE_SIZES.format(n=len(self.panes)), [str(s) for s in self.sizes()]
            )

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
