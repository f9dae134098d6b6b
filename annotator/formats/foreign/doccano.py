"""doccano's exports: JSONL (a JSON object a line) or JSON (an array of the same objects).

The forms, as doccano's export code writes them (backend/data_export, doccano 1.7 on):
sequence labelling ``{"id", "text", "label": [[start, end, "LABEL"], ...], "Comments"}``;
with relations ``{"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}], "Comments"}`` (the
ends are entity ids); text classification (and sequence to sequence) ``"label": ["A"]``;
intent detection ``"entities": [[start, end, "LABEL"]], "cats": ["A"]``. The names of
``label`` and ``cats`` go to ``fields["category"]``. doccano spreads the example's own
metadata among these keys, so every other key (``id`` too) goes to ``meta``, but nulls
(pandas writes null for a key only other lines had); ``Comments`` too when there are
some. doccano 1.5-1.6 wrote the text as ``data``, earlier 1.x a ``meta`` object: read too.

Offsets: doccano stores what its browser editor (v-annotator) measures, JavaScript string
positions: UTF-16 code units, not code points (doccano/doccano#2290; only doccano before
1.5 counted code points). They are converted, so an emoji before a span does not shift
it; a span boundary inside a character outside the BMP is rejected. A project made with
"Count grapheme clusters as one character" counts user-perceived characters instead:
after a flag or an accent written as two code points its spans land elsewhere, which the
file alone cannot show.

Annotator: a non-collaborative project exports a file per member named after the user
(``alice.jsonl``; ``admin.jsonl`` holds the administrator's own annotations, a real
user); a collaborative one exports ``all.jsonl``, everyone's annotations merged, and
doccano 1.5-1.6 put documents nobody labelled in ``unknown.jsonl``. So the annotator is
the one ``annotator_of`` gives (``--annotator-from``, ``--annotator``), else the file's
name unless that is ``all`` or ``unknown``.

A line that is not JSON, or has no text, is rejected; a span or relation with bad
offsets or ids is rejected alone, naming the line, and the rest of the line imports.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.formats.encoding import (
    newline_offset_map,
    normalise_newlines,
)
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    RecordError,
    Rejection,
    clean_title,
    title_from_text,
)
from annotator.formats.jsonl_in import has_lone_surrogate
from annotator.formats.jsonl_links import RawRelation
from annotator.formats.readers import read_decoded

SUFFIXES = (".jsonl", ".json")
#: File names of doccano's exports that name no annotator.
NOT_ANNOTATORS = ("all", "unknown")
CATEGORY_FIELD = "category"

_OWN_KEYS = frozenset(
    {"text", "data", "label", "labels", "entities", "relations", "cats", "Comments", "meta"}
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_DECODER = json.JSONDecoder()


def doccano_annotator(path: Path, options: ReadOptions) -> str | None:
    """Who annotated a doccano export file: as told, else the user the file is named after."""
    named = annotator_of(path, options)
    if named is not None:
        return named
    return None if path.stem.lower() in NOT_ANNOTATORS else path.stem


def read_doccano(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield a record per example of the doccano export ``path`` and a rejection per problem."""
    source = str(path)
    decoded = read_decoded(path)
    if isinstance(decoded, Rejection):
        yield decoded
        return
    context = _Context(source, path.name, doccano_annotator(path, options))
    for found in _values(decoded.text, source):
        if isinstance(found, Rejection):
            yield found
            continue
        where = f"record {found.number}: " if found.number is not None else ""
        if decoded.invalid and found.line is not None:
            invalid = decoded.invalid_reason(found.line, found.last)
            if invalid is not None:
                yield Rejection(source, found.line, where + invalid)
                continue
        try:
            yield from _record(found.value, found.line, where, context)
        except RecordError as exc:
            yield Rejection(source, found.line, where + str(exc))


# --- JSON values, one a line or in an array -----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    value: object
    line: int | None  # where the value starts; None in a JSON array, written on one line
    last: int  # where it ends
    number: int | None = None  # its place in a JSON array


def _values(text: str, source: str) -> Iterator[_Found | Rejection]:
    """The file's JSON values: JSONL, or the one array of doccano's JSON export."""
    if not text.lstrip().startswith("["):
        yield from _lines(text, source)
        return
    try:
        items, end = _decode(text, text.index("["))
        if text[end:].strip():
            raise RecordError("not valid JSON: more follows the array that holds the examples")
    except RecordError as exc:
        yield Rejection(source, None, f"{exc}: nothing in the file is read")
        return
    assert isinstance(items, list)
    yield from (_Found(item, None, 0, number) for number, item in enumerate(items, start=1))


def _decode(text: str, at: int, line: int | None = None) -> tuple[object, int]:
    """The JSON value starting at ``at`` (on ``line``) and where it ends, or RecordError."""
    try:
        return _DECODER.raw_decode(text, at)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, " if exc.lineno != line else ""
        raise RecordError(f"not valid JSON: {exc.msg} ({where}column {exc.colno})") from None
    except RecursionError:
        raise RecordError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. integers with too many digits
        raise RecordError(f"not valid JSON: {exc}") from None


def _lines(text: str, source: str) -> Iterator[_Found | Rejection]:
    """JSONL: a value a line; one written over several lines (doccano's docs show the
    relation form so) is read whole. A line that is not JSON is turned down alone."""
    pos, line = 0, 1
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        segment = text[pos:stop]
        first = stop - len(segment.lstrip())
        if first == stop:
            pos, line = stop + 1, line + 1
            continue
        try:
            value, end = _decode(text, first, line)
        except RecordError as exc:
            yield Rejection(source, line, str(exc))
            pos, line = stop + 1, line + 1
            continue
        last = line + text.count("\n", first, end)
        after = text.find("\n", end)
        after = len(text) if after < 0 else after
        if text[end:after].strip():
            yield Rejection(source, last, "not valid JSON: more follows the object on its line")
        else:
            yield _Found(value, line, last)
        pos, line = after + 1, last + 1


# --- one example --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    source: str
    name: str
    annotator: str | None


def _record(
    value: object, line: int | None, where: str, context: _Context
) -> Iterator[ImportRecord | Rejection]:
    """The example's record, after a rejection per span, relation or label left out."""
    if not isinstance(value, dict):
        raise RecordError(f"expected a JSON object {{...}}, found {_describe(value)}")
    if has_lone_surrogate(value):
        raise RecordError(
            "holds bytes that are not valid UTF-8 or a broken character (an unpaired "
            "\\ud800-\\udfff escape)"
        )
    original = _text(value)
    text = normalise_newlines(original)
    problems: list[str] = []
    spans, ids = _spans(value, _Offsets(original), problems)
    relations = _relations(value.get("relations"), ids, problems)
    categories = _categories(value, problems)
    meta = _meta(value, context.name)
    title = meta.get("title")
    yield from (Rejection(context.source, line, where + problem) for problem in problems)
    yield ImportRecord(
        text=text,
        title=clean_title(title)
        if isinstance(title, str) and title.strip()
        else title_from_text(text),
        meta=meta,
        source=context.source,
        line=line,
        spans=tuple(spans),
        annotator=context.annotator,
        relations=relations,
        fields={CATEGORY_FIELD: categories} if categories else {},
    )


def _describe(value: object) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return "a string" if isinstance(value, str) else f"the number {value}"


def _text(value: dict[str, object]) -> str:
    """The example's text: ``text``, or ``data`` as doccano 1.5 and 1.6 wrote it."""
    key = "text" if "text" in value else "data"
    original = value.get(key)
    if original is None:
        raise RecordError('no "text" field')
    if not isinstance(original, str):
        raise RecordError(f'"{key}" must be a string, found {_describe(original)}')
    if not original.strip() or "\x00" in original:
        raise RecordError("text is empty" if not original.strip() else "text holds NUL characters")
    if len(original) > MAX_TEXT_LENGTH:
        raise RecordError(
            f"the text is {len(original):,} characters long; "
            f"an article can have at most {MAX_TEXT_LENGTH:,}"
        )
    return original


class _Offsets:
    """doccano's offsets (UTF-16 code units of the text as stored) to code points of the
    text with its newlines normalised."""

    def __init__(self, original: str) -> None:
        # Where each character outside the BMP (two UTF-16 units) starts, in UTF-16 units.
        self.pairs = [at + k for k, at in enumerate(m.start() for m in _ASTRAL.finditer(original))]
        self.original = original
        self.length = len(original) + len(self.pairs)
        self.remap = newline_offset_map(original)

    def convert(self, unit: int, name: str) -> int:
        """The code-point offset of UTF-16 offset ``unit``, or RecordError saying why not."""
        if unit < 0:
            raise RecordError(f"{name} {unit} is negative")
        if unit > self.length:
            unit_name = "UTF-16 code units" if self.pairs else "characters"
            raise RecordError(
                f"{name} {unit} is beyond the end of the text ({self.length} {unit_name})"
            )
        before = bisect_left(self.pairs, unit)
        if before and unit == self.pairs[before - 1] + 1:
            char = self.original[unit - before]
            raise RecordError(
                f"{name} {unit} falls inside the character {char!r} (offsets are read as "
                "doccano counts them, in UTF-16 code units)"
            )
        return self.remap(unit - before)


def _span(raw: object, offsets: _Offsets, where: str) -> tuple[RawSpan, object]:
    """A span from ``[start, end, label]`` or an entity object, and its id (None if none)."""
    if isinstance(raw, dict):
        start, end = raw.get("start_offset"), raw.get("end_offset")
        label, ident = raw.get("label"), raw.get("id")
    elif isinstance(raw, list) and len(raw) == 3:
        (start, end, label), ident = raw, None
    else:
        raise RecordError(
            f"{where}: expected [start, end, label] or an entity, found {_describe(raw)}"
        )
    if not isinstance(label, str) or not label.strip():
        raise RecordError(f"{where}: the label must be a name, found {_describe(label)}")
    where = f"{where} ({label})"
    for name, offset in (("start", start), ("end", end)):
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise RecordError(f"{where}: {name} must be a whole number, found {_describe(offset)}")
    assert isinstance(start, int)
    assert isinstance(end, int)
    if start >= end:
        raise RecordError(f"{where}: start {start} is not before end {end}")
    first, last = offsets.convert(start, f"{where}: start"), offsets.convert(end, f"{where}: end")
    if first >= last:
        raise RecordError(f"{where}: covers nothing but a \\r line-ending character")
    return RawSpan(first, last, label.strip()), ident


def _spans(
    value: dict[str, object], offsets: _Offsets, problems: list[str]
) -> tuple[list[RawSpan], dict[object, int | None]]:
    """The spans of ``label``/``labels`` and ``entities``, and where each entity id went
    (None: the entity was left out)."""
    spans: list[RawSpan] = []
    ids: dict[object, int | None] = {}
    for key in ("label", "labels", "entities"):
        items = value.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(f'"{key}" must be a list, found {_describe(items)}; left out')
            continue
        for number, raw in enumerate(items, start=1):
            if isinstance(raw, str) and key != "entities":
                continue  # a category: see _categories
            try:
                span, ident = _span(raw, offsets, f'"{key}" item {number}')
            except RecordError as exc:
                problems.append(f"{exc}; this span is left out")
                if isinstance(raw, dict) and raw.get("id") is not None:
                    ids.setdefault(_key(raw["id"]), None)
                continue
            if ident is not None:
                ids.setdefault(_key(ident), len(spans))
            spans.append(span)
    return spans, ids


def _key(ident: object) -> object:
    # An id is any JSON value; lists and objects can't be dict keys, their text can.
    return ident if isinstance(ident, str | int | float) else json.dumps(ident)


def _relations(
    raw: object, ids: dict[object, int | None], problems: list[str]
) -> tuple[RawRelation, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f'"relations" must be a list, found {_describe(raw)}; left out')
        return ()
    found: list[RawRelation] = []
    for number, item in enumerate(raw, start=1):
        where = f"relation {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, found {_describe(item)}; left out")
            continue
        kind = item.get("type")
        if not isinstance(kind, str) or not kind.strip():
            problems.append(f"{where}: its type must be a name, found {_describe(kind)}; left out")
            continue
        ends = []
        for name in ("from_id", "to_id"):
            ident = _key(item.get(name))
            if ids.get(ident) is None:
                why = "an entity left out above" if ident in ids else "no entity's id here"
                problems.append(f"{where} ({kind}): {name} {item.get(name)!r} is {why}; left out")
            ends.append(ids.get(ident))
        head, child = ends
        if head is not None and child is not None:
            found.append(RawRelation(head, child, kind.strip()))
    return tuple(found)


def _categories(value: dict[str, object], problems: list[str]) -> list[str]:
    """Document labels: the names in ``label`` (classification) and ``cats`` (intent)."""
    names: list[str] = []
    for key in ("label", "cats"):
        items = value.get(key)
        if not isinstance(items, list):
            if key == "cats" and items is not None:
                problems.append(f'"cats" must be a list, found {_describe(items)}; left out')
            continue
        for item in items:
            if isinstance(item, str) and item.strip():
                if item.strip() not in names:
                    names.append(item.strip())
            elif key == "cats" or isinstance(item, str):  # lists in "label" are spans
                problems.append(f'"{key}": {_describe(item)} is not a label name; left out')
    return names


def _meta(value: dict[str, object], name: str) -> dict[str, object]:
    """Every key that is not doccano's own, doccano 1.x's ``meta`` object, non-empty comments."""
    meta: dict[str, object] = {}
    old = value.get("meta")
    if isinstance(old, dict):
        meta.update((k, v) for k, v in old.items() if v is not None)
    meta.update((k, v) for k, v in value.items() if k not in _OWN_KEYS and v is not None)
    if value.get("Comments"):
        meta["Comments"] = value["Comments"]
    meta["source_file"] = name
    return meta
