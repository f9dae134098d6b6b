"""The CASUALTY suggester on hand-written sentences, with the real English pipeline.

Each test states what an annotator would see: which stretch of text is proposed, with
which outcome, numbers, qualifier, victims and scope; who gave the figure; which figure
is part of which; and the numbers that must not be proposed at all.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.model import Origin
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.nlp.loading import Pipeline
from annotator.nlp.suggest.casualty import suggest_casualties
from tests.conftest import SAMPLE_DOCS

pytestmark = pytest.mark.slow


def _suggest(model: Pipeline, text: str) -> Proposal:
    return suggest_casualties(model.nlp(text))


def _casualties(model: Pipeline, text: str) -> dict[str, dict[str, Any]]:
    proposal = _suggest(model, text)
    return {s.text_in(text): s.attrs for s in proposal.spans if s.label == "CASUALTY"}


def _links(model: Pipeline, text: str, label: str) -> set[tuple[str, str]]:
    proposal = _suggest(model, text)
    return {
        (proposal.spans[r.head].text_in(text), proposal.spans[r.child].text_in(text))
        for r in proposal.relations
        if r.label == label
    }


def _exact(n: int) -> dict[str, Any]:
    return {"min": n, "max": n, "best": n, "qualifier": "exact"}


KILLED_INCIDENT = {"outcome": "killed", "scope": "incident"}

# (sentence, the one span proposed, its attributes)
FIGURES: list[tuple[str, str, dict[str, Any]]] = [
    # digits, words and vague amounts
    (
        "At least 145 militants were killed in the offensive.",
        "At least 145 militants",
        {
            **KILLED_INCIDENT,
            "min": 145,
            "best": 145,
            "qualifier": "at least",
            "victims": "armed group",
        },
    ),
    (
        "Five soldiers died when their vehicle hit a mine.",
        "Five soldiers",
        {**KILLED_INCIDENT, **_exact(5), "victims": "security forces"},
    ),
    (
        "Twenty-one people are missing after the raid.",
        "Twenty-one people",
        {"outcome": "missing", "scope": "incident", **_exact(21), "victims": "unknown"},
    ),
    (
        "Two hundred and fifty people were killed.",
        "Two hundred and fifty people",
        {**KILLED_INCIDENT, **_exact(250), "victims": "unknown"},
    ),
    (
        "The shelling killed 1,200 civilians.",
        "1,200 civilians",
        {**KILLED_INCIDENT, **_exact(1200), "victims": "civilian"},
    ),
    (
        "Dozens of civilians were wounded in the blast.",
        "Dozens of civilians",
        {
            "outcome": "injured",
            "scope": "incident",
            "best": 12,
            "qualifier": "vague",
            "victims": "civilian",
        },
    ),
    (
        "Scores of people were killed.",
        "Scores of people",
        {**KILLED_INCIDENT, "best": 20, "qualifier": "vague", "victims": "unknown"},
    ),
    (
        "Several soldiers were wounded.",
        "Several soldiers",
        {
            "outcome": "injured",
            "scope": "incident",
            "best": 3,
            "qualifier": "vague",
            "victims": "security forces",
        },
    ),
    (
        "A few policemen were hurt.",
        "A few policemen",
        {
            "outcome": "injured",
            "scope": "incident",
            "best": 3,
            "qualifier": "vague",
            "victims": "security forces",
        },
    ),
    (
        "A dozen troops were taken hostage.",
        "A dozen troops",
        {"outcome": "abducted", "scope": "incident", **_exact(12), "victims": "security forces"},
    ),
    # ranges
    (
        "The army said 40-50 fighters had been killed.",
        "40-50 fighters",
        {
            **KILLED_INCIDENT,
            "min": 40,
            "max": 50,
            "best": 45,
            "qualifier": "range",
            "victims": "armed group",
        },
    ),
    (
        "The strike killed 40–50 people.",
        "40–50 people",
        {
            **KILLED_INCIDENT,
            "min": 40,
            "max": 50,
            "best": 45,
            "qualifier": "range",
            "victims": "unknown",
        },
    ),
    (
        "Between 100 and 220 people were killed.",
        "Between 100 and 220 people",
        {
            **KILLED_INCIDENT,
            "min": 100,
            "max": 220,
            "best": 160,
            "qualifier": "range",
            "victims": "unknown",
        },
    ),
    (
        "Three or four children were injured.",
        "Three or four children",
        {
            "outcome": "injured",
            "scope": "incident",
            "min": 3,
            "max": 4,
            "best": 3,
            "qualifier": "range",
            "victims": "civilian",
        },
    ),
    (
        "Ten to fifteen rebels were captured.",
        "Ten to fifteen rebels",
        {
            "outcome": "detained",
            "scope": "incident",
            "min": 10,
            "max": 15,
            "best": 12,
            "qualifier": "range",
            "victims": "armed group",
        },
    ),
    # every qualifier
    (
        "More than 200 people were wounded.",
        "More than 200 people",
        {
            "outcome": "injured",
            "scope": "incident",
            "min": 201,
            "best": 200,
            "qualifier": "more than",
            "victims": "unknown",
        },
    ),
    (
        "Over 200 soldiers were killed.",
        "Over 200 soldiers",
        {
            **KILLED_INCIDENT,
            "min": 201,
            "best": 200,
            "qualifier": "more than",
            "victims": "security forces",
        },
    ),
    (
        "Up to 30 children were killed.",
        "Up to 30 children",
        {**KILLED_INCIDENT, "max": 30, "best": 30, "qualifier": "up to", "victims": "civilian"},
    ),
    (
        "As many as 30 people were killed.",
        "As many as 30 people",
        {**KILLED_INCIDENT, "max": 30, "best": 30, "qualifier": "up to", "victims": "unknown"},
    ),
    *[
        (
            f"{word.capitalize()} 50 civilians were killed.",
            f"{word.capitalize()} 50 civilians",
            {**KILLED_INCIDENT, "best": 50, "qualifier": "approx", "victims": "civilian"},
        )
        for word in (
            "nearly",
            "almost",
            "about",
            "around",
            "roughly",
            "some",
            "approximately",
            "an estimated",
        )
    ],
    # every outcome word
    *[
        (sentence, span, {"outcome": outcome, "scope": "incident", **_exact(n), "victims": victims})
        for sentence, span, outcome, n, victims in [
            ("Gunmen killed 12 villagers.", "12 villagers", "killed", 12, "civilian"),
            ("Four people were found dead.", "Four people", "killed", 4, "unknown"),
            ("Seven women died in the fire.", "Seven women", "killed", 7, "civilian"),
            ("The death toll rose to 92.", "92", "killed", 92, "unknown"),
            ("Rescuers recovered the bodies of 17 people.", "17 people", "killed", 17, "unknown"),
            ("Nine rebels were shot dead.", "Nine rebels", "killed", 9, "armed group"),
            ("Eleven troops were wounded.", "Eleven troops", "injured", 11, "security forces"),
            ("Six officers were injured.", "Six officers", "injured", 6, "security forces"),
            ("Fourteen people were missing.", "Fourteen people", "missing", 14, "unknown"),
            ("Gunmen abducted 12 students.", "12 students", "abducted", 12, "civilian"),
            ("Rebels kidnapped two aid workers.", "two aid workers", "abducted", 2, "civilian"),
            ("Police detained 30 protesters.", "30 protesters", "detained", 30, "civilian"),
            ("Police arrested 15 militants.", "15 militants", "detained", 15, "armed group"),
            ("The floods displaced 600 families.", "600 families", "displaced", 600, "civilian"),
            (
                "Five hundred families fled the town.",
                "Five hundred families",
                "displaced",
                500,
                "civilian",
            ),
            (
                "Forty people were forced from their homes.",
                "Forty people",
                "displaced",
                40,
                "unknown",
            ),
            (
                "Seventeen others were taken to hospital.",
                "Seventeen others",
                "injured",
                17,
                "unknown",
            ),
        ]
    ],
    (
        "Some 500 people fled the town.",
        "Some 500 people",
        {
            "outcome": "displaced",
            "scope": "incident",
            "best": 500,
            "qualifier": "approx",
            "victims": "unknown",
        },
    ),
    (
        "At least 11 remain in captivity.",
        "At least 11",
        {
            "outcome": "abducted",
            "scope": "incident",
            "min": 11,
            "best": 11,
            "qualifier": "at least",
            "victims": "unknown",
        },
    ),
    (
        "The hospital treated 46 wounded overnight.",
        "46 wounded",
        {"outcome": "injured", "scope": "incident", **_exact(46), "victims": "unknown"},
    ),
    # victims
    (
        "Nine gendarmes were killed.",
        "Nine gendarmes",
        {**KILLED_INCIDENT, **_exact(9), "victims": "security forces"},
    ),
    (
        "Twelve soldiers and civilians were killed.",
        "Twelve soldiers",
        {**KILLED_INCIDENT, **_exact(12), "victims": "mixed"},
    ),
    (
        "Sixty members of the Tavrin Front were killed.",
        "Sixty members of the Tavrin Front",
        {**KILLED_INCIDENT, **_exact(60), "victims": "armed group"},
    ),
    # security forces, however they are named (issue 12, item 17)
    *[
        (sentence, span, {**KILLED_INCIDENT, **_exact(n), "victims": "security forces"})
        for sentence, span, n in [
            ("17 security personnel were killed in the attack.", "17 security personnel", 17),
            ("Four security officials were killed.", "Four security officials", 4),
            ("Nine police personnel were killed.", "Nine police personnel", 9),
            ("Three army officials were killed.", "Three army officials", 3),
            ("Six soldiers and policemen were killed.", "Six soldiers", 6),
            ("Seventeen security personnel lost their lives.", "Seventeen security personnel", 17),
            ("17 security personnel were martyred in the attack.", "17 security personnel", 17),
        ]
    ],
    # cumulative scope
    *[
        (sentence, span, {**attrs, "scope": "cumulative"})
        for sentence, span, attrs in [
            (
                "Since the war began, at least 4,000 civilians have been killed.",
                "at least 4,000 civilians",
                {
                    "outcome": "killed",
                    "min": 4000,
                    "best": 4000,
                    "qualifier": "at least",
                    "victims": "civilian",
                },
            ),
            (
                "So far this year, 312 people have been killed in the region.",
                "312 people",
                {"outcome": "killed", **_exact(312), "victims": "unknown"},
            ),
            (
                "The total death toll has reached 312.",
                "312",
                {"outcome": "killed", **_exact(312), "victims": "unknown"},
            ),
            (
                "The conflict has killed an estimated 9,000 people.",
                "an estimated 9,000 people",
                {"outcome": "killed", "best": 9000, "qualifier": "approx", "victims": "unknown"},
            ),
            (
                "Hundreds of families have fled their homes since January.",
                "Hundreds of families",
                {"outcome": "displaced", "best": 100, "qualifier": "vague", "victims": "civilian"},
            ),
        ]
    ],
]


@pytest.mark.parametrize(("sentence", "span", "attrs"), FIGURES)
def test_figure_is_proposed_with_its_attributes(
    model: Pipeline, sentence: str, span: str, attrs: dict[str, Any]
) -> None:
    assert _casualties(model, sentence) == {span: attrs}


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks will begin on 12 March.",
        "The group was founded in 2019 and its leader was killed.",
        "Aid was delivered to 12 locations near the front line.",
        "Each drone carried 6-8 kilograms of explosives.",
        "About 40 percent of the wounded were children.",
        "Nearly 40% of those killed were women.",
        "The government paid $5 million to the families of those killed.",
        "A 45-year-old man was killed.",
        "He was held for 71 days.",
        "The 3rd brigade lost several vehicles and soldiers were killed.",
        "Parliament voted 120 to 80 to extend the detention law.",
        "The bill passed by 154 votes to 149.",
        "Five ministers met on Monday.",
        "More than 4,000 people crossed the border.",
        "Many people were killed.",
        "Numerous civilians were wounded.",
        "No one was killed in the attack.",
        "Children as young as two were among the injured.",
        "Police can detain suspects for up to 30 days.",
        "The camp holds 61,000 people.",
        "Mehmet Yılmaz, 34, said the market was destroyed.",
        "Two missiles struck the market within a few minutes.",
        "The ministry said 621 cases had been recorded.",
    ],
)
def test_numbers_that_are_not_casualty_figures_are_left_alone(
    model: Pipeline, sentence: str
) -> None:
    assert _casualties(model, sentence) == {}


def test_only_the_casualty_figure_in_a_sentence_with_dates_and_ages(model: Pipeline) -> None:
    text = "On 3 May 2019, a 12-year-old boy and three women were wounded in 20 minutes."
    assert list(_casualties(model, text)) == ["three women"]


def test_the_perpetrator_is_not_counted_as_a_victim(model: Pipeline) -> None:
    assert list(_casualties(model, "Twenty militants killed five soldiers.")) == ["five soldiers"]


def test_coordinated_figures_each_get_their_outcome(model: Pipeline) -> None:
    found = _casualties(model, "Three soldiers were killed and 11 wounded, the army said.")
    assert found["Three soldiers"]["outcome"] == "killed"
    assert found["11"] == {
        "outcome": "injured",
        **_exact(11),
        "victims": "security forces",
        "scope": "incident",
    }


@pytest.mark.parametrize(
    ("sentence", "victims"),
    [
        (
            "The attack killed 17 security personnel and several civilians.",
            {"17 security personnel": "security forces", "several civilians": "civilian"},
        ),
        (
            "17 security personnel and a few civilians were killed.",
            {"17 security personnel": "security forces", "a few civilians": "civilian"},
        ),
        (
            "17 security personnel and three civilians were killed.",
            {"17 security personnel": "security forces", "three civilians": "civilian"},
        ),
        (
            "17 security personnel and some militants were killed.",
            {"17 security personnel": "security forces"},
        ),
        ("17 security personnel and civilians were killed.", {"17 security personnel": "mixed"}),
    ],
)
def test_a_figure_beside_another_keeps_its_own_victims(
    model: Pipeline, sentence: str, victims: dict[str, str]
) -> None:
    """'17 security personnel and several civilians' are two figures, neither mixed."""
    found = _casualties(model, sentence)
    assert {span: attrs["victims"] for span, attrs in found.items()} == victims


def test_an_elided_figure_takes_the_outcome_of_the_first(model: Pipeline) -> None:
    found = _casualties(
        model, "The authority said 92 people were killed on Saturday and 41 on Friday."
    )
    assert set(found) == {"92 people", "41"}
    assert found["41"]["outcome"] == "killed"


def test_a_figure_referred_back_to_keeps_the_outcome(model: Pipeline) -> None:
    text = "Police said 14 people were detained; organisers said the figure was closer to 40."
    found = _casualties(model, text)
    assert found["closer to 40"] == {
        "outcome": "detained",
        "best": 40,
        "qualifier": "approx",
        "victims": "unknown",
        "scope": "incident",
    }


@pytest.mark.parametrize(
    ("sentence", "subset", "total"),
    [
        (
            "Nearly 50 civilians were killed, including 12 children.",
            "12 children",
            "Nearly 50 civilians",
        ),
        (
            "The clinic treated 87 wounded people, of whom 12 were children.",
            "12",
            "87 wounded people",
        ),
        ("Six people died, among them two infants.", "two infants", "Six people"),
        (
            "He said 50 people were killed and that up to 30 of the dead were children.",
            "up to 30 of the dead",
            "50 people",
        ),
    ],
)
def test_subset_is_linked_to_its_total(
    model: Pipeline, sentence: str, subset: str, total: str
) -> None:
    assert _links(model, sentence, "SUBSET_OF") == {(subset, total)}
    found = _casualties(model, sentence)
    assert found[subset]["outcome"] == found[total]["outcome"]
    assert found[subset]["victims"] == "civilian"


def test_every_part_of_an_including_list_is_a_subset(model: Pipeline) -> None:
    text = "It put the total number of people killed at 145, including 31 women and 27 children."
    assert _links(model, text, "SUBSET_OF") == {("31 women", "145"), ("27 children", "145")}
    assert _casualties(model, text)["145"]["scope"] == "cumulative"


def test_subset_clause_with_another_verb_is_not_a_casualty(model: Pipeline) -> None:
    text = "More than 1,100 people were detained last year, of whom fewer than 90 were charged."
    found = _casualties(model, text)
    assert list(found) == ["More than 1,100 people"]
    assert found["More than 1,100 people"]["scope"] == "cumulative"


@pytest.mark.parametrize(
    ("sentence", "source", "kind"),
    [
        (
            "At least 63 people were killed, according to the Health Ministry.",
            "the Health Ministry",
            "government",
        ),
        ("Roughly 50 people were hurt, hospital doctors said.", "hospital doctors", "medical"),
        ("Medics said 20 people were wounded.", "Medics", "medical"),
        (
            "About 3,200 people have been displaced, according to the United Nations.",
            "the United Nations",
            "NGO-UN",
        ),
        ("The Red Cross said 40 people were missing.", "The Red Cross", "NGO-UN"),
        ("The army said 145 militants were killed.", "The army", "military"),
        ("Witnesses said dozens of people were killed.", "Witnesses", "witness"),
        (
            "An official who spoke on condition of anonymity said 30 soldiers were killed.",
            "An official",
            "anonymous official",
        ),
        ("Five civilians were killed, the rebels said.", "the rebels", "armed group"),
    ],
)
def test_who_gave_the_figure_becomes_its_source(
    model: Pipeline, sentence: str, source: str, kind: str
) -> None:
    proposal = _suggest(model, sentence)
    sources = [s for s in proposal.spans if s.label == "SOURCE"]
    assert [(s.text_in(sentence), s.attrs.get("kind"), s.layer) for s in sources] == [
        (source, kind, "attribution")
    ]
    (casualty,) = (s for s in proposal.spans if s.label == "CASUALTY")
    assert _links(model, sentence, "ATTRIBUTED_TO") == {(casualty.text_in(sentence), source)}


def test_no_source_when_nobody_is_named(model: Pipeline) -> None:
    proposal = _suggest(model, "Five soldiers were killed in the ambush.")
    assert [s.label for s in proposal.spans] == ["CASUALTY"]
    assert proposal.relations == []


def test_a_pipeline_without_a_parser_proposes_nothing(blank: Pipeline) -> None:
    assert suggest_casualties(blank.nlp("At least 145 militants were killed.")) == Proposal()


def _allowed(schema: LabelSchema, label: str, name: str, value: Any) -> bool:
    found = schema.label(label)
    assert found is not None
    attribute = found.attribute(name)
    return attribute is not None and attribute.check(value) is None


def test_sample_articles_get_well_formed_suggestions(model: Pipeline, schema: LabelSchema) -> None:
    total = 0
    for path in SAMPLE_DOCS:
        text = path.read_text(encoding="utf-8")
        proposal = suggest_casualties(model.nlp(text))
        for span in proposal.spans:
            chunk = span.text_in(text)
            assert chunk, path.name
            assert chunk == chunk.strip(), (path.name, chunk)
            assert span.origin is Origin.RULES
            for name, value in span.attrs.items():
                assert _allowed(schema, span.label, name, value), (path.name, chunk, name, value)
            if span.label == "CASUALTY":
                total += 1
                assert {"outcome", "qualifier", "victims", "scope"} <= set(span.attrs)
        for relation in proposal.relations:
            head, child = proposal.spans[relation.head], proposal.spans[relation.child]
            assert schema.relations_between(head.label, child.label), relation
    assert total >= 20


def test_matching_near_numbers_only_finds_what_matching_everywhere_finds(
    model: Pipeline,
) -> None:
    from annotator.nlp.suggest import casualty_patterns
    from tests.conftest import SAMPLE_DOCS

    texts = [path.read_text(encoding="utf-8") for path in SAMPLE_DOCS]
    texts.append(
        "Between 100 and 220 people, half a dozen, several hundred, tens of thousands, "
        "a few dozen, 40–50 killed, twenty-one dead, scores of people, a handful died."
    )
    for doc in model.nlp.pipe(texts):
        everywhere = {
            m
            for m in casualty_patterns._matcher(doc.vocab)(doc)
            if doc.vocab.strings[m[0]] != "QUALIFIER"
        }
        near = {
            m for m in casualty_patterns._matches(doc) if doc.vocab.strings[m[0]] != "QUALIFIER"
        }
        assert near == everywhere
        assert everywhere  # every sample article has numbers


# --- issue 18: outcome nouns, headlines, trackers, partitives, on real wire copy -----------

HEADLINE_BODY = "\n\nCITY, Country (Wire) — Text."


def _figure(outcome: str, qualifier: str, victims: str, **numbers: int) -> dict[str, Any]:
    return {"outcome": outcome, "qualifier": qualifier, "victims": victims, **numbers}


def _without_scope(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k != "scope"}


# (text, the one figure proposed, its attributes but scope): the outcome carried by a noun
# or an event word, and headline-style numbers.
WIRE_FIGURES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "The execution of five prisoners was filmed.",
        "five prisoners",
        _figure("killed", "exact", "unknown", min=5, max=5, best=5),
    ),
    (
        "Rescuers said the bodies of 20 people were recovered from the rubble.",
        "20 people",
        _figure("killed", "exact", "unknown", min=20, max=20, best=20),
    ),
    (
        "Investigators recovered the remains of around 60 passengers.",
        "around 60 passengers",
        _figure("killed", "approx", "civilian", best=60),
    ),
    (
        "Funerals for 11 victims were held on Monday.",
        "11 victims",
        _figure("killed", "exact", "unknown", min=11, max=11, best=11),
    ),
    (
        "The ministry confirmed a death toll of 34.",
        "34",
        _figure("killed", "exact", "unknown", min=34, max=34, best=34),
    ),
    (
        "The UN recorded 312 civilian deaths in the province.",
        "312 civilian deaths",
        _figure("killed", "exact", "civilian", min=312, max=312, best=312),
    ),
    (
        "The army had lost four soldiers in the clashes.",
        "four soldiers",
        _figure("killed", "exact", "security forces", min=4, max=4, best=4),
    ),
    (
        "About 90 rebels had been taken prisoner.",
        "About 90 rebels",
        _figure("detained", "approx", "armed group", best=90),
    ),
    (
        "The agency said 11 passengers had survived with injuries.",
        "11 passengers",
        _figure("injured", "exact", "civilian", min=11, max=11, best=11),
    ),
    (
        "The hospital, which said it had admitted 46 people, appealed for blood.",
        "46 people",
        _figure("injured", "exact", "unknown", min=46, max=46, best=46),
    ),
    (
        "Nine of the injured were children.",
        "Nine of the injured",
        _figure("injured", "exact", "civilian", min=9, max=9, best=9),
    ),
    (
        "Of those killed, 11 were children.",
        "11",
        _figure("killed", "exact", "civilian", min=11, max=11, best=11),
    ),
    (
        "Now there are 12 dead and the clinic has no more beds.",
        "12 dead",
        _figure("killed", "exact", "unknown", min=12, max=12, best=12),
    ),
    (
        "Blast at market kills at least 12" + HEADLINE_BODY,
        "at least 12",
        _figure("killed", "at least", "unknown", min=12, best=12),
    ),
    (
        "Army says 30 fighters killed in raid" + HEADLINE_BODY,
        "30 fighters",
        _figure("killed", "exact", "armed group", min=30, max=30, best=30),
    ),
    (
        "Storm toll rises to 40 as rescuers search rubble" + HEADLINE_BODY,
        "40",
        _figure("killed", "exact", "unknown", min=40, max=40, best=40),
    ),
    (
        "Police detain 212 as protests spread" + HEADLINE_BODY,
        "212",
        _figure("detained", "exact", "unknown", min=212, max=212, best=212),
    ),
    (
        "Dozens hurt in stampede at stadium" + HEADLINE_BODY,
        "Dozens",
        _figure("injured", "vague", "unknown", best=12),
    ),
    (
        "Kesh offensive: 14 dead on second day" + HEADLINE_BODY,
        "14 dead",
        _figure("killed", "exact", "unknown", min=14, max=14, best=14),
    ),
    (
        "Clashes leave at least 4 officers hurt" + HEADLINE_BODY,
        "at least 4 officers",
        _figure("injured", "at least", "security forces", min=4, best=4),
    ),
    (
        "Remains of 58 recovered from crash site" + HEADLINE_BODY,
        "58",
        _figure("killed", "exact", "unknown", min=58, max=58, best=58),
    ),
    (
        "Three aid workers freed after 71 days in captivity" + HEADLINE_BODY,
        "Three aid workers",
        _figure("abducted", "exact", "civilian", min=3, max=3, best=3),
    ),
    (
        "Government pledges $5 million for 300 displaced families" + HEADLINE_BODY,
        "300 displaced families",
        _figure("displaced", "exact", "civilian", min=300, max=300, best=300),
    ),
]


@pytest.mark.parametrize(
    ("text", "span", "attrs"), WIRE_FIGURES, ids=[t[:40] for t, _, _ in WIRE_FIGURES]
)
def test_wire_figure_is_proposed_with_its_attributes(
    model: Pipeline, text: str, span: str, attrs: dict[str, Any]
) -> None:
    found = _casualties(model, text)
    assert {s: _without_scope(a) for s, a in found.items()} == {span: attrs}


# (text, every figure as (outcome, best, qualifier)): tracker and live-blog lines.
TRACKERS: list[tuple[str, dict[str, tuple[str, int, str]]]] = [
    (
        "Tracker:\n\n♦ 3-6 reported killed ♦ 2-5 reported injured ♦ 1 missing",
        {
            "3-6": ("killed", 4, "range"),
            "2-5": ("injured", 3, "range"),
            "1": ("missing", 1, "exact"),
        },
    ),
    (
        "Figures from the health ministry:\n\n"
        "Deaths: 14 | Injured: up to 40 | Displaced: about 3,000",
        {
            "14": ("killed", 14, "exact"),
            "up to 40": ("injured", 40, "up to"),
            "about 3,000": ("displaced", 3000, "approx"),
        },
    ),
    (
        "Killed: 12 (including 4 children); injured: 30",
        {
            "12": ("killed", 12, "exact"),
            "4 children": ("killed", 4, "exact"),
            "30": ("injured", 30, "exact"),
        },
    ),
    (
        "Casualties: 5 dead, 18 wounded",
        {"5 dead": ("killed", 5, "exact"), "18": ("injured", 18, "exact")},
    ),
    (
        "Dead: 7. Wounded: 22. Missing: 3.",
        {"7": ("killed", 7, "exact"), "22": ("injured", 22, "exact"), "3": ("missing", 3, "exact")},
    ),
    (
        "• 12 killed • 40 injured • 3 missing",
        {
            "12": ("killed", 12, "exact"),
            "40": ("injured", 40, "exact"),
            "3": ("missing", 3, "exact"),
        },
    ),
    (
        "Arrested: 212 | Injured: 35 (including 9 police) | Vehicles burned: 27",
        {
            "212": ("detained", 212, "exact"),
            "35": ("injured", 35, "exact"),
            "9 police": ("injured", 9, "exact"),
        },
    ),
    (
        "Deaths: 14\n\nKilled — Kesh town 9, Orrin 3, Sallet 2. Injured — Kesh town 25, Orrin 11.",
        {
            "14": ("killed", 14, "exact"),
            "9": ("killed", 9, "exact"),
            "3": ("killed", 3, "exact"),
            "2": ("killed", 2, "exact"),
            "25": ("injured", 25, "exact"),
            "11": ("injured", 11, "exact"),
        },
    ),
]


@pytest.mark.parametrize(("text", "figures"), TRACKERS, ids=[t[:40] for t, _ in TRACKERS])
def test_tracker_lines_give_each_item_its_outcome(
    model: Pipeline, text: str, figures: dict[str, tuple[str, int, str]]
) -> None:
    found = _casualties(model, text)
    got = {s: (a["outcome"], a["best"], a["qualifier"]) for s, a in found.items()}
    assert got == figures


# (text, {(part, total)}): SUBSET_OF links, the total in the same or the previous sentence.
PARTS: list[tuple[str, set[tuple[str, str]]]] = [
    (
        "Fifteen people were wounded in the blast. Nine of the injured were children.",
        {("Nine of the injured", "Fifteen people")},
    ),
    (
        "At least 20 people were killed, and two of the dead were soldiers.",
        {("two of the dead", "At least 20 people")},
    ),
    (
        "More than 80 tourists were injured in the blast; 30 of them were flown home on Sunday.",
        {("30 of them", "More than 80 tourists")},
    ),
    (
        "The governor said 15 people died, among them four are police and two civilians.",
        {("four", "15 people"), ("two civilians", "15 people")},
    ),
    (
        "Seven soldiers were wounded, two of them seriously, the army said.",
        {("two of them", "Seven soldiers")},
    ),
    (
        "The hospital admitted 46 people. Six of them were in intensive care.",
        {("Six of them", "46 people")},
    ),
    (
        "Soldiers detained 23 men, and eight of them were still being held on Monday.",
        {("eight of them", "23 men")},
    ),
    (
        "Of the 51 hostages seized in the raid, 46 have been freed.",
        {("46", "51 hostages")},
    ),
    (
        "The clinic treated 87 wounded people, including 31 civilians, of whom 12 were children.",
        {("31 civilians", "87 wounded people"), ("12", "31 civilians")},
    ),
    (
        "Killed: 12 (including 4 children); injured: 30",
        {("4 children", "12")},
    ),
    (
        "Deaths: 14\n\nKilled — Kesh town 9, Orrin 3, Sallet 2.",
        {("9", "14"), ("3", "14"), ("2", "14")},
    ),
    (
        "Five soldiers among 14 killed in ambush" + HEADLINE_BODY,
        {("Five soldiers", "14")},
    ),
]


@pytest.mark.parametrize(("text", "links"), PARTS, ids=[t[:40] for t, _ in PARTS])
def test_a_part_is_linked_to_its_total_and_takes_its_outcome(
    model: Pipeline, text: str, links: set[tuple[str, str]]
) -> None:
    assert _links(model, text, "SUBSET_OF") == links
    found = _casualties(model, text)
    for part, total in links:
        assert found[part]["outcome"] == found[total]["outcome"]


@pytest.mark.parametrize(
    "text",
    [
        "Talks resume in Orlavik on June 14 as 12 locations reopen" + HEADLINE_BODY,
        "Police seize 6-8 kilograms of explosives in raid" + HEADLINE_BODY,
        "City United beat Rovers 3-1 in cup final" + HEADLINE_BODY,
        "Parliament votes 120 to 80 to extend emergency powers" + HEADLINE_BODY,
        "Army sends 40 tanks and two battalions to border" + HEADLINE_BODY,
        "The army’s 5th Mountain Division and two battalions of border guards are taking part.",
        "Two armoured vehicles were destroyed and 14 trucks were burned.",
        "Soldiers were turning back men aged 18 to 60.",
        "The raid involved about 200 troops and six helicopters.",
        "The match ended 2-1 after extra time.",
        "Mourners carried 12 coffins to the cemetery.",
        "Aid agencies distributed 6-8 kilograms of flour per family to some 2,500 families.",
        "Vehicles burned: 27 | Shops looted: 40",
        "♦ 14 houses destroyed ♦ 3 bridges damaged",
        "The tent was full. Two hundred guests, maybe more.",
        "Two of them are within 30 kilometres of the crash site.",
        "Both men were sentenced to 25 years in prison.",
        "Police said four of them had thrown stones at officers.",
        "Each family will receive 10,000 dinars, and 14 night routes were suspended.",
        "The bride, 19, was among the wounded.",
        "Electricity was restored to 6 of the town’s 14 districts on Monday.",
        "If the coalition loses another two or three members, the budget will fail.",
    ],
)
def test_numbers_in_wire_copy_that_are_not_casualty_figures(model: Pipeline, text: str) -> None:
    assert _casualties(model, text) == {}


def test_one_of_them_is_a_person_not_a_figure(model: Pipeline) -> None:
    text = "He said he had helped to bury 23 people. “One of them was the baker,” he said."
    assert list(_casualties(model, text)) == ["23 people"]


@pytest.mark.parametrize(
    ("text", "figure", "source"),
    [
        ("Army says 30 fighters killed in raid" + HEADLINE_BODY, "30 fighters", "Army"),
        ("Suicide bomber kills 9 at checkpoint, police say" + HEADLINE_BODY, "9", "police"),
        (
            "Figures released by the health ministry:\n\nDeaths: 14 | Injured: up to 40",
            "14",
            "the health ministry",
        ),
        (
            "Wednesday’s toll, from the district hospital:\n\n♦ 3-6 reported killed",
            "3-6",
            "the district hospital",
        ),
    ],
)
def test_a_headline_or_tracker_figure_keeps_its_source(
    model: Pipeline, text: str, figure: str, source: str
) -> None:
    assert (figure, source) in _links(model, text, "ATTRIBUTED_TO")
