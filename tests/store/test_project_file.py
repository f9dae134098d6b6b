"""Damaged, foreign and read-only files: a clear refusal or a read-only opening, and the
file left byte for byte as it was, with nothing created beside it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.store.db import (
    DiskError,
    ProjectError,
    connect,
    open_project,
    opened,
    project_schema,
    transaction,
)
from annotator.store.migrations import SCHEMA_VERSION
from annotator.store.project_file import unreadable
from tests.full_disk import fill, small_disk
from tests.project_files import Snapshot, project_at_version, read_only


def _refused(path: Path, match: str) -> str:
    """Open ``path`` every way the program does; each must refuse it and leave it alone."""
    before = Snapshot.of(path)
    messages = []
    for attempt in (
        lambda: open_project(path),
        lambda: connect(path),  # what background jobs call
        lambda: open_project(path, new_schema=None, for_writing=True),
    ):
        with pytest.raises(ProjectError, match=match) as error:
            attempt()
        messages.append(str(error.value))
    assert Snapshot.of(path) == before  # same bytes, same mtime, no -wal / -shm beside it
    assert str(path) in messages[0]
    return messages[0]


def _filled(path: Path, schema: LabelSchema) -> Path:
    """A real project of some size (hundreds of pages), closed cleanly."""
    db = open_project(path, new_schema=schema)
    with transaction(db):
        for i in range(150):
            db.execute(
                "INSERT INTO documents (hash, title, text, imported_at) VALUES (?, ?, ?, ?)",
                [f"h{i}", f"Article {i}", "Officials said forty people died. " * 60, "now"],
            )
    db.conn.close()
    return path


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is an empty file \\(0 bytes\\)"),
        (b"Headline\n\nThis is an article, not a database.\n" * 50, "not a SQLite database"),
        (os.urandom(8192), "not a SQLite database"),
        (b"SQLite format 3\x00\x10\x00", "cut short"),  # the first bytes of a header only
    ],
    ids=["empty", "text", "random-bytes", "header-fragment"],
)
def test_a_file_that_is_not_a_database_is_refused(
    tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "project.annotator"
    path.write_bytes(content)
    message = _refused(path, match)
    assert "left as it is" in message


def test_an_empty_file_is_never_initialised_as_a_new_project(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """Creating a project where a 0-byte file already is would hide a lost project."""
    path = tmp_path / "project.annotator"
    path.touch()
    with pytest.raises(ProjectError, match="empty file"):
        open_project(path, new_schema=schema)
    assert path.read_bytes() == b""
    assert [p.name for p in tmp_path.iterdir()] == ["project.annotator"]


@pytest.mark.parametrize("keep", [0.5, 0.97], ids=["half", "last-pages-missing"])
def test_a_project_cut_short_is_refused_as_damaged(
    tmp_path: Path, schema: LabelSchema, keep: float
) -> None:
    whole = _filled(tmp_path / "whole.annotator", schema).read_bytes()
    cut = tmp_path / "cut.annotator"
    cut.write_bytes(whole[: int(len(whole) * keep)])
    message = _refused(cut, "is damaged: it is cut short")
    assert f"of the {len(whole)} bytes" in message
    assert "backup" in message


def test_a_project_with_garbage_after_its_header_is_refused_as_damaged(
    tmp_path: Path, schema: LabelSchema
) -> None:
    whole = _filled(tmp_path / "whole.annotator", schema).read_bytes()
    broken = tmp_path / "broken.annotator"
    broken.write_bytes(whole[:100] + bytes(range(256)) * ((len(whole) - 100) // 256 + 1))
    _refused(broken, "is damaged or is not an Annotator project")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_sqlite_database_of_another_program_is_refused(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE people (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ann', '555')")
    conn.commit()
    conn.close()
    message = _refused(path, "SQLite database of another program")
    assert "people" in message  # what the file holds helps the user see what it is
    # Never switched to WAL: another program's file keeps its journal mode.
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == journal


def test_an_empty_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.annotator"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    _refused(path, "empty SQLite database")


def test_a_project_from_a_newer_version_is_refused_untouched(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    message = _refused(project_path, "newer version of Annotator")
    assert "Update Annotator" in message


def test_a_project_without_its_schema_is_refused(tmp_path: Path) -> None:
    """A creation interrupted before the schema was stored: tables, no label schema."""
    path = tmp_path / "half-made.annotator"
    connect(path).conn.close()
    with pytest.raises(ProjectError, match="no label schema"):
        open_project(path)


def _writes_refused(path: Path) -> None:
    db = open_project(path)
    try:
        assert opened(db).read_only
        assert project_schema(db).name == "news"  # reading works
        assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 2
        with pytest.raises(ProjectError, match="could not be written"), transaction(db):
            db.execute("DELETE FROM spans")
    finally:
        db.conn.close()
    with pytest.raises(ProjectError, match="cannot be changed, because"):
        open_project(path, for_writing=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_opens_for_reading_and_writes_nothing(
    tmp_path: Path, schema: LabelSchema, what: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = project_at_version(folder / "p.annotator", SCHEMA_VERSION, schema)
    before = Snapshot.of(path)
    with read_only(path if what == "file" else folder):
        _writes_refused(path)
        db = connect(path)  # a background job's connection: read-only too
        assert "cannot be written" in opened(db).read_only
        assert (what == "folder") == ("folder" in opened(db).read_only)
        db.conn.close()
    assert Snapshot.of(path) == before  # no -wal or -shm was made beside it either


def test_a_read_only_project_with_a_wal_reads_the_work_in_it(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """A project left with a -wal (its program was killed): the read-only opening must
    show the committed work the -wal holds, not the older file alone."""
    path = project_at_version(tmp_path / "p.annotator", SCHEMA_VERSION, schema)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the new span stays in the -wal
    writer.execute(
        "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, "
        "created_at) VALUES (1, 1, 'ner', 'DATE', 35, 41, 'now')"
    )
    writer.commit()
    try:
        with read_only(path):
            db = open_project(path)
            assert opened(db).read_only
            labels = {r[0] for r in db.execute("SELECT label FROM spans")}
            db.conn.close()
    finally:
        writer.close()
    assert labels == {"PERSON", "QUOTE", "DATE"}


def test_an_old_read_only_project_is_refused_with_what_to_do(
    tmp_path: Path, schema: LabelSchema
) -> None:
    path = project_at_version(tmp_path / "old.annotator", 1, schema)
    before = Snapshot.of(path)
    with read_only(path), pytest.raises(ProjectError, match="must be upgraded") as error:
        open_project(path)
    assert "copy it to a folder you can write to" in str(error.value)
    assert Snapshot.of(path) == before  # no backup could be, or was, written


def test_a_read_only_project_whose_name_needs_quoting_in_a_uri_opens(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """Read-only openings go through a file: URI, where '#', '?' and '%' mean something."""
    path = project_at_version(tmp_path / "news #1? 100%.annotator", SCHEMA_VERSION, schema)
    with read_only(path):
        db = open_project(path)
        assert db.execute("SELECT title FROM documents").fetchall() == [("One",)]
        db.conn.close()


def test_a_wal_that_cannot_be_read_in_a_read_only_folder_is_explained(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """A project copied with the -wal its program left (killed), but no -shm, into a folder
    that cannot be written: SQLite cannot read through the -wal, and the message says so
    instead of calling the project damaged."""
    path = project_at_version(tmp_path / "p.annotator", SCHEMA_VERSION, schema)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO meta (key, value) VALUES ('late', 'in the -wal')")
    writer.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "p.annotator").write_bytes(path.read_bytes())
    (copy / "p.annotator-wal").write_bytes(Path(f"{path}-wal").read_bytes())
    writer.close()
    before = Snapshot.of(copy / "p.annotator")
    with read_only(copy), pytest.raises(ProjectError, match=r"changes in p\.annotator-wal"):
        open_project(copy / "p.annotator")
    assert Snapshot.of(copy / "p.annotator") == before


FREE_SPACE = "the disk is full: free some space and try again"


def test_a_project_on_a_full_disk_is_refused_as_full_not_as_damaged(
    tmp_path: Path, schema: LabelSchema
) -> None:
    """SQLite cannot make a full disk's project its -shm file ("disk I/O error"): the
    user is told to free space, not that the file is damaged, and it opens once there is."""
    with small_disk(tmp_path / "disk") as disk:
        path = _filled(disk / "news.annotator", schema)
        data = path.read_bytes()
        filler = fill(disk)
        for attempt in (lambda: open_project(path), lambda: connect(path)):
            with pytest.raises(DiskError, match=FREE_SPACE) as error:
                attempt()
            assert "damaged" not in str(error.value)
            assert str(path) in str(error.value)
        with pytest.raises(DiskError, match=f"could not be created.*{FREE_SPACE}"):
            open_project(disk / "new.annotator", new_schema=schema)
        assert path.read_bytes() == data
        filler.unlink()
        db = open_project(path)
        assert db.execute("SELECT count(*) FROM documents").fetchone() == (150,)
        db.conn.close()


def _sqlite_full(project_path: Path) -> sqlite3.OperationalError:
    """The error SQLite raises on a full disk (SQLITE_FULL), made for real by a page limit."""
    conn = sqlite3.connect(project_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        with pytest.raises(sqlite3.OperationalError) as error:
            conn.execute("INSERT INTO meta (key, value) VALUES ('k', ?)", ["x" * 100_000])
    finally:
        conn.close()
    assert error.value.sqlite_errorcode == sqlite3.SQLITE_FULL
    return error.value


def test_a_full_disk_met_reading_a_project_is_not_called_damage(project_path: Path) -> None:
    message = str(unreadable(project_path, _sqlite_full(project_path)))
    assert FREE_SPACE in message
    assert "damaged" not in message


def test_a_change_refused_by_a_full_disk_says_to_free_space(project_path: Path) -> None:
    db = connect(project_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskError) as error, transaction(db):
        db.execute("INSERT INTO meta (key, value) VALUES ('k', ?)", ["x" * 100_000])
    assert str(error.value) == (
        "the project could not be written (database or disk is full); your change was not "
        "saved. The disk is full: free some space and try again"
    )
    db.conn.close()
