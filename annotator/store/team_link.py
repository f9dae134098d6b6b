"""A project's link to a team hub, seen from the project: the link, the outbox, the layers.

Everything here is SQLite only; ``annotator/team/`` talks to the hub. The outbox is filled
by triggers (store/migrations.py, version 6) in the same transaction as each change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from annotator.store.db import now, transaction

Row = tuple[Any, ...]


@dataclass(frozen=True)
class TeamLink:
    """Which hub this project belongs to, as whom, and how its last sync went."""

    hub: str
    hub_uid: str
    role: str  # 'annotator' or 'reviewer'
    name: str
    annotator_id: int  # the local layer that is pushed
    hub_annotator_id: int
    schema_version: int
    synced_at: str | None
    error: str | None
    error_since: str | None


_LINK_COLUMNS = (
    "hub, hub_uid, role, name, annotator_id, hub_annotator_id, schema_version, "
    "synced_at, error, error_since"
)


def read_link(db: Database) -> TeamLink | None:
    """The project's link to a hub, or None for a project of its own."""
    try:
        row = db.execute(f"SELECT {_LINK_COLUMNS} FROM team_link").fetchone()
    except sqlite3.OperationalError:  # an older project opened read-only, never upgraded
        return None
    return None if row is None else TeamLink(*row)


def write_link(
    db: Database,
    *,
    hub: str,
    hub_uid: str,
    role: str,
    name: str,
    annotator_id: int,
    hub_annotator_id: int,
    schema_version: int,
) -> None:
    """Link the project to a hub (the project's own changes are noted from now on)."""
    with transaction(db):
        db.execute(
            "INSERT INTO team_link (id, hub, hub_uid, role, name, annotator_id, "
            "hub_annotator_id, schema_version) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET hub = excluded.hub, "
            "hub_annotator_id = excluded.hub_annotator_id",
            [hub, hub_uid, role, name, annotator_id, hub_annotator_id, schema_version],
        )
        # What the layer already holds goes to the hub at the first push.
        noted = db.execute(
            "SELECT DISTINCT doc_id FROM doc_states WHERE annotator_id = ? "
            "UNION SELECT DISTINCT doc_id FROM spans WHERE annotator_id = ?",
            [annotator_id, annotator_id],
        ).fetchall()
        db.conn.executemany(
            "INSERT INTO team_outbox (doc_id, seq) VALUES (?, 0) ON CONFLICT DO NOTHING", noted
        )


def record_sync(db: Database, *, error: str | None, schema_version: int | None = None) -> None:
    """Note how a sync ended: when it succeeded, or since when the hub has failed."""
    with transaction(db):
        if error is None:
            db.execute(
                "UPDATE team_link SET synced_at = ?, error = NULL, error_since = NULL", [now()]
            )
        else:
            db.execute(
                "UPDATE team_link SET error = ?, error_since = coalesce(error_since, ?)",
                [error, now()],
            )
        if schema_version is not None:
            db.execute("UPDATE team_link SET schema_version = ?", [schema_version])


def waiting(db: Database) -> int:
    """How many documents hold changes the hub has not had yet."""
    return int(db.execute("SELECT count(*) FROM team_outbox").fetchone()[0])


def outbox(db: Database) -> list[tuple[int, int]]:
    """(document id, change number) of every document with changes to push, oldest first."""
    rows = db.execute("SELECT doc_id, seq FROM team_outbox ORDER BY seq, doc_id").fetchall()
    return [(int(d), int(s)) for d, s in rows]


def clear_outbox(db: Database, pushed: Iterable[tuple[int, int]]) -> None:
    """Forget notes that were pushed, unless the document changed again meanwhile."""
    with transaction(db):
        db.conn.executemany("DELETE FROM team_outbox WHERE doc_id = ? AND seq = ?", list(pushed))


@dataclass
class LayerRows:
    """One annotator's layers of some documents, as rows (document ids are local)."""

    states: list[Row] = field(default_factory=list)  # doc, status, seeded, updated_at
    spans: list[Row] = field(default_factory=list)  # id, doc, layer, label, start, end, ...
    relations: list[Row] = field(default_factory=list)  # id, doc, label, head, child, ...
    fields: list[Row] = field(default_factory=list)  # doc, name, value, updated_at


def _in(doc_ids: Sequence[int]) -> str:
    return ",".join("?" * len(doc_ids))


def read_layers(db: Database, annotator_id: int, doc_ids: Sequence[int]) -> LayerRows:
    """The annotator's layers of ``doc_ids`` (at most a few hundred at a time)."""
    marks, args = _in(doc_ids), [annotator_id, *doc_ids]
    where = f"WHERE annotator_id = ? AND doc_id IN ({marks})"
    return LayerRows(
        states=db.execute(
            f"SELECT doc_id, status, seeded, updated_at FROM doc_states {where}", args
        ).fetchall(),
        spans=db.execute(
            "SELECT id, doc_id, layer, label, char_start, char_end, origin, attrs, created_at "
            f"FROM spans {where}",
            args,
        ).fetchall(),
        relations=db.execute(
            f"SELECT id, doc_id, label, head, child, attrs, created_at FROM relations {where}",
            args,
        ).fetchall(),
        fields=db.execute(
            f"SELECT doc_id, name, value, updated_at FROM doc_fields {where}", args
        ).fetchall(),
    )


def replace_layers(
    db: Database, annotator_id: int, rows: LayerRows, doc_ids: Sequence[int]
) -> None:
    """Replace the annotator's layers of ``doc_ids`` by ``rows`` (in the caller's transaction).

    Span ids are new in this project; relations follow their spans. Used to bring the hub's
    copies of other people's layers (a reviewer) or of one's own (joining again) here.
    """
    targets = [(d, annotator_id) for d in doc_ids]
    for table in ("relations", "spans", "doc_fields", "doc_states"):
        db.conn.executemany(f"DELETE FROM {table} WHERE doc_id = ? AND annotator_id = ?", targets)
    next_id = int(db.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]) + 1
    ids: dict[tuple[int, int], int] = {}
    spans = []
    for key, doc, *rest in rows.spans:
        ids[(doc, key)] = next_id
        spans.append((next_id, doc, annotator_id, *rest))
        next_id += 1
    db.conn.executemany(
        "INSERT INTO spans (id, doc_id, annotator_id, layer, label, char_start, char_end, "
        "origin, attrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        spans,
    )
    db.conn.executemany(
        "INSERT INTO relations (doc_id, annotator_id, label, head, child, attrs, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (doc, annotator_id, label, ids[(doc, head)], ids[(doc, child)], attrs, created)
            for _key, doc, label, head, child, attrs, created in rows.relations
            if (doc, head) in ids and (doc, child) in ids
        ],
    )
    db.conn.executemany(
        "INSERT INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(doc, annotator_id, *rest) for doc, *rest in rows.fields],
    )
    db.conn.executemany(
        "INSERT INTO doc_states (doc_id, annotator_id, status, seeded, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(doc, annotator_id, *rest) for doc, *rest in rows.states],
    )


def hashes(db: Database, doc_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Local document id -> text hash (of ``doc_ids``, or of every document)."""
    if doc_ids is None:
        rows = db.execute("SELECT id, hash FROM documents").fetchall()
    else:
        rows = db.execute(
            f"SELECT id, hash FROM documents WHERE id IN ({_in(doc_ids)})", list(doc_ids)
        ).fetchall()
    return {int(i): str(h) for i, h in rows}


def add_documents(db: Database, documents: Sequence[Row]) -> dict[str, int]:
    """Insert documents given as (hash, title, text, meta, source, n_words, imported_at)
    rows, skipping texts already here; hash -> local id of those added."""
    added: dict[str, int] = {}
    with transaction(db):
        for row in documents:
            cursor = db.execute(
                "INSERT INTO documents (hash, title, text, meta, source, n_words, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                list(row),
            )
            if cursor.rowcount == 1 and cursor.lastrowid is not None:
                added[str(row[0])] = cursor.lastrowid
    return added


def pulled(db: Database) -> dict[tuple[int, int], int]:
    """(hub document, hub annotator) -> the hub's change number of the copy held here."""
    rows = db.execute("SELECT hub_doc, hub_annotator, change FROM team_pulled").fetchall()
    return {(int(d), int(a)): int(c) for d, a, c in rows}


def note_pulled(db: Database, changes: Iterable[tuple[int, int, int]]) -> None:
    """Remember the change numbers of layers just copied (in the caller's transaction)."""
    db.conn.executemany(
        "INSERT INTO team_pulled (hub_doc, hub_annotator, change) VALUES (?, ?, ?) "
        "ON CONFLICT DO UPDATE SET change = excluded.change",
        list(changes),
    )
