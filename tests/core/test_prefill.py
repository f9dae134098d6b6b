"""A casualty figure marked by hand gets its attributes from the plain text, no parser.

Each row is a sentence, the stretch someone marks with K, and the attributes the new
span must get: the counts and qualifier, who the victims were, what happened to them,
and whether it is a running total. Attributes the text does not give are absent, so the
schema's defaults apply.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from annotator.core.prefill import casualty_prefill
from annotator.core.schema import LabelSchema


def _exact(n: int) -> dict[str, Any]:
    return {"min": n, "best": n, "max": n, "qualifier": "exact"}


# (sentence, the marked span, the attributes it must get)
ROWS: list[tuple[str, str, dict[str, Any]]] = [
    # the example, marked without the verb and with it
    (
        "The army said 145 Balochistan Liberation Army militants were killed in the raids.",
        "145 Balochistan Liberation Army militants",
        {**_exact(145), "victims": "armed group", "outcome": "killed"},
    ),
    (
        "The army said 145 Balochistan Liberation Army militants were killed in the raids.",
        "145 Balochistan Liberation Army militants were killed",
        {**_exact(145), "victims": "armed group", "outcome": "killed"},
    ),
    (
        "Doctors said at least 12 civilians were wounded in the shelling.",
        "at least 12 civilians",
        {
            "min": 12,
            "best": 12,
            "qualifier": "at least",
            "victims": "civilian",
            "outcome": "injured",
        },
    ),
    # qualifiers, ranges and vague amounts, through the shared normaliser
    (
        "More than 200 people were detained.",
        "More than 200 people",
        {"min": 201, "best": 200, "qualifier": "more than", "outcome": "detained"},
    ),
    (
        "Up to 30 of the dead were children.",
        "Up to 30 of the dead",
        {"best": 30, "max": 30, "qualifier": "up to", "outcome": "killed"},
    ),
    (
        "Between 60 and 80 villagers remain missing.",
        "Between 60 and 80 villagers",
        {
            "min": 60,
            "best": 70,
            "max": 80,
            "qualifier": "range",
            "victims": "civilian",
            "outcome": "missing",
        },
    ),
    (
        "Dozens of protesters were arrested on Friday.",
        "Dozens of protesters",
        {"best": 12, "qualifier": "vague", "victims": "civilian", "outcome": "detained"},
    ),
    (
        "Gunmen kidnapped twenty-one students from a school.",
        "twenty-one students",
        {**_exact(21), "victims": "civilian", "outcome": "abducted"},
    ),
    # victims
    (
        "Officials said 17 security personnel had been killed.",
        "17 security personnel",
        {**_exact(17), "victims": "security forces", "outcome": "killed"},
    ),
    (
        "Four security officials were injured.",
        "Four security officials",
        {**_exact(4), "victims": "security forces", "outcome": "injured"},
    ),
    (
        "Nine police personnel were hurt.",
        "Nine police personnel",
        {**_exact(9), "victims": "security forces", "outcome": "injured"},
    ),
    (
        "Six soldiers and policemen died.",
        "Six soldiers and policemen",
        {**_exact(6), "victims": "security forces", "outcome": "killed"},
    ),
    (
        "Five soldiers and three civilians were killed.",
        "Five soldiers and three civilians",
        {**_exact(5), "victims": "mixed", "outcome": "killed"},
    ),
    (
        "Police said 12 members of the Front were detained.",
        "12 members of the Front",
        {**_exact(12), "victims": "armed group", "outcome": "detained"},
    ),
    (
        "The bodies of 17 people were recovered.",
        "17 people",
        {**_exact(17), "outcome": "killed"},
    ),
    # the outcome: in the span, before it, after it; the nearest one wins
    (
        "The air strike killed 9 fighters.",
        "9 fighters",
        {**_exact(9), "victims": "armed group", "outcome": "killed"},
    ),
    (
        "Five people were killed and 12 others were wounded.",
        "12 others",
        {**_exact(12), "outcome": "injured"},
    ),
    (
        "Twenty people are being held hostage. 40 hostages were freed.",
        "40 hostages",
        {**_exact(40), "outcome": "abducted"},
    ),
    (
        "Seventeen security personnel lost their lives.",
        "Seventeen security personnel",
        {**_exact(17), "victims": "security forces", "outcome": "killed"},
    ),
    (
        "Twelve people died at the market.",
        "Twelve people",
        {**_exact(12), "outcome": "killed"},
    ),
    # '145 militants' did the killing here: no outcome of their own
    (
        "145 militants killed three soldiers.",
        "145 militants",
        {**_exact(145), "victims": "armed group"},
    ),
    (
        "145 militants killed three soldiers.",
        "three soldiers",
        {**_exact(3), "victims": "security forces", "outcome": "killed"},
    ),
    # the sentence ends where the next begins, even after 'Gen.'
    (
        "Gen. Ahmed said 17 soldiers were killed. Five civilians were injured.",
        "17 soldiers",
        {**_exact(17), "victims": "security forces", "outcome": "killed"},
    ),
    (
        "Gen. Ahmed said 17 soldiers were killed. Five civilians were injured.",
        "Five civilians",
        {**_exact(5), "victims": "civilian", "outcome": "injured"},
    ),
    # running totals
    (
        "The conflict has killed more than 4,000 people.",
        "more than 4,000 people",
        {
            "min": 4001,
            "best": 4000,
            "qualifier": "more than",
            "outcome": "killed",
            "scope": "cumulative",
        },
    ),
    (
        "A total of 52 civilians have been killed so far.",
        "52 civilians",
        {**_exact(52), "victims": "civilian", "outcome": "killed", "scope": "cumulative"},
    ),
    (
        "Hundreds of families have fled the highlands since Monday.",
        "Hundreds of families",
        {"best": 100, "qualifier": "vague", "victims": "civilian", "outcome": "displaced"},
    ),
    # nothing to find: nothing filled, the schema's defaults stay
    ("Nobody was there that day.", "Nobody", {}),
]


@pytest.mark.parametrize(("sentence", "marked", "expected"), ROWS, ids=[r[1] for r in ROWS])
def test_a_marked_figure_gets_what_its_text_says(
    sentence: str, marked: str, expected: dict[str, Any]
) -> None:
    start = sentence.index(marked)
    assert casualty_prefill(sentence, start, start + len(marked)) == expected


def test_offsets_are_code_points_into_the_whole_document() -> None:
    text = "Kandar 🙏 report.\n\nOn Sunday, “at least 12 civilians were wounded”, she said."
    start = text.index("at least")
    got = casualty_prefill(text, start, start + len("at least 12 civilians"))
    assert got["min"] == 12
    assert got["outcome"] == "injured"


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3), (-4, 0), (200, 300)])
def test_an_empty_or_outside_span_gets_nothing(start: int, end: int) -> None:
    assert casualty_prefill("At least 12 civilians were wounded.", start, end) == {}


def test_every_value_fits_the_schema(schema: LabelSchema) -> None:
    label = schema.label("CASUALTY")
    assert label is not None
    for sentence, marked, _ in ROWS:
        start = sentence.index(marked)
        for name, value in casualty_prefill(sentence, start, start + len(marked)).items():
            attribute = label.attribute(name)
            assert attribute is not None, name
            assert attribute.check(value) is None, (marked, name, value)


def test_it_runs_without_spacy_or_qt() -> None:
    """The window's process fills figures in; it never loads spaCy (nor does this)."""
    code = (
        "import sys; from annotator.core.prefill import casualty_prefill as f; "
        "t = '9 soldiers were killed.'; assert f(t, 0, 10)['outcome'] == 'killed'; "
        "assert not {'spacy', 'PySide6'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
