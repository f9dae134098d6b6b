"""Mending what `annotator check` finds, and the command that runs the two.

A repair first copies the project (backup.py), then, in one transaction, deletes rows
that point at nothing and spans that cannot fit their text, drops analyses that do not
fit (the window makes them again), recomputes stored hashes and rebuilds the search
index. It never deletes a document, and never a span only because of its label. A
damaged file (integrity_check fails) is not patched: the user is told how to restore a
backup or salvage the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.core.model import text_hash
from annotator.store.backup import backups_dir, list_backups, safety_copy
from annotator.store.check import (
    DELETE,
    REHASH,
    REINDEX,
    CheckReport,
    Problem,
    check_project,
    counted,
    find_problems,
)
from annotator.store.db import ProjectError, connect, transaction

MAX_DAMAGE_LINES = 20


@dataclass
class Repair:
    """What a repair did: the copy made first, each fix, and what it could not fix."""

    backup: Path
    fixed: list[str] = field(default_factory=list)
    not_fixed: list[str] = field(default_factory=list)


def _delete(db: Database, problem: Problem) -> str:
    links = 0
    if problem.table == "spans":
        links = db.execute(
            "SELECT count(*) FROM relations WHERE head = ? OR child = ?",
            [problem.rowid, problem.rowid],
        ).fetchone()[0]
    # The table name comes from the check's own fixed set, never from the data.
    cursor = db.execute(f"DELETE FROM [{problem.table}] WHERE rowid = ?", [problem.rowid])
    if cursor.rowcount == 0:
        return f"{problem.message} (already removed with a row fixed before it)"
    if problem.kind == "analysis":
        return f"dropped {problem.message}; it is made again when the window next opens"
    return f"deleted {problem.message}" + (
        f", with {counted(links, 'link')} to it" if links else ""
    )


def _rehash(db: Database, problem: Problem) -> tuple[str, bool]:
    (text,) = db.execute("SELECT text FROM documents WHERE id = ?", [problem.rowid]).fetchone()
    digest = text_hash(text)
    twin = db.execute(
        "SELECT id FROM documents WHERE hash = ? AND id != ?", [digest, problem.rowid]
    ).fetchone()
    if twin is not None:
        return (
            f"document {problem.rowid}: its text is the same as document {twin[0]}'s, so its "
            "hash was left alone; compare their annotations and keep one of the two",
            False,
        )
    db.execute("UPDATE documents SET hash = ? WHERE id = ?", [digest, problem.rowid])
    return f"recomputed the hash of document {problem.rowid}", True


def repair_project(path: Path, *, when: datetime | None = None) -> Repair:
    """Copy the project aside, then fix in one transaction what can safely be fixed."""
    result = Repair(safety_copy(path, "before-repair", when=when))
    db = connect(path)
    try:
        with transaction(db):  # the write lock first: nothing changes between find and fix
            problems = find_problems(db)
            if not db.conn.in_transaction:  # every fix below goes into one transaction
                raise ProjectError("the repair could not hold its transaction; nothing was changed")
            for problem in problems:
                if problem.fix == DELETE:
                    result.fixed.append(_delete(db, problem))
                elif problem.fix == REHASH:
                    message, done = _rehash(db, problem)
                    (result.fixed if done else result.not_fixed).append(message)
                elif problem.fix == REINDEX:
                    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
                    result.fixed.append("rebuilt the search index")
    finally:
        db.conn.close()
    return result


def _what_repair_does(problem: Problem) -> str:
    if problem.fix is None:
        return ""
    if problem.kind == "analysis":
        return "  [--repair drops it; it is made again]"
    return {DELETE: "  [--repair deletes it]", REHASH: "  [--repair recomputes it]"}.get(
        problem.fix, "  [--repair rebuilds it]"
    )


def report_lines(report: CheckReport) -> list[str]:
    """The report as the command prints it."""
    lines = [str(report.path)]
    if report.damage:
        lines.append("integrity_check: the file itself is damaged:")
        lines += [f"  {line}" for line in report.damage[:MAX_DAMAGE_LINES]]
        if len(report.damage) > MAX_DAMAGE_LINES:
            lines.append(f"  … and {len(report.damage) - MAX_DAMAGE_LINES} more")
        return lines
    lines.append(
        "integrity_check: the file is sound; rows breaking a CHECK or NOT NULL constraint: "
        f"{report.broken_rows} (below)"
        if report.broken_rows
        else "integrity_check: ok"
    )
    orphans = sum(p.kind == "orphan" for p in report.problems)
    lines.append(
        f"foreign_key_check: rows pointing at rows that do not exist: {orphans}"
        if orphans
        else "foreign_key_check: ok"
    )
    if report.problems:
        lines.append(
            f"problems: {len(report.problems)} ({len(report.repairable())} can be repaired)"
        )
        lines += [f"  {p.kind}: {p.message}{_what_repair_does(p)}" for p in report.problems]
    lines += [f"note: {note}" for note in report.notes]
    return lines


def damage_advice(path: Path) -> list[str]:
    """What to do about a damaged file, with the backups there are to restore."""
    lines = [
        "--repair does not patch a damaged file. Either restore a backup: File > Restore "
        "from backup… in the window, or, with Annotator closed, move "
        f"{path.name} (and {path.name}-wal and {path.name}-shm if present) aside and copy "
        "a backup in its place;",
    ]
    backups = list_backups(path)
    if backups:
        lines.append(f"backups of {path.name}, newest first:")
        lines += [f"  {b.describe()}" for b in backups]
    else:
        lines.append(f"(no backups of {path.name} were found in {backups_dir(path)})")
    lines.append(
        f'or salvage its rows: sqlite3 "{path}" ".recover" | sqlite3 recovered.annotator, '
        "then check recovered.annotator"
    )
    return lines


def run_check(
    path: Path, *, repair: bool, say: Callable[[str], object], when: datetime | None = None
) -> bool:
    """`annotator check [--repair]`: report, repair if asked; True when the project is clean."""
    report = check_project(path)
    for line in report_lines(report):
        say(line)
    if report.damage:
        for line in damage_advice(path):
            say(line)
        return False
    if report.clean:
        say("no problems found")
        return True
    if not report.repairable():
        say("none of these can be repaired automatically")
        return False
    if not repair:
        say("run again with --repair to fix what can be fixed (the project is copied first)")
        return False
    result = repair_project(path, when=when)
    say(f"copied the project before repairing it: {result.backup}")
    for line in result.fixed:
        say(f"fixed: {line}")
    for line in result.not_fixed:
        say(f"not fixed: {line}")
    after = check_project(path)
    if after.clean:
        say("the project passes every check now")
        return True
    say(f"problems left: {len(after.problems)}")
    for problem in after.problems:
        say(f"  {problem.kind}: {problem.message}")
    return False
