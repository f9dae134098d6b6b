"""DocumentEditor: spans, relations, attributes, fields and suggestions, all committed."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Span
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.store.annotators import ensure_annotator
from annotator.store.db import transaction
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.editing import DocumentEditor
from annotator.store.relations import get_fields, relations_of
from annotator.store.suggestions import store_proposal

TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def editor(db: Database, schema: LabelSchema) -> DocumentEditor:
    with db.conn:
        (doc_id,) = insert_documents(db, [NewDocument("t", TEXT, {})])
    assert doc_id is not None
    return DocumentEditor(db, schema, ensure_annotator(db, "alice"), doc_id)


def _fresh(editor: DocumentEditor) -> DocumentEditor:
    """The same document opened again: what the database holds."""
    return DocumentEditor(editor.db, editor.schema, editor.annotator_id, editor.doc_id)


def test_new_spans_get_the_labels_default_attributes(editor: DocumentEditor) -> None:
    quote = editor.create(*_at("“We will not retreat,”"), "QUOTE")
    assert quote is not None
    assert quote.attrs == {"type": "direct", "stance": "none"}
    assert _fresh(editor).spans[quote.id or 0].attrs == quote.attrs


def test_attributes_are_saved_and_relabel_keeps_only_shared_ones(editor: DocumentEditor) -> None:
    span = editor.create(*_at("At least 145 militants"), "CASUALTY")
    assert span is not None
    assert span.id is not None
    before = editor.set_attrs(span.id, {**span.attrs, "best": 145, "outcome": "killed"})
    assert before == span.attrs
    assert _fresh(editor).spans[span.id].attrs["best"] == 145
    editor.relabel(span.id, "CLAIM")
    assert _fresh(editor).spans[span.id].attrs == {
        "type": "event",
        "check_worthy": True,
        "modality": "asserted",
    }


def test_links_follow_the_schema_and_go_with_a_deleted_span(editor: DocumentEditor) -> None:
    quote = editor.create(*_at("“We will not retreat,”"), "QUOTE")
    source = editor.create(*_at("Gen. Ahmed Zubaïr"), "SOURCE")
    cue = editor.create(*_at("said"), "CUE")
    assert quote
    assert source
    assert cue
    assert quote.id
    assert source.id
    assert cue.id
    assert editor.link(source.id, quote.id, "ATTRIBUTED_TO") is None  # wrong direction
    assert editor.link(quote.id, source.id, "HAS_CUE") is None  # SOURCE is not a CUE
    link = editor.link(quote.id, source.id, "ATTRIBUTED_TO")
    assert link is not None
    assert editor.link(quote.id, source.id, "ATTRIBUTED_TO") is None  # no duplicate
    editor.link(quote.id, cue.id, "HAS_CUE")
    assert {r.label for r in relations_of(editor.db, editor.doc_id, editor.annotator_id)} == {
        "ATTRIBUTED_TO",
        "HAS_CUE",
    }
    removed, taken = editor.delete(quote.id)
    assert {r.label for r in taken} == {"ATTRIBUTED_TO", "HAS_CUE"}
    assert relations_of(editor.db, editor.doc_id, editor.annotator_id) == []
    editor.restore(removed, taken)  # undo brings both back
    assert len(_fresh(editor).relations) == 2


def test_fields_are_saved_and_cleared(editor: DocumentEditor) -> None:
    stance = [{"target": "Kandar Liberation Front", "value": "against"}]
    assert editor.set_field("stance", stance) is None
    assert get_fields(editor.db, editor.doc_id, editor.annotator_id) == {"stance": stance}
    assert editor.set_field("stance", None) == stance
    assert _fresh(editor).fields == {}


def _suggest(editor: DocumentEditor) -> None:
    proposal = Proposal()
    quote = proposal.add(
        Span(
            *_at("“We will not retreat,”"), "QUOTE", "attribution", Origin.MODEL, {"type": "direct"}
        )
    )
    source = proposal.add(
        Span(*_at("Gen. Ahmed Zubaïr"), "SOURCE", "attribution", Origin.MODEL, {"kind": "military"})
    )
    proposal.link(quote, source, "ATTRIBUTED_TO")
    proposal.add(
        Span(*_at("At least 145 militants"), "CASUALTY", "casualty", Origin.MODEL, {"best": 145})
    )
    with transaction(editor.db):
        store_proposal(editor.db, editor.doc_id, proposal)
    editor.refresh()


def test_suggestions_are_apart_until_accepted_with_their_links(editor: DocumentEditor) -> None:
    _suggest(editor)
    assert editor.spans == {}
    assert len(editor.suggestions) == 3
    quote = next(s for s in editor.suggestions.values() if s.label == "QUOTE")
    assert quote.id is not None
    accepted = editor.accept(quote.id)
    labels = sorted(s.label for s in editor.spans.values())
    assert labels == ["QUOTE", "SOURCE"]  # the quote brings its source along
    assert all(s.origin is Origin.MODEL for s in editor.spans.values())
    (link,) = editor.relations.values()
    assert link.label == "ATTRIBUTED_TO"
    assert [s.label for s in editor.suggestions.values()] == ["CASUALTY"]
    editor.revert(accepted)
    assert editor.spans == {}
    assert editor.relations == {}
    assert len(editor.suggestions) == 3


def test_rejected_suggestions_stay_hidden_for_that_annotator_only(
    editor: DocumentEditor,
) -> None:
    _suggest(editor)
    casualty = next(s for s in editor.suggestions.values() if s.label == "CASUALTY")
    assert casualty.id is not None
    editor.reject([casualty.id])
    assert "CASUALTY" not in {s.label for s in _fresh(editor).suggestions.values()}
    bob = DocumentEditor(
        editor.db, editor.schema, ensure_annotator(editor.db, "bob"), editor.doc_id
    )
    assert "CASUALTY" in {s.label for s in bob.suggestions.values()}
    editor.forget([casualty.id])
    assert "CASUALTY" in {s.label for s in _fresh(editor).suggestions.values()}


def test_a_suggestion_the_annotator_already_made_is_not_shown(editor: DocumentEditor) -> None:
    editor.create(*_at("At least 145 militants"), "CASUALTY")
    _suggest(editor)
    assert "CASUALTY" not in {s.label for s in editor.suggestions.values()}


def test_link_candidates_follow_the_schema_nearest_first(editor: DocumentEditor) -> None:
    quote = editor.create(*_at("“We will not retreat,”"), "QUOTE")
    far = editor.create(*_at("militants"), "PERSON")
    source = editor.create(*_at("Gen. Ahmed Zubaïr"), "SOURCE")
    cue = editor.create(*_at("said"), "CUE")
    assert quote
    assert far
    assert source
    assert cue
    assert quote.id
    pairs = [(kind, span.label) for kind, span in editor.link_candidates(quote.id)]
    assert pairs == [("HAS_CUE", "CUE"), ("ATTRIBUTED_TO", "SOURCE")]  # PERSON: no relation
    only = editor.link_candidates(quote.id, "ATTRIBUTED_TO")
    assert [span.label for _, span in only] == ["SOURCE"]


def test_a_link_accepted_from_a_suggestion_gets_the_schemas_defaults(
    editor: DocumentEditor,
) -> None:
    """A SUBSET_OF kept from the rules has kind "included", as one made by hand: not "—"."""
    proposal = Proposal()
    part = proposal.add(Span(*_at("145 militants"), "CASUALTY", "casualty", Origin.RULES))
    total = proposal.add(Span(*_at("At least 145 militants"), "CASUALTY", "casualty", Origin.RULES))
    proposal.link(part, total, "SUBSET_OF")
    with transaction(editor.db):
        store_proposal(editor.db, editor.doc_id, proposal)
    editor.refresh()
    head = next(s for s in editor.suggestions.values() if s.start == _at("145 militants")[0])
    assert head.id is not None
    editor.accept(head.id)
    (link,) = relations_of(editor.db, editor.doc_id, editor.annotator_id)
    assert (link.label, link.attrs) == ("SUBSET_OF", {"kind": "included"})
    assert {s.origin for s in _fresh(editor).spans.values()} == {Origin.RULES}


def test_a_casualty_figure_marked_by_hand_is_prefilled_from_the_text(
    editor: DocumentEditor,
) -> None:
    """K on "At least 145 militants": counts, qualifier, victims and outcome read off it."""
    span = editor.create(*_at("At least 145 militants"), "CASUALTY")
    assert span is not None
    assert span.attrs["outcome"] == "killed"  # "were killed", later in the sentence
    assert (span.attrs["min"], span.attrs["best"], span.attrs["qualifier"]) == (
        145,
        145,
        "at least",
    )
    assert span.attrs["victims"] == "armed group"
    assert _fresh(editor).spans[span.id or 0].attrs == span.attrs  # saved as shown
