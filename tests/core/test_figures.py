"""Casualty figures that do not add up."""

from __future__ import annotations

from typing import Any

from annotator.core.figures import check_figures
from annotator.core.model import Relation, Span

TEXT = (
    "92 people were killed on Saturday and 41 on Friday, bringing the toll to 145 dead, "
    "including 31 civilians and 130 children."
)


def _span(span_id: int, words: str, **attrs: Any) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words), "CASUALTY", "casualty", attrs=attrs, id=span_id)


SPANS = {
    1: _span(1, "92 people", outcome="killed", best=92, qualifier="exact"),
    2: _span(2, "41", outcome="killed", best=41, qualifier="exact"),
    3: _span(3, "145", outcome="killed", best=145, qualifier="exact"),
    4: _span(4, "31 civilians", outcome="killed", best=31, qualifier="exact"),
    5: _span(5, "130 children", outcome="killed", best=130, qualifier="exact"),
}


def _link(part: int, total: int, kind: str) -> Relation:
    return Relation(part, total, "SUBSET_OF", {"kind": kind})


def test_a_breakdown_that_does_not_sum_to_its_total_is_flagged() -> None:
    issues = check_figures(SPANS, [_link(1, 3, "part"), _link(2, 3, "part")], TEXT)
    assert [i.message for i in issues] == ["the parts of “145” add up to 133, not 145"]
    assert issues[0].parts == (1, 2)


def test_a_breakdown_that_sums_is_fine() -> None:
    spans = {**SPANS, 2: _span(2, "41", outcome="killed", best=53, qualifier="exact")}
    assert check_figures(spans, [_link(1, 3, "part"), _link(2, 3, "part")], TEXT) == []


def test_an_included_figure_larger_than_its_total_is_flagged() -> None:
    issues = check_figures(SPANS, [_link(4, 3, "included"), _link(5, 3, "included")], TEXT)
    assert [i.message for i in issues] == [
        "the figures included in “145” add up to 161, more than 145",
    ]
    smaller = {**SPANS, 3: _span(3, "145", outcome="killed", best=100, qualifier="exact")}
    messages = [i.message for i in check_figures(smaller, [_link(5, 3, "included")], TEXT)]
    assert messages == ["“130 children” (130) is more than its total “145” (100)"]


def test_approximate_figures_are_not_summed_exactly() -> None:
    rough = {**SPANS, 3: _span(3, "145", outcome="killed", best=145, qualifier="approx")}
    assert check_figures(rough, [_link(1, 3, "part"), _link(2, 3, "part")], TEXT) == []


def test_parts_with_another_outcome_are_flagged() -> None:
    hurt = {**SPANS, 4: _span(4, "31 civilians", outcome="injured", best=31)}
    (issue,) = check_figures(hurt, [_link(4, 3, "included")], TEXT)
    assert issue.message == "“31 civilians” (injured) is linked as part of “145” (killed)"
