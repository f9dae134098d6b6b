"""Relations, document fields and status in a JSONL record, as our export writes them.

Relations are Prodigy's: ``head_span`` and ``child_span`` repeat the linked spans'
offsets and labels, which is how they are matched to the record's ``spans``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("todo", "in progress", "done", "skipped")


class LinkError(ValueError):
    """A relation or field that does not fit the record; the message says which and why."""


@dataclass(frozen=True)
class RawRelation:
    """A link between two of the record's spans, by their positions in ``spans``."""

    head: int
    child: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)


def _end(raw: object, where: str, remap: Callable[[int], int]) -> tuple[int, int, str]:
    if not isinstance(raw, dict):
        raise LinkError(f"{where} must be an object with start, end and label")
    start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)) or (
        isinstance(start, bool) or isinstance(end, bool)
    ):
        raise LinkError(f"{where} must have whole-number start and end and a label")
    return remap(start), remap(end), label


def parse_relations(
    raw: object, spans: Sequence[tuple[int, int, str]], remap: Callable[[int], int]
) -> tuple[RawRelation, ...]:
    """The record's relations, each matched to two of its spans (start, end, label)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise LinkError('"relations" must be a list')
    position = {span: i for i, span in enumerate(spans)}
    found = []
    for number, item in enumerate(raw, start=1):
        where = f"relation {number}"
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise LinkError(f"{where} must be an object with a label")
        head = _end(item.get("head_span"), f"{where}: head_span", remap)
        child = _end(item.get("child_span"), f"{where}: child_span", remap)
        for end, name in ((head, "head_span"), (child, "child_span")):
            if end not in position:
                raise LinkError(
                    f"{where}: its {name} {end[2]} [{end[0]}:{end[1]}] is not one "
                    "of the record's spans"
                )
        attrs = item.get("attrs") or {}
        if not isinstance(attrs, dict):
            raise LinkError(f"{where}: attrs must be an object")
        found.append(RawRelation(position[head], position[child], item["label"], dict(attrs)))
    return tuple(found)


def parse_fields(raw: object) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise LinkError('"fields" must be an object')
    return dict(raw)


def parse_status(raw: object) -> str | None:
    if raw is None:
        return None
    if raw not in STATUSES:
        raise LinkError(f'"status" must be one of {", ".join(STATUSES)}, found {raw!r}')
    return str(raw)
