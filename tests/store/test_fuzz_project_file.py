"""Damaged projects, generated: a real project cut short and with bytes overwritten.

Whatever the damage, opening gives a project or a ProjectError (never another exception),
and a refused file is left byte for byte as it was, with nothing created beside it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.store.db import ProjectError, open_project, project_schema
from annotator.store.migrations import SCHEMA_VERSION
from tests.fuzz_strategies import FUZZ
from tests.project_files import Snapshot, project_at_version


def _base() -> bytes:
    folder = Path(tempfile.mkdtemp(prefix="annotator-fuzz-"))
    try:
        schema = load_schema(paths.default_schema_path())
        return project_at_version(folder / "base.annotator", SCHEMA_VERSION, schema).read_bytes()
    finally:
        shutil.rmtree(folder)


PROJECT = _base()
PAGE = 4096
#: Where damage hurts: the header, the first page (the schema table) and page starts.
_HOT = st.one_of(
    st.integers(0, 99),
    st.integers(0, PAGE - 1),
    st.builds(
        lambda page, at: page * PAGE + at,
        st.integers(1, len(PROJECT) // PAGE - 1),
        st.integers(0, 15),
    ),
    st.integers(0, len(PROJECT) - 1),
)
DAMAGE = st.tuples(
    st.one_of(st.none(), st.integers(0, len(PROJECT))),  # cut the file here
    st.lists(st.tuples(_HOT, st.integers(0, 255)), max_size=12),  # overwrite bytes
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("damaged")


@given(damage=DAMAGE)
@settings(FUZZ, max_examples=200)
def test_a_damaged_project_opens_or_is_refused_untouched(
    folder: Path, damage: tuple[int | None, list[tuple[int, int]]]
) -> None:
    cut, writes = damage
    data = bytearray(PROJECT[:cut] if cut is not None else PROJECT)
    for at, value in writes:
        if at < len(data):
            data[at] = value
    path = Path(tempfile.mkdtemp(dir=folder)) / "p.annotator"
    path.write_bytes(bytes(data))
    before = Snapshot.of(path)
    try:
        db = open_project(path)
    except ProjectError as exc:
        message = str(exc)
    else:
        try:
            project_schema(db)
        finally:
            db.conn.close()
        return
    assert str(path) in message
    assert Snapshot.of(path) == before
