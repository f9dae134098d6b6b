"""Spans, per-document status and the copying of model entities into a person's layer.

Every function that changes something is one transaction: a user action is committed
before the next key press is handled, so a killed process loses nothing on screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from itertools import chain, repeat
from operator import is_not, itemgetter
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.store.db import CHANGED_ELSEWHERE, Gone, now, opened, transaction

_SPAN_COLUMNS = "id, doc_id, annotator_id, layer, label, char_start, char_end, origin, attrs"


def _span(row: tuple[Any, ...]) -> Span:
    return Span(
        start=row[5],
        end=row[6],
        label=row[4],
        layer=row[3],
        origin=Origin(row[7]),
        attrs=json.loads(row[8]) if row[8] != "{}" else {},
        id=row[0],
        doc_id=row[1],
        annotator_id=row[2],
    )


_INSERT = (
    "INSERT INTO spans (id, doc_id, annotator_id, layer, label, char_start, char_end, "
    "origin, attrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

#: A span as stored, less its document, annotator and time: (id or None, layer, label,
#: start, end, origin, attrs as JSON).
SpanRow = tuple[int | None, str, str, int, int, str, str]
_BULK_ROWS = 128  # 3 + 7 * 128 values: under SQLite's old limit of 999 per statement
_FIRST, _AFTER_ID = itemgetter(0), itemgetter(slice(1, None))


def attrs_json(attrs: Mapping[str, Any]) -> str:
    """A span's attributes as stored: "{}" for none, the usual case, without serialising."""
    return json.dumps(attrs, ensure_ascii=False) if attrs else "{}"


def _row(doc_id: int, annotator_id: int, span: Span, stamp: str) -> tuple[Any, ...]:
    attrs = attrs_json(span.attrs)
    return (
        span.id,
        doc_id,
        annotator_id,
        span.layer,
        span.label,
        span.start,
        span.end,
        span.origin.value,
        attrs,
        stamp,
    )


@cache
def _bulk_insert(count: int, ids: bool) -> str:
    """One INSERT of ``count`` rows; document, annotator and time are bound once, as ?1-?3.

    Without ``ids`` the id column is left out: sqlite3 binds None three times slower than
    a number (it looks for an adapter first), and new spans have no id yet.
    """
    columns = ["layer", "label", "char_start", "char_end", "origin", "attrs"]
    columns[:0] = ["id"] if ids else []
    width = len(columns)
    rows = ",".join(
        "(?1,?2,?3," + ",".join(f"?{n + i}" for i in range(width)) + ")"
        for n in range(4, 4 + width * count, width)
    )
    return (
        f"INSERT INTO spans (doc_id, annotator_id, created_at, {', '.join(columns)}) VALUES {rows}"
    )


def add_span_rows(db: Database, doc_id: int, annotator_id: int, rows: Sequence[SpanRow]) -> int:
    """Store many spans of one document, as rows, in the caller's transaction; returns how many.

    Many rows to a statement: executemany costs twice as much a row. A statement of 16, 32,
    … 128 rows and one of the 1 to 15 left keep to 23 statements (twice that with ids),
    all in the statement cache (compiling one costs as much as running it ten times).
    The rows are flattened in C (chain, itemgetter): a Python step a row cost a tenth as
    much as SQLite's work for it.
    """
    done, stamp = 0, now()
    while done < len(rows):
        count = min(_BULK_ROWS, len(rows) - done)
        count -= count % 16 if count > 16 else 0
        chunk = rows[done : done + count]
        ids = any(map(is_not, map(_FIRST, chunk), repeat(None)))
        values: list[Any] = [doc_id, annotator_id, stamp]
        values += chain.from_iterable(chunk if ids else map(_AFTER_ID, chunk))
        db.conn.execute(_bulk_insert(count, ids), values)
        done += count
    return done


def _insert(db: Database, doc_id: int, annotator_id: int, span: Span) -> int:
    cursor = db.execute(_INSERT, _row(doc_id, annotator_id, span, now()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _touch(db: Database, doc_id: int, annotator_id: int) -> None:
    """Mark the document in progress for the annotator unless they already finished it."""
    db.execute(
        "INSERT INTO doc_states (doc_id, annotator_id, status, updated_at) "
        "VALUES (?, ?, 'in progress', ?) ON CONFLICT DO UPDATE SET "
        "updated_at = excluded.updated_at, "
        "status = CASE WHEN status = 'todo' THEN 'in progress' ELSE status END",
        [doc_id, annotator_id, now()],
    )


def add_span(db: Database, doc_id: int, annotator_id: int, span: Span) -> Span:
    """Store a span (keeping ``span.id`` if it has one, as redo does) and return it with its id."""
    with transaction(db):
        new_id = _insert(db, doc_id, annotator_id, span)
        _touch(db, doc_id, annotator_id)
    return get_span(db, new_id)


def add_spans(db: Database, doc_id: int, annotator_id: int, spans: Iterable[Span]) -> int:
    """Store many spans of one document in the caller's transaction; returns how many."""
    rows = [
        (s.id, s.layer, s.label, s.start, s.end, s.origin.value, attrs_json(s.attrs)) for s in spans
    ]
    return add_span_rows(db, doc_id, annotator_id, rows)


def get_span(db: Database, span_id: int) -> Span:
    row = db.execute(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
    if row is None:
        raise Gone(f"the span is not there any more: {CHANGED_ELSEWHERE}")
    return _span(row)


def delete_span(db: Database, span_id: int) -> Span:
    """Remove a span (its relations go with it) and return what was removed, for undo."""
    with transaction(db):
        span = get_span(db, span_id)
        db.execute("DELETE FROM spans WHERE id = ?", [span_id])
        assert span.doc_id is not None
        assert span.annotator_id is not None
        _touch(db, span.doc_id, span.annotator_id)
    return span


def relabel_span(
    db: Database, span_id: int, label: str, layer: str, attrs: dict[str, Any] | None = None
) -> Span:
    """Give a span another label (and attributes); returns the span as it was, for undo."""
    with transaction(db):
        before = get_span(db, span_id)
        db.execute(
            "UPDATE spans SET label = ?, layer = ?, attrs = ? WHERE id = ?",
            [
                label,
                layer,
                json.dumps(before.attrs if attrs is None else attrs, ensure_ascii=False),
                span_id,
            ],
        )
        assert before.doc_id is not None
        assert before.annotator_id is not None
        _touch(db, before.doc_id, before.annotator_id)
    return before


def spans_of(db: Database, doc_id: int, annotator_id: int) -> list[Span]:
    """One annotator's spans in one document, in reading order."""
    rows = db.execute(
        f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND annotator_id = ? "
        "ORDER BY char_start, char_end DESC, id",
        [doc_id, annotator_id],
    )
    return [_span(r) for r in rows]


def model_spans(db: Database, doc_id: int) -> list[Span]:
    """What the models proposed for a document (pre-annotation), in reading order."""
    rows = db.execute(
        f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND annotator_id IN "
        "(SELECT id FROM annotators WHERE kind = 'model') ORDER BY char_start, char_end DESC",
        [doc_id],
    )
    return [_span(r) for r in rows]


def _to_seed(db: Database, doc_id: int, annotator_id: int) -> list[Span]:
    """The model's spans still to copy into a person's layer (none once seeded)."""
    state = db.execute(
        "SELECT seeded FROM doc_states WHERE doc_id = ? AND annotator_id = ?",
        [doc_id, annotator_id],
    ).fetchone()
    if state is not None and state[0]:
        return []
    # A person who started before the model finished may have marked some already.
    have = {(s.start, s.end, s.label) for s in spans_of(db, doc_id, annotator_id)}
    return [s for s in model_spans(db, doc_id) if (s.start, s.end, s.label) not in have]


def seed_from_model(db: Database, doc_id: int, annotator_id: int) -> bool:
    """Copy the model's entities into a person's layer the first time they open the document.

    From then on the person corrects their own copy; the copies keep ``origin = model``
    so that statistics and review can tell them apart. Nothing happens before the model
    has run, nor for a document the person already has annotations for (an import).
    """
    if opened(db).read_only:  # a read-only project shows the layer as it is
        return False
    if not _to_seed(db, doc_id, annotator_id):  # the usual case, without the write lock
        return False
    with transaction(db):
        # Another window of the same person may have seeded it since: look again.
        proposed = _to_seed(db, doc_id, annotator_id)
        if not proposed:
            return False
        add_spans(
            db,
            doc_id,
            annotator_id,
            (Span(s.start, s.end, s.label, s.layer, Origin.MODEL, s.attrs) for s in proposed),
        )
        db.execute(
            "INSERT INTO doc_states (doc_id, annotator_id, seeded, updated_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT DO UPDATE SET seeded = 1",
            [doc_id, annotator_id, now()],
        )
    return True


def set_status(
    db: Database, doc_id: int, annotator_id: int, status: Status, *, seeded: bool | None = None
) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO doc_states (doc_id, annotator_id, status, seeded, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET status = excluded.status, "
            "updated_at = excluded.updated_at, seeded = max(seeded, excluded.seeded)",
            [doc_id, annotator_id, status.value, int(bool(seeded)), now()],
        )


def get_status(db: Database, doc_id: int, annotator_id: int) -> Status:
    row = db.execute(
        "SELECT status FROM doc_states WHERE doc_id = ? AND annotator_id = ?",
        [doc_id, annotator_id],
    ).fetchone()
    return Status(row[0]) if row else Status.TODO
