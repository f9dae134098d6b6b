"""The document list: a model that holds ids and fetches rows a page at a time."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.core.model import Status
from annotator.store.listing import DocRow, doc_ids, doc_rows
from annotator.ui.common.icons import icon
from annotator.ui.panels.table_model import AnyIndex, ColumnsModel

PAGE = 200
FILTER_DELAY_MS = 200
COLUMNS = ("Title", "Status", "Spans")


class DocListModel(ColumnsModel):
    """Rows of the documents matching a filter, read from the database page by page.

    Only ids are held for the whole list; a row's title, status and count are fetched
    with the rest of its page the first time the view asks, so 100,000 documents cost
    an id list and whatever is on screen.
    """

    columns = COLUMNS

    def __init__(self, db: Database, annotator_id: int) -> None:
        super().__init__()
        self._db = db
        self._annotator_id = annotator_id
        self._ids: list[int] = []
        self._rows: dict[int, DocRow] = {}
        self._filter = ""
        #: Words shown for statuses (review mode says "adjudicated" for done).
        self.status_names: dict[str, str] = {}

    # -- contents ------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self._filter = text
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = doc_ids(self._db, self._filter)
        self._rows.clear()
        self.endResetModel()

    def refresh_doc(self, doc_id: int) -> None:
        """Re-read one document's row after its status or spans changed."""
        row = self.row_of(doc_id)
        if row is None:
            return
        for found in doc_rows(self._db, [doc_id], self._annotator_id):
            self._rows[doc_id] = found
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def refresh_all(self) -> None:
        self._rows.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def doc_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, doc_id: int) -> int | None:
        try:
            return self._ids.index(doc_id)
        except ValueError:
            return None

    def status(self, row: int) -> Status | None:
        found = self._row(row)
        return found.status if found else None

    def _page_of(self, row: int) -> None:
        first = row // PAGE * PAGE
        for found in doc_rows(self._db, self._ids[first : first + PAGE], self._annotator_id):
            self._rows[found.id] = found

    def _row(self, row: int) -> DocRow | None:
        doc_id = self.doc_id(row)
        if doc_id is None:
            return None
        if doc_id not in self._rows:
            self._page_of(row)
        return self._rows.get(doc_id)

    # -- Qt model ------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            status = self.status_names.get(row.status.value, row.status.value)
            return (row.title, status, row.n_spans)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return icon(f"status-{row.status.value}")
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            # Tooltips render anything that looks like HTML: escape, and say it is rich
            # text, so that an imported "<b>title</b>" shows as those characters.
            return f"<p>{escape(row.title)}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocTable(QTableView):
    """The document list: one selected row, the title taking the spare width."""

    def __init__(self, model: DocListModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: a column that grows with "in progress" would squeeze the titles.
        metrics = self.fontMetrics()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, metrics.horizontalAdvance("in progress") + 40)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, metrics.horizontalAdvance("Spans") + 16)


class FilterBox(QLineEdit):
    """The filter field; it reports once typing pauses, not on every key."""

    filter_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText("Filter by words in title or text")
        self.setClearButtonEnabled(True)
        self.addAction(icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self._fire)
        self.textChanged.connect(self._timer.start)

    def _fire(self) -> None:
        self.filter_changed.emit(self.text())


class DocumentListPane(QWidget):
    """The filter box above the list of the project's documents."""

    def __init__(self, db: Database, annotator_id: int, *, reviewing: bool = False) -> None:
        super().__init__()
        self.filter_box = FilterBox()
        self.model = DocListModel(db, annotator_id)
        self.model.setParent(self)  # Qt owns it: never collected from another thread
        if reviewing:
            self.model.status_names = {"todo": "not started", "done": "adjudicated"}
        self.table = DocTable(self.model)
        self.setMinimumWidth(260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table)
