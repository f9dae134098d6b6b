"""Units of disagreement: what three annotators made of one article, side by side."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.review.gold import compared_annotators, gold_annotator
from annotator.review.units import (
    Unit,
    UnitKind,
    UnitState,
    document_units,
    next_disagreement,
    undecided,
    unit_id,
)
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.editing import DocumentEditor

TEXT = (
    "“We will not retreat,” said Gen. Ahmed Zubaïr in Kandar on Sunday. "
    "At least 145 militants were killed."
)
QUOTE = "“We will not retreat,”"
SOURCE = "Gen. Ahmed Zubaïr"
PLACE = "Kandar"
CASUALTY = "At least 145 militants"
STANCE = [{"target": "Kandar Liberation Front", "value": "against"}]


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@dataclass(frozen=True)
class Review:
    """A review project of one article that alice, bob and carol annotated."""

    db: Database
    schema: LabelSchema
    doc_id: int
    alice: int
    bob: int
    carol: int

    def editor(self, annotator_id: int) -> DocumentEditor:
        return DocumentEditor(self.db, self.schema, annotator_id, self.doc_id)

    def gold(self) -> DocumentEditor:
        return self.editor(gold_annotator(self.db))

    def units(self, annotator_ids: list[int] | None = None) -> list[Unit]:
        return document_units(self.db, self.doc_id, annotator_ids)

    def unit(self, label: str, words: str = "") -> Unit:
        """The unit of a label (or relation, or field name) on ``words``."""
        for unit in self.units():
            if unit.kind is UnitKind.SPAN and unit.span_key[1:] == (label, *at(words)):
                return unit
            if unit.kind is UnitKind.RELATION and unit.relation_key[0] == label:
                return unit
            if unit.kind is UnitKind.FIELD and unit.key == label:
                return unit
        raise LookupError(f"no unit {label} {words}")


def _annotate(
    review: Review,
    who: int,
    labels: dict[str, str],
    attrs: dict[str, dict[str, object]],
    link: bool,
    fields: dict[str, object],
) -> DocumentEditor:
    editor = review.editor(who)
    made = {}
    for words, label in labels.items():
        span = editor.create(*at(words), label)
        assert span is not None
        assert span.id is not None
        made[words] = span.id
        if words in attrs:
            editor.set_attrs(span.id, {**span.attrs, **attrs[words]})
    if link:
        assert editor.link(made[QUOTE], made[SOURCE], "ATTRIBUTED_TO") is not None
    for name, value in fields.items():
        editor.set_field(name, value)
    return editor


def build_review(db: Database, schema: LabelSchema, *, finished: bool = True) -> Review:
    """Everyone marks the quote and its source; alice and bob link them and call Kandar a
    GPE where carol calls it a LOC; only carol marks the casualty figure; all give the same
    stance and alice and bob different notes."""
    with db.conn:
        (doc_id,) = insert_documents(db, [NewDocument("Zubaïr", TEXT, {})])
    assert doc_id is not None
    review = Review(
        db,
        schema,
        doc_id,
        ensure_annotator(db, "alice"),
        ensure_annotator(db, "bob"),
        ensure_annotator(db, "carol"),
    )
    editors = [
        _annotate(
            review,
            review.alice,
            {QUOTE: "QUOTE", SOURCE: "SOURCE", PLACE: "GPE"},
            {QUOTE: {"stance": "against"}, SOURCE: {"kind": "military"}},
            True,
            {"stance": STANCE, "note": "checked"},
        ),
        _annotate(
            review,
            review.bob,
            {QUOTE: "QUOTE", SOURCE: "SOURCE", PLACE: "GPE"},
            {QUOTE: {"stance": "against"}, SOURCE: {"kind": "person"}},
            True,
            {"stance": STANCE, "note": "unsure of the date"},
        ),
        _annotate(
            review,
            review.carol,
            {QUOTE: "QUOTE", SOURCE: "SOURCE", PLACE: "LOC", CASUALTY: "CASUALTY"},
            {},
            False,
            {"stance": STANCE},
        ),
    ]
    if finished:
        for editor in editors:
            editor.set_status(Status.DONE)
    return review


@pytest.fixture
def review(db: Database, schema: LabelSchema) -> Review:
    return build_review(db, schema)


def _states(units: list[Unit]) -> list[tuple[str, str]]:
    return [(u.description.split(" — ")[0], u.state) for u in units]


def test_each_unit_says_who_has_it_and_how_it_stands(review: Review) -> None:
    assert _states(review.units()) == [
        # Everyone marked them, but alice and bob gave the quote a stance carol left
        # empty, and each gave the source another kind (issue 12, item 6).
        (f"QUOTE “{QUOTE}”", UnitState.ATTRIBUTES),
        (f"SOURCE “{SOURCE}”", UnitState.ATTRIBUTES),
        (f"GPE “{PLACE}”", UnitState.DISAGREE),  # carol calls it a LOC
        (f"LOC “{PLACE}”", UnitState.DISAGREE),
        (f"CASUALTY “{CASUALTY}”", UnitState.PARTIAL),  # only carol, nobody conflicts
        (f"ATTRIBUTED_TO: QUOTE “{QUOTE}” → SOURCE “{SOURCE}”", UnitState.PARTIAL),
        ("stance toward Kandar Liberation Front: against", UnitState.AGREE),  # not JSON
        ('note: "checked"', UnitState.DISAGREE),
    ]


def test_versions_are_each_annotators_own(review: Review) -> None:
    source = review.unit("SOURCE", SOURCE)
    assert set(source.versions) == {review.alice, review.bob, review.carol}
    assert source.versions[review.bob].attrs["kind"] == "person"
    assert source.versions[review.bob].annotator_id == review.bob
    gpe = review.unit("GPE", PLACE)
    assert set(gpe.versions) == {review.alice, review.bob}
    assert gpe.description.endswith("alice, bob (2 of 3)")
    quote = review.unit("QUOTE", QUOTE)
    link = review.unit("ATTRIBUTED_TO")
    assert link.relation_key == ("ATTRIBUTED_TO", quote.key, source.key)
    assert set(link.versions) == {review.alice, review.bob}
    note = review.unit("note")
    assert note.versions == {review.alice: "checked", review.bob: "unsure of the date"}
    assert note.description == 'note: "checked" — alice; "unsure of the date" — bob'


def test_unit_ids_are_stable_json_of_the_key(review: Review) -> None:
    quote = review.unit("QUOTE", QUOTE)
    assert quote.id == unit_id("span", ("attribution", "QUOTE", *at(QUOTE)))
    assert quote.id == f'["span",["attribution","QUOTE",0,{len(QUOTE)}]]'
    assert review.unit("note").id == '["field","note"]'


def test_only_the_annotators_who_finished_are_compared(review: Review) -> None:
    review.editor(review.carol).set_status(Status.IN_PROGRESS)
    assert compared_annotators(review.db, review.doc_id) == [review.alice, review.bob]
    units = review.units()
    assert all(u.n == 2 for u in units)
    assert "CASUALTY" not in {u.description.split(" ")[0] for u in units}  # carol's only
    assert review.unit("GPE", PLACE).state == UnitState.AGREE
    assert review.unit("ATTRIBUTED_TO").state == UnitState.AGREE
    everyone = compared_annotators(review.db, review.doc_id, finished_only=False)
    assert everyone == [review.alice, review.bob, review.carol]


def test_a_document_nobody_finished_compares_everyone_who_has_it(
    db: Database, schema: LabelSchema
) -> None:
    review = build_review(db, schema, finished=False)
    dave = ensure_annotator(db, "dave")
    review.editor(dave).set_status(Status.SKIPPED)  # a skip is not an empty answer
    units = review.units()
    assert {u.n for u in units} == {3}
    assert review.unit("GPE", PLACE).state == UnitState.DISAGREE
    assert review.unit("CASUALTY", CASUALTY).state == UnitState.PARTIAL
    # Named annotators are compared whatever they did.
    only_carol = review.units([review.carol])
    assert {u.state for u in only_carol} == {UnitState.AGREE}
    assert len(only_carol) == 5  # 4 spans and the stance: carol has no link and no note


def test_next_disagreement_walks_the_open_units_in_reading_order(review: Review) -> None:
    units = review.units()
    seen = []
    index = next_disagreement(units, -1)
    while index is not None:
        seen.append(index)
        index = next_disagreement(units, index)
    # The quote and the source (attributes differ), GPE, LOC, CASUALTY, the link, the note.
    assert seen == [0, 1, 2, 3, 4, 5, 7]
    assert next_disagreement(units, len(units), backwards=True) == 7
    assert next_disagreement(units, 0, backwards=True) is None
    assert next_disagreement(units, 100) is None
    only = next_disagreement(units, 3, states={UnitState.DISAGREE})
    assert only == 7
    assert [u.state for u in undecided(units)].count(UnitState.DISAGREE) == 3


def test_a_place_settled_in_gold_is_no_longer_a_disagreement(review: Review) -> None:
    gold = review.gold()
    gold.create(*at(PLACE), "GPE")
    gold.set_field("note", "the reviewer's own note")
    units = review.units()
    gpe, loc = units[2], units[3]
    assert gpe.state == UnitState.ACCEPTED
    assert (loc.state, loc.overruled) == (UnitState.DISAGREE, True)  # gold took another
    note = units[7]
    assert (note.state, note.overruled) == (UnitState.DISAGREE, True)
    order = []
    index = next_disagreement(units, -1)
    while index is not None:
        order.append(index)
        index = next_disagreement(units, index)
    # The quote and source (attributes differ), the casualty figure and the link are open.
    assert order == [0, 1, 4, 5]


def test_a_link_to_a_differently_marked_source_disagrees(review: Review) -> None:
    bob = review.editor(review.bob)
    quote = next(s for s in bob.spans.values() if s.label == "QUOTE")
    old = next(s for s in bob.spans.values() if s.label == "SOURCE")
    assert quote.id is not None
    assert old.id is not None
    bob.delete(old.id)
    shorter = bob.create(*at("Ahmed Zubaïr"), "SOURCE")
    assert shorter is not None
    assert shorter.id is not None
    bob.link(quote.id, shorter.id, "ATTRIBUTED_TO")
    links = [u for u in review.units() if u.kind is UnitKind.RELATION]
    assert [u.state for u in links] == [UnitState.DISAGREE, UnitState.DISAGREE]
