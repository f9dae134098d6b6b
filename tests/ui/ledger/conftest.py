"""A window on the four Orvan reports (tests/ledger/orvan.py), and its ledger window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.store.db import open_project
from annotator.ui.ledger.window import LedgerWindow
from annotator.ui.window.main_window import MainWindow
from tests.ledger.orvan import write_reports
from tests.ui.windows import close_window, show

#: Reading the ledger of four reports takes milliseconds; a loaded machine, longer.
READ_MS = 20_000


@pytest.fixture
def orvan(tmp_path: Path, schema: LabelSchema) -> tuple[Path, list[int]]:
    """A project holding the four reports, marked by "analyst"; their document ids."""
    path = tmp_path / "orvan.annotator"
    db = open_project(path, new_schema=schema)
    ids = write_reports(db)
    db.conn.close()
    return path, ids


@pytest.fixture
def analyst_window(qtbot: QtBot, orvan: tuple[Path, list[int]]) -> Iterator[MainWindow]:
    """The analyst's window on the reports; closed afterwards, its workers waited for."""
    window = show(qtbot, MainWindow(orvan[0], "analyst"), (1200, 800))
    yield window
    close_window(window)  # closes the ledger window and waits for a proposal under way


def open_ledger(window: MainWindow, qtbot: QtBot) -> LedgerWindow:
    """Review > Claims ledger…, and wait for the ledger window to show what it read."""
    window.commands.ledger.trigger()
    return wait_for_reading(window, qtbot)


def wait_for_reading(window: MainWindow, qtbot: QtBot) -> LedgerWindow:
    """Wait for the reading under way to be shown."""
    qtbot.waitUntil(lambda: not window.queue.jobs, timeout=READ_MS)
    ledger = window.ledger_jobs.ledger_window
    assert ledger is not None
    assert ledger.isVisible()
    return ledger
