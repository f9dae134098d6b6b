"""The label schema: which layers and labels a project annotates, read from TOML."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEY = re.compile(r"^[0-9a-z]$")


class SchemaError(ValueError):
    """A schema file with a mistake; the message names the line and the problem."""


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


@dataclass(frozen=True, slots=True)
class LabelSchema:
    """Layers and labels, in the order the schema file gives them."""

    name: str
    layers: tuple[Layer, ...]
    labels: tuple[Label, ...]
    source: str  # the TOML text, stored with the project so it opens the same anywhere

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def by_key(self, key: str) -> Label | None:
        return next((lab for lab in self.labels if lab.key and lab.key == key), None)

    def layer_of(self, label: str) -> str | None:
        found = self.label(label)
        return found.layer if found else None


def _line_of(source: str, needle: str, key: str = "") -> int:
    """1-based line of ``needle`` (or of ``key =`` in the table it begins); 0 if not found.

    tomllib gives no positions for values, so the line is found again in the text to
    point the user at the mistake.
    """
    lines = source.splitlines()
    first = next((i for i, line in enumerate(lines) if needle in line), None)
    if first is None:
        return 0
    if key:
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for i in range(first, len(lines)):
            if i > first and lines[i].lstrip().startswith("["):
                break
            if pattern.match(lines[i]):
                return i + 1
    return first + 1


def _fail(source: str, where: str, problem: str, key: str = "") -> SchemaError:
    line = _line_of(source, where, key)
    return SchemaError(f"line {line}: {problem}" if line else problem)


def _str(
    table: dict[str, Any], key: str, source: str, what: str, default: str | None = None
) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise _fail(source, f"{what}", f"{what}: '{key}' must be a non-empty string")
    return value


def parse_schema(source: str) -> LabelSchema:
    """Read a schema from TOML text, checking it whole: a schema is never half-loaded."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(str(exc)) from exc
    name = str(data.get("schema", {}).get("name", "unnamed"))
    layers = tuple(
        Layer(_str(t, "name", source, "layer"), str(t.get("title", t.get("name", ""))))
        for t in _tables(data, "layers", source)
    )
    if not layers:
        raise SchemaError("the schema declares no [[layers]]")
    layer_names = {layer.name for layer in layers}
    labels: list[Label] = []
    seen_keys: dict[str, str] = {}
    for table in _tables(data, "labels", source):
        label_name = _str(table, "name", source, "label")
        where = f'name = "{label_name}"'
        layer = _str(table, "layer", source, f"label {label_name}")
        if layer not in layer_names:
            raise _fail(source, where, f"label {label_name}: unknown layer '{layer}'", "layer")
        colour = _str(table, "colour", source, f"label {label_name}")
        if not _COLOUR.match(colour):
            raise _fail(
                source, where, f"label {label_name}: colour must look like #RRGGBB", "colour"
            )
        key = str(table.get("key", "")).lower()
        if key and not _KEY.match(key):
            raise _fail(
                source, where, f"label {label_name}: key must be one digit or letter", "key"
            )
        if key in seen_keys:
            raise _fail(
                source,
                where,
                f"label {label_name}: key '{key}' is taken by {seen_keys[key]}",
                "key",
            )
        if any(lab.name == label_name for lab in labels):
            raise _fail(source, where, f"label {label_name} is declared twice")
        if key:
            seen_keys[key] = label_name
        labels.append(Label(label_name, layer, colour, key, str(table.get("description", ""))))
    if not labels:
        raise SchemaError("the schema declares no [[labels]]")
    return LabelSchema(name, layers, tuple(labels), source)


def _tables(data: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise _fail(source, key, f"'{key}' must be an array of tables ([[{key}]])")
    return value


def load_schema(path: Path) -> LabelSchema:
    """Read a schema file; errors name the file as well as the line."""
    try:
        return parse_schema(path.read_text(encoding="utf-8"))
    except SchemaError as exc:
        raise SchemaError(f"{path}: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read the schema: {exc}") from exc
