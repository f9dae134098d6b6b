"""The selected span: its attributes (from the schema) and its links."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.session.selection import Selection
from annotator.session.wording import describe
from annotator.store.editing import DocumentEditor
from annotator.ui.panels.attribute_form import AttributeForm


class SpanPanel(QWidget):
    """Shows and edits the selected span; says so when nothing is selected."""

    attribute_changed = Signal(str, object)
    unlink_requested = Signal(int)  # relation id
    span_requested = Signal(int)  # span id: go to the linked span

    def __init__(self, schema: LabelSchema) -> None:
        super().__init__()
        self._schema = schema
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.form = AttributeForm()
        self.form.changed.connect(self.attribute_changed)
        self.links_label = QLabel("Links")
        self.links = QListWidget()
        self.links.setToolTip(
            "Links of this span; Delete removes the selected link, Enter goes to the other span"
        )
        self.links.itemActivated.connect(self._go)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.links)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._unlink)
        for widget in (self.heading, self.form, self.links_label, self.links):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_span(None, None)

    def show_selection(self, selection: Selection) -> None:
        """The selected span, or a hint when a suggestion or nothing is selected."""
        self.show_span(selection.span, selection.editor)

    def show_span(self, span: Span | None, editor: DocumentEditor | None) -> None:
        if span is None or editor is None:
            self.heading.setText("Click a span, or select text and press a label key.")
            self.form.show_attributes((), {})
            self.links.clear()
            self.links_label.hide()
            self.links.hide()
            return
        text = editor.document.text
        label = self._schema.label(span.label)
        self.heading.setText(
            f"{describe(span, text, 80)}  [{span.start}:{span.end}]"
            + f"  ({span.origin.describe()})"
            + (
                f"\n{span.label} is not in the project's schema any more: the span is kept "
                "as it was; a label key relabels it"
                if label is None
                else ""
            )
        )
        self.form.show_attributes(label.attributes if label else (), span.attrs)
        self.links.clear()
        assert span.id is not None
        for relation, other in editor.linked(span.id):
            arrow = "→" if relation.head == span.id else "←"
            item = QListWidgetItem(f"{arrow} {relation.label}  {describe(other, text, 40)}")
            item.setData(Qt.ItemDataRole.UserRole, relation.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, other.id)
            self.links.addItem(item)
        has_links = self.links.count() > 0
        self.links_label.setVisible(has_links)
        self.links.setVisible(has_links)

    def _unlink(self) -> None:
        item = self.links.currentItem()
        if item is not None:
            self.unlink_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _go(self, item: QListWidgetItem) -> None:
        self.span_requested.emit(int(item.data(Qt.ItemDataRole.UserRole + 1)))
