"""The document list: ids for a filter, and the rows of a page of them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.model import Status

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DocRow:
    id: int
    title: str
    status: Status
    n_spans: int


def fts_query(text: str) -> str:
    """An FTS5 query matching every word of ``text`` as a prefix; '' if it has no words."""
    return " ".join(f'"{word}"*' for word in _WORD.findall(text))


def doc_ids(db: Database, filter_text: str = "") -> list[int]:
    """Ids of the documents whose title or text contain every word of the filter."""
    query = fts_query(filter_text)
    if not query:
        rows = db.execute("SELECT id FROM documents INDEXED BY documents_ids ORDER BY id")
        return [int(r[0]) for r in rows]
    rows = db.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid", [query]
    )
    return [int(r[0]) for r in rows]


def doc_rows(db: Database, ids: Sequence[int], annotator_id: int) -> list[DocRow]:
    """Rows for the given ids, in that order, as ``annotator_id`` sees them.

    The count is the annotator's spans, or the model's entities for a document they
    have not opened yet (that is what they will find in it).
    """
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""
        SELECT d.id, d.title, coalesce(s.status, 'todo'),
            CASE WHEN coalesce(s.seeded, 0) = 1 OR EXISTS (
                SELECT 1 FROM spans x WHERE x.doc_id = d.id AND x.annotator_id = ?)
            THEN (SELECT count(*) FROM spans x WHERE x.doc_id = d.id AND x.annotator_id = ?)
            ELSE (SELECT count(*) FROM spans x JOIN annotators a ON a.id = x.annotator_id
                  WHERE x.doc_id = d.id AND a.kind = 'model')
            END
        FROM documents d
        LEFT JOIN doc_states s ON s.doc_id = d.id AND s.annotator_id = ?
        WHERE d.id IN ({marks})
        """,
        [annotator_id, annotator_id, annotator_id, *ids],
    )
    by_id = {r[0]: DocRow(r[0], r[1], Status(r[2]), r[3]) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def progress(db: Database, annotator_id: int) -> tuple[int, int]:
    """(documents done by the annotator, all documents)."""
    done = db.execute(
        "SELECT count(*) FROM doc_states WHERE annotator_id = ? AND status = 'done'",
        [annotator_id],
    ).fetchone()[0]
    total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    return int(done), int(total)
