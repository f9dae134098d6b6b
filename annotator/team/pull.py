"""Bringing the hub's news into a project: schema changes, documents, others' layers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.store.annotators import ensure_annotator
from annotator.store.db import transaction
from annotator.store.team_link import (
    LayerRows,
    TeamLink,
    add_documents,
    hashes,
    note_pulled,
    pulled,
    replace_layers,
)
from annotator.team.hub import Conn

FETCH = 200  # documents a query


def _documents(conn: Conn, hub_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT hash, title, text, meta, source, n_words, imported_at FROM documents "
        "WHERE id = ANY(%s) ORDER BY id",
        [list(hub_ids)],
    ).fetchall()


def pull_documents(
    conn: Conn, db: Database, wanted: dict[str, int], control: Control
) -> dict[str, int]:
    """Copy the documents of ``wanted`` (hash -> hub id) this project lacks; hash -> local id."""
    have = {digest: doc for doc, digest in hashes(db).items()}
    missing = [hub_id for digest, hub_id in wanted.items() if digest not in have]
    for start in range(0, len(missing), FETCH):
        control.check()
        control.progress(start, len(missing), f"Receiving {len(missing) - start} documents")
        have.update(add_documents(db, _documents(conn, missing[start : start + FETCH])))
    return {digest: have[digest] for digest in wanted if digest in have}


def _layer_rows(conn: Conn, keys: Sequence[tuple[int, int]], local: dict[int, int]) -> LayerRows:
    """The hub's layers of (hub document, hub annotator) pairs, with local document ids."""
    docs = [d for d, _a in keys]
    who = [a for _d, a in keys]
    pairs = "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS k(doc_id, annotator_id)"
    rows = LayerRows()

    def read(columns: str, table: str) -> list[tuple[Any, ...]]:
        return conn.execute(
            f"SELECT t.annotator_id, {columns} FROM {table} t "  # names from the code below
            f"JOIN ({pairs}) k USING (doc_id, annotator_id)",
            [docs, who],
        ).fetchall()

    def mapped(row: tuple[Any, ...], at: int) -> tuple[Any, ...]:
        return (*row[:at], local[int(row[at])], *row[at + 1 :])

    # One snapshot for the four reads: a push landing between them would otherwise give
    # spans of one version and relations of another.
    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    rows.states = [
        mapped(r, 1) for r in read("t.doc_id, t.status, t.seeded, t.updated_at", "layers")
    ]
    rows.spans = [
        mapped(r, 2)
        for r in read(
            "t.key, t.doc_id, t.layer, t.label, t.char_start, t.char_end, t.origin, t.attrs, "
            "t.created_at",
            "spans",
        )
    ]
    rows.relations = [
        mapped(r, 2)
        for r in read(
            "t.key, t.doc_id, t.label, t.head, t.child, t.attrs, t.created_at", "relations"
        )
    ]
    rows.fields = [
        mapped(r, 1) for r in read("t.doc_id, t.name, t.value, t.updated_at", "doc_fields")
    ]
    return rows


def _by_annotator(rows: LayerRows, who: int) -> LayerRows:
    return LayerRows(
        states=[r[1:] for r in rows.states if r[0] == who],
        spans=[r[1:] for r in rows.spans if r[0] == who],
        relations=[r[1:] for r in rows.relations if r[0] == who],
        fields=[r[1:] for r in rows.fields if r[0] == who],
    )


def copy_layers(
    conn: Conn,
    db: Database,
    changed: Sequence[tuple[int, int, int]],
    local_docs: dict[int, int],
    local_people: dict[int, int],
) -> None:
    """Replace this project's copies of the hub's layers (doc, annotator, change): one
    transaction, which also notes the change numbers copied."""
    keys = [(d, a) for d, a, _c in changed]
    with conn.transaction():
        rows = _layer_rows(conn, keys, local_docs)
    with transaction(db):
        for who in sorted({a for _d, a in keys}):
            docs = sorted({local_docs[d] for d, a in keys if a == who})
            replace_layers(db, local_people[who], _by_annotator(rows, who), docs)
        note_pulled(db, changed)


def pull_layers(conn: Conn, db: Database, link: TeamLink, control: Control) -> int:
    """A reviewer's pull: every annotator's layers that changed on the hub since copied here.

    Layer by layer (about 10,000 numbers for 5,000 documents at overlap 2): how many copied.
    """
    held = pulled(db)
    changed = [
        r
        for r in conn.execute(
            "SELECT l.doc_id, l.annotator_id, l.change, d.hash, a.name FROM layers l "
            "JOIN documents d ON d.id = l.doc_id JOIN annotators a ON a.id = l.annotator_id "
            "WHERE a.role = 'annotator'"
        ).fetchall()
        if held.get((int(r[0]), int(r[1]))) != int(r[2])
    ]
    if not changed:
        return 0
    local = pull_documents(conn, db, {str(r[3]): int(r[0]) for r in changed}, control)
    local_docs = {int(r[0]): local[str(r[3])] for r in changed}
    people = {
        int(r[1]): ensure_annotator(db, str(r[4]), kind="human", uid=f"hub:{link.hub_uid}")
        for r in changed
    }
    keys = [(int(r[0]), int(r[1]), int(r[2])) for r in changed]
    for start in range(0, len(keys), FETCH):
        control.check()
        control.progress(start, len(keys), f"Receiving {len(keys) - start} annotators' layers")
        copy_layers(conn, db, keys[start : start + FETCH], local_docs, people)
    return len(keys)
