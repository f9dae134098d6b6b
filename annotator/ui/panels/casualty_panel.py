"""Every casualty figure of the document in a table, and the figures that do not add up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.figures import check_figures
from annotator.session.changes import Changes
from annotator.store.editing import DocumentEditor, reading_order
from annotator.ui.panels.when_shown import WhenShown

COLUMNS = ("Figure", "Outcome", "Victims", "Min", "Best", "Max", "Qualifier", "Source")
LABEL = "CASUALTY"


def _concerns(changes: Changes) -> bool:
    return bool(changes.annotations)


class CasualtyPanel(QWidget):
    """One row per CASUALTY span; a warning under the table for each inconsistency."""

    span_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemActivated.connect(self._go)
        self.table.itemClicked.connect(self._go)
        self.issues = QLabel()
        self.issues.setTextFormat(Qt.TextFormat.PlainText)
        self.issues.setWordWrap(True)
        self.issues.setObjectName("casualtyIssues")
        self.issues.setStyleSheet("color: #b00020;")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.issues)

        # After an operation: the panel shows the document again if it concerns it.
        self.show_changes = WhenShown(self, self.show_document, _concerns).changes

    def show_document(self, editor: DocumentEditor) -> None:
        text = editor.document.text
        figures = [s for s in sorted(editor.spans.values(), key=reading_order) if s.label == LABEL]
        self.table.setRowCount(len(figures))
        for row, span in enumerate(figures):
            sources = [
                " ".join(other.text_in(text).split())
                for relation, other in editor.linked(span.id or 0)
                if relation.label == "ATTRIBUTED_TO" and relation.head == span.id
            ]
            cells = [
                " ".join(span.text_in(text).split()),
                *(
                    "" if span.attrs.get(k) is None else str(span.attrs[k])
                    for k in ("outcome", "victims", "min", "best", "max", "qualifier")
                ),
                ", ".join(sources),
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, span.id)
                self.table.setItem(row, column, item)
        problems = check_figures(editor.spans, editor.relations.values(), text)
        self.issues.setText("\n".join(f"⚠ {p.message}" for p in problems))
        self.issues.setVisible(bool(problems))

    def _go(self, item: QTableWidgetItem) -> None:
        self.span_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
