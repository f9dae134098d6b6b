"""The claim suggester on hand-written sentences: which claims, of what type, by whom."""

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


def test_accusation_is_a_check_worthy_event_by_the_accuser(model: Pipeline) -> None:
    got = claims(model, "The government accused the rebels of violating the truce.")
    assert got == {
        "violating the truce": {
            "type": "event",
            "check_worthy": True,
            "modality": "asserted",
            "source": ["The government"],
        }
    }


def test_a_quoted_accusation_is_claimed_without_the_marks(model: Pipeline) -> None:
    got = claims(model, "The spokesman accused the rebels of “waging war on civilians”.")
    assert got == {
        "waging war on civilians": {
            "type": "event",
            "check_worthy": True,
            "modality": "asserted",
            "source": ["The spokesman"],
        }
    }


@pytest.mark.parametrize(
    ("sentence", "claim", "source"),
    [
        (
            "The Defence Ministry denied that its aircraft had targeted civilians.",
            "its aircraft had targeted civilians",
            "The Defence Ministry",
        ),
        (
            "The ministry rejected claims that its troops had fired on protesters.",
            "its troops had fired on protesters",
            "The ministry",
        ),
    ],
)
def test_denied_claims(model: Pipeline, sentence: str, claim: str, source: str) -> None:
    got = claims(model, sentence)
    assert list(got) == [claim]
    assert got[claim]["modality"] == "denied"
    assert got[claim]["check_worthy"] is True
    assert got[claim]["source"] == [source]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Officials said the toll may rise.", "the toll may rise"),
        (
            "Officials said the commander had reportedly fled across the border.",
            "the commander had reportedly fled across the border",
        ),
        (
            "The diplomat said satellite images appeared to show two craters.",
            "satellite images appeared to show two craters",
        ),
    ],
)
def test_hedged_claims(model: Pipeline, sentence: str, claim: str) -> None:
    got = claims(model, sentence)
    assert list(got) == [claim]
    assert got[claim]["modality"] == "hedged"


def test_could_not_is_not_a_hedge(model: Pipeline) -> None:
    got = claims(model, "The mayor said the trucks could not keep up with demand.")
    assert got["the trucks could not keep up with demand"]["modality"] == "asserted"


def test_a_figure_makes_a_quantity_claim(model: Pipeline) -> None:
    got = claims(model, "Doctors at the city hospital said 52 people had been killed.")
    assert got == {
        "52 people had been killed": {
            "type": "quantity",
            "check_worthy": True,
            "modality": "asserted",
            "source": ["Doctors"],
        }
    }


def test_dates_are_not_figures(model: Pipeline) -> None:
    got = claims(model, "The army said the convoy was attacked on June 14, 2024.")
    assert got["the convoy was attacked on June 14, 2024"]["type"] == "event"


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        (
            "Aid workers said the outbreak was caused by a shortage of clean water.",
            "the outbreak was caused by a shortage of clean water",
        ),
        ("The minister blamed the rebels for shelling the market.", "shelling the market"),
    ],
)
def test_blame_and_cause_make_causal_claims(model: Pipeline, sentence: str, claim: str) -> None:
    got = claims(model, sentence)
    assert list(got) == [claim]
    assert got[claim]["type"] == "causal"
    assert got[claim]["check_worthy"] is True


def test_will_and_would_make_predictions(model: Pipeline) -> None:
    got = claims(model, "The ministry said the vaccination campaign would begin next week.")
    assert got["the vaccination campaign would begin next week"]["type"] == "prediction"


def test_a_hope_is_not_check_worthy(model: Pipeline) -> None:
    got = claims(model, "The minister said she hoped the talks would succeed.")
    assert got["she hoped the talks would succeed"]["check_worthy"] is False


def test_unattributed_sentences_and_quoted_opinions_are_no_claims(model: Pipeline) -> None:
    text = (
        "Fighting continued on Tuesday. The talks are a good idea. "
        "“Whoever ordered it should be ashamed,” the minister said."
    )
    assert claims(model, text) == {}


def test_a_figure_inside_a_direct_quote_is_claimed_without_the_marks(model: Pipeline) -> None:
    got = claims(
        model,
        "“We had nearly 50 patients in two days. I saw no uniforms,” the doctor said.",
    )
    assert got == {
        "We had nearly 50 patients in two days": {
            "type": "quantity",
            "check_worthy": True,
            "modality": "asserted",
            "source": ["the doctor"],
        }
    }


def test_quoted_fragment_stays_in_the_claim(model: Pipeline) -> None:
    got = claims(model, "Police said the crowd was “unruly and violent”.")
    assert list(got) == ["the crowd was “unruly and violent”"]


@pytest.mark.parametrize("path", SAMPLE_DOCS, ids=lambda p: p.stem)
def test_sample_articles_give_well_formed_claims(
    model: Pipeline, schema: LabelSchema, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    proposal = suggest_claims(model.nlp(text))
    assert_fits_schema(proposal, text, schema, "claim")
    found = [s for s in proposal.spans if s.label == "CLAIM"]
    sentences = sum(1 for _ in model.nlp(text).sents)
    assert 3 <= len(found) < sentences  # some claims, and not every sentence
    assert {s.attrs["modality"] for s in found} <= {"asserted", "hedged", "denied"}
