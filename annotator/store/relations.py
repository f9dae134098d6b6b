"""Relations between spans, span attributes and document fields of one annotator."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation
from annotator.store.db import CHANGED_ELSEWHERE, Gone, now, transaction

_COLUMNS = "id, head, child, label, attrs"


def _relation(row: tuple[Any, ...]) -> Relation:
    return Relation(row[1], row[2], row[3], json.loads(row[4]), row[0])


def insert_relation(db: Database, doc_id: int, annotator_id: int, relation: Relation) -> int:
    """Store a relation in the caller's transaction (keeping its id if it has one)."""
    cursor = db.execute(
        "INSERT INTO relations (id, doc_id, annotator_id, label, head, child, attrs, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            relation.id,
            doc_id,
            annotator_id,
            relation.label,
            relation.head,
            relation.child,
            json.dumps(relation.attrs, ensure_ascii=False),
            now(),
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_relations(
    db: Database, doc_id: int, annotator_id: int, relations: list[Relation]
) -> None:
    """Store many new relations in the caller's transaction, with one prepared statement."""
    stamp = now()
    db.conn.executemany(
        "INSERT INTO relations (doc_id, annotator_id, label, head, child, attrs, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                annotator_id,
                r.label,
                r.head,
                r.child,
                json.dumps(r.attrs, ensure_ascii=False) if r.attrs else "{}",
                stamp,
            )
            for r in relations
        ],
    )


def add_relation(db: Database, doc_id: int, annotator_id: int, relation: Relation) -> Relation:
    with transaction(db):
        new_id = insert_relation(db, doc_id, annotator_id, relation)
    return get_relation(db, new_id)


def get_relation(db: Database, relation_id: int) -> Relation:
    row = db.execute(f"SELECT {_COLUMNS} FROM relations WHERE id = ?", [relation_id]).fetchone()
    if row is None:
        raise Gone(f"the link is not there any more: {CHANGED_ELSEWHERE}")
    return _relation(row)


def delete_relation(db: Database, relation_id: int) -> Relation:
    with transaction(db):
        relation = get_relation(db, relation_id)
        db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
    return relation


def set_relation_attrs(db: Database, relation_id: int, attrs: dict[str, Any]) -> Relation:
    """Replace a relation's attributes; returns the relation as it was."""
    with transaction(db):
        before = get_relation(db, relation_id)
        db.execute(
            "UPDATE relations SET attrs = ? WHERE id = ?",
            [json.dumps(attrs, ensure_ascii=False), relation_id],
        )
    return before


def relations_of(db: Database, doc_id: int, annotator_id: int) -> list[Relation]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM relations WHERE doc_id = ? AND annotator_id = ? ORDER BY id",
        [doc_id, annotator_id],
    )
    return [_relation(r) for r in rows]


def relations_touching(db: Database, span_id: int) -> list[Relation]:
    """Relations whose head or child is the span: what deleting it takes along."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM relations WHERE head = ? OR child = ? ORDER BY id",
        [span_id, span_id],
    )
    return [_relation(r) for r in rows]


def set_span_attrs(db: Database, span_id: int, attrs: dict[str, Any]) -> dict[str, Any]:
    """Replace a span's attributes; returns the attributes it had, for undo."""
    with transaction(db):
        row = db.execute("SELECT attrs FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise Gone(f"the span is not there any more: {CHANGED_ELSEWHERE}")
        db.execute(
            "UPDATE spans SET attrs = ? WHERE id = ?",
            [json.dumps(attrs, ensure_ascii=False), span_id],
        )
    before: dict[str, Any] = json.loads(row[0])
    return before


def get_fields(db: Database, doc_id: int, annotator_id: int) -> dict[str, Any]:
    rows = db.execute(
        "SELECT name, value FROM doc_fields WHERE doc_id = ? AND annotator_id = ?",
        [doc_id, annotator_id],
    )
    return {name: json.loads(value) for name, value in rows}


def set_field(db: Database, doc_id: int, annotator_id: int, name: str, value: Any) -> Any:
    """Set (or with None, clear) a document field; returns the value it had."""
    with transaction(db):
        before = get_fields(db, doc_id, annotator_id).get(name)
        if value is None:
            db.execute(
                "DELETE FROM doc_fields WHERE doc_id = ? AND annotator_id = ? AND name = ?",
                [doc_id, annotator_id, name],
            )
        else:
            db.execute(
                "INSERT INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [doc_id, annotator_id, name, json.dumps(value, ensure_ascii=False), now()],
            )
    return before
