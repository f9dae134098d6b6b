"""A window on a temporary project holding the sample articles with the model's entities."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLE_DOCS
from tests.ui.windows import show


@pytest.fixture
def sample_project(project_path: Path, model: Pipeline) -> Path:
    db = open_project(project_path)
    import_files(db, SAMPLE_DOCS, pipeline=model)
    db.conn.close()
    return project_path


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[type[MainWindow]]:
    """Makes windows that are shown and active, and closed (jobs waited for) afterwards."""
    windows: list[MainWindow] = []

    def make(path: Path, annotator: str = "alice") -> MainWindow:
        window = show(qtbot, MainWindow(path, annotator), (1200, 800))
        windows.append(window)
        return window

    yield make  # type: ignore[misc]
    for window in windows:
        window.queue.wait()
