"""The link menu's entries: what the schema allows, the likeliest first, existing ones marked."""

from __future__ import annotations

from annotator.core.link_offers import link_offers
from annotator.core.model import Relation, Span
from annotator.core.schema import LabelSchema

TEXT = (
    "Security forces killed 145 Balochistan Liberation Army militants, the chief minister "
    "said: 92 on Saturday and another 41 on Friday."
)


def _span(words: str, label: str, layer: str, span_id: int, **attrs: object) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words), label, layer, attrs=dict(attrs), id=span_id)


TOTAL = _span(
    "145 Balochistan Liberation Army militants",
    "CASUALTY",
    "casualty",
    1,
    outcome="killed",
    best=145,
)
PART = _span("92", "CASUALTY", "casualty", 2, outcome="killed", best=92)
OTHER = _span("41", "CASUALTY", "casualty", 3, outcome="injured", best=41)
SOURCE = _span("the chief minister", "SOURCE", "attribution", 4)
GROUP = _span("Balochistan Liberation Army", "ORG", "ner", 5)
DAY = _span("Saturday", "DATE", "ner", 6)
NUMBER = _span("92", "CARDINAL", "ner", 7)
SPANS = [TOTAL, PART, OTHER, SOURCE, GROUP, DAY, NUMBER]


def _menu(schema: LabelSchema, head: Span, relations: list[Relation] = []) -> list[str]:  # noqa: B006
    return [
        f"{o.caption()} {o.span.label} {o.span.text_in(TEXT)}{' ✓' if o.linked else ''}"
        for o in link_offers(schema, head, SPANS, relations)
    ]


def test_a_part_is_offered_its_total_first_once_per_kind_of_part(schema: LabelSchema) -> None:
    menu = _menu(schema, PART)
    total = TOTAL.text_in(TEXT)
    # The larger figure of the same outcome is the likely total, offered directly as
    # "included" (the schema's default) and as "part", beside the nearest source.
    assert set(menu[:3]) == {
        f"SUBSET_OF (included) CASUALTY {total}",
        f"SUBSET_OF (part) CASUALTY {total}",
        "ATTRIBUTED_TO SOURCE the chief minister",
    }
    # Entities that are values come last: "92" and "Saturday" perpetrated nothing.
    assert set(menu[-2:]) == {"PERPETRATOR DATE Saturday", "PERPETRATOR CARDINAL 92"}
    assert menu.index("ATTRIBUTED_TO SOURCE the chief minister") < menu.index(
        "PERPETRATOR ORG Balochistan Liberation Army"
    )
    # A figure of another outcome is not a likely total.
    assert menu.index("SUBSET_OF (included) CASUALTY 41") > menu.index(
        "PERPETRATOR ORG Balochistan Liberation Army"
    )


def test_an_existing_link_is_marked_not_offered_again(schema: LabelSchema) -> None:
    link = Relation(PART.id or 0, TOTAL.id or 0, "SUBSET_OF", {"kind": "part"}, 10)
    menu = _menu(schema, PART, [link])
    total = TOTAL.text_in(TEXT)
    assert f"SUBSET_OF CASUALTY {total} ✓" in menu[:2]
    assert not any(entry.startswith("SUBSET_OF (") and total in entry for entry in menu)


def test_only_one_relation_type_when_asked(schema: LabelSchema) -> None:
    offers = link_offers(schema, TOTAL, SPANS, [], "ATTRIBUTED_TO")
    assert [(o.relation, o.span.label) for o in offers] == [("ATTRIBUTED_TO", "SOURCE")]
