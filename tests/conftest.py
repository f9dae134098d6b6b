"""Fixtures shared by the whole suite: real SQLite databases and real spaCy pipelines."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before anything imports Qt: no screen is needed, and settings and the default project
# go to a throwaway folder, never the developer's own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="annotator-tests-"))
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")

import pytest
from sqlite_utils import Database

from annotator import paths
from annotator.core.schema import LabelSchema, load_schema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline, load_pipeline
from annotator.store.db import connect, initialise, open_project

SAMPLE_DOCS = sorted(paths.sample_docs_dir().glob("*.txt"))


@pytest.fixture(scope="session")
def schema() -> LabelSchema:
    return load_schema(paths.default_schema_path())


@pytest.fixture
def db(schema: LabelSchema) -> Iterator[Database]:
    """A fresh in-memory project."""
    database = connect(":memory:")
    initialise(database, schema)
    yield database
    database.conn.close()


@pytest.fixture
def project_path(tmp_path: Path, schema: LabelSchema) -> Path:
    """A new, empty project file on disk."""
    path = tmp_path / "project.annotator"
    open_project(path, new_schema=schema).conn.close()
    return path


@pytest.fixture(scope="session")
def blank() -> Pipeline:
    return Pipeline(blank_pipeline(), BLANK)


@pytest.fixture(scope="session")
def model() -> Pipeline:
    """The real English pipeline (en_core_web_sm), loaded once for the session."""
    pipeline = load_pipeline()
    assert pipeline.has_entities, pipeline.notice
    return pipeline


def project_from_record(
    path: Path, schema: LabelSchema, blank: Pipeline, record: dict[str, Any]
) -> Path:
    """A new project at ``path`` holding one imported JSONL ``record`` (with its annotations)."""
    source = path.with_suffix(".jsonl")
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = connect(path)
    initialise(db, schema)
    import_files(db, [source], pipeline=blank)
    db.conn.close()
    return path
