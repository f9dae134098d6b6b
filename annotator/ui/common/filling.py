"""Filling a table or tree widget with many rows without sizing its columns at each one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTreeWidget


@contextmanager
def filling(view: QTableWidget | QTreeWidget) -> Iterator[None]:
    """Fill ``view`` with its columns sized to their contents once, at the end.

    A column sized to its contents is measured again over every row each time an item
    is set: filling N rows costs N², seconds for the ledger of a large event.
    """
    header = view.horizontalHeader() if isinstance(view, QTableWidget) else view.header()
    modes = [header.sectionResizeMode(i) for i in range(header.count())]
    fitted = QHeaderView.ResizeMode.ResizeToContents
    for column, mode in enumerate(modes):
        if mode == fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    view.setUpdatesEnabled(False)
    try:
        yield
    finally:
        for column, mode in enumerate(modes):
            if mode == fitted:
                header.setSectionResizeMode(column, mode)
        view.setUpdatesEnabled(True)
