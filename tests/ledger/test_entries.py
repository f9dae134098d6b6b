"""A ledger entry's sentence: cut from its article at the nearest stops either side."""

from __future__ import annotations

import pytest

from annotator.ledger.entries import CONTEXT, sentence_around

CASES = [
    # text, the span's words, the sentence the ledger shows
    ("Shelling hit. 12 people were killed. Aid arrived.", "12 people", "12 people were killed."),
    ("Was it 40? Officials said 52 died! Others disagreed.", "52", "Officials said 52 died!"),
    ("Headline: 9 dead\nThe army said 9 soldiers died.", "9 dead", "Headline: 9 dead"),
    ("The army said 9 soldiers died.\nMore later.", "9 soldiers", "The army said 9 soldiers died."),
    ("No stop at all in 30 dead", "30 dead", "No stop at all in 30 dead"),
    ("Version 2.5 said 7 died. Next.", "7 died", "Version 2.5 said 7 died."),  # 2.5: no stop
]


@pytest.mark.parametrize(("text", "words", "sentence"), CASES)
def test_the_sentence_around_a_span(text: str, words: str, sentence: str) -> None:
    start = text.index(words)
    assert sentence_around(text, start, start + len(words)) == sentence


def test_a_sentence_without_stops_is_cut_at_the_context_either_side() -> None:
    text = "x" * 1000 + " 14 killed " + "y" * 1000
    start = text.index("14")
    shown = sentence_around(text, start, start + len("14 killed"))
    assert shown == "x" * (CONTEXT - 1) + " 14 killed " + "y" * (CONTEXT - 1)
