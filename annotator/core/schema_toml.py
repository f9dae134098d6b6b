"""Reading a label schema from TOML, with errors that name the line and the problem.

tomllib reports positions only for syntax errors, so for a mistake in a value the
line is found again in the text: the line of the offending key inside the table
that the error is about.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.core.schema import (
    ATTRIBUTE_KINDS,
    FIELD_KINDS,
    Attribute,
    Field,
    Label,
    LabelSchema,
    Layer,
    RelationType,
    SchemaError,
)

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEY = re.compile(r"^[0-9a-z]$")


class _Source:
    """The TOML text, for finding the line a mistake is on."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, path: tuple[str, ...], key: str = "", nth: int = 1) -> int:
        """Line of the table reached by ``name = "..."`` lines in ``path``, then of ``key``.

        ``nth`` picks a later table of the same name for the last step (a duplicate).
        """
        at = 0
        for depth, name in enumerate(path):
            needle = re.compile(rf'^\s*name\s*=\s*"{re.escape(name)}"')
            hits = [i for i in range(at, len(self.lines)) if needle.match(self.lines[i])]
            wanted = nth if depth == len(path) - 1 else 1
            if len(hits) < wanted:
                return 0
            at = hits[wanted - 1]
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for i in range(at, len(self.lines)):
                if i > at and self.lines[i].lstrip().startswith("[["):
                    break
                if pattern.match(self.lines[i]):
                    return i + 1
        return at + 1 if path else 0

    def error(self, path: tuple[str, ...], key: str, problem: str, nth: int = 1) -> SchemaError:
        line = self.line(path, key, nth)
        return SchemaError(f"line {line}: {problem}" if line else problem)


def _tables(data: dict[str, Any], key: str, src: _Source, path: tuple[str, ...]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise src.error(path, key, f"'{key}' must be an array of tables ([[{key}]])")
    return value


def _text(
    table: dict[str, Any],
    key: str,
    src: _Source,
    path: tuple[str, ...],
    what: str,
    *,
    optional: bool = False,
) -> str:
    value = table.get(key, "" if optional else None)
    if not isinstance(value, str) or (not optional and not value):
        raise src.error(path, key, f"{what}: '{key}' must be a non-empty string")
    return value


def _names(
    table: dict[str, Any], key: str, src: _Source, path: tuple[str, ...], what: str
) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise src.error(path, key, f"{what}: '{key}' must be a list of strings")
    return tuple(value)


def _attribute(table: dict[str, Any], src: _Source, path: tuple[str, ...]) -> Attribute:
    name = _text(table, "name", src, path, "attribute")
    where = (*path, name)
    what = f"attribute {'.'.join(where)}"
    kind = table.get("kind", "text")
    if kind not in ATTRIBUTE_KINDS:
        raise src.error(where, "kind", f"{what}: kind must be one of {', '.join(ATTRIBUTE_KINDS)}")
    values = _names(table, "values", src, where, what)
    if kind in ("enum", "multi") and not values:
        raise src.error(where, "kind", f"{what}: an {kind} needs a list of values")
    attribute = Attribute(
        name,
        kind,
        values,
        table.get("default"),
        bool(table.get("required")),
        str(table.get("description", "")),
    )
    if attribute.default is not None and (problem := attribute.check(attribute.default)):
        raise src.error(where, "default", f"{what}: default {problem}")
    return attribute


def _attributes(
    table: dict[str, Any], src: _Source, path: tuple[str, ...]
) -> tuple[Attribute, ...]:
    found = tuple(_attribute(t, src, path) for t in _tables(table, "attributes", src, path))
    names = [a.name for a in found]
    for name in names:
        if names.count(name) > 1:
            raise src.error(
                (*path, name), "", f"attribute {name} of {path[-1]} is declared twice", nth=2
            )
    return found


def parse(text: str) -> LabelSchema:
    """Read and check a whole schema; raises SchemaError naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(str(exc)) from exc
    src = _Source(text)
    layers = tuple(
        Layer(name := _text(t, "name", src, (), "layer"), str(t.get("title", name)))
        for t in _tables(data, "layers", src, ())
    )
    if not layers:
        raise SchemaError("the schema declares no [[layers]]")
    layer_names = {layer.name for layer in layers}
    keys: dict[str, str] = {}

    def claim_key(key: str, owner: str, path: tuple[str, ...]) -> str:
        key = key.lower()
        if key and not _KEY.match(key):
            raise src.error(path, "key", f"{owner}: key must be one digit or letter")
        if key in keys:
            raise src.error(path, "key", f"{owner}: key '{key}' is taken by {keys[key]}")
        if key:
            keys[key] = owner
        return key

    labels: list[Label] = []
    for table in _tables(data, "labels", src, ()):
        name = _text(table, "name", src, (), "label")
        path = (name,)
        if any(lab.name == name for lab in labels):
            raise src.error(path, "", f"label {name} is declared twice", nth=2)
        layer = _text(table, "layer", src, path, f"label {name}")
        if layer not in layer_names:
            raise src.error(path, "layer", f"label {name}: unknown layer '{layer}'")
        colour = _text(table, "colour", src, path, f"label {name}")
        if not _COLOUR.match(colour):
            raise src.error(path, "colour", f"label {name}: colour must look like #RRGGBB")
        key = claim_key(str(table.get("key", "")), f"label {name}", path)
        labels.append(
            Label(
                name,
                layer,
                colour,
                key,
                str(table.get("description", "")),
                _attributes(table, src, path),
            )
        )
    if not labels:
        raise SchemaError("the schema declares no [[labels]]")
    label_names = {lab.name for lab in labels}

    relations: list[RelationType] = []
    for table in _tables(data, "relations", src, ()):
        name = _text(table, "name", src, (), "relation")
        path = (name,)
        ends = {}
        for side in ("heads", "children"):
            ends[side] = _names(table, side, src, path, f"relation {name}")
            for end in ends[side]:
                known = (
                    end.removeprefix("layer:") in layer_names
                    if end.startswith("layer:")
                    else end in label_names
                )
                if not known:
                    raise src.error(path, side, f"relation {name}: unknown label '{end}'")
            if not ends[side]:
                raise src.error(path, side, f"relation {name}: '{side}' must name labels")
        key = claim_key(str(table.get("key", "")), f"relation {name}", path)
        relations.append(
            RelationType(
                name,
                ends["heads"],
                ends["children"],
                key,
                str(table.get("description", "")),
                _attributes(table, src, path),
            )
        )

    fields: list[Field] = []
    for table in _tables(data, "fields", src, ()):
        name = _text(table, "name", src, (), "field")
        kind = table.get("kind", "text")
        if kind not in FIELD_KINDS:
            raise src.error(
                (name,), "kind", f"field {name}: kind must be one of {', '.join(FIELD_KINDS)}"
            )
        values = _names(table, "values", src, (name,), f"field {name}")
        if kind in ("enum", "targets") and not values:
            raise src.error((name,), "kind", f"field {name}: a {kind} field needs values")
        fields.append(Field(name, kind, values, str(table.get("description", ""))))

    schema_name = str(data.get("schema", {}).get("name", "unnamed"))
    return LabelSchema(schema_name, layers, tuple(labels), text, tuple(relations), tuple(fields))


@lru_cache(maxsize=32)
def parse_schema(source: str) -> LabelSchema:
    """Read a schema from TOML text, checking it whole: a schema is never half-loaded.

    Kept by its text (a schema is immutable): every window and every job reads the
    project's schema, and parsing it cost a fifth of opening a window.
    """
    return parse(source)


def load_schema(path: Path) -> LabelSchema:
    """Read a schema file; errors name the file as well as the line."""
    try:
        return parse_schema(path.read_text(encoding="utf-8"))
    except SchemaError as exc:
        raise SchemaError(f"{path}: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read the schema: {exc}") from exc
