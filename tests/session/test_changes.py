"""Changes: what one operation changed, combined for a group of steps, and what is said."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.session.changes import Changes

QUOTE = Span(0, 22, "QUOTE", "attribution", id=1)
SOURCE = Span(28, 45, "SOURCE", "attribution", id=2)


def test_combining_keeps_every_span_and_every_flag_of_both() -> None:
    first = Changes(1, (QUOTE,), QUOTE, links=True, message="Saved: Add QUOTE")
    second = Changes(1, (SOURCE,), SOURCE, fields=True, suggestions=True, message="Saved: more")
    both = first | second
    assert both.doc_id == 1
    assert both.spans == (QUOTE, SOURCE)
    assert both.select == SOURCE  # the later selection wins
    assert (both.links, both.fields, both.suggestions) == (True, True, True)
    assert (both.status, both.units, both.reloaded) == (False, False, False)
    assert both.message == "Saved: more"


def test_combining_with_a_record_of_no_spans_keeps_the_selection_and_message() -> None:
    spans = Changes(1, (QUOTE,), QUOTE, message="Saved: Add QUOTE")
    both = spans | Changes(1, links=True, status=True, units=True, reloaded=True)
    assert both.select == QUOTE  # the links changed, the selection stays
    assert both.message == "Saved: Add QUOTE"
    assert (both.links, both.status, both.units, both.reloaded) == (True, True, True, True)


def test_a_later_record_with_spans_and_no_selection_clears_it() -> None:
    both = Changes(1, (QUOTE,), QUOTE) | Changes(1, (SOURCE,), None)
    assert both.spans == (QUOTE, SOURCE)
    assert both.select is None


def test_told_gives_the_same_changes_with_a_message_and_leaves_the_original() -> None:
    changes = Changes(1, (QUOTE,), QUOTE, links=True)
    told = changes.told("Undone: Add QUOTE")
    assert told.message == "Undone: Add QUOTE"
    assert told == Changes(1, (QUOTE,), QUOTE, links=True, message="Undone: Add QUOTE")
    assert changes.message == ""


def test_annotations_changed_when_spans_links_or_the_whole_document_did() -> None:
    assert Changes(1, (QUOTE,)).annotations
    assert Changes(1, links=True).annotations
    assert Changes(1, reloaded=True).annotations
    assert not Changes(1).annotations
    assert not Changes(1, fields=True, status=True, suggestions=True, units=True).annotations


def test_everything_of_a_document_read_again_or_just_opened_is_new() -> None:
    again = Changes.everything(1)
    assert again.reloaded
    assert (again.links, again.fields, again.status, again.suggestions, again.units) == (
        True,
        True,
        True,
        True,
        True,
    )
    assert not again.opened
    assert again.annotations
    assert Changes.everything(1, opened=True).opened
    assert (Changes(1) | Changes.everything(1, opened=True)).opened
