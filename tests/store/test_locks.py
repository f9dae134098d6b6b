"""A project another connection is writing: edits wait, then fail with a message, never silently.

Every change the window makes is a DocumentEditor call; each must go through
``transaction()``, so that a lock held past the busy timeout becomes a ``ProjectBusy``
(nothing written, nothing changed in memory) and, once the lock is gone, the same call
saves and commits.
"""

from __future__ import annotations

import inspect
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Relation, Span, Status
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.store.annotators import ensure_annotator
from annotator.store.db import (
    BUSY_TIMEOUT_MS,
    ProjectBusy,
    ProjectError,
    connect,
    transaction,
)
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.editing import DocumentEditor
from annotator.store.suggestions import Accepted, store_proposal

TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."
SHORT_MS = 40


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@dataclass
class Scene:
    """A document with a quote linked to its source, a cue, a field and suggestions."""

    editor: DocumentEditor
    quote: Span
    source: Span
    cue: Span
    link: Relation
    pending: int  # a suggestion not decided yet
    accepted: Accepted
    rejected: int


@pytest.fixture
def scene(project_path: Path, schema: LabelSchema) -> Iterator[Scene]:
    db = connect(project_path, busy_timeout_ms=SHORT_MS)
    with transaction(db):
        (doc_id,) = insert_documents(db, [NewDocument("t", TEXT, {})])
        assert doc_id is not None
        proposal = Proposal()
        proposal.add(Span(*_at("Ahmed"), "PERSON", "ner", Origin.MODEL))
        proposal.add(Span(*_at("militants"), "PERSON", "ner", Origin.MODEL))
        proposal.add(Span(*_at("At least 145 militants"), "CASUALTY", "casualty", Origin.MODEL))
        store_proposal(db, doc_id, proposal)
    editor = DocumentEditor(db, schema, ensure_annotator(db, "alice"), doc_id)
    quote = editor.create(*_at("“We will not retreat,”"), "QUOTE")
    source = editor.create(*_at("Gen. Ahmed Zubaïr"), "SOURCE")
    cue = editor.create(*_at("said"), "CUE")
    assert quote is not None
    assert source is not None
    assert cue is not None
    assert quote.id
    assert source.id
    link = editor.link(quote.id, source.id, "ATTRIBUTED_TO")
    assert link is not None
    editor.set_field("note", "first read")
    by_label = {(s.label, s.start): s.id for s in editor.suggestions.values()}
    casualty = by_label[("CASUALTY", _at("At least")[0])]
    ahmed = by_label[("PERSON", _at("Ahmed")[0])]
    militants = by_label[("PERSON", _at("militants")[0])]
    assert casualty
    assert ahmed
    assert militants
    accepted = editor.accept(ahmed)
    editor.reject([militants])
    yield Scene(editor, quote, source, cue, link, casualty, accepted, militants)
    db.conn.close()


def _id(span: Span | Relation) -> int:
    assert span.id is not None
    return span.id


#: Every DocumentEditor method that writes, called as the window's commands call it.
WRITES: dict[str, Callable[[Scene], Any]] = {
    "create": lambda s: s.editor.create(*_at("militants"), "PERSON"),
    "restore": lambda s: s.editor.restore(Span(*_at("killed"), "CLAIM", "claim", Origin.HUMAN)),
    "delete": lambda s: s.editor.delete(_id(s.quote)),
    "relabel": lambda s: s.editor.relabel(_id(s.quote), "CLAIM"),
    "reset": lambda s: s.editor.reset(replace(s.quote, attrs={"type": "mixed"})),
    "set_attrs": lambda s: s.editor.set_attrs(_id(s.quote), {"type": "indirect"}),
    "link": lambda s: s.editor.link(_id(s.quote), _id(s.cue), "HAS_CUE"),
    "restore_relation": lambda s: s.editor.restore_relation(
        Relation(_id(s.quote), _id(s.cue), "HAS_CUE")
    ),
    "unlink": lambda s: s.editor.unlink(_id(s.link)),
    "set_relation_attrs": lambda s: s.editor.set_relation_attrs(_id(s.link), {"note": "x"}),
    "set_field": lambda s: s.editor.set_field("note", "second read"),
    "set_status": lambda s: s.editor.set_status(Status.DONE),
    "accept": lambda s: s.editor.accept(s.pending),
    "revert": lambda s: s.editor.revert(s.accepted),
    "reject": lambda s: s.editor.reject([s.pending]),
    "forget": lambda s: s.editor.forget([s.rejected]),
}
#: The methods that only read (or recompute in memory).
READS = {
    "refresh",
    "refresh_suggestions",
    "snap",
    "new_span",
    "has_span",
    "link_candidates",
    "link_offers",
    "linked",
    "status",
    "status_after_edit",
    "ordered",
    "spans_at",
    "suggestions_at",
    "score_of",
}
TABLES = ("annotators", "spans", "relations", "doc_states", "doc_fields", "suggestion_decisions")


def test_every_editor_method_is_known_to_read_or_to_write() -> None:
    """A new editing method must be added to WRITES, and so tested under a lock."""
    public = {
        name
        for name, _ in inspect.getmembers(DocumentEditor, inspect.isfunction)
        if not name.startswith("_")
    }
    assert public == set(WRITES) | READS


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a person's edits can change, read by another connection."""
    db = connect(path)
    try:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        db.conn.close()


def _memory(editor: DocumentEditor) -> tuple[Any, ...]:
    """What the window shows: the editor's spans, links, fields and suggestions."""
    return (
        dict(editor.spans),
        dict(editor.relations),
        dict(editor.fields),
        sorted(editor.suggestions),
    )


@pytest.mark.parametrize("method", sorted(WRITES))
def test_an_edit_under_a_lock_is_refused_whole_then_saved_once_it_is_free(
    scene: Scene, project_path: Path, method: str
) -> None:
    editor = scene.editor
    before, shown = _rows(project_path), _memory(editor)
    holder = connect(project_path)
    holder.conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(ProjectBusy, match="being written by another window or program"):
        WRITES[method](scene)
    assert not editor.db.conn.in_transaction  # a later edit is not swallowed by this one
    assert _memory(editor) == shown  # nothing shown as saved that was not
    holder.conn.rollback()
    holder.conn.close()
    assert _rows(project_path) == before

    WRITES[method](scene)
    assert not editor.db.conn.in_transaction
    assert _rows(project_path) != before  # committed: another connection sees it
    fresh = DocumentEditor(editor.db, editor.schema, editor.annotator_id, editor.doc_id)
    assert _memory(fresh) == _memory(editor)  # the window shows what the file holds


def test_busy_timeout_is_five_seconds_unless_set_per_connection(project_path: Path) -> None:
    assert BUSY_TIMEOUT_MS == 5000
    default = connect(project_path)
    assert default.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    default.conn.close()
    holder = connect(project_path)
    holder.conn.execute("BEGIN IMMEDIATE")
    short = connect(project_path, busy_timeout_ms=300)
    began = time.monotonic()
    with pytest.raises(ProjectBusy) as raised, transaction(short):
        short.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    waited = time.monotonic() - began
    assert 0.25 <= waited < 3.0
    assert isinstance(raised.value, ProjectError)  # callers that catch ProjectError see it
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
    holder.conn.rollback()
    with transaction(short):  # the lock is free: the connection is usable as before
        short.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    assert holder.execute("SELECT value FROM meta WHERE key = 'k'").fetchone() == ("v",)
    short.conn.close()
    holder.conn.close()


def _read_only(db: Database) -> None:
    db.execute("PRAGMA query_only = ON")


def _full(db: Database) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(_read_only, "readonly database"), (_full, "database or disk is full")],
    ids=["read-only", "full"],
)
def test_a_project_that_cannot_be_written_says_so_and_keeps_nothing_half_done(
    project_path: Path, make: Callable[[Database], None], reason: str
) -> None:
    db = connect(project_path)
    make(db)
    with (
        pytest.raises(ProjectError, match=f"could not be written.*{reason}.*not saved"),
        transaction(db),
    ):
        db.execute("INSERT INTO meta (key, value) VALUES ('k', ?)", ["x" * 100_000])
    assert not db.conn.in_transaction
    assert db.execute("SELECT count(*) FROM meta WHERE key = 'k'").fetchone() == (0,)
    db.conn.close()


def test_a_mistake_in_sql_is_not_passed_off_as_a_busy_project(project_path: Path) -> None:
    db = connect(project_path)
    with pytest.raises(sqlite3.OperationalError, match="no such table"), transaction(db):
        db.execute("INSERT INTO no_such_table VALUES (1)")
    assert not db.conn.in_transaction
    db.conn.close()
