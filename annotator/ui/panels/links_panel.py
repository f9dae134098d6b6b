"""All links of the document as "quote ← source (cue)", with the selected link's attributes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Relation
from annotator.core.schema import LabelSchema
from annotator.session.changes import Changes
from annotator.session.wording import describe
from annotator.store.editing import DocumentEditor, reading_order
from annotator.ui.panels.attribute_form import AttributeForm
from annotator.ui.panels.when_shown import WhenShown


def _concerns(changes: Changes) -> bool:
    return bool(changes.annotations)


class LinksPanel(QWidget):
    """A row per link; selecting one shows both ends in the text."""

    link_selected = Signal(int, int)  # head span id, child span id
    unlink_requested = Signal(int)
    attribute_changed = Signal(int, str, object)  # relation id, name, value

    def __init__(self, schema: LabelSchema) -> None:
        super().__init__()
        self._schema = schema
        self._relations: list[Relation] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["From", "Link", "To"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Delete removes the selected link")
        self.table.itemSelectionChanged.connect(self._selected)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._unlink)
        self.form = AttributeForm()
        self.form.changed.connect(self._attribute)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)

        # After an operation: the panel shows the document again if it concerns it.
        self.show_changes = WhenShown(self, self.show_document, _concerns).changes

    def show_document(self, editor: DocumentEditor) -> None:
        text = editor.document.text
        order = {s.id: reading_order(s) for s in editor.spans.values()}
        self._relations = sorted(
            (r for r in editor.relations.values() if r.head in order and r.child in order),
            key=lambda r: (order[r.head], r.label),
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._relations))
        for row, relation in enumerate(self._relations):
            head, child = editor.spans[relation.head], editor.spans[relation.child]
            kind = relation.label
            if self._schema.relation(kind) is None:  # kept by a schema change
                kind += " (not in the schema)"
            for column, value in enumerate(
                (describe(head, text, 36), kind, describe(child, text, 36))
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self._selected()

    def current(self) -> Relation | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        return self._relations[row] if selected and 0 <= row < len(self._relations) else None

    def _selected(self) -> None:
        relation = self.current()
        kind = self._schema.relation(relation.label) if relation else None
        self.form.show_attributes(
            kind.attributes if kind else (), relation.attrs if relation else {}
        )
        if relation is not None:
            self.link_selected.emit(relation.head, relation.child)

    def _unlink(self) -> None:
        relation = self.current()
        if relation is not None and relation.id is not None:
            self.unlink_requested.emit(relation.id)

    def _attribute(self, name: str, value: object) -> None:
        relation = self.current()
        if relation is not None and relation.id is not None:
            self.attribute_changed.emit(relation.id, name, value)
