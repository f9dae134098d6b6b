"""A small project file with real annotations, for the backup, check and restore tests.

Three documents (one with an emoji made of several code points, so that offsets are
checked in code points, not UTF-16 units), each with tokens; alice's spans, a link, a
field and a status; and ``snapshot`` to compare what a project holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.model import Analysis, Status
from annotator.core.schema import LabelSchema
from annotator.core.tokens import whitespace_tokens
from annotator.store.annotators import ensure_annotator
from annotator.store.db import connect, initialise, transaction
from annotator.store.documents import NewDocument, insert_documents, save_analysis
from annotator.store.editing import DocumentEditor

TEXTS = (
    "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed.",
    "Officials denied the report on Tuesday, calling it baseless.",
    "Families 👨‍👩‍👧 fled the shelling in Kharkiv.",
)


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def annotated_project(path: Path, schema: LabelSchema) -> Path:
    """A project at ``path``: three analysed documents, alice's spans, a link and fields."""
    db = connect(path)
    initialise(db, schema)
    with transaction(db):
        ids = insert_documents(
            db, [NewDocument(f"Article {i}", t, {}) for i, t in enumerate(TEXTS)]
        )
        for doc_id, text in zip(ids, TEXTS, strict=True):
            assert doc_id is not None
            save_analysis(db, doc_id, Analysis(tuple(whitespace_tokens(text)), (0,)))
    alice = ensure_annotator(db, "alice")
    first = DocumentEditor(db, schema, alice, 1)
    quote = first.create(*_at(TEXTS[0], "“We will not retreat,”"), "QUOTE")
    source = first.create(*_at(TEXTS[0], "Gen. Ahmed Zubaïr."), "SOURCE")
    first.create(*_at(TEXTS[0], "145 militants"), "CASUALTY")
    assert quote is not None
    assert quote.id
    assert source is not None
    assert source.id
    first.link(quote.id, source.id, "ATTRIBUTED_TO")
    first.set_status(Status.DONE)
    second = DocumentEditor(db, schema, alice, 2)
    second.create(*_at(TEXTS[1], "denied the report"), "CLAIM")
    second.set_field("note", "the ministry's statement")
    third = DocumentEditor(db, schema, alice, 3)
    # The last word ends the text: its end is len(text) in code points.
    third.create(*_at(TEXTS[2], "Kharkiv."), "GPE")
    db.conn.close()
    return path


def snapshot(path: Path) -> dict[str, Any]:
    """What a person would miss if it went: spans, links, fields and statuses, by id."""
    db = connect(path)
    try:
        return {
            table: set(db.execute(query).fetchall())
            for table, query in (
                ("spans", "SELECT id, doc_id, label, char_start, char_end, attrs FROM spans"),
                ("relations", "SELECT id, doc_id, label, head, child FROM relations"),
                ("fields", "SELECT doc_id, annotator_id, name, value FROM doc_fields"),
                ("states", "SELECT doc_id, annotator_id, status FROM doc_states"),
            )
        }
    finally:
        db.conn.close()
