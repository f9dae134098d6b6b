"""Spans, status and the copying of model entities into a person's layer."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.store import annotations as store
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import NewDocument, insert_documents

TEXT = "Gen. Ahmed Zubaïr told reporters in Kandar that 🙏 at least 145 militants died."


@pytest.fixture
def doc_id(db: Database) -> int:
    with db.conn:
        (new_id,) = insert_documents(db, [NewDocument("Kandar", TEXT, {})])
    assert new_id is not None
    return new_id


def test_add_span_is_committed_at_once(db: Database, doc_id: int) -> None:
    alice = ensure_annotator(db, "alice")
    span = store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    assert not db.conn.in_transaction
    assert span.id is not None
    assert store.spans_of(db, doc_id, alice) == [span]
    assert span.text_in(TEXT) == "Ahmed Zubaïr"
    assert store.get_status(db, doc_id, alice) is Status.IN_PROGRESS


def test_delete_returns_the_span_and_restore_brings_back_the_same_id(
    db: Database, doc_id: int
) -> None:
    alice = ensure_annotator(db, "alice")
    span = store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    assert span.id is not None
    removed = store.delete_span(db, span.id)
    assert store.spans_of(db, doc_id, alice) == []
    assert store.add_span(db, doc_id, alice, removed) == span


def test_relabel_changes_label_and_layer(db: Database, doc_id: int) -> None:
    alice = ensure_annotator(db, "alice")
    span = store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    assert span.id is not None
    before = store.relabel_span(db, span.id, "SOURCE", "attribution")
    assert before.label == "PERSON"
    (after,) = store.spans_of(db, doc_id, alice)
    assert (after.label, after.layer) == ("SOURCE", "attribution")


def test_annotators_do_not_see_each_others_spans(db: Database, doc_id: int) -> None:
    alice, bob = ensure_annotator(db, "alice"), ensure_annotator(db, "bob")
    store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    assert store.spans_of(db, doc_id, bob) == []


def test_model_entities_are_copied_once_into_a_persons_layer(db: Database, doc_id: int) -> None:
    model = ensure_annotator(db, "en_core_web_sm", kind="model")
    alice = ensure_annotator(db, "alice")
    with db.conn:
        store.add_spans(
            db,
            doc_id,
            model,
            [Span(5, 17, "PERSON", origin=Origin.MODEL), Span(36, 42, "GPE", origin=Origin.MODEL)],
        )
    assert store.seed_from_model(db, doc_id, alice)
    seeded = store.spans_of(db, doc_id, alice)
    assert [(s.label, s.origin) for s in seeded] == [
        ("PERSON", Origin.MODEL),
        ("GPE", Origin.MODEL),
    ]
    # Deleting a kept entity sticks: opening the document again copies nothing.
    assert seeded[0].id is not None
    store.delete_span(db, seeded[0].id)
    assert not store.seed_from_model(db, doc_id, alice)
    assert [s.label for s in store.spans_of(db, doc_id, alice)] == ["GPE"]


def test_seeding_skips_what_the_person_already_marked(db: Database, doc_id: int) -> None:
    model = ensure_annotator(db, "en_core_web_sm", kind="model")
    alice = ensure_annotator(db, "alice")
    store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))  # before the model finished
    with db.conn:
        store.add_spans(db, doc_id, model, [Span(5, 17, "PERSON", origin=Origin.MODEL)])
    store.seed_from_model(db, doc_id, alice)
    assert len(store.spans_of(db, doc_id, alice)) == 1


def test_status_round_trips_and_done_survives_later_edits(db: Database, doc_id: int) -> None:
    alice = ensure_annotator(db, "alice")
    assert store.get_status(db, doc_id, alice) is Status.TODO
    store.set_status(db, doc_id, alice, Status.DONE)
    store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    assert store.get_status(db, doc_id, alice) is Status.DONE


def test_spans_go_with_their_document(db: Database, doc_id: int) -> None:
    alice = ensure_annotator(db, "alice")
    store.add_span(db, doc_id, alice, Span(5, 17, "PERSON"))
    with db.conn:
        db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_a_reversed_span_is_refused_by_the_database(db: Database, doc_id: int) -> None:
    import sqlite3

    alice = ensure_annotator(db, "alice")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_span(db, doc_id, alice, Span(17, 5, "PERSON"))
    assert store.spans_of(db, doc_id, alice) == []
