"""`annotator check`: what is wrong inside a project, and what a repair may safely mend.

First SQLite's own ``integrity_check`` (pages and indexes). Only when the file itself is
sound do the other checks run: rows pointing at rows that do not exist
(``foreign_key_check``), links between spans of different documents, spans that do not
fit their text, labels the schema does not have, token analyses that do not fit their
text, stored text hashes that do not match the text, and the search index.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.model import text_hash
from annotator.store.backup import integrity, open_plain
from annotator.store.db import BUSY_TIMEOUT_MS, ProjectError, project_schema
from annotator.store.migrations import SCHEMA_VERSION
from annotator.store.project_file import (
    disk_error,
    open_read_only,
    project_version,
    why_read_only,
)
from annotator.store.schema_change import schema_history

#: What a repair does about a problem; None (a problem without a fix) is only reported.
DELETE, REHASH, REINDEX = "delete", "rehash", "reindex"
SQLITE_HEADER = b"SQLite format 3\x00"
_SINGULAR = {"documents": "document", "annotators": "annotator", "spans": "span"}
#: How each table's rows are named in the report: the columns, then the words.
_ROW_NAMES: dict[str, tuple[str, str]] = {
    "spans": ("id, label, char_start, char_end, doc_id", "span {} ({} at {}..{} in document {})"),
    "relations": ("id, label, head, child", "link {} ({} from span {} to span {})"),
    "doc_states": ("doc_id, annotator_id", "status of document {} for annotator {}"),
    "doc_fields": ("name, doc_id, annotator_id", "field {} of document {} for annotator {}"),
    "analyses": ("doc_id", "analysis of document {}"),
    "suggestion_decisions": ("span_id, annotator_id", "decision on suggestion {} by annotator {}"),
    "review_decisions": ("doc_id", "review decision in document {}"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with the row a repair would act on (``fix`` None: report only)."""

    kind: str  # orphan, link, span, label, analysis, hash, schema, search index
    message: str
    fix: str | None = None
    table: str = ""
    rowid: int = 0


@dataclass
class CheckReport:
    """``damage`` lists integrity_check's complaints: the file itself is damaged."""

    path: Path
    damage: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken_rows: int = 0  # rows integrity_check finds breaking a CHECK or NOT NULL
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def clean(self) -> bool:
        return not self.damage and not self.problems

    def repairable(self) -> list[Problem]:
        return [p for p in self.problems if p.fix is not None]


def counted(count: int, noun: str) -> str:
    """``1 span``, ``2 spans``: the report's counts read as sentences."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def constraint_failures(broken: list[str]) -> list[Problem]:
    """integrity_check's lines about rows breaking a CHECK or NOT NULL constraint, by table.

    Spans breaking theirs (offsets out of order) are left out: ``misfit_spans`` names
    each of them, and a repair deletes them.
    """
    return [
        Problem("constraint", f"{line} ({counted(count, 'row')}); fix by hand")
        for line, count in sorted(Counter(broken).items())
        if line != "CHECK constraint failed in spans"
    ]


def _row_name(db: Database, table: str, rowid: int) -> str:
    columns, words = _ROW_NAMES.get(table, ("rowid", f"{table} row {{}}"))
    row = db.execute(f"SELECT {columns} FROM [{table}] WHERE rowid = ?", [rowid]).fetchone()
    return words.format(*row) if row else f"{table} row {rowid}"


def orphans(db: Database) -> list[Problem]:
    """Rows whose reference (document, annotator, span) points at nothing: one per row."""
    reasons: dict[tuple[str, int], list[str]] = defaultdict(list)
    keys: dict[str, list[Any]] = {}
    for table, rowid, parent, fkid in db.execute("PRAGMA foreign_key_check").fetchall():
        if table not in keys:
            keys[table] = db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()
        column = next(k[3] for k in keys[table] if k[0] == fkid)
        value = db.execute(f"SELECT [{column}] FROM [{table}] WHERE rowid = ?", [rowid]).fetchone()
        missing = _SINGULAR.get(parent, parent)
        reasons[(table, rowid)].append(f"{missing} {value[0]} does not exist")
    return [
        Problem("orphan", f"{_row_name(db, t, r)}: {', '.join(why)}", DELETE, t, r)
        for (t, r), why in sorted(reasons.items())
    ]


def crossed_links(db: Database) -> list[Problem]:
    """Links whose ends lie in another document than the link itself."""
    rows = db.execute(
        "SELECT r.id, r.label, r.doc_id, h.id, h.doc_id, c.id, c.doc_id FROM relations r "
        "JOIN spans h ON h.id = r.head JOIN spans c ON c.id = r.child "
        "WHERE h.doc_id IS NOT r.doc_id OR c.doc_id IS NOT r.doc_id"
    )
    return [
        Problem(
            "link",
            f"link {rid} ({label}, document {doc}) joins span {head} of document {head_doc} "
            f"to span {child} of document {child_doc}",
            DELETE,
            "relations",
            rid,
        )
        for rid, label, doc, head, head_doc, child, child_doc in rows
    ]


def _texts(db: Database) -> tuple[dict[int, int], list[Problem]]:
    """Each document's length in code points; documents whose hash is not their text's."""
    lengths: dict[int, int] = {}
    problems = []
    for doc_id, digest, text in db.execute("SELECT id, hash, text FROM documents"):
        if not isinstance(text, str):
            problems.append(Problem("document", f"document {doc_id}: its text is not text"))
            continue
        lengths[doc_id] = len(text)
        if text_hash(text) != digest:
            problems.append(
                Problem(
                    "hash",
                    f"document {doc_id}: stored hash {digest} is not its text's",
                    REHASH,
                    "documents",
                    doc_id,
                )
            )
    return lengths, problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def misfit_spans(db: Database, lengths: dict[int, int]) -> list[Problem]:
    """Spans with offsets that cannot lie in their document's text."""
    problems = []
    for sid, doc_id, label, start, end in db.execute(
        "SELECT id, doc_id, label, char_start, char_end FROM spans"
    ):
        length = lengths.get(doc_id)
        if length is None:
            continue  # no such document: an orphan, reported as one
        if not (_is_int(start) and _is_int(end) and 0 <= start < end <= length):
            problems.append(
                Problem(
                    "span",
                    f"span {sid} ({label} at {start!r}..{end!r} in document {doc_id}) does not fit "
                    f"the text of {length} characters",
                    DELETE,
                    "spans",
                    sid,
                )
            )
    return problems


def kept_orphans(db: Database) -> set[str]:
    """Labels and link types whose annotations a schema change kept when asked to."""
    kept: set[str] = set()
    for _, _, report in schema_history(db):
        if report.get("orphans") == "keep":
            for count in [*report.get("orphan_spans", []), *report.get("orphan_links", [])]:
                kept.add(str(count["what"]))
    return kept


def unknown_labels(db: Database) -> list[Problem]:
    """Spans and links whose label the project's schema does not have (never repaired)."""
    try:
        schema = project_schema(db)
    except ProjectError as exc:
        return [Problem("schema", str(exc))]
    problems = []
    # Kept on purpose by `annotator schema --set ... --keep-orphans`: a note, not a problem.
    known = {label.name for label in schema.labels} | kept_orphans(db)
    for label, count, first in db.execute(
        "SELECT label, count(*), min(id) FROM spans GROUP BY label ORDER BY label"
    ):
        if label not in known:
            problems.append(
                Problem(
                    "label",
                    f"{counted(count, 'span')} labelled {label!r}, which the schema does not have "
                    f"(the first is span {first}): kept; relabel them or extend the schema",
                )
            )
    relations = {r.name for r in schema.relations} | kept_orphans(db)
    for label, count, first in db.execute(
        "SELECT label, count(*), min(id) FROM relations GROUP BY label ORDER BY label"
    ):
        if label not in relations:
            problems.append(
                Problem(
                    "label",
                    f"{counted(count, 'link')} of type {label!r}, which the schema does not have "
                    f"(the first is link {first}): kept",
                )
            )
    return problems


def analysis_fault(tokens: Any, sent_starts: Any, syntax: Any, length: int) -> str | None:
    """Why a stored analysis does not fit a text of ``length`` code points, or None."""
    try:
        flat = json.loads(tokens)
        starts = json.loads(sent_starts)
        parsed = None if syntax is None else json.loads(syntax)
    except (TypeError, ValueError) as exc:
        return f"it cannot be read ({exc})"
    if not isinstance(flat, list) or len(flat) % 2 or not all(map(_is_int, flat)):
        return "its tokens are not pairs of offsets"
    previous = 0
    for i in range(0, len(flat), 2):
        start, end = flat[i], flat[i + 1]
        if start < previous:
            return f"token {i // 2} ({start}..{end}) starts before the token ahead of it ends"
        if not start < end <= length:
            return f"token {i // 2} ({start}..{end}) does not fit the text of {length} characters"
        previous = end
    count = len(flat) // 2
    if not isinstance(starts, list) or not all(_is_int(s) and 0 <= s < count for s in starts):
        return "its sentence starts are not token numbers"
    if parsed is not None:
        if not isinstance(parsed, dict) or any(
            not isinstance(v, list) or len(v) != count for v in parsed.values()
        ):
            return "its syntax does not have one entry per token"
        if not all(_is_int(h) and 0 <= h < count for h in parsed.get("head", [])):
            return "its syntax has heads that are not token numbers"
    return None


def misfit_analyses(db: Database, lengths: dict[int, int]) -> list[Problem]:
    """Analyses that do not fit their text; a repair drops them so they are made again."""
    problems = []
    for doc_id, tokens, sent_starts, syntax in db.execute(
        "SELECT doc_id, tokens, sent_starts, syntax FROM analyses"
    ):
        length = lengths.get(doc_id)
        fault = None if length is None else analysis_fault(tokens, sent_starts, syntax, length)
        if fault is not None:
            problems.append(
                Problem(
                    "analysis",
                    f"analysis of document {doc_id}: {fault}",
                    DELETE,
                    "analyses",
                    doc_id,
                )
            )
    return problems


def search_index(db: Database) -> list[Problem]:
    """The full-text index of titles and texts, which the document filter relies on.

    FTS5 checks itself through a special INSERT, which opens a write transaction even
    though it changes nothing: rolled back at once unless a repair's transaction holds it.
    """
    outer = db.conn.in_transaction
    try:
        db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_CORRUPT:
            raise
        return [
            Problem(
                "search index",
                f"the search index does not match the documents ({exc})",
                REINDEX,
                "documents_fts",
            )
        ]
    finally:
        if not outer and db.conn.in_transaction:
            db.conn.rollback()
    return []


def find_problems(db: Database, *, search: bool = True) -> list[Problem]:
    """Every problem of a project whose file passed integrity_check (``search``: check
    the search index too, which needs a connection that may write)."""
    lengths, text_problems = _texts(db)
    return [
        *orphans(db),
        *crossed_links(db),
        *misfit_spans(db, lengths),
        *misfit_analyses(db, lengths),
        *text_problems,
        *unknown_labels(db),
        *(search_index(db) if search else []),
    ]


def check_project(path: Path) -> CheckReport:
    """Check the project at ``path``, writing nothing; a file that is not a project of
    this version (not SQLite, another program's, newer) is a ProjectError."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path} cannot be read ({exc})") from exc
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path} is not an Annotator project (not an SQLite database)")
    # Not through connect(): it would upgrade an old project, and could not open a damaged one.
    read_only = why_read_only(path)
    conn = open_read_only(path, BUSY_TIMEOUT_MS / 1000) if read_only else open_plain(path, "rw")
    try:
        damage, broken = _file_damage(conn, path)
        if damage:
            return CheckReport(path, damage=damage)
        project_version(conn, path, SCHEMA_VERSION)  # refuses another program's database
        problems = find_problems(Database(conn, execute_plugins=False), search=not read_only)
        report = CheckReport(path, [], [*constraint_failures(broken), *problems], len(broken))
        if read_only:
            report.notes.append(f"the search index was not checked: {read_only}")
        for label in sorted(kept_orphans(Database(conn, execute_plugins=False))):
            report.notes.append(
                f"annotations labelled {label!r} were kept when the schema dropped the label"
            )
        return report
    except sqlite3.Error as exc:  # the search index's check writes: a full disk refuses it
        full = disk_error(path, exc, "checked")
        if full is None:
            raise
        raise full from exc
    finally:
        conn.close()


def _file_damage(conn: sqlite3.Connection, path: Path) -> tuple[list[str], list[str]]:
    """integrity_check's complaints, once the file could be read at all.

    The first read of a WAL project makes its ``-shm`` file, which a full disk refuses
    with "disk I/O error": integrity_check would report that as damage, and the user
    would restore a backup over a sound project.
    """
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        full = disk_error(path, exc, "checked")
        if full is not None:
            raise full from exc
        # Anything else is integrity_check's to describe.
    return integrity(conn)
