"""Counts in messages: "1 document", never "1 documents"."""

from __future__ import annotations

import pytest

from annotator.core.words import counted


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [
        (1, "document", "", "1 document"),
        (0, "document", "", "0 documents"),
        (2, "span", "", "2 spans"),
        (1, "analysis", "analyses", "1 analysis"),
        (3, "analysis", "analyses", "3 analyses"),
    ],
)
def test_counts_read_as_words(count: int, noun: str, plural: str, expected: str) -> None:
    assert counted(count, noun, plural) == expected
