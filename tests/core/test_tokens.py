"""Selections snap to whole tokens, never to whitespace."""

from __future__ import annotations

import pytest

from annotator.core.model import Token
from annotator.core.tokens import TokenIndex, whitespace_tokens

TEXT = "Gen. Ahmed Zubaïr told reporters."
#        0123456789012345678901234567890123
TOKENS = [Token(0, 4), Token(5, 10), Token(11, 17), Token(18, 22), Token(23, 32), Token(32, 33)]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ((5, 17), "Ahmed Zubaïr"),  # exact
        ((7, 13), "Ahmed Zubaïr"),  # starts and ends mid-word: whole words
        ((4, 11), "Ahmed"),  # whitespace at both edges is dropped
        ((17, 5), "Ahmed Zubaïr"),  # backwards selection
        ((24, 33), "reporters."),
        ((32, 33), "."),
    ],
)
def test_snap_takes_whole_tokens(selection: tuple[int, int], expected: str) -> None:
    snapped = TokenIndex(TOKENS).snap(*selection)
    assert snapped is not None
    assert TEXT[snapped[0] : snapped[1]] == expected


def test_selection_of_only_whitespace_gives_nothing() -> None:
    assert TokenIndex(TOKENS).snap(4, 5) is None
    assert TokenIndex([]).snap(0, 3) is None


def test_whitespace_tokens_cover_the_words() -> None:
    text = "  one two\nthree 🙏 "
    assert [text[t.start : t.end] for t in whitespace_tokens(text)] == ["one", "two", "three", "🙏"]
