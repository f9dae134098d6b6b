"""Which documents a model learns from, and which are held out to score it."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.core.model import Span, Status
from annotator.core.schema import LabelSchema
from annotator.review.gold import gold_annotator
from annotator.store.annotations import add_spans, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import project_schema, transaction
from annotator.store.documents import NewDocument, insert_documents
from annotator.training.corpus import Source, TrainingDoc, training_docs
from annotator.training.split import first_share, split_by_hash

TEXTS = [f"Officials said talks in town {n} had failed. They will meet again." for n in range(6)]


def _project(db: Database) -> list[int]:
    ids = [
        i
        for i in insert_documents(db, [NewDocument(f"t{n}", t, {}) for n, t in enumerate(TEXTS)])
        if i
    ]
    alice, bob = ensure_annotator(db, "alice"), ensure_annotator(db, "bob")
    with transaction(db):
        for doc_id in ids:
            for who in (alice, bob):
                add_spans(
                    db,
                    doc_id,
                    who,
                    [Span(0, 9, "SOURCE", "attribution"), Span(15, 43, "QUOTE", "attribution")],
                )
                add_spans(db, doc_id, who, [Span(10, 14, "CUE", "attribution")])
    for doc_id in ids[:4]:
        set_status(db, doc_id, alice, Status.DONE)
    set_status(db, ids[0], bob, Status.DONE)
    set_status(db, ids[1], bob, Status.IN_PROGRESS)
    return ids


def test_every_annotators_done_documents_are_learned_and_nothing_unfinished(db: Database) -> None:
    ids = _project(db)
    docs = training_docs(db, _schema(db))
    assert sorted((d.doc_id, d.by) for d in docs) == sorted(
        [
            (ids[0], "alice"),
            (ids[0], "bob"),
            (ids[1], "alice"),
            (ids[2], "alice"),
            (ids[3], "alice"),
        ]
    )
    assert {s.label for s in docs[0].spans} == {"SOURCE", "QUOTE", "CUE"}


def test_gold_replaces_the_annotators_where_a_reviewer_adjudicated(db: Database) -> None:
    ids = _project(db)
    gold = gold_annotator(db)
    with transaction(db):
        add_spans(db, ids[0], gold, [Span(15, 43, "QUOTE", "attribution")])
    set_status(db, ids[0], gold, Status.DONE)
    docs = training_docs(db, _schema(db))
    first = [d for d in docs if d.doc_id == ids[0]]
    assert [(d.by, len(d.spans)) for d in first] == [("gold", 1)]
    assert [d.by for d in training_docs(db, _schema(db), source=Source(gold=True))] == ["gold"]


def test_one_annotator_and_chosen_layers_only(db: Database) -> None:
    _project(db)
    docs = training_docs(db, _schema(db), layers=["attribution"], source=Source("bob"))
    assert [d.by for d in docs] == ["bob"]
    assert training_docs(db, _schema(db), layers=["casualty"], source=Source("bob"))[0].spans == ()


def test_the_held_out_split_follows_the_text_and_never_splits_one_article(db: Database) -> None:
    _project(db)
    docs = training_docs(db, _schema(db))
    split = split_by_hash(docs, 0.5)
    assert split.held_out
    assert split.train
    assert not {d.text_hash for d in split.train} & {d.text_hash for d in split.held_out}
    again = split_by_hash(list(reversed(docs)), 0.5)
    assert {d.text for d in again.held_out} == {d.text for d in split.held_out}


def test_a_smaller_share_of_the_curve_is_part_of_the_larger() -> None:
    docs = [TrainingDoc(n, t, ()) for n, t in enumerate(TEXTS * 2)]
    quarter, half = first_share(docs, 0.25), first_share(docs, 0.5)
    assert len(quarter) == 3
    assert len(half) == 6
    assert all(d in half for d in quarter)


def _schema(db: Database) -> LabelSchema:
    return project_schema(db)


def test_a_layer_overlapping_itself_often_needs_a_span_categoriser() -> None:
    from annotator.training.corpus import TrainingSpan
    from annotator.training.examples import overlaps_itself

    text = "The minister said the army had killed 30 fighters in the raid."
    quote = TrainingSpan(18, 63, "QUOTE", "attribution")
    inside = TrainingSpan(22, 26, "SOURCE", "attribution")
    rare = [TrainingDoc(1, text, (quote, inside))] + [
        TrainingDoc(n, text, (quote,)) for n in range(2, 30)
    ]
    assert not overlaps_itself(rare, "attribution")  # 1 in 30: an entity recogniser, one dropped
    assert overlaps_itself(rare[:2], "attribution")
