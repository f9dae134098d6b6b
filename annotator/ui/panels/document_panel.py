"""Document fields: status, the report's outlet and date, the schema's fields (stance toward
targets, the event, a note), and the event proposed for a report that has none."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.core.schema import Field, LabelSchema
from annotator.ledger.proposals import Proposal
from annotator.session.changes import Changes
from annotator.session.history import Typing
from annotator.store.editing import DocumentEditor
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.panels.report_meta import ProposalRow, ReportMeta
from annotator.ui.panels.when_shown import WhenShown

#: The field the claims ledger groups reports by; a report without one is proposed one.
EVENT_FIELD = "event"

#: Entity labels whose texts are offered as stance targets.
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW", "FAC", "LOC"})


class NoteEdit(QPlainTextEdit):
    """A note saved at every key: a window killed a moment after typing keeps it all.

    Leaving the field ends the undo step: the keys typed in one visit undo together.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        Typing.end()
        super().focusOutEvent(event)


class TargetsEditor(QWidget):
    """Stance toward one or more targets: a table of (target, stance) and a row to add one."""

    changed = Signal(object)  # the new list of {"target": ..., "value": ...}

    def __init__(self, field: Field) -> None:
        super().__init__()
        self._field = field
        self._rows: list[dict[str, str]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Target", field.name.capitalize()])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip("Delete removes the selected target")
        self.table.setMaximumHeight(130)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._remove)
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.target.lineEdit()
        assert line is not None  # the combo box is editable
        line.setPlaceholderText("Target: pick an entity or type one")
        self.value = QComboBox()
        self.value.addItems(field.values)
        self.add = QPushButton("Add")
        self.add.clicked.connect(self._add)
        line.returnPressed.connect(self._add)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(self.value)
        row.addWidget(self.add)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def show_value(self, value: Any, targets: list[str]) -> None:
        # Imported fields may hold anything: rows that are not objects are not targets.
        self._rows = (
            [dict(r) for r in value if isinstance(r, dict)] if isinstance(value, list) else []
        )
        self.table.setRowCount(len(self._rows))
        for i, row in enumerate(self._rows):
            for column, key in enumerate(("target", "value")):
                cell = row.get(key)
                self.table.setItem(i, column, QTableWidgetItem("" if cell is None else str(cell)))
        current = self.target.currentText()
        self.target.clear()
        self.target.addItems(targets)
        self.target.setEditText(current)

    def _add(self) -> None:
        target = " ".join(self.target.currentText().split())
        if not target:
            return
        rows = [r for r in self._rows if r.get("target") != target]
        rows.append({"target": target, "value": self.value.currentText()})
        self.target.setEditText("")
        self.changed.emit(rows)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._rows):
            self.changed.emit([r for i, r in enumerate(self._rows) if i != row] or None)


def _concerns(changes: Changes) -> bool:
    # The stance targets offered are the entities of the text: spans concern it too.
    return bool(changes.fields or changes.status or changes.annotations)


class DocumentPanel(QWidget):
    """Status, the report's outlet and date, and the schema's document fields."""

    status_changed = Signal(object)  # Status
    field_changed = Signal(str, object)
    meta_changed = Signal(str, object)  # 'outlet' or 'date', the new value (None: cleared)
    #: The event field of this document is empty: the window asks for a proposal.
    proposal_wanted = Signal(int)

    def __init__(self, schema: LabelSchema) -> None:
        super().__init__()
        self.form = form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        self.status = QComboBox()
        self.status.addItems([s.value for s in Status])
        self.status.activated.connect(self._status)
        form.addRow("Status", self.status)
        self.report = ReportMeta(self)
        self.report.changed.connect(self.meta_changed)
        form.addRow("Outlet", self.report.outlet)
        form.addRow("Date", self.report.date)
        form.addRow("", self.report.reads)
        self.proposal = ProposalRow()
        self.proposal.use.connect(self._use_proposal)
        self._asked: int | None = None  # the document a proposal was asked for
        self._event_empty = False  # the event field, as last shown
        self.editors: dict[str, QWidget] = {}
        self._saved: dict[str, Any] = {}  # the fields as last shown or typed
        self._add_fields(form, schema)
        if EVENT_FIELD in self.editors:
            form.setRowVisible(self.proposal, False)
        else:
            self.proposal.setParent(self)
            self.proposal.hide()

        # After an operation: the panel shows the document again if it concerns it.
        self.show_changes = WhenShown(self, self.show_document, _concerns).changes

    def _add_fields(self, form: QFormLayout, schema: LabelSchema) -> None:
        for field in schema.fields:
            editor: QWidget
            if field.kind == "targets":
                targets = TargetsEditor(field)
                targets.setObjectName(f"field-{field.name}")
                targets.changed.connect(self._targets_changed)
                editor = targets
            elif field.kind == "enum":
                box = QComboBox()
                box.addItems(["—", *field.values])
                box.setObjectName(f"field-{field.name}")
                box.activated.connect(self._enum_changed)
                editor = box
            else:
                note = NoteEdit()
                note.setObjectName(f"field-{field.name}")
                # Showing a document blocks the signals: only what the user types is saved.
                note.textChanged.connect(self._text_changed)
                editor = note
            editor.setToolTip(plain_tooltip(field.description))
            editor.setProperty("field", field.name)
            self.editors[field.name] = editor
            name = QLabel(field.name.capitalize())
            name.setTextFormat(Qt.TextFormat.PlainText)  # a schema's names are not markup
            form.addRow(name, editor)
            if field.name == EVENT_FIELD:  # the event proposed goes right under the field
                form.addRow("", self.proposal)

    def show_document(self, editor: DocumentEditor) -> None:
        self.status.setCurrentText(editor.status().value)
        self.report.show_meta(editor.document.meta)
        text = editor.document.text
        entities = sorted(
            {
                " ".join(s.text_in(text).split())
                for s in editor.spans.values()
                if s.label in TARGET_LABELS
            }
        )
        self._saved = dict(editor.fields)
        for name, widget in self.editors.items():
            value = editor.fields.get(name)
            widget.blockSignals(True)
            if isinstance(widget, TargetsEditor):
                widget.show_value(value, entities)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findText(str(value))) if value else 0)
            elif isinstance(widget, NoteEdit):
                note = value if isinstance(value, str) else "" if value is None else str(value)
                # After every key the saved note comes back: the text being typed (its
                # trailing space, its cursor) is left alone when it says the same.
                if widget.toPlainText().strip() != note.strip():
                    widget.setPlainText(note)
            widget.blockSignals(False)
        self._propose(editor)

    def _propose(self, editor: DocumentEditor) -> None:
        """Offer the proposed event while the field is empty; ask once per document."""
        self._event_empty = EVENT_FIELD in self.editors and not editor.fields.get(EVENT_FIELD)
        if self._event_empty and self._asked != editor.doc_id:
            self._asked = editor.doc_id
            self.proposal.show_proposal(None)
            self.proposal_wanted.emit(editor.doc_id)
        self._show_proposal_row()

    def _show_proposal_row(self) -> None:
        if EVENT_FIELD in self.editors:
            shown = self._event_empty and self.proposal.proposal is not None
            self.form.setRowVisible(self.proposal, shown)

    def show_proposal(self, doc_id: int, proposal: Proposal | None) -> None:
        """The event proposed for ``doc_id`` (None: none fits), shown if it is still open
        and its event field still empty."""
        if doc_id != self._asked:
            return  # another document was opened meanwhile
        self.proposal.show_proposal(proposal)
        self._show_proposal_row()

    def _use_proposal(self, event: str) -> None:
        Typing.end()  # a step of its own, whatever was typed in the field before
        self.field_changed.emit(EVENT_FIELD, event)

    def flush(self) -> None:
        """The window closes or the document changes: save the outlet or date typed, and
        end the note's undo step (every key of a note was saved as it was typed)."""
        self.report.flush()
        Typing.end()

    def _status(self) -> None:
        self.status_changed.emit(Status(self.status.currentText()))

    def _targets_changed(self, rows: object) -> None:
        self.field_changed.emit(str(self.sender().property("field")), rows)

    def _enum_changed(self) -> None:
        box = self.sender()
        assert isinstance(box, QComboBox)
        value = None if box.currentIndex() == 0 else box.currentText()
        self.field_changed.emit(str(box.property("field")), value)

    def _text_changed(self) -> None:
        note = self.sender()
        assert isinstance(note, NoteEdit)
        name = str(note.property("field"))
        value = note.toPlainText().strip() or None
        if value != self._saved.get(name):  # a space typed at the end changes nothing
            self._saved[name] = value
            self.field_changed.emit(name, value)
