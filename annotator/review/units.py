"""Units of disagreement: what several annotators made of one document, side by side.

A unit is one thing an annotator may or may not have marked: a span (layer, label, start,
end), a relation (label and the span keys of its two ends) or a document field (by name,
with each annotator's value). Spans and relations match only exactly; review is about
where annotators differ, so "nearly the same" is a disagreement to show, not to hide.
The same goes for attributes: one span with different attributes is not agreement.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from sqlite_utils import Database

from annotator.core.model import Relation, Span
from annotator.core.schema import LabelSchema
from annotator.review.gold import (
    AnnotatorLayer,
    compared_annotators,
    gold_layer,
    read_layer,
    rejections,
)
from annotator.review.unit_attributes import attribute_orders, differing, targets_text
from annotator.store.db import ProjectError, project_schema
from annotator.store.documents import get_document

SpanKey = tuple[str, str, int, int]  # layer, label, start, end
RelationKey = tuple[str, SpanKey, SpanKey]  # label, head, child
UnitKey = SpanKey | RelationKey | str  # a field's key is its name

_QUOTE_CHARS = 60  # longer span texts are cut in descriptions


class UnitKind(StrEnum):
    """What a unit is: a span, a relation between spans, or a document field."""

    SPAN = "span"
    RELATION = "relation"
    FIELD = "field"


class UnitState(StrEnum):
    """How a unit stands, in order of precedence: the first that holds is the state."""

    ACCEPTED = "accepted"  # gold has it
    REJECTED = "rejected"  # the reviewer rejected it
    AGREE = "agree"  # every compared annotator has it, with the same attributes
    ATTRIBUTES = "attributes differ"  # everyone has it, not all with the same attributes
    DISAGREE = "disagree"  # an annotator without it marked something conflicting
    PARTIAL = "partial"  # only some have it, nobody conflicts


UNDECIDED = (UnitState.ATTRIBUTES, UnitState.DISAGREE, UnitState.PARTIAL)


def span_key(span: Span) -> SpanKey:
    """What makes two annotators' spans the same span: layer, label and exact offsets."""
    return (span.layer, span.label, span.start, span.end)


def unit_id(kind: UnitKind | str, key: UnitKey) -> str:
    """The stable JSON naming a unit, as ``review_decisions`` stores it."""
    return json.dumps([str(kind), key], ensure_ascii=False, separators=(",", ":"))


def canonical(value: Any) -> str:
    """A field or attribute value as text that compares equal when the values are equal."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Unit:
    """One unit of one document: who has which version, and how it stands."""

    kind: UnitKind
    key: UnitKey
    state: UnitState
    versions: dict[int, Any]  # annotator id -> Span, Relation or field value
    description: str
    n: int  # how many annotators were compared
    # Gold holds a conflicting version instead (another span over the same text, another
    # value): the reviewer already settled this place, though not with this unit.
    overruled: bool = False
    # The attributes whose values differ between the versions, in the schema's order.
    differing: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The unit's stable JSON name (see ``unit_id``)."""
        return unit_id(self.kind, self.key)

    @property
    def span_key(self) -> SpanKey:
        """The key of a span unit, typed."""
        assert self.kind is UnitKind.SPAN
        return cast(SpanKey, self.key)

    @property
    def relation_key(self) -> RelationKey:
        """The key of a relation unit, typed."""
        assert self.kind is UnitKind.RELATION
        return cast(RelationKey, self.key)

    @property
    def state_text(self) -> str:
        """The state in words, naming the attributes that differ while that is still open."""
        if self.state is UnitState.ATTRIBUTES:
            return f"attributes differ: {', '.join(self.differing)}"
        if self.differing and self.state in UNDECIDED:
            return f"{self.state.value}; attributes differ: {', '.join(self.differing)}"
        return self.state.value

    @property
    def needs_decision(self) -> bool:
        """Still open for the reviewer: a disagreement nothing in gold has settled."""
        return self.state in UNDECIDED and not self.overruled


def conflicts(a: SpanKey, b: SpanKey) -> bool:
    """Two different spans of one layer over some of the same characters."""
    return a != b and a[0] == b[0] and a[2] < b[3] and b[2] < a[3]


def _relation_conflicts(a: RelationKey, b: RelationKey) -> bool:
    # The same link with one end marked differently: same label, one end equal, the
    # other end a conflicting span. Links to unrelated spans may both be right.
    if a == b or a[0] != b[0]:
        return False
    return (a[1] == b[1] and conflicts(a[2], b[2])) or (a[2] == b[2] and conflicts(a[1], b[1]))


def relation_keys(layer: AnnotatorLayer) -> dict[RelationKey, Relation]:
    """A layer's relations by key (the first of any duplicates)."""
    ends = {s.id: span_key(s) for s in layer.spans}
    found: dict[RelationKey, Relation] = {}
    for relation in layer.relations:
        if relation.head in ends and relation.child in ends:
            found.setdefault((relation.label, ends[relation.head], ends[relation.child]), relation)
    return found


def _quote(text: str, span: SpanKey) -> str:
    words = " ".join(text[span[2] : span[3]].split())
    if len(words) > _QUOTE_CHARS:
        words = words[: _QUOTE_CHARS - 1] + "…"
    return f"{span[1]} “{words}”"


def _who(names: dict[int, str], ids: Iterable[int], n: int) -> str:
    have = list(ids)
    return f"{', '.join(names[i] for i in have)} ({len(have)} of {n})"


@dataclass
class _Gold:
    spans: set[SpanKey]
    relations: set[RelationKey]
    fields: dict[str, str]  # name -> canonical value


def _read_gold(db: Database, doc_id: int) -> _Gold:
    layer = gold_layer(db, doc_id)
    if layer is None:
        return _Gold(set(), set(), {})
    return _Gold(
        {span_key(s) for s in layer.spans},
        set(relation_keys(layer)),
        {name: canonical(value) for name, value in layer.fields.items()},
    )


def _state(
    in_gold: bool, rejected: bool, everyone: bool, conflicting: bool, attrs_differ: bool = False
) -> UnitState:
    if in_gold:
        return UnitState.ACCEPTED
    if rejected:
        return UnitState.REJECTED
    if everyone:
        return UnitState.ATTRIBUTES if attrs_differ else UnitState.AGREE
    return UnitState.DISAGREE if conflicting else UnitState.PARTIAL


def _schema(db: Database) -> LabelSchema | None:
    try:
        return project_schema(db)
    except ProjectError:  # no schema to follow: names in alphabetical order will do
        return None


@dataclass
class _Compared:
    """The versions of every unit in one document, gathered from the compared layers."""

    text: str
    names: dict[int, str]  # compared annotators, in order
    gold: _Gold
    rejected: set[str]
    schema: LabelSchema | None
    spans: dict[SpanKey, dict[int, Span]]
    relations: dict[RelationKey, dict[int, Relation]]
    fields: dict[str, dict[int, Any]]
    orders: dict[str, dict[str, int]]  # label or link type -> its attributes' positions

    def differing(self, label: str, attrs: Iterable[dict[str, Any]]) -> tuple[str, ...]:
        """The attributes the versions of a span or relation do not all give alike."""
        return differing(attrs, self.orders.get(label, {}))

    @property
    def n(self) -> int:
        return len(self.names)

    def lacking(self, versions: dict[int, Any]) -> list[int]:
        return [a for a in self.names if a not in versions]


def _gather(db: Database, doc_id: int, who: Sequence[int]) -> _Compared:
    layers = [read_layer(db, doc_id, a) for a in who]
    schema = _schema(db)
    found = _Compared(
        get_document(db, doc_id).text,
        {layer.id: layer.name for layer in layers},
        _read_gold(db, doc_id),
        set(rejections(db, doc_id)),
        schema,
        {},
        {},
        {},
        attribute_orders(schema),
    )
    for layer in layers:
        for span in layer.spans:
            found.spans.setdefault(span_key(span), {}).setdefault(layer.id, span)
        for rkey, relation in relation_keys(layer).items():
            found.relations.setdefault(rkey, {})[layer.id] = relation
        for name, value in layer.fields.items():
            found.fields.setdefault(name, {})[layer.id] = value
    return found


def _span_units(c: _Compared) -> list[Unit]:
    keys_of = {a: {k for k, v in c.spans.items() if a in v} for a in c.names}
    units = []
    for key in sorted(c.spans, key=lambda k: (k[2], -k[3], k[0], k[1])):
        versions = c.spans[key]
        others = [k for a in c.lacking(versions) for k in keys_of[a]]
        differ = c.differing(key[1], (v.attrs for v in versions.values()))
        state = _state(
            key in c.gold.spans,
            unit_id(UnitKind.SPAN, key) in c.rejected,
            len(versions) == c.n,
            any(conflicts(key, k) for k in others),
            bool(differ),
        )
        units.append(
            Unit(
                UnitKind.SPAN,
                key,
                state,
                dict(versions),
                f"{_quote(c.text, key)} — {_who(c.names, versions, c.n)}",
                c.n,
                key not in c.gold.spans and any(conflicts(key, k) for k in c.gold.spans),
                differ,
            )
        )
    return units


def _relation_units(c: _Compared) -> list[Unit]:
    keys_of = {a: {k for k, v in c.relations.items() if a in v} for a in c.names}
    units = []
    for key in sorted(c.relations, key=lambda k: (k[1][2], k[2][2], k[0], k[1], k[2])):
        versions = c.relations[key]
        others = [k for a in c.lacking(versions) for k in keys_of[a]]
        differ = c.differing(key[0], (v.attrs for v in versions.values()))
        state = _state(
            key in c.gold.relations,
            unit_id(UnitKind.RELATION, key) in c.rejected,
            len(versions) == c.n,
            any(_relation_conflicts(key, k) for k in others),
            bool(differ),
        )
        label, head, child = key
        units.append(
            Unit(
                UnitKind.RELATION,
                key,
                state,
                dict(versions),
                f"{label}: {_quote(c.text, head)} → {_quote(c.text, child)} — "
                f"{_who(c.names, versions, c.n)}",
                c.n,
                key not in c.gold.relations
                and any(_relation_conflicts(key, k) for k in c.gold.relations),
                differ,
            )
        )
    return units


def _field_text(name: str, by_value: dict[str, list[int]], c: _Compared) -> str:
    """``name: value — who; value — who``; a stance reads "stance toward X: against — who"."""
    field = c.schema.field(name) if c.schema is not None else None
    stance = field is not None and field.kind == "targets"
    shown = []
    for text, ids in by_value.items():
        words = targets_text(json.loads(text)) if stance else None
        shown.append(f"{text if words is None else words} — {', '.join(c.names[a] for a in ids)}")
    joined = "; ".join(shown)
    return f"{name} {joined}" if joined.startswith("toward ") else f"{name}: {joined}"


def _field_units(c: _Compared) -> list[Unit]:
    order = {f.name: i for i, f in enumerate(c.schema.fields)} if c.schema else {}
    units = []
    for name in sorted(c.fields, key=lambda f: (order.get(f, len(order)), f)):
        values = c.fields[name]
        by_value: dict[str, list[int]] = {}
        for annotator, value in values.items():
            by_value.setdefault(canonical(value), []).append(annotator)
        gold_value = c.gold.fields.get(name)
        state = _state(
            gold_value in by_value,
            unit_id(UnitKind.FIELD, name) in c.rejected,
            len(values) == c.n and len(by_value) == 1,
            len(by_value) > 1,
        )
        units.append(
            Unit(
                UnitKind.FIELD,
                name,
                state,
                dict(values),
                _field_text(name, by_value, c),
                c.n,
                gold_value is not None and gold_value not in by_value,
            )
        )
    return units


def document_units(
    db: Database, doc_id: int, annotator_ids: Sequence[int] | None = None
) -> list[Unit]:
    """The units of a document in reading order: spans by start, then relations, then fields.

    ``annotator_ids`` are the annotators to compare (default: ``compared_annotators``,
    those who finished the document, or everyone who has it when nobody did).
    """
    who = compared_annotators(db, doc_id) if annotator_ids is None else annotator_ids
    compared = _gather(db, doc_id, who)
    return [
        *_span_units(compared),
        *_relation_units(compared),
        *_field_units(compared),
    ]


def next_disagreement(
    units: Sequence[Unit],
    after_index: int,
    backwards: bool = False,
    *,
    states: Collection[UnitState] | None = None,
) -> int | None:
    """Index of the next unit (the previous one, ``backwards``) still needing a decision.

    Counts from ``after_index`` exclusive: -1 starts at the top, ``len(units)`` at the
    bottom going backwards. None when there is none that way; the caller may wrap around.
    ``states`` picks other units instead (e.g. only ``disagree``), overruled or not.
    """
    step = -1 if backwards else 1
    index = min(max(after_index, -1), len(units)) + step
    while 0 <= index < len(units):
        unit = units[index]
        if unit.state in states if states is not None else unit.needs_decision:
            return index
        index += step
    return None


def undecided(units: Iterable[Unit]) -> list[Unit]:
    """The units still needing a decision: what to mention when marking adjudicated."""
    return [u for u in units if u.needs_decision]
