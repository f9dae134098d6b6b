"""One span, different attributes: a disagreement review shows (issue 12, item 6)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.review.adjudication import accept_version, auto_merge, undo_accept
from annotator.review.gold import gold_annotator
from annotator.review.unit_attributes import describe_differences
from annotator.review.units import (
    Unit,
    UnitKind,
    UnitState,
    document_units,
    next_disagreement,
)
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.editing import DocumentEditor

TEXT = "Up to 50 militants were killed, said Gen. Ahmed Zubaïr."
FIGURE = "Up to 50 militants"
SOURCE = "Gen. Ahmed Zubaïr"

ALICE = {"outcome": "killed", "qualifier": "approx", "victims": "armed group"}
BOB = {"outcome": "killed", "qualifier": "up to", "max": 50, "victims": "unknown"}


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def annotate(db: Database, schema: LabelSchema, doc_id: int, who: str, attrs: Any) -> int:
    """``who`` marks the figure with ``attrs`` and links it to its source; finished."""
    person = ensure_annotator(db, who)
    editor = DocumentEditor(db, schema, person, doc_id)
    figure = editor.create(*at(FIGURE), "CASUALTY")
    source = editor.create(*at(SOURCE), "SOURCE")
    assert figure is not None
    assert figure.id is not None
    assert source is not None
    assert source.id is not None
    editor.set_attrs(figure.id, attrs)
    assert editor.link(figure.id, source.id, "ATTRIBUTED_TO") is not None
    editor.set_status(Status.DONE)
    return person


@pytest.fixture
def doc_id(db: Database) -> int:
    with db.conn:
        (found,) = insert_documents(db, [NewDocument("Figures", TEXT, {})])
    assert found is not None
    return found


def figure_unit(db: Database, doc_id: int) -> Unit:
    (unit,) = [
        u for u in document_units(db, doc_id) if u.kind is UnitKind.SPAN and u.key[1] == "CASUALTY"
    ]
    return unit


def gold_figures(db: Database, schema: LabelSchema, doc_id: int) -> list[dict[str, Any]]:
    gold = DocumentEditor(db, schema, gold_annotator(db), doc_id)
    return [s.attrs for s in gold.spans.values() if s.label == "CASUALTY"]


def test_the_same_span_with_other_attributes_is_a_disagreement(
    db: Database, schema: LabelSchema, doc_id: int
) -> None:
    annotate(db, schema, doc_id, "alice", ALICE)
    annotate(db, schema, doc_id, "bob", BOB)
    units = document_units(db, doc_id)
    figure = figure_unit(db, doc_id)
    assert figure.state is UnitState.ATTRIBUTES  # it used to read "agree" (2 of 2)
    assert figure.needs_decision
    assert figure.differing == ("max", "qualifier", "victims")  # the schema's order
    assert figure.state_text == "attributes differ: max, qualifier, victims"
    assert units[next_disagreement(units, -1) or 0] == figure  # D stops there
    # The source and the link are the same everywhere: agreed.
    assert [u.state for u in units if u != figure] == [UnitState.AGREE, UnitState.AGREE]


def test_an_attribute_one_left_empty_is_a_difference(
    db: Database, schema: LabelSchema, doc_id: int
) -> None:
    annotate(db, schema, doc_id, "alice", {**BOB, "max": None})
    annotate(db, schema, doc_id, "bob", BOB)
    figure = figure_unit(db, doc_id)
    assert (figure.state, figure.differing) == (UnitState.ATTRIBUTES, ("max",))
    names = {a: n for a, n in ((1, "alice"), (2, "bob"))}
    assert describe_differences(figure.versions, names, figure.differing) == [
        "max: (empty) — alice; 50 — bob"
    ]


def test_auto_merge_leaves_it_to_the_reviewer_and_alt_n_takes_a_version(
    db: Database, schema: LabelSchema, doc_id: int
) -> None:
    annotate(db, schema, doc_id, "alice", ALICE)
    bob = annotate(db, schema, doc_id, "bob", BOB)
    # The source goes in; the figure does not, so neither does its link (yet).
    assert auto_merge(db, doc_id) == 1
    assert gold_figures(db, schema, doc_id) == []
    edit = accept_version(db, doc_id, figure_unit(db, doc_id), bob)
    assert gold_figures(db, schema, doc_id) == [BOB]  # bob's attributes, all of them
    assert figure_unit(db, doc_id).state is UnitState.ACCEPTED
    # The link everyone made follows the figure into gold, as the auto-merge would have.
    links = [u for u in document_units(db, doc_id) if u.kind is UnitKind.RELATION]
    assert [u.state for u in links] == [UnitState.ACCEPTED]
    undo_accept(db, edit)
    assert gold_figures(db, schema, doc_id) == []
    links = [u for u in document_units(db, doc_id) if u.kind is UnitKind.RELATION]
    assert [u.state for u in links] == [UnitState.AGREE]


def test_a_partial_unit_also_names_the_attributes_that_differ(
    db: Database, schema: LabelSchema, doc_id: int
) -> None:
    annotate(db, schema, doc_id, "alice", ALICE)
    annotate(db, schema, doc_id, "bob", BOB)
    carol = ensure_annotator(db, "carol")
    DocumentEditor(db, schema, carol, doc_id).set_status(Status.DONE)  # marked nothing
    figure = figure_unit(db, doc_id)
    assert figure.state is UnitState.PARTIAL
    assert figure.state_text == "partial; attributes differ: max, qualifier, victims"


def test_a_stance_reads_as_words(db: Database, schema: LabelSchema, doc_id: int) -> None:
    for who, value in (("alice", "against"), ("bob", "favor")):
        editor = DocumentEditor(db, schema, ensure_annotator(db, who), doc_id)
        editor.set_field("stance", [{"target": "the army", "value": value}])
        editor.set_status(Status.DONE)
    (stance,) = [u for u in document_units(db, doc_id) if u.kind is UnitKind.FIELD]
    assert stance.description == (
        "stance toward the army: against — alice; toward the army: favor — bob"
    )
