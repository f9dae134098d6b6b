"""The pending suggestions in the order a person decides them, twins as one stop."""

from __future__ import annotations

import pytest

from annotator.core.model import Span
from annotator.session import suggestion_queue as queue
from annotator.session.document import DocumentSession
from annotator.session.project import Project
from tests.session.conftest import CASUALTY, QUOTE, SOURCE, TEXT, at, suggest

SAID = "We will not retreat"  # the quote's words without its marks: the CLAIM twin


@pytest.fixture
def pending(project: Project) -> DocumentSession:
    """TEXT with five suggestions, a QUOTE and a CLAIM over the same words among them."""
    suggest(
        project.db,
        1,
        [
            ("CASUALTY", CASUALTY),
            ("PERSON", "Ahmed Zubaïr"),
            ("CLAIM", SAID),
            ("SOURCE", SOURCE),
            ("QUOTE", QUOTE),
        ],
    )
    return project.session(1)


def _named(session: DocumentSession, label: str) -> Span:
    return next(s for s in session.editor.suggestions.values() if s.label == label)


def _labels(spans: list[Span]) -> list[str]:
    return [s.label for s in spans]


def test_suggestions_come_in_reading_order_with_one_stop_for_twins(
    pending: DocumentSession,
) -> None:
    assert _labels(queue.ordered(pending.editor)) == ["QUOTE", "SOURCE", "PERSON", "CASUALTY"]


def test_twins_are_the_suggestions_over_the_same_words(pending: DocumentSession) -> None:
    quote = _named(pending, "QUOTE")
    assert _labels(queue.twins_of(pending.editor, quote)) == ["QUOTE", "CLAIM"]
    assert _labels(queue.twins_of(pending.editor, _named(pending, "CLAIM"))) == ["QUOTE", "CLAIM"]
    assert _labels(queue.twins_of(pending.editor, _named(pending, "PERSON"))) == ["PERSON"]
    assert pending.twins(quote) == queue.twins_of(pending.editor, quote)


def test_what_names_a_suggestion_with_its_twins(pending: DocumentSession) -> None:
    quote = _named(pending, "QUOTE")
    assert queue.what(pending.editor, quote) == "QUOTE + CLAIM “We will not retreat,”"
    assert queue.what(pending.editor, quote, [quote]) == "QUOTE “We will not retreat,”"
    assert queue.what(pending.editor, _named(pending, "SOURCE")) == "SOURCE “Gen. Ahmed Zubaïr”"


def test_after_a_decision_the_next_stop_is_the_one_that_follows_it(
    pending: DocumentSession,
) -> None:
    source = _named(pending, "SOURCE")
    pending.reject([source])
    assert _labels(queue.ordered(pending.editor)) == ["QUOTE", "PERSON", "CASUALTY"]
    following = queue.following(pending.editor, source)
    assert following is not None
    assert following.label == "PERSON"
    casualty = _named(pending, "CASUALTY")
    pending.accept([casualty])
    assert queue.following(pending.editor, casualty) is None  # none left after it


def test_stepping_moves_from_the_current_stop_and_wraps_around(pending: DocumentSession) -> None:
    editor = pending.editor
    quote, casualty = _named(pending, "QUOTE"), _named(pending, "CASUALTY")
    assert queue.step_from(editor, quote, 0, +1).label == "SOURCE"
    assert queue.step_from(editor, quote, 0, -1).label == "CASUALTY"
    assert queue.step_from(editor, casualty, 0, +1).label == "QUOTE"


def test_without_a_current_stop_stepping_starts_from_the_cursor(pending: DocumentSession) -> None:
    editor = pending.editor
    cursor = at("said")[0]
    assert queue.step_from(editor, None, cursor, +1).label == "SOURCE"
    assert queue.step_from(editor, None, cursor, -1).label == "QUOTE"
    end = len(TEXT)
    assert queue.step_from(editor, None, end, +1).label == "QUOTE"  # wraps to the first
    assert queue.step_from(editor, None, end, -1).label == "CASUALTY"
    claim = _named(pending, "CLAIM")  # not a stop of its own: stepping starts at its place
    assert queue.step_from(editor, claim, claim.start, +1).label == "SOURCE"
