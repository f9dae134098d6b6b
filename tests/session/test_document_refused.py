"""Operations the project refuses: a lock held by another program, what another window
deleted, a project opened read-only. Nothing is written, the history is as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.history import NotSaved, ReadOnlyProject
from annotator.session.project import Project
from annotator.store.annotations import add_spans
from annotator.store.annotators import ensure_annotator
from annotator.store.db import connect, transaction
from tests.project_files import Snapshot, read_only
from tests.session.conftest import CASUALTY, QUOTE, SOURCE, at, label, sid, suggest

TABLES = ("annotators", "spans", "relations", "doc_states", "doc_fields", "suggestion_decisions")


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row an edit can change, read by a connection of its own."""
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def _history(doc: DocumentSession) -> tuple[int, int, str, str]:
    h = doc.history
    return h.done, h.undone, h.undo_text, h.redo_text


@pytest.fixture
def other(on_disk: Path) -> Iterator[Database]:
    """Another program's connection to the project, to hold its write lock."""
    db = connect(on_disk)
    yield db
    db.conn.rollback()
    db.conn.close()


@pytest.fixture
def alice(on_disk: Path) -> Iterator[Project]:
    """alice's window on the project, waiting only 50 ms for a lock."""
    project = Project.open(on_disk, "alice", busy_timeout_ms=50)
    yield project
    project.close()


def _label(doc: DocumentSession) -> Changes:
    return doc.label(*at(QUOTE), "QUOTE")


def _undo_a_label(doc: DocumentSession) -> Callable[[], object]:
    _label(doc)
    return doc.undo


def _redo_a_label(doc: DocumentSession) -> Callable[[], object]:
    _label(doc)
    doc.undo()
    return doc.redo


def _accept_all(doc: DocumentSession) -> Callable[[], object]:
    spans = [("QUOTE", QUOTE), ("SOURCE", SOURCE), ("CASUALTY", CASUALTY)]
    suggest(doc.editor.db, doc.doc_id, spans, ((0, 1, "ATTRIBUTED_TO"),))
    doc.reload()
    label(doc, "killed", "CLAIM")  # a step before, which must stay the last one
    return doc.accept_all


ADD = "Add QUOTE “We will not retreat,”"
#: Each operation, what sets the scene for it, and the history once it is saved.
SETUPS: dict[str, tuple[Callable[[DocumentSession], Callable[[], object]], tuple[Any, ...]]] = {
    "label": (lambda doc: lambda: _label(doc), (1, 0, ADD, "")),
    "undo": (_undo_a_label, (0, 1, "", ADD)),
    "redo": (_redo_a_label, (1, 0, ADD, "")),
    "accept_all": (_accept_all, (2, 0, "Accept all 3 suggestions", "")),
}


@pytest.mark.parametrize("operation", sorted(SETUPS))
def test_a_lock_held_by_another_program_refuses_the_operation_and_keeps_the_history(
    alice: Project, other: Database, on_disk: Path, operation: str
) -> None:
    doc = alice.session(1)
    scene, saved = SETUPS[operation]
    call = scene(doc)
    history, rows, spans = _history(doc), stored(on_disk), dict(doc.editor.spans)
    other.conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(NotSaved) as refused:
        call()
    assert refused.value.busy
    assert not refused.value.gone
    assert refused.value.changes is None
    assert _history(doc) == history
    assert stored(on_disk) == rows
    assert doc.editor.spans == spans  # nothing shown that is not saved
    other.conn.rollback()

    call()  # the same again, once the lock is gone
    assert stored(on_disk) != rows
    assert _history(doc) == saved


@pytest.fixture
def windows(on_disk: Path) -> Iterator[tuple[DocumentSession, DocumentSession]]:
    """alice's two windows on the one project, each with TEXT open."""
    first, second = Project.open(on_disk, "alice"), Project.open(on_disk, "alice")
    yield first.session(1), second.session(1)
    first.close()
    second.close()


EDITS: dict[str, Callable[[DocumentSession, int, int], object]] = {
    "relabel": lambda doc, quote, source: doc.relabel(source, "PERSON"),
    "set_attribute": lambda doc, quote, source: doc.set_attribute(source, "kind", "military"),
    "link": lambda doc, quote, source: doc.link(quote, source, "ATTRIBUTED_TO"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_of_a_span_another_window_deleted_reads_the_document_again(
    windows: tuple[DocumentSession, DocumentSession], on_disk: Path, edit: str
) -> None:
    first, second = windows
    quote, source = label(second, QUOTE, "QUOTE"), label(second, SOURCE, "SOURCE")
    first.reload()  # the first window shows them
    first.delete(sid(source))
    rows = stored(on_disk)
    with pytest.raises(NotSaved) as refused:
        EDITS[edit](second, sid(quote), sid(source))
    assert refused.value.gone
    assert not refused.value.busy
    assert "deleted in another window" in str(refused.value)
    changes = refused.value.changes
    assert changes is not None
    assert changes.reloaded
    assert _history(second) == (0, 0, "", "")  # its steps named what is gone
    assert sid(source) not in second.editor.spans
    assert list(second.editor.spans) == [sid(quote)]
    assert second.editor.relations == {}
    assert stored(on_disk) == rows  # no phantom span, label or link


def test_undoing_a_label_another_window_deleted_reads_the_document_again(
    windows: tuple[DocumentSession, DocumentSession], on_disk: Path
) -> None:
    first, second = windows
    label(second, CASUALTY, "CASUALTY")
    quote = label(second, QUOTE, "QUOTE")
    first.reload()
    first.delete(sid(quote))
    rows = stored(on_disk)
    with pytest.raises(NotSaved) as refused:
        second.undo()
    assert refused.value.gone
    assert refused.value.changes is not None
    assert _history(second) == (0, 0, "", "")
    assert [s.label for s in second.editor.spans.values()] == ["CASUALTY"]
    assert stored(on_disk) == rows


def test_a_read_only_project_refuses_every_edit_and_writes_nothing(on_disk: Path) -> None:
    writable = Project.open(on_disk, "alice")
    quote = label(writable.session(1), QUOTE, "QUOTE")
    writable.close()
    before = Snapshot.of(on_disk)
    with read_only(on_disk.parent):
        project = Project.open(on_disk, "alice")
        assert "cannot be written" in project.read_only
        doc = project.session(1)
        edits: list[Callable[[], object]] = [
            lambda: doc.label(*at(SOURCE), "SOURCE"),
            lambda: doc.delete(sid(quote)),
            lambda: doc.set_attribute(sid(quote), "type", "mixed"),
            lambda: doc.set_field("note", "checked"),
            lambda: doc.set_status(Status.DONE),
        ]
        for edit in edits:
            with pytest.raises(NotSaved, match="cannot be written") as refused:
                edit()
            assert isinstance(refused.value.error, ReadOnlyProject)
            assert not refused.value.busy
            assert not refused.value.gone
        assert _history(doc) == (0, 0, "", "")
        assert [s.label for s in doc.editor.spans.values()] == ["QUOTE"]
        project.close()
    assert Snapshot.of(on_disk) == before


def test_a_lock_held_while_the_models_entities_wait_to_be_copied_still_says_not_saved(
    alice: Project, other: Database, on_disk: Path
) -> None:
    """The analysis job has stored the model's entities for the open document and now
    writes its next batch: an edit refused meanwhile is a NotSaved like any other."""
    doc = alice.session(1)
    model = ensure_annotator(other, "en_core_web_sm", kind="model")
    entity = Span(*at("Ahmed Zubaïr"), "PERSON", "ner", Origin.MODEL)
    with transaction(other):
        add_spans(other, 1, model, [entity])
    history, rows = _history(doc), stored(on_disk)
    other.conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(NotSaved) as refused:
        doc.label(*at("killed"), "CLAIM")
    assert refused.value.busy
    assert _history(doc) == history
    assert stored(on_disk) == rows
    other.conn.rollback()
    doc.label(*at("killed"), "CLAIM")
    assert _history(doc)[0] == 1
