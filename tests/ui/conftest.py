"""Windows on temporary projects holding the sample articles with a pipeline's entities.

Each kind of sample project is built once per session and copied for every test that
asks for it: importing the eight articles takes seconds, copying the file milliseconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from annotator.ui.window.main_window import MainWindow
from tests.conftest import SAMPLE_DOCS
from tests.ui.windows import show

#: The name a copy has in the test's tmp_path, as the ``project_path`` fixture names it.
PROJECT = "project.annotator"


def _build(
    folder: Path, schema: LabelSchema, pipeline: Pipeline, docs: Sequence[Path] = SAMPLE_DOCS
) -> Path:
    """A project of the sample articles analysed by ``pipeline``, closed: one file, no WAL."""
    path = folder / PROJECT
    db = open_project(path, new_schema=schema)
    import_files(db, docs, pipeline=pipeline)
    db.conn.close()  # the last connection checkpoints the WAL and removes -wal and -shm
    side_files = sorted(p.name for p in folder.iterdir() if p != path)
    assert not side_files, f"a copy of {path.name} alone would miss {side_files}"
    return path


def _copy(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(template, tmp_path / PROJECT))


@pytest.fixture(scope="session")
def _fake_sample_template(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, fake_model: Pipeline
) -> Path:
    return _build(tmp_path_factory.mktemp("fake-sample"), schema, fake_model)


@pytest.fixture(scope="session")
def _parsed_sample_template(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, model: Pipeline
) -> Path:
    # Two articles: parsing all eight with the real model cost seconds, and the tests using
    # this need only suggestions and the model's name.
    return _build(tmp_path_factory.mktemp("parsed-sample"), schema, model, SAMPLE_DOCS[:2])


@pytest.fixture
def sample_project(tmp_path: Path, _fake_sample_template: Path) -> Path:
    """A fresh copy of the sample articles with the fake pipeline's entities (no suggestions)."""
    return _copy(_fake_sample_template, tmp_path)


@pytest.fixture
def parsed_sample_project(tmp_path: Path, _parsed_sample_template: Path) -> Path:
    """A fresh copy of the sample articles analysed by the real model: entities, parses,
    suggestions, and en_core_web_sm named as the model. Tests using it are ``slow``."""
    return _copy(_parsed_sample_template, tmp_path)


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
        window.queue.cancel_all()  # a training left running would hold the teardown for minutes
        window.queue.wait()
