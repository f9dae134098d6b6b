"""Rolling backups of a project, and putting one back in its place.

Where: in a folder beside the project, ``<stem>.backups`` (``news.annotator`` keeps its
backups in ``news.backups``), not in the user's data folder keyed by the project's uid.
Beside the project, a person finds the backups without knowing where the application
keeps its files, and takes them along when they copy, move or archive the project. A
project whose file name does not end in ``.annotator`` uses ``<name>.backups`` instead,
so that ``a.db`` and ``a.annotator`` never share (and prune) one folder.

When: one *daily* backup per calendar day (local date), made the first time the project
is opened that day. A second call the same day does nothing: today's backup keeps the
project as it was in the morning, so a mistake made during the day (spans deleted, a
bad import) can still be undone from it; refreshing it would overwrite the good copy
with the mistake. The seven most recent daily backups are kept: the last seven days the
project was opened, not the last seven calendar days, so a project left alone for a
month still has a week of history. Before a restore or a repair a *safety copy* is made
as well, named with the time and the reason; the seven most recent of those are kept.

How: through SQLite's online backup API, never by copying the file: the project is in
WAL mode, so its file alone can lack the last commits (they sit in ``-wal``). The copy is
written under a temporary name and renamed, so a crash leaves no half backup.
"""

from __future__ import annotations

import re
import sqlite3
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from annotator.store.db import BUSY_TIMEOUT_MS, ProjectError
from annotator.store.migrations import SCHEMA_VERSION
from annotator.store.project_file import copy_database, disk_trouble, why_read_only

KEEP = 7
DAILY = "daily"
SUFFIX = ".annotator"
#: What follows ``<stem>-`` in a backup's name: a date, then for a safety copy the time
#: and the reason (and a number when two were made in the same second).
_NAME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<time>\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-\d+)?)?"
)
_STALE_SECONDS = 3600  # a temporary file this old belongs to no backup still running


@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``spans`` counts people's annotations (not the model's or the
    suggesters'). The counts are None, and ``error`` says why, when it cannot be read."""

    path: Path
    taken: datetime
    kind: str  # "daily", or why a safety copy was made: "before restore", "before repair"
    documents: int | None = None
    spans: int | None = None
    error: str = ""

    def describe(self) -> str:
        """One line for the command line: when, what, how much, where."""
        held = f"{self.documents} documents, {self.spans} spans" if self.error == "" else self.error
        return f"{self.taken:%Y-%m-%d %H:%M}  {self.kind:<14} {held}  {self.path}"


def backups_dir(project: Path) -> Path:
    """The folder holding ``project``'s backups."""
    name = project.stem if project.suffix == SUFFIX else project.name
    return project.parent / f"{name}.backups"


def _stem(project: Path) -> str:
    return project.stem if project.suffix == SUFFIX else project.name


def open_plain(path: Path, mode: str) -> sqlite3.Connection:
    """A plain connection that never creates a missing file and never migrates."""
    if not path.is_file():
        raise ProjectError(f"{path}: no such project")
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


#: integrity_check's complaints about rows rather than pages: the file itself is sound.
CONSTRAINT_FAILURES = ("CHECK constraint failed in ", "NOT NULL constraint failed: ")


def integrity(
    conn: sqlite3.Connection, pragma: str = "integrity_check"
) -> tuple[list[str], list[str]]:
    """What ``PRAGMA integrity_check`` (or ``quick_check``) says: the damage to pages and
    indexes, then the rows breaking a CHECK or NOT NULL constraint (the file is sound)."""
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        if disk_trouble(exc) is not None:  # a full or failing disk is not damage
            raise
        return [str(exc)], []
    rows = [r for r in rows if r != "ok"]
    broken = [r for r in rows if r.startswith(CONSTRAINT_FAILURES)]
    return [r for r in rows if not r.startswith(CONSTRAINT_FAILURES)], broken


def _clear_stale(folder: Path) -> None:
    """Temporary files of a backup that crashed (a running one's are younger)."""
    limit = clock.time() - _STALE_SECONDS
    for leftover in folder.glob(".*.tmp*"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            pass  # another process removed it first, or it is not ours to remove


def _copy(project: Path, target: Path) -> None:
    """Copy ``project`` into ``target`` (a new file) through the backup API, atomically."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clear_stale(folder)
        source = open_plain(project, "rw")
        try:
            copy_database(source, target)
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"{project} could not be backed up into {folder}: {exc}") from exc


def _scan(project: Path) -> list[BackupInfo]:
    """The project's backups, newest first, from their names alone (no file is opened)."""
    folder, prefix = backups_dir(project), _stem(project) + "-"
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        if not path.name.startswith(prefix) or not path.is_file():
            continue
        match = _NAME.fullmatch(path.name[len(prefix) : -len(SUFFIX)])
        if match is None:
            continue
        try:
            day = date.fromisoformat(match["date"])
            if match["time"]:
                taken = datetime.combine(day, datetime.strptime(match["time"], "%H%M%S").time())
                kind = match["reason"].replace("-", " ")
            else:
                # A daily backup is named by its day only; its file's time orders it
                # among the safety copies of that day.
                written = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
                taken = written if written.date() == day else datetime.combine(day, time())
                kind = DAILY
        except (ValueError, OSError):
            continue  # a name that only looks like a date, or a file gone meanwhile
        found.append(BackupInfo(path, taken, kind))
    # In the same second a safety copy counts as the newer: the daily one is made first,
    # when the project is opened.
    return sorted(found, key=lambda b: (b.taken, b.kind != DAILY, b.path.name), reverse=True)


def _prune(project: Path, *, daily: bool, keep: int) -> None:
    kept = [b for b in _scan(project) if (b.kind == DAILY) == daily]
    for old in kept[keep:]:
        old.path.unlink(missing_ok=True)


def backup_project(project: Path, *, today: date | None = None, keep: int = KEEP) -> Path | None:
    """Make today's backup of ``project`` unless it exists; returns it, or None if it did.

    Older daily backups beyond the ``keep`` most recent are deleted.
    """
    if why_read_only(project):
        return None  # a project that cannot be written cannot change: nothing to keep
    day = today or date.today()
    target = backups_dir(project) / f"{_stem(project)}-{day.isoformat()}{SUFFIX}"
    if target.exists():
        return None
    _copy(project, target)
    _prune(project, daily=True, keep=keep)
    return target


def safety_copy(
    project: Path, reason: str, *, when: datetime | None = None, keep: int = KEEP
) -> Path:
    """Copy ``project`` as it is now, before ``reason`` (e.g. "before-restore") changes it."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    folder, stem = backups_dir(project), _stem(project)
    target = folder / f"{stem}-{stamp}-{reason}{SUFFIX}"
    number = 2
    while target.exists():
        target = folder / f"{stem}-{stamp}-{reason}-{number}{SUFFIX}"
        number += 1
    _copy(project, target)
    _prune(project, daily=False, keep=keep)
    return target


def _counts(path: Path) -> tuple[int, int]:
    conn = open_plain(path, "ro")
    try:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        spans = conn.execute(
            "SELECT count(*) FROM spans WHERE annotator_id IN "
            "(SELECT id FROM annotators WHERE kind IN ('human', 'gold'))"
        ).fetchone()[0]
    finally:
        conn.close()
    return int(documents), int(spans)


def list_backups(project: Path) -> list[BackupInfo]:
    """The project's backups, newest first, with what each holds (or why it cannot say)."""
    listed = []
    for info in _scan(project):
        try:
            documents, spans = _counts(info.path)
        except (sqlite3.Error, ProjectError) as exc:
            listed.append(BackupInfo(info.path, info.taken, info.kind, error=f"unreadable: {exc}"))
        else:
            listed.append(BackupInfo(info.path, info.taken, info.kind, documents, spans))
    return listed


def _uid(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'project_uid'").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def _verify(project: Path, backup: Path) -> None:
    """Refuse a backup that is damaged, too new, or of another project."""
    try:
        conn = open_plain(backup, "ro")
        try:
            damage, _ = integrity(conn, "quick_check")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            uid = _uid(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ProjectError(f"{backup} cannot be read: {exc}") from exc
    if damage:
        raise ProjectError(f"{backup} is damaged ({damage[0]})")
    if uid is None or not 1 <= version <= SCHEMA_VERSION:
        raise ProjectError(f"{backup} is not a backup of an Annotator project this version reads")
    try:
        current = open_plain(project, "rw")
        try:
            mine = _uid(current)
        finally:
            current.close()
    except sqlite3.Error:
        mine = None  # a damaged project: the backup's identity cannot be compared
    if mine is not None and mine != uid:
        raise ProjectError(f"{backup} is a backup of another project, not of {project}")


def restore_backup(project: Path, backup: Path, *, when: datetime | None = None) -> Path:
    """Replace ``project``'s contents with ``backup``'s; returns the safety copy made first.

    The safety copy holds the project as it was, so a restore can itself be undone by
    restoring that copy. The contents are replaced in one transaction through the backup
    API: another connection sees the old project or the restored one, never a mixture.
    """
    _verify(project, backup)
    copy = safety_copy(project, "before-restore", when=when)
    try:
        source = open_plain(backup, "ro")
        try:
            target = open_plain(project, "rw")
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise ProjectError(f"{backup} was not restored ({exc}); the project is as it was") from exc
    return copy
