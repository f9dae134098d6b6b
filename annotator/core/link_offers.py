"""What a span may be linked to, the most plausible first: the link menu's entries.

The schema says which labels a link may join; among the spans it allows, some are far
likelier than others. A casualty figure's perpetrator is a group or a person, not the
figure "92" or "Saturday", though both are entities; a figure is part of a larger figure
of the same outcome. Offers are ranked by that, then by distance in the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import Relation, Span
from annotator.core.schema import LabelSchema, RelationType

#: spaCy's entity labels for values: never a speaker, a perpetrator or a referent.
VALUE_ENTITIES = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})
#: Attributes that hold a casualty figure's count, in the order one is read.
COUNTS = ("best", "max", "min")


@dataclass(frozen=True, slots=True)
class LinkOffer:
    """One entry of the link menu: link the head to ``span`` by ``relation``."""

    relation: str
    span: Span
    attrs: dict[str, Any] = field(default_factory=dict)  # set on the new link
    linked: bool = False  # a link of this type already joins the two spans

    def caption(self) -> str:
        """``SUBSET_OF (part)``: the relation, and the value that makes it this entry."""
        values = ", ".join(str(v) for v in self.attrs.values())
        return f"{self.relation} ({values})" if values else self.relation


def _count(span: Span) -> float | None:
    for name in COUNTS:
        value = span.attrs.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _rank(kind: RelationType, head: Span, span: Span) -> int:
    """0: the likely target; 1: allowed and sensible; 2: unlikely; 3: a value entity."""
    if span.label in VALUE_ENTITIES:
        return 3
    if head.label == span.label:  # a figure within a figure: a larger total, same outcome
        outcome_differs = head.attrs.get("outcome") != span.attrs.get("outcome")
        part, total = _count(head), _count(span)
        smaller = part is not None and total is not None and part < total
        return 0 if smaller and not outcome_differs else (1 if not outcome_differs else 2)
    named = any(child == span.label for child in kind.children)
    return 0 if named else 1  # named in the schema beats "any label of a layer"


def _variants(kind: RelationType) -> list[dict[str, Any]]:
    """One offer per value of the link's first choice-attribute, its default first."""
    for attribute in kind.attributes:
        if attribute.kind == "enum" and attribute.values:
            values = sorted(attribute.values, key=lambda v: v != attribute.default)
            return [{attribute.name: value} for value in values]
    return [{}]


def link_offers(
    schema: LabelSchema,
    head: Span,
    spans: Iterable[Span],
    relations: Iterable[Relation],
    only: str | None = None,
) -> list[LinkOffer]:
    """Every link the schema allows from ``head``, most plausible first, then nearest."""
    existing = {(r.child, r.label) for r in relations if r.head == head.id}
    ranked: list[tuple[tuple[int, int, int], LinkOffer]] = []
    for span in spans:
        if span.id == head.id:
            continue
        distance = max(span.start - head.end, head.start - span.end, 0)
        for kind in schema.relations_between(head.label, span.label):
            if only not in (None, kind.name):
                continue
            linked = (span.id, kind.name) in existing
            rank = _rank(kind, head, span)
            for attrs in [{}] if linked else _variants(kind):
                offer = LinkOffer(kind.name, span, attrs, linked)
                ranked.append(((rank, distance, span.start), offer))
    ranked.sort(key=lambda pair: pair[0])
    return [offer for _, offer in ranked]
