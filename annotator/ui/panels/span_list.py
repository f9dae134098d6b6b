"""The side list of the open document's spans, in reading order."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.core.model import Span
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.selection import Selection
from annotator.store.editing import reading_order
from annotator.ui.article.palette import swatch
from annotator.ui.common.plain_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
SNIPPET = 60


class SpanListModel(QAbstractListModel):
    """One row per span: label, text and (for kept model entities) where it came from."""

    def __init__(self, colours: Mapping[str, str]) -> None:
        super().__init__()
        self._icons: dict[str, QIcon] = {}
        self._colours = colours
        self._spans: list[Span] = []
        self._text = ""

    def set_spans(self, text: str, spans: Sequence[Span]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = list(spans)
        self.endResetModel()

    def apply(self, changed: Sequence[Span], current: Mapping[int, Span]) -> None:
        """Bring the list in step after an edit, row by row (a reset would relayout all)."""
        for span in changed:
            row = self.row_of(span.id) if span.id is not None else None
            now = current.get(span.id) if span.id is not None else None
            if row is not None and now is None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                self.endRemoveRows()
            elif row is not None and now is not None:
                self._spans[row] = now
                self.dataChanged.emit(self.index(row), self.index(row))
            elif now is not None:
                at = bisect_left(self._spans, reading_order(now), key=reading_order)
                self.beginInsertRows(QModelIndex(), at, at)
                self._spans.insert(at, now)
                self.endInsertRows()

    def show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """After an operation: relist a document read again, else the rows it touched."""
        editor = session.editor
        if changes.reloaded:
            self.set_spans(editor.document.text, editor.ordered())
        elif changes.spans:
            self.apply(changes.spans, editor.spans)

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int) -> int | None:
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def _icon(self, label: str) -> QIcon:
        if label not in self._icons:
            self._icons[label] = swatch(self._colours.get(label, "#bbbbbb"))
        return self._icons[label]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        span = self.span_at(index.row()) if index.isValid() else None
        if span is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(span.text_in(self._text).split())
            if len(text) > SNIPPET:
                text = text[: SNIPPET - 1] + "…"
            return f"{span.label}  {text}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(span.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"[{span.start}:{span.end}], {span.origin.describe()}"
            return plain_tooltip(f"{span.label} {where}")
        return None


class SpanTable(QTableView):
    """The span list. A table, not a QListView: a list view lays out every row again
    after an insert, which cost milliseconds per edit on a document with 1,500 spans."""

    span_requested = Signal(int)  # the id of the span clicked or activated

    def __init__(self, model: SpanListModel) -> None:
        super().__init__()
        self._model = model
        self.setModel(model)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)

    def _chosen(self, index: QModelIndex) -> None:
        span = self._model.span_at(index.row())
        if span is not None and span.id is not None:
            self.span_requested.emit(span.id)

    def show_selection(self, selection: Selection) -> None:
        """Select the selected span's row (none for a suggestion or nothing)."""
        span = selection.span
        row = self._model.row_of(span.id) if span is not None and span.id is not None else None
        if row is None:
            self.clearSelection()
        else:
            self.setCurrentIndex(self._model.index(row))
