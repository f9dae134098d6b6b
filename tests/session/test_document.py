"""A document session: every edit and decision, each undone and redone, checked in the file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.core.model import Relation, Span, Status
from annotator.review.adjudication import accept_version, undo_accept
from annotator.session import suggestion_queue
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.history import Declined, Typing
from annotator.session.project import Project
from annotator.store.annotations import spans_of
from annotator.store.relations import relations_of
from tests.review.test_units import Review
from tests.session.conftest import (
    CASUALTY,
    QUOTE,
    SOURCE,
    at,
    decisions,
    label,
    saved_fields,
    saved_links,
    saved_spans,
    saved_status,
    sid,
    suggest,
)

Saved = Callable[[DocumentSession], object]


def _round_trip(doc: DocumentSession, what: str, saved: Saved, before: object) -> None:
    """Undo the last step then redo it: the file as before it, then with it again."""
    after = saved(doc)
    assert doc.history.undo_text == what
    assert doc.undo().message == f"Undone: {what}"
    assert saved(doc) == before
    assert doc.history.redo_text == what
    assert doc.redo().message == f"Saved: {what}"
    assert saved(doc) == after
    assert doc.history.redo_text == ""


def _words(doc: DocumentSession) -> list[tuple[str, str]]:
    return [s[:2] for s in saved_spans(doc)]


def test_a_label_is_snapped_to_whole_tokens_and_undone_and_redone(doc: DocumentSession) -> None:
    start, end = at("hmed Zuba")  # inside the words
    changes = doc.label(start, end, "PERSON")
    assert changes.message == "Saved: Add PERSON “Ahmed Zubaïr”"
    assert changes.select is not None
    assert changes.select.text_in(doc.text) == "Ahmed Zubaïr"
    assert _words(doc) == [("PERSON", "Ahmed Zubaïr")]
    _round_trip(doc, "Add PERSON “Ahmed Zubaïr”", _words, [])
    assert list(doc.editor.spans) == [sid(changes.select)]  # redo keeps the id


def test_a_label_of_only_spaces_or_of_labelled_text_is_declined(doc: DocumentSession) -> None:
    space = doc.text.index(" Gen.")
    with pytest.raises(Declined, match="the selection holds only spaces"):
        doc.label(space, space + 1, "PERSON")
    label(doc, QUOTE, "QUOTE")
    with pytest.raises(Declined, match="That text is already labelled QUOTE"):
        doc.label(*at(QUOTE), "QUOTE")
    assert _words(doc) == [("QUOTE", QUOTE)]
    assert doc.history.done == 1


def test_relabel_and_its_undo(doc: DocumentSession) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    with pytest.raises(Declined, match="It is labelled QUOTE already"):
        doc.relabel(sid(quote), "QUOTE")
    changes = doc.relabel(sid(quote), "SOURCE")
    assert changes.select is not None
    assert changes.select.label == "SOURCE"
    _round_trip(
        doc,
        "Relabel QUOTE “We will not retreat,” as SOURCE",
        saved_spans,
        [("QUOTE", QUOTE, {"type": "direct", "stance": "none"})],
    )


def test_a_deleted_span_comes_back_with_its_links_on_undo(doc: DocumentSession) -> None:
    quote, source = label(doc, QUOTE, "QUOTE"), label(doc, SOURCE, "SOURCE")
    doc.link(sid(quote), sid(source), "ATTRIBUTED_TO")
    before = _rows(doc)
    changes = doc.delete(sid(source))
    assert (changes.select, changes.links) == (None, True)
    assert saved_links(doc) == []
    _round_trip(doc, "Delete SOURCE “Gen. Ahmed Zubaïr”", _rows, before)
    doc.undo()
    assert _rows(doc) == before  # the very same span and link, ids and all
    assert [(r.label, s) for r, s in doc.editor.linked(sid(source))] == [("ATTRIBUTED_TO", quote)]


def _rows(doc: DocumentSession) -> tuple[list[Span], list[Relation]]:
    """The person's spans and links as stored, ids included."""
    db, who = doc.editor.db, doc.editor.annotator_id
    return spans_of(db, doc.doc_id, who), relations_of(db, doc.doc_id, who)


def test_set_attribute_and_its_undo(doc: DocumentSession) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    before = saved_spans(doc)
    doc.set_attribute(sid(quote), "type", "indirect")
    assert saved_spans(doc)[0][2]["type"] == "indirect"
    _round_trip(doc, "Set type of QUOTE “We will not retreat,” to indirect", saved_spans, before)


def test_a_link_takes_the_schemas_defaults_unless_told_and_is_not_made_twice(
    doc: DocumentSession,
) -> None:
    part, total = label(doc, "145 militants", "CASUALTY"), label(doc, CASUALTY, "CASUALTY")
    quote, source = label(doc, QUOTE, "QUOTE"), label(doc, SOURCE, "SOURCE")
    changes = doc.link(sid(part), sid(total), "SUBSET_OF")
    assert changes.links
    assert saved_links(doc) == [("SUBSET_OF", "145 militants", CASUALTY, {"kind": "included"})]
    with pytest.raises(Declined, match="Those spans are linked so already"):
        doc.link(sid(part), sid(total), "SUBSET_OF")
    doc.undo()
    doc.link(sid(part), sid(total), "SUBSET_OF", {"kind": "part"})
    assert saved_links(doc) == [("SUBSET_OF", "145 militants", CASUALTY, {"kind": "part"})]
    before = saved_links(doc)
    doc.link(sid(quote), sid(source), "ATTRIBUTED_TO")
    what = "Link QUOTE “We will not retreat,” ATTRIBUTED_TO SOURCE “Gen. Ahmed Zubaïr”"
    _round_trip(doc, what, saved_links, before)


def test_unlink_and_a_links_attribute_and_their_undo(doc: DocumentSession) -> None:
    part, total = label(doc, "145 militants", "CASUALTY"), label(doc, CASUALTY, "CASUALTY")
    doc.link(sid(part), sid(total), "SUBSET_OF")
    (link,) = doc.editor.relations.values()
    linked = saved_links(doc)
    doc.set_relation_attribute(sid(link), "kind", "part")
    assert saved_links(doc)[0][3] == {"kind": "part"}
    _round_trip(doc, "Set kind of SUBSET_OF to part", saved_links, linked)
    before = saved_links(doc)
    doc.unlink(sid(link))
    assert saved_links(doc) == []
    _round_trip(doc, "Remove link SUBSET_OF", saved_links, before)
    with pytest.raises(Declined, match="That link is no longer there"):
        doc.unlink(sid(link))


def test_set_field_and_its_undo(doc: DocumentSession) -> None:
    changes = doc.set_field("note", "check the toll")
    assert changes.fields
    assert changes.message == "Saved: Set document note"
    assert saved_fields(doc) == {"note": "check the toll"}
    _round_trip(doc, "Set document note", saved_fields, {})


def test_a_status_is_saved_but_is_not_an_undo_step(doc: DocumentSession) -> None:
    label(doc, QUOTE, "QUOTE")
    changes = doc.set_status(Status.DONE)
    assert changes == Changes(doc.doc_id, status=True, message="Saved: status done")
    assert saved_status(doc) is Status.DONE
    assert doc.history.done == 1
    assert doc.history.undo_text == "Add QUOTE “We will not retreat,”"


def test_three_edits_of_a_typed_field_are_one_step_until_the_field_is_left(
    doc: DocumentSession,
) -> None:
    for value in ("check", "check the", "check the toll"):
        doc.set_field("note", value)
    assert doc.history.done == 1
    assert saved_fields(doc) == {"note": "check the toll"}
    Typing.end()
    doc.set_field("note", "check the toll again")
    assert doc.history.done == 2
    doc.undo()
    assert saved_fields(doc) == {"note": "check the toll"}
    assert doc.undo().message == "Undone: Set document note"
    assert saved_fields(doc) == {}  # the three keys at once
    assert doc.history.done == 0


def test_typing_back_to_the_value_before_leaves_no_step(doc: DocumentSession) -> None:
    label(doc, QUOTE, "QUOTE")
    doc.set_field("note", "c")
    doc.set_field("note", None)  # the note emptied again
    assert doc.history.done == 1
    assert doc.history.undo_text == "Add QUOTE “We will not retreat,”"
    assert saved_fields(doc) == {}


def test_nothing_to_undo_or_redo_is_declined(doc: DocumentSession) -> None:
    with pytest.raises(Declined, match="Nothing to undo"):
        doc.undo()
    with pytest.raises(Declined, match="Nothing to redo"):
        doc.redo()
    with pytest.raises(Declined, match="That span is no longer there"):
        doc.delete(999)


@pytest.fixture
def pending(project: Project) -> DocumentSession:
    """TEXT with a QUOTE and a CLAIM suggested over the same words, and a CASUALTY."""
    suggest(
        project.db,
        1,
        [("QUOTE", QUOTE), ("CLAIM", "We will not retreat"), ("CASUALTY", CASUALTY)],
    )
    return project.session(1)


def _suggested(doc: DocumentSession, label: str) -> Span:
    return next(s for s in doc.editor.suggestions.values() if s.label == label)


def _decided(doc: DocumentSession) -> tuple[object, ...]:
    return (_words(doc), decisions(doc), sorted(s.label for s in doc.editor.suggestions.values()))


def test_accepting_one_suggestion_and_its_undo(pending: DocumentSession) -> None:
    before = _decided(pending)
    changes = pending.accept([_suggested(pending, "CASUALTY")])
    assert changes.message == f"Saved: Accept suggestion CASUALTY “{CASUALTY}”"
    assert _decided(pending) == (
        [("CASUALTY", CASUALTY)],
        {"CASUALTY": "accept"},
        ["CLAIM", "QUOTE"],
    )
    _round_trip(pending, f"Accept suggestion CASUALTY “{CASUALTY}”", _decided, before)


def test_twins_are_accepted_together_and_undone_as_one_step(pending: DocumentSession) -> None:
    before = _decided(pending)
    quote = _suggested(pending, "QUOTE")
    twins = pending.twins(quote)
    what = f"Accept {suggestion_queue.what(pending.editor, quote)}"
    assert what == "Accept QUOTE + CLAIM “We will not retreat,”"
    pending.accept(twins, what)
    assert decisions(pending) == {"QUOTE": "accept", "CLAIM": "accept"}
    assert pending.history.done == 1
    _round_trip(pending, what, _decided, before)


def test_accept_all_is_one_step(pending: DocumentSession) -> None:
    before = _decided(pending)
    changes = pending.accept_all()
    assert changes.message == "Saved: Accept all 3 suggestions"
    assert _decided(pending)[1:] == (
        {"QUOTE": "accept", "CLAIM": "accept", "CASUALTY": "accept"},
        [],
    )
    assert pending.history.done == 1
    _round_trip(pending, "Accept all 3 suggestions", _decided, before)
    with pytest.raises(Declined, match="No suggestions to accept in this document"):
        pending.accept_all()


def test_rejecting_and_its_undo(pending: DocumentSession) -> None:
    before = _decided(pending)
    pending.reject([_suggested(pending, "CASUALTY")])
    assert _decided(pending) == ([], {"CASUALTY": "reject"}, ["CLAIM", "QUOTE"])
    _round_trip(pending, f"Reject CASUALTY “{CASUALTY}”", _decided, before)
    quote = _suggested(pending, "QUOTE")
    pending.reject(pending.twins(quote))
    assert decisions(pending) == {"CLAIM": "reject", "QUOTE": "reject", "CASUALTY": "reject"}
    assert pending.history.undo_text == "Reject 2 suggestions"


def test_a_reviewers_decision_is_undone_and_redone(review: Review, gold: DocumentSession) -> None:
    unit = review.unit("ATTRIBUTED_TO")
    changes = gold.adjudicate(
        "Accept bob's ATTRIBUTED_TO",
        lambda: accept_version(review.db, review.doc_id, unit, review.bob),
        lambda edit: undo_accept(review.db, edit),
    )
    assert changes.reloaded
    assert changes.units
    assert _gold(gold) == (
        [("QUOTE", QUOTE), ("SOURCE", SOURCE)],
        [("ATTRIBUTED_TO", QUOTE, SOURCE, {})],
    )
    _round_trip(gold, "Accept bob's ATTRIBUTED_TO", _gold, ([], []))
    # The editor shows gold as the file holds it, read again after the decision.
    assert [s.label for s in gold.editor.ordered()] == ["QUOTE", "SOURCE"]
    assert len(gold.editor.relations) == 1


def _gold(doc: DocumentSession) -> tuple[object, ...]:
    return (_words(doc), saved_links(doc))
