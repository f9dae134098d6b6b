"""Decisions as steps: accepting and rejecting suggestions, and a reviewer's gold decision."""

from __future__ import annotations

import pytest

from annotator.core.model import Span, Status
from annotator.review.adjudication import accept_version, reject_unit, undo_accept, undo_reject
from annotator.review.gold import ReviewState, review_state
from annotator.review.units import UnitState
from annotator.session.decisions import AcceptSuggestions, GoldDecision, RejectSuggestions
from annotator.session.document import DocumentSession
from annotator.session.project import Project
from tests.review.test_units import Review
from tests.session.conftest import (
    CASUALTY,
    QUOTE,
    SOURCE,
    decisions,
    saved_links,
    saved_spans,
    saved_status,
    suggest,
)


@pytest.fixture
def pending(project: Project) -> DocumentSession:
    """A QUOTE suggested with its SOURCE (linked), and a CASUALTY figure."""
    suggest(
        project.db,
        1,
        [("QUOTE", QUOTE), ("SOURCE", SOURCE), ("CASUALTY", CASUALTY)],
        ((0, 1, "ATTRIBUTED_TO"),),
    )
    return project.session(1)


def _named(session: DocumentSession, label: str) -> Span:
    return next(s for s in session.editor.suggestions.values() if s.label == label)


def _made(session: DocumentSession) -> list[tuple[str, str]]:
    return [s[:2] for s in saved_spans(session)]


def test_accepting_copies_the_suggestion_its_linked_spans_and_links(
    pending: DocumentSession,
) -> None:
    quote = _named(pending, "QUOTE")
    step = AcceptSuggestions(pending.editor, [quote], "Accept QUOTE")
    changes = step.apply()
    assert _made(pending) == [("QUOTE", QUOTE), ("SOURCE", SOURCE)]
    assert saved_links(pending) == [("ATTRIBUTED_TO", QUOTE, SOURCE, {})]
    assert saved_status(pending) is Status.IN_PROGRESS
    assert decisions(pending) == {"QUOTE": "accept", "SOURCE": "accept"}
    assert [s.label for s in pending.editor.suggestions.values()] == ["CASUALTY"]
    # Both spans made and the suggestion decided are repainted; nothing is selected.
    assert {(s.label, s.id in pending.editor.spans) for s in changes.spans} == {
        ("QUOTE", True),
        ("SOURCE", True),
        ("QUOTE", False),
    }
    assert changes.select is None
    assert (changes.links, changes.status, changes.suggestions) == (True, True, True)


def test_reverting_an_accept_takes_back_exactly_what_it_made(pending: DocumentSession) -> None:
    step = AcceptSuggestions(pending.editor, [_named(pending, "QUOTE")], "Accept QUOTE")
    step.apply()
    step.revert()
    assert _made(pending) == []
    assert saved_links(pending) == []
    assert decisions(pending) == {}
    assert sorted(s.label for s in pending.editor.suggestions.values()) == [
        "CASUALTY",
        "QUOTE",
        "SOURCE",
    ]
    step.apply()  # redo
    assert _made(pending) == [("QUOTE", QUOTE), ("SOURCE", SOURCE)]


def test_a_suggestion_an_earlier_accept_took_along_is_not_copied_twice(
    pending: DocumentSession,
) -> None:
    every = sorted(pending.editor.suggestions.values(), key=lambda s: s.start)
    step = AcceptSuggestions(pending.editor, every, "Accept all 3 suggestions")
    step.apply()
    assert _made(pending) == [("QUOTE", QUOTE), ("SOURCE", SOURCE), ("CASUALTY", CASUALTY)]
    assert pending.editor.suggestions == {}
    step.revert()
    assert _made(pending) == []
    assert len(pending.editor.suggestions) == 3


def test_rejecting_records_the_decision_and_reverting_forgets_it(
    pending: DocumentSession,
) -> None:
    group = [_named(pending, "SOURCE"), _named(pending, "CASUALTY")]
    step = RejectSuggestions(pending.editor, group, "Reject 2 suggestions")
    changes = step.apply()
    assert changes.spans == tuple(group)
    assert changes.select is None
    assert changes.suggestions
    assert decisions(pending) == {"SOURCE": "reject", "CASUALTY": "reject"}
    assert [s.label for s in pending.editor.suggestions.values()] == ["QUOTE"]
    assert _made(pending) == []  # nothing is copied into the person's layer
    step.revert()
    assert decisions(pending) == {}
    assert len(pending.editor.suggestions) == 3


def test_a_gold_decision_reads_gold_again_and_its_revert_takes_it_back(
    review: Review, gold: DocumentSession
) -> None:
    unit = review.unit("ATTRIBUTED_TO")
    step = GoldDecision(
        gold.editor,
        "Accept bob's ATTRIBUTED_TO",
        lambda: accept_version(review.db, review.doc_id, unit, review.bob),
        lambda edit: undo_accept(review.db, edit),
    )
    changes = step.apply()
    assert (changes.reloaded, changes.units, changes.links) == (True, True, True)
    assert _made(gold) == [("QUOTE", QUOTE), ("SOURCE", SOURCE)]
    assert saved_links(gold) == [("ATTRIBUTED_TO", QUOTE, SOURCE, {})]
    assert len(gold.editor.spans) == 2  # the editor shows gold as it is now
    assert review_state(review.db, review.doc_id) is ReviewState.IN_PROGRESS
    assert step.revert().reloaded
    assert _made(gold) == []
    assert gold.editor.spans == {}
    assert review_state(review.db, review.doc_id) is ReviewState.NOT_STARTED


def test_a_rejection_of_a_unit_is_a_gold_decision_too(
    review: Review, gold: DocumentSession
) -> None:
    unit = review.unit("CASUALTY", CASUALTY)
    step = GoldDecision(
        gold.editor,
        "Reject CASUALTY",
        lambda: reject_unit(review.db, review.doc_id, unit),
        lambda edit: undo_reject(review.db, edit),
    )
    step.apply()
    assert review.unit("CASUALTY", CASUALTY).state is UnitState.REJECTED
    step.revert()
    assert review.unit("CASUALTY", CASUALTY).state is UnitState.PARTIAL  # only carol has it
