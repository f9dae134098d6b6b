"""When a trained model and the rules both suggest, the person is offered one per stretch."""

from __future__ import annotations

from annotator.core.model import Origin, Span
from annotator.core.suggestions import offered


def _span(start: int, end: int, label: str = "QUOTE", origin: Origin = Origin.RULES) -> Span:
    return Span(start, end, label, "attribution", origin)


def test_the_models_quote_stands_in_for_an_overlapping_rules_quote() -> None:
    model = [_span(10, 60, origin=Origin.MODEL)]
    rules = [_span(12, 58), _span(80, 120), _span(10, 14, "SOURCE")]
    assert offered(model, rules) == [model[0], rules[1], rules[2]]


def test_a_rules_twin_with_the_models_extent_is_kept_for_its_links() -> None:
    model = [_span(10, 60, origin=Origin.MODEL)]
    rules = [_span(10, 60)]
    assert offered(model, rules) == [model[0], rules[0]]


def test_without_a_model_the_rules_are_offered_as_they_are() -> None:
    rules = [_span(12, 58), _span(30, 40)]
    assert offered([], rules) == rules
