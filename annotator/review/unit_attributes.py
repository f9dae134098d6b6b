"""Attributes of the versions of one unit: which differ, and which full version has the votes.

Two annotators who mark the same extent with the same label but give it different
attributes (qualifier "approx" against "up to") disagree: review must show it, not
silently keep one of them. An empty value (unset, "", an empty choice list) is a value
like any other here: one annotator leaving "max" empty where another wrote 50 is a
difference the reviewer has to settle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from annotator.core.schema import LabelSchema


class HasAttrs(Protocol):
    """A span or a relation: anything with attributes."""

    @property
    def attrs(self) -> dict[str, Any]: ...


V = TypeVar("V", bound=HasAttrs)

EMPTY_TEXT = "(empty)"  # how an empty value reads in a tooltip or status line


def value_key(value: Any) -> str | None:
    """An attribute value as text equal for equal values; None when the value is empty.

    The ticked choices of a multi-choice attribute are sorted first: the order in which
    they were ticked means nothing.
    """
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, list):
        value = sorted(value, key=lambda item: json.dumps(item, sort_keys=True))
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def attrs_key(attrs: Mapping[str, Any]) -> str:
    """A whole set of attributes as text, equal when every non-empty value is equal."""
    kept = {name: key for name, value in attrs.items() if (key := value_key(value)) is not None}
    return json.dumps(kept, sort_keys=True)


def differing(versions: Iterable[Mapping[str, Any]], order: Mapping[str, int]) -> tuple[str, ...]:
    """Names of the attributes whose value is not the same in every version.

    In ``order`` (the schema's order of the label's attributes); names the schema lacks
    come after, alphabetically.
    """
    all_attrs = list(versions)
    names = {name for attrs in all_attrs for name in attrs}
    found = [n for n in names if len({value_key(attrs.get(n)) for attrs in all_attrs}) > 1]
    return tuple(sorted(found, key=lambda n: (order.get(n, len(order)), n)))


def agreed_version(versions: Sequence[V], threshold: int) -> V | None:
    """The version (attributes included) that at least ``threshold`` versions share.

    None when no full version has that many, or when another has as many: a tie is the
    reviewer's to break. Of the versions that agree, the first is returned.
    """
    groups: dict[str, list[V]] = {}
    for version in versions:
        groups.setdefault(attrs_key(version.attrs), []).append(version)
    ranked = sorted(groups.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < threshold:
        return None
    if len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
        return None
    return ranked[0][0]


def attribute_orders(schema: LabelSchema | None) -> dict[str, dict[str, int]]:
    """For each label and relation type, its attributes' positions in the schema."""
    if schema is None:
        return {}
    orders = {
        label.name: {a.name: i for i, a in enumerate(label.attributes)} for label in schema.labels
    }
    for relation in schema.relations:
        orders[relation.name] = {a.name: i for i, a in enumerate(relation.attributes)}
    return orders


def shown_value(value: Any) -> str:
    """An attribute value as a reviewer reads it: plain text, lists joined by commas."""
    if value_key(value) is None:
        return EMPTY_TEXT
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def targets_text(value: Any) -> str | None:
    """A stance value as words, "toward X: against, toward Y: favor"; None if not one.

    Not an attribute, but read the same way: the Units tab must not show raw JSON.
    """
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        return None
    if not value:
        return "toward no target"
    return ", ".join(f"toward {t.get('target', '?')}: {t.get('value', '?')}" for t in value)


def describe_differences(
    versions: Mapping[int, HasAttrs], names: Mapping[int, str], attributes: Sequence[str]
) -> list[str]:
    """One line per differing attribute: "qualifier: approx — alice; up to — bob"."""
    lines = []
    for attribute in attributes:
        by_value: dict[str, list[str]] = {}
        for who, version in versions.items():
            text = shown_value(version.attrs.get(attribute))
            by_value.setdefault(text, []).append(names.get(who, str(who)))
        shown = "; ".join(f"{value} — {', '.join(people)}" for value, people in by_value.items())
        lines.append(f"{attribute}: {shown}")
    return lines
