"""Opening a project database: pragmas, migrations and the project's identity."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.core.schema import LabelSchema, SchemaError, parse_schema
from annotator.store.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


class ProjectError(Exception):
    """A project that cannot be opened or written, with a message for the user."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed annotation survives a power cut, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path} was made by a newer version of Annotator (project version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); update Annotator to open it"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.executescript("BEGIN;" + MIGRATIONS[target - 1])
            conn.execute(f"PRAGMA user_version = {target}")


def connect(path: Path | str) -> Database:
    """Open an existing or new project file (or ``":memory:"``) and bring it up to date."""
    name = str(path)
    try:
        conn = sqlite3.connect(name, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn, wal=name != ":memory:")
        _migrate(conn, name)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{name} is not an Annotator project ({exc})") from exc
    return Database(conn)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One user action: committed whole when the block ends, rolled back on error.

    Inside another transaction it joins that one, so helpers compose into one commit.
    It begins explicitly (and IMMEDIATE, taking the write lock at once, so that a second
    window waits on the busy timeout instead of failing half-way): Python's sqlite3 would
    only begin at the first write, and an enclosing block that started with reads would
    not yet count as a transaction, letting each nested helper commit on its own.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def get_meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_meta(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def initialise(db: Database, schema: LabelSchema) -> None:
    """Give a new project its identity and label schema (no-op if it has them)."""
    with transaction(db):
        if get_meta(db, "project_uid") is None:
            set_meta(db, "project_uid", uuid.uuid4().hex)
            set_meta(db, "created_at", now())
        if get_meta(db, "label_schema") is None:
            set_meta(db, "label_schema", schema.source)


def project_schema(db: Database) -> LabelSchema:
    """The label schema the project was created with."""
    source = get_meta(db, "label_schema")
    if source is None:
        raise ProjectError("the project has no label schema; was it created by Annotator?")
    try:
        return parse_schema(source)
    except SchemaError as exc:
        raise ProjectError(f"the project's label schema is damaged: {exc}") from exc


def project_uid(db: Database) -> str:
    uid = get_meta(db, "project_uid")
    if uid is None:
        raise ProjectError("the project has no identity; was it created by Annotator?")
    return uid


def open_project(path: Path, *, new_schema: LabelSchema | None = None) -> Database:
    """Open the project at ``path``; with ``new_schema``, create it first if it is missing."""
    if not path.exists():
        if new_schema is None:
            raise ProjectError(f"{path}: no such project")
        path.parent.mkdir(parents=True, exist_ok=True)
        db = connect(path)
        initialise(db, new_schema)
        return db
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file")
    db = connect(path)
    project_schema(db)  # refuse a file that is SQLite but not a project, before any use
    return db
