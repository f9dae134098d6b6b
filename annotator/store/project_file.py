"""Looking at a file before Annotator opens it for writing: every check here writes nothing.

A file the user points at may be anything: a text file, an empty file, a copy cut short,
another program's SQLite database, a project from a newer release, or a project on a
read-only disk. Opening such a file read-write would let SQLite switch it to WAL or
leave ``-wal``/``-shm`` files beside it, so it is read first through a read-only
connection, and only a sound project of ours is ever opened for writing.

The file's bytes are read directly only to explain why SQLite could not read it: closing
a second descriptor of a database file drops every POSIX lock the process holds on it,
so doing that while the window has the project open would break its connection's locks.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
#: Tables every project has had since version 1: a file without them is not ours.
PROJECT_TABLES = frozenset({"meta", "documents", "spans", "annotators"})
_SHOWN_TABLES = 6
_LEFT = "it was left as it is"


class ProjectError(Exception):
    """A project that cannot be opened or written, with a message for the user."""


class DiskError(ProjectError):
    """The disk, not the project, failed: it is full, or reported an I/O error."""


DISK_FULL = "the disk is full: free some space and try again"
#: Less free space than this beside a project that met an I/O error: call the disk full.
#: SQLite reports a full disk as an I/O error when the ``-shm`` file cannot grow.
NEARLY_FULL_BYTES = 1 << 20
_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)  # no room left, or none left to this user


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def disk_trouble(exc: BaseException, folder: Path | None = None) -> str | None:
    """What to tell the user of a full or failing disk; None when ``exc`` is not the
    disk's doing (damage, a lock, a mistake), so that nothing else passes for it.

    ``folder`` is where the project lives: an I/O error there with no room left is a full
    disk, the one thing the user can mend at once.
    """
    if isinstance(exc, OSError):
        return DISK_FULL if exc.errno in _FULL_ERRNOS else None
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return DISK_FULL
    if code != sqlite3.SQLITE_IOERR:
        return None
    if folder is not None and _nearly_full(folder):
        return DISK_FULL
    return (
        "the disk reported an error: check that it is connected and has free space, and try again"
    )


def disk_error(path: Path, exc: BaseException, doing: str) -> DiskError | None:
    """A ``DiskError`` for the project at ``path`` (``doing``: "opened", "checked"...),
    which never calls it damaged; None when ``exc`` is not the disk's doing."""
    trouble = disk_trouble(exc, path.parent)
    if trouble is None:
        return None
    return DiskError(f"{path} could not be {doing} ({exc}): {trouble}; {_LEFT}")


def check_not_empty(path: Path) -> None:
    """Refuse an empty file: SQLite would take it for a new database and fill it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError(f"{path} cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise ProjectError(
            f"{path} is an empty file (0 bytes), not an Annotator project; {_LEFT}. Open "
            "another file, or delete this one and create the project again"
        )


def unreadable(path: Path, exc: sqlite3.Error) -> ProjectError:
    """Why SQLite could not read ``path``: not SQLite, cut short, or damaged.

    The in-header size is trusted only when SQLite marks it valid (the change counter
    matches the version-valid-for number), and not while a ``-wal`` file holds pages a
    checkpoint has still to write into the file.
    """
    full = disk_error(path, exc, "read")  # a full disk is not a damaged file
    if full is not None:
        return full
    # Python's own errors (text that is not UTF-8, say) come without a SQLite code.
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_BUSY:  # locked is not damaged
        return ProjectError(f"{path} is locked by another program ({exc}); try again later")
    wal = Path(f"{path}-wal")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY) and wal.exists():
        # Reading through a -wal needs a -shm, which a read-only folder cannot hold.
        return ProjectError(
            f"{path} has changes in {wal.name} that cannot be read where it is ({exc}): its "
            f"folder cannot be written; {_LEFT}. Copy the project with its {wal.name} file to "
            "a folder you can write to and open it there"
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as error:
        return ProjectError(f"{path} cannot be read ({error.strerror}); check you may read it")
    if not header.startswith(SQLITE_MAGIC):
        return ProjectError(
            f"{path} is not an Annotator project: it is not a SQLite database (it begins "
            f"{header[:16]!r}); {_LEFT}. Open a project file (*.annotator)"
        )
    expected = HEADER_SIZE
    if len(header) == HEADER_SIZE:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        if pages > 0 and header[24:28] == header[92:96] and not _has_wal(path):
            expected = pages * page_size
    if size < expected:
        return ProjectError(
            f"{path} is damaged: it is cut short ({size} of the {expected} bytes it should "
            f"have), as an interrupted copy or download leaves a file; {_LEFT}. Copy the "
            "project again from where it came from, or open a backup (*.bak) of it"
        )
    return ProjectError(
        f"{path} is damaged or is not an Annotator project ({exc}); {_LEFT}. Open a backup "
        "(*.bak) of it, or copy it again from where it came from"
    )


def _has_wal(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` for reading without creating any file beside it.

    ``immutable=1`` reads the file alone, with no locks and no ``-wal`` or ``-shm`` (a
    ``mode=ro`` connection would create both beside a WAL file and leave them there): the
    right way to look into a file no connection of this process has open, and the only
    way to read a WAL project in a folder that cannot be written.

    While a ``-wal`` exists the file is in use (a WAL connection keeps it until the last
    one closes), maybe by this very process: then ``mode=ro``, which reads the committed
    work the ``-wal`` holds and takes its locks like any connection. An ``immutable=1``
    connection's close would drop every POSIX lock this process holds on the file, the
    window's too, and a closing connection could then think itself the last and delete
    the ``-wal`` and ``-shm`` under the window ("disk I/O error" on its next read).
    """
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return f"{path.resolve().as_uri()}?{mode}"


def open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that can only read ``path`` and creates no file beside it."""
    check_not_empty(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise disk_error(path, exc, "opened for reading") or ProjectError(
            f"{path} cannot be opened for reading ({exc})"
        ) from exc
    return conn


def project_version(conn: sqlite3.Connection, path: Path, latest: int) -> int:
    """The project version of the database behind ``conn``; refuses what is not a project
    this release can open (another program's database, a newer or damaged project)."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "meta" in tables:  # what opening reads first: damage there is found here
            conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError as exc:
        raise unreadable(path, exc) from exc
    if version > latest:
        raise ProjectError(
            f"{path} was made by a newer version of Annotator (project version {version}, "
            f"this version reads up to {latest}); {_LEFT}. Update Annotator "
            "to open it"
        )
    if not tables:
        raise ProjectError(
            f"{path} is an empty SQLite database, not an Annotator project; {_LEFT}. Open "
            "another file, or delete this one and create the project again"
        )
    if version == 0 or not PROJECT_TABLES.issubset(tables):
        shown = ", ".join(sorted(tables)[:_SHOWN_TABLES])
        more = "…" if len(tables) > _SHOWN_TABLES else ""
        raise ProjectError(
            f"{path} is a SQLite database of another program (tables {shown}{more}), not an "
            f"Annotator project; {_LEFT}. Open a project file (*.annotator)"
        )
    return version


def why_read_only(path: Path) -> str:
    """Why the project at ``path`` cannot be written, or "" when it can.

    SQLite writes a WAL project's ``-wal`` and ``-shm`` files beside it, so the folder
    must be writable as well as the file. ``os.access`` also reports a read-only disk.
    """
    if not os.access(path, os.W_OK):
        return "the file cannot be written (its permissions, or a read-only disk)"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its folder {path.parent} cannot be written"
    return ""


def backup_path(path: Path, version: int) -> Path:
    """A new name beside ``path`` for its copy at ``version``: an old backup is never
    overwritten (``p.annotator.v1.bak``, then ``p.annotator.v1-2.bak``, ...)."""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}-{number}.bak")
        number += 1
    return candidate


def sync_dir(folder: Path) -> None:
    """Make a rename durable: on POSIX the directory entry needs its own fsync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind ``source`` into ``target``, whole or not at all.

    SQLite's backup API in one step (a consistent snapshot however busy the writers
    are: a stepped copy restarts each time another connection commits) into a
    temporary file beside ``target``, made an ordinary single file (a copy says WAL
    like its source), then renamed over ``target``: a crash leaves no half copy.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{id(source)}.tmp")
    try:
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.replace(temporary, target)
        sync_dir(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def write_backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database behind ``conn`` (with what its ``-wal`` holds) to a new backup
    file, an ordinary single file that can be moved or mailed alone."""
    target = backup_path(path, version)
    claimed = False
    try:
        with target.open("xb"):  # claims the name: two windows never share a backup
            claimed = True
        copy_database(conn, target)
    except (OSError, sqlite3.Error) as exc:
        if claimed:
            target.unlink(missing_ok=True)
        raise ProjectError(
            f"{path} must be upgraded from version {version}, but the backup {target.name} "
            f"could not be written beside it ({exc}); nothing was changed. Free some disk "
            "space, or copy the project to a folder you can write to, and open it again"
        ) from exc
    return target
