"""Reading counts as news prose writes them: every normalisation rule, one row each."""

from __future__ import annotations

import pytest

from annotator.core.numbers import QUALIFIERS, Count, parse_count, word_to_number

# (text, best, min, max, qualifier)
COUNTS: list[tuple[str, int | None, int | None, int | None, str]] = [
    # digits and separators
    ("145", 145, 145, 145, "exact"),
    ("1,200", 1200, 1200, 1200, "exact"),
    ("18,000", 18000, 18000, 18000, "exact"),
    ("1200", 1200, 1200, 1200, "exact"),
    ("3.5 million", 3_500_000, 3_500_000, 3_500_000, "exact"),
    ("2 million", 2_000_000, 2_000_000, 2_000_000, "exact"),
    # number words
    ("five", 5, 5, 5, "exact"),
    ("Seventeen", 17, 17, 17, "exact"),
    ("twenty-one", 21, 21, 21, "exact"),
    ("twenty one", 21, 21, 21, "exact"),
    ("a hundred", 100, 100, 100, "exact"),
    ("two hundred", 200, 200, 200, "exact"),
    ("two hundred and fifty", 250, 250, 250, "exact"),
    ("one thousand two hundred", 1200, 1200, 1200, "exact"),
    ("a dozen", 12, 12, 12, "exact"),
    ("half a dozen", 6, 6, 6, "exact"),
    ("two dozen", 24, 24, 24, "exact"),
    # at least / more than / up to
    ("at least 145", 145, 145, None, "at least"),
    ("At least 11", 11, 11, None, "at least"),
    ("no fewer than 30", 30, 30, None, "at least"),
    ("more than 200", 200, 201, None, "more than"),
    ("over 200", 200, 201, None, "more than"),
    ("more than a dozen", 12, 13, None, "more than"),
    ("more than 1,100", 1100, 1101, None, "more than"),
    ("up to 30", 30, None, 30, "up to"),
    ("as many as 30", 30, None, 30, "up to"),
    ("no more than 40", 40, None, 40, "up to"),
    ("fewer than 90", 89, None, 89, "up to"),
    # approximations
    ("nearly 50", 50, None, None, "approx"),
    ("almost 50", 50, None, None, "approx"),
    ("about 50", 50, None, None, "approx"),
    ("around 50", 50, None, None, "approx"),
    ("roughly 50", 50, None, None, "approx"),
    ("some 50", 50, None, None, "approx"),
    ("approximately 50", 50, None, None, "approx"),
    ("an estimated 9,000", 9000, None, None, "approx"),
    ("nearly 18,000", 18000, None, None, "approx"),
    ("closer to 40", 40, None, None, "approx"),
    # ranges: midpoint rounded down
    ("40-50", 45, 40, 50, "range"),
    ("40–50", 45, 40, 50, "range"),
    ("40 - 50", 45, 40, 50, "range"),
    ("40 to 50", 45, 40, 50, "range"),
    ("between 100 and 220", 160, 100, 220, "range"),
    ("between 60 and 80", 70, 60, 80, "range"),
    ("three or four", 3, 3, 4, "range"),
    ("two to three", 2, 2, 3, "range"),
    ("some 40-50", 45, 40, 50, "range"),
    ("no more than five or six", 6, None, 6, "up to"),
    # vague amounts
    ("dozens", 12, None, None, "vague"),
    ("dozens of", 12, None, None, "vague"),
    ("Dozens of civilians", 12, None, None, "vague"),
    ("scores", 20, None, None, "vague"),
    ("hundreds", 100, None, None, "vague"),
    ("thousands", 1000, None, None, "vague"),
    ("tens of thousands", 10_000, None, None, "vague"),
    ("several", 3, None, None, "vague"),
    ("a few", 3, None, None, "vague"),
    ("several dozen", 36, None, None, "vague"),
]


@pytest.mark.parametrize(("text", "best", "low", "high", "qualifier"), COUNTS)
def test_count_is_normalised(
    text: str, best: int | None, low: int | None, high: int | None, qualifier: str
) -> None:
    assert parse_count(text) == Count(best, low, high, qualifier, text)


@pytest.mark.parametrize(
    "text",
    ["many", "numerous", "Many", "some", "", "   ", "the 3rd", "third", "people", "no", "a"],
)
def test_no_usable_number_gives_none(text: str) -> None:
    assert parse_count(text) is None


def test_raw_keeps_the_text_but_not_the_surrounding_space() -> None:
    count = parse_count("  at least 63 people ")
    assert count is not None
    assert count.raw == "at least 63 people"
    assert (count.best, count.min) == (63, 63)


def test_every_qualifier_is_one_the_schema_allows() -> None:
    assert {row[4] for row in COUNTS} == set(QUALIFIERS)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("five", 5),
        ("Twelve", 12),
        ("twenty-one", 21),
        ("ninety nine", 99),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("one thousand two hundred", 1200),
        ("two thousand and five", 2005),
        ("1,200", 1200),
        ("12000", 12000),
        ("18 thousand", 18_000),
        ("3.5 million", 3_500_000),
        ("1.2 million", 1_200_000),
        ("4.35 million", 4_350_000),
        ("a dozen", 12),
        ("zero", 0),
    ],
)
def test_word_to_number_reads_digits_and_words(text: str, value: int) -> None:
    assert word_to_number(text) == value


@pytest.mark.parametrize(
    "text", ["third", "3rd", "12.5", "thousand", "five people", "hundreds", "", "1.0000005 million"]
)
def test_word_to_number_refuses_what_is_not_one_number(text: str) -> None:
    assert word_to_number(text) is None
