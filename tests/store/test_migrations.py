"""Upgrading a project of an older version: a backup first, then every step or none."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.store import db as db_module
from annotator.store.db import ProjectError, open_project, opened, project_schema
from annotator.store.migrations import MIGRATIONS, SCHEMA_VERSION
from tests.project_files import Snapshot, project_at_version


def _version(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _spans(path: Path) -> list[tuple[str, int, int, str]]:
    with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as conn:
        rows = conn.execute("SELECT label, char_start, char_end, attrs FROM spans ORDER BY id")
        return [tuple(r) for r in rows]


def test_a_version_1_project_is_backed_up_then_upgraded(
    tmp_path: Path, schema: LabelSchema, caplog: pytest.LogCaptureFixture
) -> None:
    path = project_at_version(tmp_path / "old.annotator", 1, schema)
    spans = _spans(path)
    with caplog.at_level(logging.WARNING, logger="annotator"):
        db = open_project(path)
    backup = tmp_path / "old.annotator.v1.bak"
    assert opened(db).backup == backup
    assert opened(db).upgraded_from == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM schema_changes").fetchone()[0] == 0
    assert project_schema(db) == schema  # the work and the schema came through
    db.conn.close()
    assert _spans(path) == spans
    # The backup is the version-1 project as it was, one self-contained file.
    assert _version(backup) == 1
    assert "schema_changes" not in _tables(backup)
    assert _spans(backup) == spans
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annotator", "old.annotator.v1.bak"]
    # The command line prints this warning; it names the backup.
    assert any(str(backup) in r.getMessage() for r in caplog.records)


def test_an_existing_backup_is_never_overwritten(tmp_path: Path, schema: LabelSchema) -> None:
    path = project_at_version(tmp_path / "p.annotator", 1, schema)
    first = tmp_path / "p.annotator.v1.bak"
    first.write_bytes(b"a backup the user made and wants to keep")
    open_project(path).conn.close()
    assert first.read_bytes() == b"a backup the user made and wants to keep"
    assert _version(tmp_path / "p.annotator.v1-2.bak") == 1


def test_an_up_to_date_project_is_not_backed_up_again(tmp_path: Path, schema: LabelSchema) -> None:
    path = project_at_version(tmp_path / "p.annotator", 1, schema)
    open_project(path).conn.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    db = open_project(path)
    assert opened(db).backup is None
    db.conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_a_failed_upgrade_leaves_the_project_as_it_was_and_names_the_backup(
    tmp_path: Path, schema: LabelSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken release, simulated: the real version-2 step, then a step that fails.

    Both run in one transaction, so the project keeps version 1 and lacks even the
    version-2 table; its file is byte for byte what it was.
    """
    path = project_at_version(tmp_path / "p.annotator", 1, schema)
    before = Snapshot.of(path)
    broken = (*MIGRATIONS, "CREATE TABLE added (x); INSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(db_module, "MIGRATIONS", broken)
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(ProjectError, match="failed") as error:
        open_project(path)
    backup = tmp_path / "p.annotator.v1.bak"
    message = str(error.value)
    assert str(backup) in message
    assert "left as it was" in message
    after = Snapshot.of(path)
    assert (after.data, after.mtime_ns) == (before.data, before.mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.annotator", "p.annotator.v1.bak"]
    assert _version(path) == 1
    assert "schema_changes" not in _tables(path)
    assert _spans(backup) == _spans(path)
    # The release that works upgrades it.
    monkeypatch.undo()
    db = open_project(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.conn.close()


def test_a_new_project_starts_at_the_current_version_without_a_backup(
    tmp_path: Path, schema: LabelSchema
) -> None:
    path = tmp_path / "new.annotator"
    db = open_project(path, new_schema=schema)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert opened(db).backup is None
    db.conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["new.annotator"]
    assert {"schema_changes", "documents_fts"} <= _tables(path)


def test_an_upgraded_project_has_the_tables_of_a_new_one(
    tmp_path: Path, schema: LabelSchema
) -> None:
    old = project_at_version(tmp_path / "old.annotator", 1, schema)
    open_project(old).conn.close()
    new = tmp_path / "new.annotator"
    open_project(new, new_schema=schema).conn.close()

    def layout(path: Path) -> list[tuple[str, str, str]]:
        with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as conn:
            rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            return [tuple(r) for r in rows]

    assert layout(old) == layout(new)


def test_version_4_tells_the_rules_from_the_model_and_keeps_every_link(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """Spans kept from a suggestion were 'model' before v4: now 'rules'; entities stay 'model'."""
    path = project_at_version(tmp_path / "v3.annotator", 3, schema)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE spans SET origin = 'model'")  # both kept from the machine
        conn.execute(
            "INSERT INTO relations (doc_id, annotator_id, label, head, child, created_at) "
            "VALUES (1, 1, 'ATTRIBUTED_TO', 2, 1, '2024-01-01')"
        )
    db = open_project(path)
    origins = dict(db.execute("SELECT label, origin FROM spans").fetchall())
    assert origins == {"PERSON": "model", "QUOTE": "rules"}
    assert db.execute("SELECT head, child FROM relations").fetchall() == [(2, 1)]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # on again after the upgrade
    db.execute("DELETE FROM spans WHERE label = 'QUOTE'")  # the link still cascades
    assert db.execute("SELECT count(*) FROM relations").fetchone()[0] == 0
    db.conn.close()
