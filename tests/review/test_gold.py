"""Adjudication: the gold layer, auto-merge, accepting and rejecting units, and undo."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.core.schema import LabelSchema
from annotator.review.adjudication import (
    accept_version,
    auto_merge,
    reject_unit,
    undo_accept,
    undo_reject,
)
from annotator.review.gold import (
    ReviewState,
    gold_annotator,
    rejections,
    review_state,
    reviewers_view,
    set_review_state,
)
from annotator.review.unit_attributes import agreed_version
from annotator.review.units import UnitState, undecided
from annotator.store.annotations import add_span
from annotator.store.annotators import ensure_annotator
from annotator.store.db import project_uid
from annotator.store.relations import get_fields
from tests.review.test_units import (
    CASUALTY,
    PLACE,
    QUOTE,
    SOURCE,
    STANCE,
    Review,
    at,
    build_review,
)


@pytest.fixture
def review(db: Database, schema: LabelSchema) -> Review:
    return build_review(db, schema)


def _gold(review: Review) -> list[tuple[str, str]]:
    """Gold's spans as (label, text), in reading order."""
    gold = review.gold()
    return [(s.label, s.text_in(gold.document.text)) for s in gold.ordered()]


def _links(review: Review) -> list[tuple[str, str, str]]:
    gold = review.gold()
    text = gold.document.text
    return sorted(
        (r.label, gold.spans[r.head].text_in(text), gold.spans[r.child].text_in(text))
        for r in gold.relations.values()
    )


def _two_votes_and_alices_source(review: Review) -> None:
    """Gold holding the quote, the source (alice's), GPE, their link and the stance.

    Merging what two of the three chose leaves the source out (three different kinds):
    the reviewer takes alice's link, which brings alice's source with it.
    """
    auto_merge(review.db, review.doc_id, min_votes=2)
    accept_version(review.db, review.doc_id, review.unit("ATTRIBUTED_TO"), review.alice)


def _snapshot(review: Review) -> tuple[object, ...]:
    """Everything of gold a reviewer could see, ids included."""
    gold = review.gold()
    return (
        sorted(
            (s.id, s.label, s.start, s.end, sorted(s.attrs.items())) for s in gold.spans.values()
        ),
        sorted((r.id, r.head, r.child, r.label) for r in gold.relations.values()),
        gold.fields,
        rejections(review.db, review.doc_id),
        review_state(review.db, review.doc_id),
    )


def test_there_is_one_gold_annotator_of_the_review_project(review: Review) -> None:
    gold = gold_annotator(review.db)
    assert gold_annotator(review.db) == gold
    row = review.db.execute(
        "SELECT name, project_uid, kind FROM annotators WHERE kind = 'gold'"
    ).fetchall()
    assert row == [("gold", project_uid(review.db), "gold")]


def test_reviewers_view_shows_each_annotators_layer(review: Review) -> None:
    ensure_annotator(review.db, "dave")  # never opened the document
    auto_merge(review.db, review.doc_id)  # gold has the document now, but is not a person
    view = reviewers_view(review.db, review.doc_id)
    assert [(v.name, v.status) for v in view] == [
        ("alice", Status.DONE),
        ("bob", Status.DONE),
        ("carol", Status.DONE),
    ]
    alice, _, carol = view
    assert alice.id == review.alice
    assert alice.project_uid == project_uid(review.db)
    assert [s.label for s in alice.spans] == ["QUOTE", "SOURCE", "GPE"]
    assert [r.label for r in alice.relations] == ["ATTRIBUTED_TO"]
    assert alice.fields == {"stance": STANCE, "note": "checked"}
    assert (len(carol.spans), carol.relations, carol.fields) == (4, [], {"stance": STANCE})


def test_review_state_follows_gold_status(review: Review) -> None:
    assert review_state(review.db, review.doc_id) == ReviewState.NOT_STARTED
    assert set_review_state(review.db, review.doc_id, "in progress") == ReviewState.NOT_STARTED
    assert review_state(review.db, review.doc_id) == ReviewState.IN_PROGRESS
    review.gold().set_status(Status.DONE)  # the gold editor's own way to finish
    assert review_state(review.db, review.doc_id) == ReviewState.ADJUDICATED
    assert set_review_state(review.db, review.doc_id, ReviewState.NOT_STARTED) == "adjudicated"
    assert review.gold().status() == Status.TODO


def test_auto_merge_copies_only_what_everyone_agrees_on(review: Review) -> None:
    # Everyone marked the quote and the source, but not with the same attributes: they
    # stay out of gold, open for the reviewer (issue 12, item 6). The stance goes in.
    assert auto_merge(review.db, review.doc_id) == 1
    assert _gold(review) == []
    assert _links(review) == []  # only alice and bob linked them
    assert review.gold().fields == {"stance": STANCE}
    assert review_state(review.db, review.doc_id) == ReviewState.IN_PROGRESS
    states = {u.description.split(" — ")[0]: u.state for u in review.units()}
    assert states[f"QUOTE “{QUOTE}”"] == UnitState.ATTRIBUTES
    assert states[f"GPE “{PLACE}”"] == UnitState.DISAGREE


def test_auto_merge_with_votes_takes_a_version_attributes_and_all(review: Review) -> None:
    auto_merge(review.db, review.doc_id, min_votes=2)
    (quote,) = review.gold().ordered()[:1]
    assert quote.attrs == {"type": "direct", "stance": "against"}  # alice's and bob's
    # Three kinds for the source: no version has two votes, nothing is picked for them.
    assert ("SOURCE", SOURCE) not in _gold(review)


def test_the_agreed_version_needs_the_votes_and_no_tie() -> None:
    @dataclass
    class Version:
        attrs: dict[str, object]

    empty, one = Version({}), Version({"a": 1})
    assert agreed_version([one, empty, Version({"a": None})], 2) is empty  # empty is a value
    assert agreed_version([Version({"a": [1, 2]}), Version({"a": [2, 1]})], 2) is not None
    assert agreed_version([one, Version({"a": 2})], 1) is None  # a tie
    assert agreed_version([one, one, empty], 3) is None  # not unanimous
    assert agreed_version([one, one, empty], 2) is one


def test_auto_merge_with_two_votes_takes_the_majority_span_and_link(review: Review) -> None:
    assert auto_merge(review.db, review.doc_id, min_votes=2) == 3
    assert _gold(review) == [("QUOTE", QUOTE), ("GPE", PLACE)]
    assert _links(review) == []  # its source is not in gold: three different kinds
    assert "note" not in review.gold().fields  # fields go in only when everyone agrees


def test_auto_merge_never_puts_two_labels_on_the_same_text(review: Review) -> None:
    auto_merge(review.db, review.doc_id, min_votes=1)
    labels = [label for label, _ in _gold(review)]
    # LOC: outvoted by GPE. SOURCE: three kinds with one vote each, a tie.
    assert labels == ["QUOTE", "GPE", "CASUALTY"]


def test_auto_merge_runs_once_and_never_brings_back_a_removed_span(review: Review) -> None:
    auto_merge(review.db, review.doc_id, min_votes=2)
    gold = review.gold()
    (quote,) = [s for s in gold.spans.values() if s.label == "QUOTE"]
    assert quote.id is not None
    gold.delete(quote.id)
    assert auto_merge(review.db, review.doc_id) == 0
    assert auto_merge(review.db, review.doc_id, min_votes=1) == 0
    assert _gold(review) == [("GPE", PLACE)]


def test_gold_is_never_seeded_with_the_models_entities(review: Review) -> None:
    model = ensure_annotator(review.db, "en_core_web_sm", kind="model")
    add_span(review.db, review.doc_id, model, Span(*at(PLACE), "GPE", "ner", Origin.MODEL))
    auto_merge(review.db, review.doc_id)
    assert ("GPE", PLACE) not in _gold(review)


def test_a_document_nobody_has_is_left_not_started(db: Database, schema: LabelSchema) -> None:
    review = build_review(db, schema)
    with db.conn:
        db.execute("DELETE FROM doc_states")
    assert auto_merge(db, review.doc_id) == 0
    assert review_state(db, review.doc_id) == ReviewState.NOT_STARTED
    assert review.gold().spans == {}


def test_accepting_a_version_replaces_the_overlapping_gold_span(review: Review) -> None:
    _two_votes_and_alices_source(review)
    before = _snapshot(review)
    loc = review.unit("LOC", PLACE)
    edit = accept_version(review.db, review.doc_id, loc, review.carol)
    assert _gold(review) == [("QUOTE", QUOTE), ("SOURCE", SOURCE), ("LOC", PLACE)]
    assert review.unit("LOC", PLACE).state == UnitState.ACCEPTED
    gpe = review.unit("GPE", PLACE)
    assert (gpe.state, gpe.overruled) == (UnitState.DISAGREE, True)
    assert [s.label for s in edit.removed_spans] == ["GPE"]
    undo_accept(review.db, edit)
    assert _snapshot(review) == before  # the very same GPE span, id and all


def test_accepting_anothers_attributes_keeps_the_spans_links(review: Review) -> None:
    _two_votes_and_alices_source(review)
    before = _snapshot(review)
    edit = accept_version(review.db, review.doc_id, review.unit("SOURCE", SOURCE), review.bob)
    (source,) = [s for s in review.gold().spans.values() if s.label == "SOURCE"]
    assert source.attrs == {"kind": "person"}
    assert _links(review) == [("ATTRIBUTED_TO", QUOTE, SOURCE)]
    undo_accept(review.db, edit)
    assert _snapshot(review) == before


def test_accepting_a_link_brings_its_ends(review: Review) -> None:
    before = _snapshot(review)
    edit = accept_version(review.db, review.doc_id, review.unit("ATTRIBUTED_TO"), review.bob)
    assert _gold(review) == [("QUOTE", QUOTE), ("SOURCE", SOURCE)]
    assert _links(review) == [("ATTRIBUTED_TO", QUOTE, SOURCE)]
    (source,) = [s for s in review.gold().spans.values() if s.label == "SOURCE"]
    assert source.attrs == {"kind": "person"}  # bob's end, with bob's attributes
    assert review.unit("ATTRIBUTED_TO").state == UnitState.ACCEPTED
    assert review_state(review.db, review.doc_id) == ReviewState.IN_PROGRESS
    undo_accept(review.db, edit)
    assert _snapshot(review) == before
    assert review_state(review.db, review.doc_id) == ReviewState.NOT_STARTED


def test_accepting_a_link_whose_ends_are_in_gold_adds_only_the_link(review: Review) -> None:
    auto_merge(review.db, review.doc_id, min_votes=2)  # the quote
    accept_version(review.db, review.doc_id, review.unit("SOURCE", SOURCE), review.alice)
    spans = _snapshot(review)[0]
    edit = accept_version(review.db, review.doc_id, review.unit("ATTRIBUTED_TO"), review.alice)
    assert _snapshot(review)[0] == spans
    assert _links(review) == [("ATTRIBUTED_TO", QUOTE, SOURCE)]
    assert (edit.added_spans, edit.removed_spans) == ((), ())


def test_accepting_a_field_sets_gold_value(review: Review) -> None:
    auto_merge(review.db, review.doc_id)
    edit = accept_version(review.db, review.doc_id, review.unit("note"), review.bob)
    assert get_fields(review.db, review.doc_id, gold_annotator(review.db))["note"] == (
        "unsure of the date"
    )
    assert review.unit("note").state == UnitState.ACCEPTED
    undo_accept(review.db, edit)
    assert "note" not in review.gold().fields
    assert review.unit("note").state == UnitState.DISAGREE


def test_only_an_annotator_with_a_version_can_be_accepted(review: Review) -> None:
    with pytest.raises(KeyError, match="has no version"):
        accept_version(review.db, review.doc_id, review.unit("LOC", PLACE), review.alice)


def test_rejecting_marks_the_unit_and_takes_it_out_of_gold(review: Review) -> None:
    _two_votes_and_alices_source(review)
    before = _snapshot(review)
    edit = reject_unit(review.db, review.doc_id, review.unit("SOURCE", SOURCE))
    assert review.unit("SOURCE", SOURCE).state == UnitState.REJECTED
    assert ("SOURCE", SOURCE) not in _gold(review)
    assert _links(review) == []  # the link went with its source
    assert review.unit("ATTRIBUTED_TO").state == UnitState.PARTIAL
    undo_reject(review.db, edit)
    assert _snapshot(review) == before
    assert review.unit("SOURCE", SOURCE).state == UnitState.ACCEPTED


def test_a_rejection_is_kept_and_accepting_clears_it(review: Review) -> None:
    auto_merge(review.db, review.doc_id)
    casualty = review.unit("CASUALTY", CASUALTY)
    reject_unit(review.db, review.doc_id, casualty)
    assert review.unit("CASUALTY", CASUALTY).state == UnitState.REJECTED
    assert list(rejections(review.db, review.doc_id)) == [casualty.id]
    rejected = _snapshot(review)
    edit = accept_version(review.db, review.doc_id, casualty, review.carol)
    assert review.unit("CASUALTY", CASUALTY).state == UnitState.ACCEPTED
    assert rejections(review.db, review.doc_id) == {}
    undo_accept(review.db, edit)
    assert _snapshot(review) == rejected  # rejected again, as when it was decided


def test_rejecting_a_link_or_field_keeps_the_rest(review: Review) -> None:
    _two_votes_and_alices_source(review)
    reject_unit(review.db, review.doc_id, review.unit("ATTRIBUTED_TO"))
    assert _links(review) == []
    assert ("SOURCE", SOURCE) in _gold(review)
    assert review.unit("ATTRIBUTED_TO").state == UnitState.REJECTED
    edit = reject_unit(review.db, review.doc_id, review.unit("stance"))
    assert review.gold().fields == {}
    assert review.unit("stance").state == UnitState.REJECTED
    undo_reject(review.db, edit)
    assert review.gold().fields == {"stance": STANCE}


def test_a_document_can_be_adjudicated_with_units_left_open(review: Review) -> None:
    auto_merge(review.db, review.doc_id)
    assert undecided(review.units())
    assert set_review_state(review.db, review.doc_id, ReviewState.ADJUDICATED) == "in progress"
    assert review_state(review.db, review.doc_id) == ReviewState.ADJUDICATED
    accept_version(review.db, review.doc_id, review.unit("GPE", PLACE), review.alice)
    assert review_state(review.db, review.doc_id) == ReviewState.ADJUDICATED  # still
