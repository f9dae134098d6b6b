"""The claim suggester on hand-written sentences, with the real English pipeline.

A claim is an accusation, a denial, or an assertion the article shows as disputed or wrong
(issue 18); ordinary attributed description, condemnations and claims of responsibility
are not. Each case lists every claim an annotator would see proposed in the text: its
words, its modality and who it is attributed to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.nlp.loading import Pipeline
from annotator.nlp.suggest.claims import suggest_claims
from tests.conftest import SAMPLE_DOCS
from tests.nlp.test_suggest_quotes import assert_fits_schema

HEADLINE_BODY = "\n\nCITY, Country (Wire) — Text."


def claims(model: Pipeline, text: str) -> dict[str, dict[str, Any]]:
    """Each suggested claim's text, with its attributes and its source's text."""
    proposal: Proposal = suggest_claims(model.nlp(text))
    found: dict[str, dict[str, Any]] = {}
    for index, span in enumerate(proposal.spans):
        if span.label != "CLAIM":
            continue
        sources = [
            proposal.spans[r.child].text_in(text)
            for r in proposal.relations
            if r.head == index and r.label == "ATTRIBUTED_TO"
        ]
        found[span.text_in(text)] = {**span.attrs, "source": sources}
    return found


# (text, {claim: (modality, its sources)}): everything the suggester proposes.
MUST_FIRE: list[tuple[str, dict[str, tuple[str, list[str]]]]] = [
    # accusations and allegations
    (
        "The government accused the rebels of violating the truce.",
        {"violating the truce": ("asserted", ["The government"])},
    ),
    (
        "The spokesman accused the rebels of “waging war on civilians”.",
        {"waging war on civilians": ("asserted", ["The spokesman"])},
    ),
    (
        "The interior ministry accused neighbouring Otrenia of backing the attackers.",
        {"backing the attackers": ("asserted", ["The interior ministry"])},
    ),
    (
        "The minister blamed the rebels for shelling the market.",
        {"shelling the market": ("asserted", ["The minister"])},
    ),
    (
        "Prime Minister Rosa Dahl blamed foreign agitators for the violence.",
        {"blamed foreign agitators for the violence": ("asserted", ["Prime Minister Rosa Dahl"])},
    ),
    (
        "Human rights groups alleged that troops had looted shops in the town.",
        {"troops had looted shops in the town": ("asserted", ["Human rights groups"])},
    ),
    (
        "The opposition said the government was using the riots as a pretext to silence critics.",
        {
            "the government was using the riots as a pretext to silence critics": (
                "asserted",
                ["The opposition"],
            )
        },
    ),
    (
        "The foreign ministry said it held the neighbouring state responsible for the attack.",
        {
            "it held the neighbouring state responsible for the attack": (
                "asserted",
                ["The foreign ministry"],
            )
        },
    ),
    (
        "Survivors said the fighters had shot the prisoners before leaving.",
        {"the fighters had shot the prisoners before leaving": ("asserted", ["Survivors"])},
    ),
    (
        "The group has been blamed for a string of attacks on army posts.",
        {"blamed for a string of attacks on army posts": ("asserted", [])},
    ),
    # denials and rejections
    (
        "The Defence Ministry denied that its aircraft had targeted civilians.",
        {"its aircraft had targeted civilians": ("denied", ["The Defence Ministry"])},
    ),
    (
        "The ministry rejected claims that its troops had fired on protesters.",
        {"its troops had fired on protesters": ("denied", ["The ministry"])},
    ),
    (
        "The ministry denied shelling the village.",
        {"shelling the village": ("denied", ["The ministry"])},
    ),
    (
        "Otrenia’s foreign ministry rejected the allegations.",
        {"rejected the allegations": ("denied", ["Otrenia’s foreign ministry"])},
    ),
    (
        "The Front denied any involvement in the attack.",
        {"denied any involvement in the attack": ("denied", ["The Front"])},
    ),
    (
        "The army dismissed the accusations as “cruel speculation”.",
        {"dismissed the accusations as “cruel speculation”": ("denied", ["The army"])},
    ),
    (
        "Ministry denies shelling claims" + HEADLINE_BODY,
        {"denies shelling claims": ("denied", ["Ministry"])},
    ),
    (
        "The army said none of its soldiers had been killed and accused the rebels of lying.",
        {
            "none of its soldiers had been killed": ("denied", ["The army"]),
            "lying": ("asserted", ["The army"]),
        },
    ),
    (
        "The rebels denied that 40 fighters had been killed.",
        {"40 fighters had been killed": ("denied", ["The rebels"])},
    ),
    (
        "The army said six soldiers were killed in the attack, which it blamed on “foreign "
        "terrorists”.",
        {"blamed on “foreign terrorists”": ("asserted", ["it"])},
    ),
    (
        "Erno Balt denied the accusation. “We have never used civilians as shields,” he said.",
        {
            "denied the accusation": ("denied", ["Erno Balt"]),
            "We have never used civilians as shields": ("denied", ["he"]),
        },
    ),
    # assertions the article shows disputed or wrong
    (
        "Rebels said they had killed 40 soldiers, a figure the army dismissed as propaganda.",
        {
            "they had killed 40 soldiers": ("asserted", ["Rebels"]),
            "dismissed as propaganda": ("denied", ["the army"]),
        },
    ),
    (
        "Early reports wrongly said a second bomb had exploded near the mosque.",
        {"a second bomb had exploded near the mosque": ("asserted", ["Early reports"])},
    ),
    (
        "State television said the army had taken the town. The rebels denied the report.",
        {
            "the army had taken the town": ("asserted", ["State television"]),
            "denied the report": ("denied", ["The rebels"]),
        },
    ),
    (
        "The army said 30 fighters were killed, but villagers said the dead were farmers.",
        {
            "30 fighters were killed": ("asserted", ["The army"]),
            "the dead were farmers": ("asserted", ["villagers"]),
        },
    ),
    (
        "Army says 30 fighters killed in raid; villagers say dead were farmers" + HEADLINE_BODY,
        {
            "30 fighters killed in raid": ("asserted", ["Army"]),
            "dead were farmers": ("asserted", ["villagers"]),
        },
    ),
    # quoted denials and accusations
    (
        "“Our units did not fire a single round,” the spokeswoman said.",
        {"Our units did not fire a single round": ("denied", ["the spokeswoman"])},
    ),
    (
        "“They were not fighters,” said the farmer.",
        {"They were not fighters": ("denied", ["the farmer"])},
    ),
    (
        "“The army has killed herders and is now counting them as fighters,” the commander said.",
        {
            "The army has killed herders and is now counting them as fighters": (
                "asserted",
                ["the commander"],
            )
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), MUST_FIRE, ids=[t[:48] for t, _ in MUST_FIRE])
def test_claim_is_proposed_with_its_modality_and_claimant(
    model: Pipeline, text: str, expected: dict[str, tuple[str, list[str]]]
) -> None:
    got = claims(model, text)
    assert {k: (v["modality"], v["source"]) for k, v in got.items()} == expected
    assert all(v["check_worthy"] is True for v in got.values())


MUST_NOT_FIRE = [
    "Officials said the road was closed.",
    "The army said 30 fighters were killed in the raid.",
    "The group claimed responsibility for the bombing, saying it had targeted the police.",
    "The United Nations condemned the attack and urged restraint.",
    "Police said no one was hurt in the blast.",
    "Moreau-Dąbrowska rejected that condition.",
    "The committee rejected the proposal.",
    "“Whoever ordered it should be ashamed,” the minister said.",
    "“As long as they bomb our cities, their lights will not be safe,” the statement said.",
    "The minister said the talks would begin next week.",
    "He did not deny that talks were under way.",
    "Fighting continued on Tuesday. The talks are a good idea.",
    "Doctors said 52 people had been killed and more than 200 wounded.",
    "“We had nearly 50 patients in two days,” the doctor said.",
]


@pytest.mark.parametrize("text", MUST_NOT_FIRE)
def test_description_condemnation_and_responsibility_are_no_claims(
    model: Pipeline, text: str
) -> None:
    assert claims(model, text) == {}


@pytest.mark.parametrize(
    ("text", "claim", "attrs"),
    [
        (
            "Rights groups alleged that troops may have looted shops.",
            "troops may have looted shops",
            {"modality": "hedged", "type": "event"},
        ),
        (
            "Residents alleged that the trucks could not reach the village.",
            "the trucks could not reach the village",
            {"modality": "asserted", "type": "event"},
        ),
        (
            "The minister blamed the rebels for shelling the market.",
            "shelling the market",
            {"modality": "asserted", "type": "causal"},
        ),
        (
            "The rebels denied that 40 fighters had been killed.",
            "40 fighters had been killed",
            {"modality": "denied", "type": "quantity"},
        ),
        (
            "The army denied that the convoy was attacked on June 14, 2024.",
            "the convoy was attacked on June 14, 2024",
            {"modality": "denied", "type": "event"},
        ),
    ],
)
def test_claim_attributes(model: Pipeline, text: str, claim: str, attrs: dict[str, Any]) -> None:
    got = claims(model, text)
    assert {k: got[claim][k] for k in attrs} == attrs


@pytest.mark.parametrize("path", SAMPLE_DOCS, ids=lambda p: p.stem)
def test_sample_articles_give_well_formed_claims(
    model: Pipeline, schema: LabelSchema, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    proposal = suggest_claims(model.nlp(text))
    assert_fits_schema(proposal, text, schema, "claim")
    found = [s for s in proposal.spans if s.label == "CLAIM"]
    sentences = sum(1 for _ in model.nlp(text).sents)
    assert 1 <= len(found) < sentences / 2  # a few claims, far from every sentence
    assert {s.attrs["modality"] for s in found} <= {"asserted", "hedged", "denied"}
