"""The article pane: the document's title, the legend of its labels, and the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.schema import LabelSchema
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.ui.article.palette import Legend
from annotator.ui.article.span_styles import layer_marks
from annotator.ui.article.view import ArticleView


class ArticlePane(QWidget):
    """Title, legend and article, one above the other; the title follows the document."""

    def __init__(self, schema: LabelSchema, colours: dict[str, str], view: ArticleView) -> None:
        super().__init__()
        self.title_label = QLabel()
        self.title_label.setObjectName("docTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # titles are never markup
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.legend = Legend(colours, schema)
        self.view = view
        self.view.set_colours(colours, layer_marks(schema))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)

    def show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """A document just opened: its title."""
        if changes.opened:
            document = session.editor.document
            self.title_label.setText(document.title)
            # A headline kept in the text is shown there, as a heading: not twice.
            self.title_label.setVisible(not document.headline)
