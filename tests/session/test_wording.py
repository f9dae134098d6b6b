"""How a span is named in the undo menu and the status bar."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.session.wording import describe
from tests.session.conftest import QUOTE, SOURCE, TEXT, at


def test_a_span_is_its_label_and_its_words_in_quotation_marks() -> None:
    assert describe(Span(*at(SOURCE), "SOURCE"), TEXT) == "SOURCE “Gen. Ahmed Zubaïr”"


def test_a_quote_keeps_its_own_marks_instead_of_doubling_them() -> None:
    assert describe(Span(*at(QUOTE), "QUOTE"), TEXT) == "QUOTE “We will not retreat,”"
    text = 'He said "we stay" and left'
    start = text.index('said "we stay"')
    span = Span(start, start + len('said "we stay"'), "CLAIM")
    assert describe(span, text) == 'CLAIM said "we stay"'  # closed by a mark: none added


def test_long_words_are_cut_at_the_limit_with_an_ellipsis() -> None:
    whole = Span(0, len(TEXT), "CLAIM")
    shown = describe(whole, TEXT, limit=20)
    assert shown == "CLAIM “We will not retrea…"  # opened by its own mark: no more marks
    words = shown.removeprefix("CLAIM ")
    assert len(words) == 20
    assert describe(Span(*at("At least 145 militants were killed."), "CLAIM"), TEXT, 12) == (
        "CLAIM “At least 14…”"
    )


def test_line_breaks_and_runs_of_spaces_read_as_one_space() -> None:
    text = "Officials\n  denied   it"
    assert describe(Span(0, len(text), "CLAIM"), text) == "CLAIM “Officials denied it”"
