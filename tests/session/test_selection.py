"""What is selected: a span with the spans linked to it, or a suggestion."""

from __future__ import annotations

from dataclasses import replace

from annotator.session.document import DocumentSession
from annotator.session.selection import Selection, select
from tests.session.conftest import CASUALTY, QUOTE, SOURCE, label, sid


def test_a_selected_span_brings_the_spans_linked_to_it(doc: DocumentSession) -> None:
    quote, source = label(doc, QUOTE, "QUOTE"), label(doc, SOURCE, "SOURCE")
    label(doc, CASUALTY, "CASUALTY")  # not linked: not marked
    doc.link(sid(quote), sid(source), "ATTRIBUTED_TO")
    chosen = select(doc.editor, source, scroll=True)
    assert chosen.span == source
    assert chosen.suggestion is None
    assert chosen.linked == (quote,)
    assert chosen.scroll
    assert chosen.marked == source


def test_a_span_that_is_not_there_selects_nothing(doc: DocumentSession) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    doc.delete(sid(quote))
    assert select(doc.editor, quote) == Selection(doc.editor)
    assert select(doc.editor, None, scroll=True) == Selection(doc.editor, scroll=True)
    assert select(None, quote) == Selection()
    assert select(doc.editor, replace(quote, id=None)).span is None


def test_the_article_marks_the_span_else_the_suggestion(doc: DocumentSession) -> None:
    quote = label(doc, QUOTE, "QUOTE")
    suggestion = replace(quote, id=None, label="CLAIM")
    assert Selection(doc.editor, suggestion=suggestion).marked == suggestion
    assert Selection(doc.editor).marked is None
    assert Selection(doc.editor, span=quote).marked == quote
