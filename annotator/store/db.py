"""Opening a project database: pragmas, migrations and the project's identity."""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.core.schema import LabelSchema, SchemaError
from annotator.core.schema_toml import parse_schema
from annotator.store.migrations import MIGRATIONS, SCHEMA_VERSION
from annotator.store.project_file import (
    DiskError as DiskError,  # a full or failing disk: never called damage
)
from annotator.store.project_file import (
    ProjectError as ProjectError,  # defined beside the file checks; imported from here
)
from annotator.store.project_file import (
    disk_error,
    disk_trouble,
    open_read_only,
    project_version,
    unreadable,
    why_read_only,
    write_backup,
)

BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("annotator")


BUSY_MESSAGE = (
    "the project is being written by another window or program; "
    "your change was not saved — try again"
)


class Gone(ProjectError, KeyError):
    """What an edit names is no longer there: another window or program changed it.

    A ``KeyError`` too, for callers that look rows up; a ``ProjectError``, so the window
    tells the user and reads the document again instead of showing what is not saved.
    """

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "deleted in another window"


CHANGED_ELSEWHERE = "it was changed or deleted in another window; the document was read again"
#: The constraint failures another connection's edits cause (a CHECK failure is a bug).
_ELSEWHERE = re.compile(r"FOREIGN KEY constraint|UNIQUE constraint failed: (spans|relations)\.id")


class ProjectBusy(ProjectError):
    """Another connection held the write lock for longer than the busy timeout."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


# What the disk or the file refused, as opposed to a mistake in our SQL.
_UNWRITABLE = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL)


def _translated(exc: sqlite3.OperationalError) -> ProjectError | None:
    """The user's version of an error writing the project, or None for a programming error."""
    # The primary code of an extended one; errors Python raises itself carry none.
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_BUSY:
        return ProjectBusy()
    if code in _UNWRITABLE:
        message = f"the project could not be written ({exc}); your change was not saved"
        trouble = disk_trouble(exc)
        if trouble is None:
            return ProjectError(message)
        return DiskError(f"{message}. {trouble.capitalize()}")
    return None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _configure(conn: sqlite3.Connection, *, wal: bool, busy_timeout_ms: int) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed annotation survives a power cut, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")


@dataclass(frozen=True)
class Opened:
    """How a project file was opened: read-only (and why), or upgraded (and the backup)."""

    read_only: str = ""  # why the project cannot be written; "" when it can
    upgraded_from: int = 0  # the version this opening upgraded it from; 0 when none
    backup: Path | None = None  # the copy made before the upgrade

    def notes(self, path: Path) -> list[str]:
        """What the user should be told about this opening, one sentence each."""
        notes = []
        if self.read_only:
            notes.append(f"{path} is open read-only, because {self.read_only}")
        if self.backup is not None:
            notes.append(
                f"{path} was upgraded from version {self.upgraded_from} to {SCHEMA_VERSION}; "
                f"a copy of it as it was is kept in {self.backup}"
            )
        return notes


_OPENED: weakref.WeakKeyDictionary[Database, Opened] = weakref.WeakKeyDictionary()


def opened(db: Database) -> Opened:
    """How ``db`` was opened (a new or in-memory project: writable, not upgraded)."""
    return _OPENED.get(db, Opened())


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (triggers hold semicolons)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _migrate(conn: sqlite3.Connection, path: str, backup: Path | None = None) -> None:
    """Bring the database up to ``SCHEMA_VERSION`` in one transaction: every step or none.

    ``executescript`` would commit each script on its own, so the statements run one by
    one inside a single transaction, which a failure rolls back whole.
    """
    # Off for the upgrade (it cannot change inside a transaction): a migration that rebuilds
    # a table drops the old one, which would otherwise cascade to every row pointing at it.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        _upgrade(conn, path, backup)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _upgrade(conn: sqlite3.Connection, path: str, backup: Path | None) -> None:
    conn.execute("BEGIN IMMEDIATE")
    version = 0
    try:
        # Read under the write lock: another window may have upgraded it meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{path} was made by a newer version of Annotator (project version {version}, "
                f"this version reads up to {SCHEMA_VERSION}); update Annotator to open it"
            )
        dangling = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        # A rebuilt table must not lose rows something points at (references that pointed
        # at nothing before are `annotator check`'s business, not the upgrade's).
        if len(conn.execute("PRAGMA foreign_key_check").fetchall()) > dangling:
            raise sqlite3.IntegrityError("the upgrade would leave references pointing at nothing")
        conn.commit()
    except BaseException as exc:
        conn.rollback()
        if version == 0 or not isinstance(exc, sqlite3.Error):
            raise
        kept = f"; a copy made before the upgrade is in {backup}" if backup else ""
        # A full disk is not a fault to report: the user can mend it.
        trouble = disk_trouble(exc, Path(path).parent)
        then = trouble.capitalize() if trouble else "Please report this, with the message"
        raise (ProjectError if trouble is None else DiskError)(
            f"upgrading {path} from version {version} to {SCHEMA_VERSION} failed ({exc}); "
            f"the project was left as it was{kept}. {then}"
        ) from exc


def _database(conn: sqlite3.Connection) -> Database:
    # No sqlite-utils plugins: scanning the installed packages for them cost a tenth of a
    # second at every opening, and no third-party code should run on a project connection.
    return Database(conn, execute_plugins=False)


def _open_existing(path: Path, busy_timeout_ms: int) -> Database:
    """Open a file that exists, after checks that write nothing; see ``connect``."""
    probe = open_read_only(path, busy_timeout_ms / 1000)
    try:
        version = project_version(probe, path, SCHEMA_VERSION)
        reason = why_read_only(path)
        if reason and version < SCHEMA_VERSION:
            raise ProjectError(
                f"{path} was made by an older version of Annotator (project version "
                f"{version}) and must be upgraded before this version can open it, but "
                f"{reason}; copy it to a folder you can write to and open the copy"
            )
    except BaseException:
        probe.close()
        raise
    if reason:
        # The probe is the read-only connection: it created no file and writes nothing.
        probe.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        db = _database(probe)
        _OPENED[db] = Opened(read_only=reason)
        return db
    probe.close()
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000)
    try:
        _configure(conn, wal=True, busy_timeout_ms=busy_timeout_ms)
        backup = None
        if version < SCHEMA_VERSION:
            backup = write_backup(conn, path, version)
            _migrate(conn, str(path), backup)
    except sqlite3.OperationalError as exc:
        conn.close()
        if isinstance(_translated(exc), ProjectBusy):
            raise ProjectBusy(
                f"{path} is being written by another window or program; try opening it again"
            ) from exc
        raise disk_error(path, exc, "opened for writing") or ProjectError(
            f"{path} could not be opened for writing ({exc})"
        ) from exc
    except BaseException:
        conn.close()
        raise
    db = _database(conn)
    if backup is not None:
        _OPENED[db] = Opened(upgraded_from=version, backup=backup)
    return db


def connect(path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open an existing or new project file (or ``":memory:"``) and bring it up to date.

    ``busy_timeout_ms``: how long a write waits for another connection's write lock.

    A file that exists is looked at before anything is written to it: one that is empty,
    not SQLite, cut short, another program's database or from a newer version is refused
    with a ``ProjectError`` and left byte for byte as it was. A project whose file or
    folder cannot be written opens read-only (``opened(db).read_only`` says why). An
    older project is copied beside itself (``opened(db).backup``), then upgraded.
    """
    name = str(path)
    if name != ":memory:" and Path(name).exists():
        return _open_existing(Path(name), busy_timeout_ms)
    try:
        conn = sqlite3.connect(name, timeout=busy_timeout_ms / 1000)
        _configure(conn, wal=name != ":memory:", busy_timeout_ms=busy_timeout_ms)
        _migrate(conn, name)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and isinstance(_translated(exc), ProjectBusy):
            # Locked is not damaged: say so, or the user may think the file is lost.
            raise ProjectBusy(
                f"{name} is being written by another window or program; try opening it again"
            ) from exc
        # A disk too full to create it in is not a file that is not a project.
        raise disk_error(Path(name), exc, "created") or ProjectError(
            f"{name} is not an Annotator project ({exc})"
        ) from exc
    return _database(conn)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One user action: committed whole when the block ends, rolled back on error.

    Inside another transaction it joins that one, so helpers compose into one commit.
    It begins explicitly (and IMMEDIATE, taking the write lock at once, so that a second
    window waits on the busy timeout instead of failing half-way): Python's sqlite3 would
    only begin at the first write, and an enclosing block that started with reads would
    not yet count as a transaction, letting each nested helper commit on its own.
    A lock held by another connection past the busy timeout raises ``ProjectBusy``; a
    full, read-only or failing disk a ``ProjectError``: either way nothing was written.
    """
    if db.conn.in_transaction:
        yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()
    except sqlite3.IntegrityError as exc:
        # A link to a span another window deleted, or a span put back (undo) under an id
        # another window has taken since: nothing was written, and it is not damage.
        if _ELSEWHERE.search(str(exc)) is None:
            raise
        raise Gone(CHANGED_ELSEWHERE) from exc
    except sqlite3.OperationalError as exc:
        # The one place a lock held too long (or a full or read-only disk) becomes a
        # message for the user: the window shows it, the change is not recorded.
        translated = _translated(exc)
        if translated is None:
            raise
        db.conn.rollback()  # a no-op when BEGIN itself was refused
        raise translated from exc


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


def open_project(
    path: Path,
    *,
    new_schema: LabelSchema | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    for_writing: bool = False,
) -> Database:
    """Open the project at ``path``; with ``new_schema``, create it first if it is missing.

    ``for_writing`` refuses a project that would open read-only (for commands that change
    it). A read-only opening or an upgrade is logged as a warning: the command line
    prints it, the window shows ``opened(db)`` in its title and status bar.
    """
    if not path.exists():
        if new_schema is None:
            raise ProjectError(f"{path}: no such project")
        path.parent.mkdir(parents=True, exist_ok=True)
        db = connect(path, busy_timeout_ms=busy_timeout_ms)
        initialise(db, new_schema)
        return db
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file")
    db = connect(path, busy_timeout_ms=busy_timeout_ms)
    try:
        try:
            project_schema(db)  # refuse a file that is SQLite but not a project, before use
        except ProjectError as exc:
            raise ProjectError(f"{path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # a damaged page the opening checks missed
            raise unreadable(path, exc) from exc
        how = opened(db)
        if for_writing and how.read_only:
            raise ProjectError(
                f"{path} cannot be changed, because {how.read_only}; copy it to a folder "
                "you can write to (or make it writable) and try again"
            )
    except BaseException:
        db.conn.close()
        raise
    for note in how.notes(path):
        log.warning("%s", note)
    return db
