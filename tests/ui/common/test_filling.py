"""Filling a table: its columns fitted to their contents once, at the end."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from annotator.ui.common.filling import filling

FITTED = QHeaderView.ResizeMode.ResizeToContents


def test_the_columns_fit_what_was_put_in_and_keep_their_modes(qtbot: QtBot) -> None:
    table = QTableWidget(0, 2)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, FITTED)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    narrow = table.columnWidth(0)
    with filling(table):
        assert not table.updatesEnabled()
        table.setRowCount(300)
        for row in range(300):
            table.setItem(row, 0, QTableWidgetItem(f"a much longer cell than the header {row}"))
            table.setItem(row, 1, QTableWidgetItem("x"))
    assert table.updatesEnabled()
    assert header.sectionResizeMode(0) == FITTED
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert table.columnWidth(0) > narrow  # fitted to the long cells, once
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)
