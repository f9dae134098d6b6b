"""Opening projects: pragmas, versions, and files that are not projects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.store.db import (
    DiskError,
    ProjectError,
    _migrate,
    connect,
    get_meta,
    open_project,
    project_schema,
    project_uid,
)
from annotator.store.migrations import SCHEMA_VERSION
from tests.project_files import project_at_version


def test_new_project_is_wal_with_foreign_keys_and_current_version(project_path: Path) -> None:
    db = open_project(project_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_project_keeps_its_schema_and_identity(project_path: Path, schema: LabelSchema) -> None:
    first = open_project(project_path)
    uid = project_uid(first)
    first.conn.close()
    again = open_project(project_path)
    assert project_uid(again) == uid
    assert project_schema(again) == schema
    assert get_meta(again, "created_at")


def test_missing_project_is_an_error_unless_creating(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        open_project(tmp_path / "absent.annotator")


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.annotator"
    path.write_text("this is not a database\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        open_project(path)
    assert path.read_bytes() == before


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError):
        open_project(path)


def test_project_from_a_newer_version_is_refused(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        connect(project_path)


def test_an_upgrade_a_full_disk_stops_says_to_free_space_not_to_report_a_bug(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """The upgrade's own writes meet SQLITE_FULL (made for real by a page limit, as the
    backup before it fitted): the user can mend that, and the project stays at version 1."""
    path = project_at_version(tmp_path / "old.annotator", 1, schema)
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskError) as error:
        _migrate(conn, str(path))
    conn.close()
    message = str(error.value)
    assert "The disk is full: free some space and try again" in message
    assert "report" not in message
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone() == (1,)
