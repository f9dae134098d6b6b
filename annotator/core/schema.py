"""The label schema: layers, labels with their attributes, relation types, document fields.

A schema is data (TOML, see ``resources/schemas/news.toml``); ``schema_toml`` reads and
checks it. A project keeps the schema it was created with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ATTRIBUTE_KINDS = ("enum", "multi", "bool", "int", "text")
FIELD_KINDS = ("enum", "text", "targets")


class SchemaError(ValueError):
    """A schema file with a mistake; the message names the line and the problem."""


@dataclass(frozen=True, slots=True)
class Attribute:
    """A property of a span or relation: its kind, allowed values and default."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    description: str = ""

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not allowed here, or None if it is (None means unset)."""
        if value is None:
            return "a value is required" if self.required else None
        ok = {
            "enum": isinstance(value, str) and value in self.values,
            "multi": isinstance(value, list) and all(v in self.values for v in value),
            "bool": isinstance(value, bool),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "text": isinstance(value, str),
        }[self.kind]
        if ok:
            return None
        allowed = f" (one of {', '.join(self.values)})" if self.values else ""
        return f"{value!r} is not a valid {self.kind}{allowed}"


@dataclass(frozen=True, slots=True)
class Layer:
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    layer: str
    colour: str
    key: str = ""
    description: str = ""
    attributes: tuple[Attribute, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)

    def defaults(self) -> dict[str, Any]:
        """Attribute values a new span of this label starts with."""
        return {a.name: a.default for a in self.attributes if a.default is not None}


@dataclass(frozen=True, slots=True)
class RelationType:
    """A link from a head span to a child span; ends name labels or ``layer:NAME``."""

    name: str
    heads: tuple[str, ...]
    children: tuple[str, ...]
    key: str = ""
    description: str = ""
    attributes: tuple[Attribute, ...] = ()

    def defaults(self) -> dict[str, Any]:
        """Attribute values a new link of this type starts with."""
        return {a.name: a.default for a in self.attributes if a.default is not None}


@dataclass(frozen=True, slots=True)
class Field:
    """A property of a whole document, such as the article's stance toward targets."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class LabelSchema:
    """Layers, labels, relation types and document fields, in the file's order."""

    name: str
    layers: tuple[Layer, ...]
    labels: tuple[Label, ...]
    source: str  # the TOML text, stored with the project so it opens the same anywhere
    relations: tuple[RelationType, ...] = ()
    fields: tuple[Field, ...] = ()

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def by_key(self, key: str) -> Label | None:
        return next((lab for lab in self.labels if lab.key and lab.key == key), None)

    def layer_of(self, label: str) -> str | None:
        found = self.label(label)
        return found.layer if found else None

    def relation(self, name: str) -> RelationType | None:
        return next((r for r in self.relations if r.name == name), None)

    def link_defaults(self, name: str) -> dict[str, Any]:
        """Attribute defaults of relation type ``name`` ({} when the schema lacks it)."""
        found = self.relation(name)
        return found.defaults() if found else {}

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def _matches(self, end: str, label: str) -> bool:
        if end.startswith("layer:"):
            return self.layer_of(label) == end.removeprefix("layer:")
        return end == label

    def relations_between(self, head: str, child: str) -> list[RelationType]:
        """Relation types the schema allows from a ``head`` label to a ``child`` label."""
        return [
            r
            for r in self.relations
            if any(self._matches(h, head) for h in r.heads)
            and any(self._matches(c, child) for c in r.children)
        ]
