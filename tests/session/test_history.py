"""History: steps recorded once saved, undone and redone as inverse operations, and a
refused save leaving the history exactly as it was."""

from __future__ import annotations

import pytest

from annotator.core.model import Origin, Span
from annotator.session.document import DocumentSession
from annotator.session.history import (
    Declined,
    History,
    NotSaved,
    ReadOnlyProject,
    Typing,
)
from annotator.session.steps import AddSpan, DeleteSpan, SetField
from annotator.store.annotations import add_span, delete_span
from annotator.store.db import Gone, ProjectBusy, ProjectError
from tests.session.conftest import QUOTE, SOURCE, at, saved_fields, saved_spans, sid

ADD_QUOTE = "Add QUOTE “We will not retreat,”"


def _add(doc: DocumentSession, words: str, label: str) -> AddSpan:
    span = doc.editor.new_span(*at(words), label)
    assert span is not None
    return AddSpan(doc.editor, span)


def _state(history: History) -> tuple[int, int, str, str]:
    return history.done, history.undone, history.undo_text, history.redo_text


def test_a_step_is_saved_undone_and_redone_with_what_the_status_bar_says(
    doc: DocumentSession,
) -> None:
    history = History()
    assert _state(history) == (0, 0, "", "")
    saved = history.do(_add(doc, QUOTE, "QUOTE"))
    assert saved.message == f"Saved: {ADD_QUOTE}"
    assert _state(history) == (1, 0, ADD_QUOTE, "")
    assert [s[:2] for s in saved_spans(doc)] == [("QUOTE", QUOTE)]

    undone = history.undo()
    assert undone is not None
    assert undone.message == f"Undone: {ADD_QUOTE}"
    assert _state(history) == (0, 1, "", ADD_QUOTE)
    assert saved_spans(doc) == []

    redone = history.redo()
    assert redone is not None
    assert redone.message == f"Saved: {ADD_QUOTE}"
    assert _state(history) == (1, 0, ADD_QUOTE, "")
    assert sid(redone.select) == sid(saved.select)  # the very same span, id and all
    assert [s[:2] for s in saved_spans(doc)] == [("QUOTE", QUOTE)]


def test_nothing_to_undo_or_redo_is_none(doc: DocumentSession) -> None:
    history = History()
    assert history.undo() is None
    assert history.redo() is None
    history.do(_add(doc, QUOTE, "QUOTE"))
    assert history.redo() is None
    assert history.done == 1


def test_a_new_step_after_an_undo_drops_what_could_be_redone(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    history.undo()
    history.do(_add(doc, SOURCE, "SOURCE"))
    assert _state(history) == (1, 0, "Add SOURCE “Gen. Ahmed Zubaïr”", "")
    assert [s[:2] for s in saved_spans(doc)] == [("SOURCE", SOURCE)]


def test_a_refused_step_is_not_recorded(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    (quote,) = doc.editor.spans.values()
    delete_span(doc.editor.db, quote.id or 0)  # another window deletes it
    with pytest.raises(Gone):
        history.do(DeleteSpan(doc.editor, quote))
    assert _state(history) == (1, 0, ADD_QUOTE, "")


def test_a_refused_undo_leaves_the_step_to_undo(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    (quote,) = doc.editor.spans.values()
    delete_span(doc.editor.db, quote.id or 0)  # another window deletes it
    with pytest.raises(Gone):
        history.undo()
    assert _state(history) == (1, 0, ADD_QUOTE, "")


def test_a_refused_redo_leaves_the_step_to_redo(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    history.undo()
    # Another window adds a span, which takes the id the undone one had: redo cannot
    # put the quote back under it.
    span = Span(*at(SOURCE), "SOURCE", "attribution", Origin.HUMAN)
    add_span(doc.editor.db, doc.doc_id, doc.editor.annotator_id, span)
    with pytest.raises(Gone):
        history.redo()
    assert _state(history) == (0, 1, "", ADD_QUOTE)
    assert [s[:2] for s in saved_spans(doc)] == [("SOURCE", SOURCE)]


def test_clear_forgets_every_step(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    history.do(_add(doc, SOURCE, "SOURCE"))
    history.undo()
    history.clear()
    assert _state(history) == (0, 0, "", "")


def test_typed_edits_of_one_field_merge_into_one_step_until_the_round_ends(
    doc: DocumentSession,
) -> None:
    history = History()
    for value in ("c", "ch", "che"):
        history.do(SetField(doc.editor, "note", value))
    assert history.done == 1
    Typing.end()
    history.do(SetField(doc.editor, "note", "check"))
    assert history.done == 2
    assert saved_fields(doc) == {"note": "check"}
    history.undo()
    assert saved_fields(doc) == {"note": "che"}
    history.undo()
    assert saved_fields(doc) == {}


def test_typing_back_to_the_value_before_drops_the_step(doc: DocumentSession) -> None:
    history = History()
    history.do(_add(doc, QUOTE, "QUOTE"))
    history.do(SetField(doc.editor, "note", "x"))
    history.do(SetField(doc.editor, "note", None))  # the field emptied again
    assert _state(history) == (1, 0, ADD_QUOTE, "")
    assert saved_fields(doc) == {}


def test_typing_ends_a_round_at_a_time() -> None:
    before = Typing.round
    Typing.end()
    assert Typing.round == before + 1


def test_refusals_say_what_was_not_saved_and_why() -> None:
    busy = NotSaved("Add QUOTE", ProjectBusy())
    assert busy.busy
    assert not busy.gone
    assert busy.changes is None
    assert str(busy).startswith("Add QUOTE: the project is being written by another window")
    gone = NotSaved("Relabel QUOTE", Gone("deleted in another window"))
    assert gone.gone
    assert not gone.busy
    assert str(gone) == "Relabel QUOTE: deleted in another window"
    read_only = NotSaved("Add QUOTE", ReadOnlyProject("the folder cannot be written"))
    assert isinstance(read_only.error, ProjectError)
    assert not read_only.busy
    assert not read_only.gone
    assert str(Declined("Nothing to undo")) == "Nothing to undo"
