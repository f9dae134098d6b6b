"""A project to learn from: the eight sample articles with their hand-made gold, done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator import paths
from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project

GOLD = paths.sample_docs_dir() / "gold.jsonl"


@pytest.fixture(scope="session")
def learned_template(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, model: Pipeline
) -> Path:
    """Built once: the gold articles imported, analysed by the real pipeline, marked done."""
    path = tmp_path_factory.mktemp("learned") / "news.annotator"
    db = open_project(path, new_schema=schema)
    import_files(db, [GOLD], pipeline=model, options=ImportOptions(status=Status.DONE))
    db.conn.close()
    return path


@pytest.fixture
def learned_project(learned_template: Path, tmp_path: Path) -> Path:
    """A copy of the template for one test to change."""
    path = tmp_path / "news.annotator"
    shutil.copy(learned_template, path)
    return path
