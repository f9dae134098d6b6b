"""Fixtures shared by the whole suite: real SQLite databases and real spaCy pipelines.

Pipelines: ``blank`` (tokenizer and sentencizer), ``fake_model`` (the same and an entity
ruler that knows the sample articles' names, tests/fake_pipeline.py: entities in
milliseconds, no parse, so no suggestions) and ``model``, the real en_core_web_sm, loaded
once per session. Every test that uses ``model``, directly or through another fixture,
is marked ``slow`` when collected, so ``pytest -m "not slow"`` runs without loading it
(tests that start the model in a child process, or call load_pipeline() themselves, are
not seen by that rule: mark them by hand).
"""

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
from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import load_schema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline, load_pipeline
from annotator.store.db import connect, initialise, open_project
from tests.fake_pipeline import fake_pipeline

pytest_plugins = ["tests.pg_fixtures"]

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


@pytest.fixture(scope="session")
def fake_model() -> Pipeline:
    """Entities of the sample articles without the real model: see tests/fake_pipeline.py."""
    return fake_pipeline()


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that loads the real pipeline (``model``), however indirectly."""
    for item in items:
        # The closure of the fixtures the test requests: a fixture built on ``model`` counts.
        if "model" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(scope="session")
def gold_done_template(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, model: Pipeline
) -> Path:
    """Built once: the sample gold articles imported, analysed by the real pipeline and
    marked done: a project a model can learn from. Copy it before changing it."""
    from annotator.core.model import Status
    from annotator.jobs.import_options import ImportOptions

    path = tmp_path_factory.mktemp("gold") / "news.annotator"
    db = open_project(path, new_schema=schema)
    gold = paths.sample_docs_dir() / "gold.jsonl"
    import_files(db, [gold], pipeline=model, options=ImportOptions(status=Status.DONE))
    db.conn.close()
    return path
