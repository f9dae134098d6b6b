"""The undoable edits: each says what it does, saves it, and its revert takes it back."""

from __future__ import annotations

from annotator.core.model import Relation
from annotator.session.document import DocumentSession
from annotator.session.history import Typing
from annotator.session.steps import (
    AddSpan,
    DeleteSpan,
    Link,
    RelabelSpan,
    SetAttribute,
    SetField,
    SetRelationAttribute,
    Unlink,
)
from annotator.store.relations import relations_of
from tests.session.conftest import (
    CASUALTY,
    QUOTE,
    SOURCE,
    at,
    label,
    saved_fields,
    saved_links,
    saved_spans,
    sid,
)

QUOTE_ATTRS = {"type": "direct", "stance": "none"}


def test_add_span_saves_selects_it_and_revert_removes_it(doc: DocumentSession) -> None:
    span = doc.editor.new_span(*at(QUOTE), "QUOTE")
    assert span is not None
    step = AddSpan(doc.editor, span)
    assert step.text == "Add QUOTE “We will not retreat,”"
    added = step.apply()
    assert added.select is not None
    assert added.spans == (added.select,)
    assert added.suggestions  # a span made may hide a suggestion over the same words
    assert saved_spans(doc) == [("QUOTE", QUOTE, QUOTE_ATTRS)]
    removed = step.revert()
    assert removed.select is None
    assert saved_spans(doc) == []
    assert sid(step.apply().select) == sid(added.select)  # redo: the same id


def test_delete_span_takes_its_links_and_revert_brings_both_back(doc: DocumentSession) -> None:
    quote, source = label(doc, QUOTE, "QUOTE"), label(doc, SOURCE, "SOURCE")
    doc.link(sid(quote), sid(source), "ATTRIBUTED_TO")
    links = relations_of(doc.editor.db, doc.doc_id, doc.editor.annotator_id)
    step = DeleteSpan(doc.editor, source)
    assert step.text == "Delete SOURCE “Gen. Ahmed Zubaïr”"
    deleted = step.apply()
    assert (deleted.select, deleted.links) == (None, True)
    assert [s[0] for s in saved_spans(doc)] == ["QUOTE"]
    assert saved_links(doc) == []
    restored = step.revert()
    assert sid(restored.select) == sid(source)
    assert restored.links
    assert relations_of(doc.editor.db, doc.doc_id, doc.editor.annotator_id) == links


def test_relabel_keeps_the_shared_attributes_and_revert_puts_all_back(
    doc: DocumentSession,
) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    doc.set_attribute(sid(quote), "stance_target", "the army")
    step = RelabelSpan(doc.editor, doc.editor.spans[sid(quote)], "SOURCE")
    assert step.text == "Relabel QUOTE “We will not retreat,” as SOURCE"
    relabelled = step.apply()
    assert relabelled.select is not None
    assert relabelled.select.label == "SOURCE"
    assert saved_spans(doc) == [("SOURCE", QUOTE, {})]  # a source has none of them
    step.revert()
    assert saved_spans(doc) == [("QUOTE", QUOTE, {**QUOTE_ATTRS, "stance_target": "the army"})]


def test_set_attribute_says_the_value_and_none_removes_it(doc: DocumentSession) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    step = SetAttribute(doc.editor, quote, "type", "indirect")
    assert step.text == "Set type of QUOTE “We will not retreat,” to indirect"
    changed = step.apply()
    assert changed.select == doc.editor.spans[sid(quote)]
    assert saved_spans(doc)[0][2] == {"type": "indirect", "stance": "none"}
    step.revert()
    assert saved_spans(doc)[0][2] == QUOTE_ATTRS
    cleared = SetAttribute(doc.editor, quote, "stance", None)
    assert cleared.text.endswith(" to —")
    cleared.apply()
    assert saved_spans(doc)[0][2] == {"type": "direct"}


def test_link_takes_the_schemas_defaults_and_revert_and_redo_keep_its_id(
    doc: DocumentSession,
) -> None:
    part, total = label(doc, "145 militants", "CASUALTY"), label(doc, CASUALTY, "CASUALTY")
    step = Link(doc.editor, Relation(sid(part), sid(total), "SUBSET_OF"))
    assert step.text == "Link CASUALTY “145 militants” SUBSET_OF CASUALTY “At least 145 militants”"
    assert step.apply().links
    first = relations_of(doc.editor.db, doc.doc_id, doc.editor.annotator_id)
    assert saved_links(doc) == [("SUBSET_OF", "145 militants", CASUALTY, {"kind": "included"})]
    step.revert()
    assert saved_links(doc) == []
    step.apply()
    assert relations_of(doc.editor.db, doc.doc_id, doc.editor.annotator_id) == first


def test_unlink_and_its_revert(doc: DocumentSession) -> None:
    quote, source = label(doc, QUOTE, "QUOTE"), label(doc, SOURCE, "SOURCE")
    doc.link(sid(quote), sid(source), "ATTRIBUTED_TO")
    (link,) = doc.editor.relations.values()
    step = Unlink(doc.editor, link)
    assert step.text == "Remove link ATTRIBUTED_TO"
    assert step.apply().links
    assert saved_links(doc) == []
    step.revert()
    assert relations_of(doc.editor.db, doc.doc_id, doc.editor.annotator_id) == [link]


def test_set_relation_attribute_and_its_revert(doc: DocumentSession) -> None:
    part, total = label(doc, "145 militants", "CASUALTY"), label(doc, CASUALTY, "CASUALTY")
    doc.link(sid(part), sid(total), "SUBSET_OF")
    (link,) = doc.editor.relations.values()
    step = SetRelationAttribute(doc.editor, link, "kind", "part")
    assert step.text == "Set kind of SUBSET_OF to part"
    assert step.apply().links
    assert saved_links(doc)[0][3] == {"kind": "part"}
    step.revert()
    assert saved_links(doc)[0][3] == {"kind": "included"}


def test_set_field_and_its_revert(doc: DocumentSession) -> None:
    step = SetField(doc.editor, "note", "check the toll")
    assert step.text == "Set document note"
    assert step.apply().fields
    assert saved_fields(doc) == {"note": "check the toll"}
    step.revert()
    assert saved_fields(doc) == {}


def test_only_typed_text_of_one_target_in_one_round_is_absorbed(doc: DocumentSession) -> None:
    quote, other = label(doc, QUOTE, "QUOTE"), label(doc, "killed", "CLAIM")
    editor = doc.editor
    typed = SetAttribute(editor, quote, "stance_target", "th")
    assert typed.absorb(SetAttribute(editor, quote, "stance_target", "the"))
    assert typed.text == "Set stance_target of QUOTE “We will not retreat,” to the"
    assert not typed.absorb(SetAttribute(editor, quote, "type", "mixed"))  # another field
    assert not typed.absorb(SetField(editor, "note", "the"))  # another kind of target
    claim = SetAttribute(editor, other, "type", "causal")
    assert not claim.absorb(SetAttribute(editor, other, "type", "other"))  # a choice, not text
    Typing.end()
    assert not typed.absorb(SetAttribute(editor, quote, "stance_target", "the army"))
    stance = SetField(editor, "stance", [{"target": "the army", "value": "against"}])
    assert not stance.absorb(SetField(editor, "stance", None))  # targets are not typed text
    note = SetField(editor, "note", "a")
    assert note.absorb(SetField(editor, "note", "ab"))
    part, total = label(doc, "145 militants", "CASUALTY"), label(doc, CASUALTY, "CASUALTY")
    doc.link(sid(part), sid(total), "SUBSET_OF")
    (link,) = editor.relations.values()
    kind = SetRelationAttribute(editor, link, "kind", "part")
    assert not kind.absorb(SetRelationAttribute(editor, link, "kind", "included"))
