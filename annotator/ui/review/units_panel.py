"""Review mode: every unit of the document (span, link, field) coloured by its state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.review.unit_attributes import describe_differences
from annotator.review.units import Unit, UnitState
from annotator.ui.panels.table_model import AnyIndex, ColumnsModel

#: Tints for the states; the state is also written out, so colour is never the only cue.
STATE_COLOURS = {
    UnitState.AGREE: "#d8f0d2",
    UnitState.ATTRIBUTES: "#e8d9f4",
    UnitState.DISAGREE: "#f9d0cc",
    UnitState.PARTIAL: "#fbe6b8",
    UnitState.ACCEPTED: "#cfe3f7",
    UnitState.REJECTED: "#e3e3e3",
}
COLUMNS = ("State", "Unit", "Who", "Kind")


class UnitsModel(ColumnsModel):
    """The units as rows: a model, so that a document with thousands of units stays quick."""

    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.units: list[Unit] = []
        self._names: dict[int, str] = {}
        self._brushes = {state: QColor(colour) for state, colour in STATE_COLOURS.items()}
        self._ink = QColor("#1b1b1b")

    def set_units(self, units: Sequence[Unit], names: Mapping[int, str]) -> None:
        self.beginResetModel()
        self.units = list(units)
        self._names = dict(names)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.units)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = self.units[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            who = ", ".join(self._names.get(a, str(a)) for a in unit.versions)
            return (
                unit.state_text + (" (settled)" if unit.overruled else ""),
                unit.description,
                f"{len(unit.versions)}/{unit.n}: {who}",
                unit.kind.value,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and unit.differing:
            # Each annotator's value of each attribute that differs: what to choose between.
            return "\n".join(describe_differences(unit.versions, self._names, unit.differing))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[unit.state]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._ink
        return None


class UnitsPanel(QWidget):
    """One row per unit; the current row is the unit the review keys act on."""

    unit_selected = Signal(int)  # row

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.model = UnitsModel()
        self.model.setParent(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fixed widths, not "resize to contents", which measures every row on every change.
        for column, width in enumerate((180, 0, 190, 70)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current)
        layout.addWidget(self.table)

    @property
    def units(self) -> list[Unit]:
        return self.model.units

    def show_units(self, units: Sequence[Unit], names: Mapping[int, str]) -> None:
        current = self.table.currentIndex().row()
        self.table.selectionModel().blockSignals(True)
        self.model.set_units(units, names)
        if 0 <= current < len(self.model.units):
            self._set_current(current)
        self.table.selectionModel().blockSignals(False)

    def current(self) -> Unit | None:
        row = self.table.currentIndex().row()
        return self.model.units[row] if 0 <= row < len(self.model.units) else None

    def select(self, row: int) -> None:
        if 0 <= row < len(self.model.units):
            self._set_current(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _set_current(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if 0 <= index.row() < len(self.model.units):
            self.unit_selected.emit(index.row())
