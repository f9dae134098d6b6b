"""Reading Label Studio's JSON export (and its JSON-MIN variant).

A task holds the article in ``data``, an entry in ``annotations`` per person and a model's
proposals in ``predictions``: a record per annotation, the proposals as the first one's
``suggestions``.

Offsets: Label Studio 1.x counts code points (its editor converts the browser's UTF-16
positions since 2022; its tests say "Should calculate offsets by code points in text"), older
exports count UTF-16 code units, and both count the ``\\r`` of a ``\\r\\n``. A span is placed
where its ``value.text`` is found at its offsets read either way; it is turned down when
neither fits. JSON-MIN keeps a single choice as a bare string, indistinguishable from the
task's own data, so there it lands in ``meta``, not ``fields``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.formats.encoding import newline_offset_map
from annotator.formats.encoding import normalise_newlines as _normalise
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import (
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

SUFFIXES = (".json",)

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # the one way JSON text holds a lone surrogate
_TASK_KEYS = ("data", "annotations", "completions", "predictions")
# JSON-MIN's own keys beside the task's data and the results.
_MIN_META = ("annotation_id", "created_at", "updated_at", "lead_time", "agreement")
_SUPPORTED = "text spans (labels), relations, choices and text areas"


class _SyntaxProblem(Exception):
    """The export is not valid JSON: its arguments are the line (or None) and why."""


@dataclass
class _Results:  # what one annotation's or prediction's result list holds
    spans: list[RawSpan] = field(default_factory=list)
    relations: list[RawRelation] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_labelstudio(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield a record per annotation of every task in a Label Studio export, and rejections."""
    source = str(path)
    decoded = read_decoded(path)
    if isinstance(decoded, Rejection):
        yield decoded
        return
    try:
        items = _items(decoded.text)
    except _SyntaxProblem as exc:
        yield Rejection(source, *exc.args)
        return
    for line, last, obj, escaped in items:
        bad = decoded.invalid_reason(line, last) if decoded.invalid else None
        if bad is not None or (escaped and has_lone_surrogate(obj)):
            yield Rejection(source, line, bad or "holds a broken character (a lone surrogate)")
        elif not isinstance(obj, dict):
            yield Rejection(source, line, "expected a task, a JSON object {...}")
        elif any(key in obj for key in _TASK_KEYS):
            yield from _task(obj, path, options, line)
        else:
            yield from _min_record(obj, path, options, line)


def _items(text: str) -> list[tuple[int, int, object, bool]]:
    """The tasks with the lines each starts and ends on, and whether it escapes a surrogate."""
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise _SyntaxProblem(None, "not a Label Studio export: expected a JSON list of tasks [...]")
    pos = _skip(text, pos + 1)
    if text.startswith("]", pos):
        raise _SyntaxProblem(None, "the export holds no tasks")
    items: list[tuple[int, int, object, bool]] = []
    line, counted = 1, 0  # the line that position ``counted`` is on
    while True:
        try:
            obj, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _SyntaxProblem(
                exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})"
            ) from None
        except (RecursionError, ValueError) as exc:
            raise _SyntaxProblem(None, f"not valid JSON: {exc or 'nested too deeply'}") from None
        line += text.count("\n", counted, pos)
        last = line + text.count("\n", pos, end)
        items.append((line, last, obj, _SURROGATE.search(text, pos, end) is not None))
        line, counted, pos = last, end, _skip(text, end)
        if not text.startswith(",", pos):
            break
        pos = _skip(text, pos + 1)
    if not text.startswith("]", pos) or _skip(text, pos + 1) < len(text):
        line += text.count("\n", counted, pos)
        raise _SyntaxProblem(line, "not valid JSON: expected , or ] after a task")
    return items


def _skip(text: str, pos: int) -> int:
    """The position of the first character after ``pos`` that is not white space."""
    found = _SPACE.match(text, pos)
    assert found is not None  # the pattern matches the empty string too
    return found.end()


def _task(
    task: dict[str, Any], path: Path, options: ReadOptions, line: int
) -> Iterator[ImportRecord | Rejection]:
    source, where = str(path), f"task {task.get('id', '?')}"
    data = task.get("data")
    annotations = task.get("annotations", task.get("completions")) or []
    predictions = task.get("predictions") or []
    if not isinstance(data, dict):
        yield Rejection(source, line, f'{where}: "data" must be an object holding the text')
        return
    if not isinstance(annotations, list) or not isinstance(predictions, list):
        yield Rejection(source, line, f'{where}: "annotations" and "predictions" must be lists')
        return
    annotations = [a for a in annotations if isinstance(a, dict)]
    predictions = [p for p in predictions if isinstance(p, dict)]
    key = _text_key(data, annotations + predictions)
    if key is None or not _normalise(data[key]).strip():
        yield Rejection(source, line, f"{where}: no text in its data")
        return
    original: str = data[key]
    text, remap = _normalise(original), newline_offset_map(original)
    meta: dict[str, object] = {"source_file": path.name, "task_id": task.get("id")}
    meta.update((k, v) for k, v in data.items() if k != key and k not in meta)
    if predictions:
        meta["predictions"] = [
            {k: p[k] for k in ("model_version", "score") if k in p} for p in predictions
        ]
    given = data.get("title") if key != "title" else None
    title = clean_title(given) if isinstance(given, str) and given.strip() else ""
    suggested = _suggestions(predictions, original, remap, where)
    for problem in suggested.problems:
        yield Rejection(source, line, problem)
    base = ImportRecord(
        *(text, title or title_from_text(text), meta, source, line),
        suggestions=tuple(suggested.spans),
        suggestion_relations=tuple(suggested.relations),
    )
    if not annotations:
        yield base
    for number, annotation in enumerate(annotations):
        who = f"{where}, annotation {annotation.get('id', number + 1)}"
        found = _read_results(annotation.get("result"), original, remap, who)
        for problem in found.problems:
            yield Rejection(source, line, problem)
        yield replace(
            base,
            meta={**meta, "annotation_id": annotation.get("id")},
            spans=tuple(found.spans),
            relations=tuple(found.relations),
            fields=found.fields,
            annotator=_who(annotation.get("completed_by")) or annotator_of(path, options),
            status="skipped" if annotation.get("was_cancelled") else "done",
        )
        # The model's proposals go with the task's first record only.
        base = replace(base, suggestions=(), suggestion_relations=())


def _suggestions(
    predictions: list[dict[str, Any]], original: str, remap: Callable[[int], int], where: str
) -> _Results:
    """Every prediction's spans and relations, one after the other."""
    suggested = _Results()
    for prediction in predictions:
        found = _read_results(prediction.get("result"), original, remap, f"{where}, prediction")
        offset = len(suggested.spans)
        suggested.spans += found.spans
        suggested.relations += [
            RawRelation(r.head + offset, r.child + offset, r.label, r.attrs)
            for r in found.relations
        ]
        suggested.problems += found.problems
        if found.fields:
            names = ", ".join(found.fields)
            suggested.problems.append(
                f"{where}: the predicted {names} not imported (predictions give only spans)"
            )
    return suggested


def _text_key(data: dict[str, Any], annotations: list[dict[str, Any]]) -> str | None:
    """Which of the task's data values is the text the spans were drawn on."""
    results = [r for a in annotations if isinstance(a.get("result"), list) for r in a["result"]]
    results = [r for r in results if isinstance(r, dict) and isinstance(r.get("value"), dict)]
    strings = [k for k, v in data.items() if isinstance(v, str)]
    named = [r["to_name"] for r in results if r.get("to_name") in strings]
    candidates = list(dict.fromkeys([*named, *(["text"] if "text" in strings else []), *strings]))
    said = [
        (v["start"], v["end"], v["text"])
        for v in (r["value"] for r in results if r.get("type") == "labels")
        if isinstance(v.get("start"), int)
        and isinstance(v.get("end"), int)
        and isinstance(v.get("text"), str)
    ]
    # The object tag's name need not be the data key: the text is the one the spans fit.
    fits = [key for key in candidates if said and _place(data[key], *said[0]) is not None]
    return next(iter(fits or candidates), None)


def _place(original: str, start: int, end: int, said: str | None) -> tuple[int, int] | None:
    """Where ``said`` is at ``start``-``end`` counted in code points, else in UTF-16 units."""
    if 0 <= start < end <= len(original) and (said is None or original[start:end] == said):
        return start, end
    if said is None or start < 0 or end <= start:
        return None
    units = original.encode("utf-16-le", "surrogatepass")
    if 2 * end > len(units):
        return None
    try:
        begin = len(units[: 2 * start].decode("utf-16-le"))
        stop = begin + len(units[2 * start : 2 * end].decode("utf-16-le"))
    except UnicodeDecodeError:  # the offsets split an emoji's surrogate pair
        return None
    return (begin, stop) if original[begin:stop] == said else None


def _who(completed_by: object) -> str | None:
    """The annotator Label Studio names: the e-mail address, else ``ls-user-<id>``."""
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email.strip():
            return email.strip()
        completed_by = completed_by.get("id")
    # JSON-MIN writes the e-mail address itself; a number is a user's id.
    who = str(completed_by).strip() if isinstance(completed_by, int | str) else ""
    if not who or isinstance(completed_by, bool):
        return None
    return f"ls-user-{who}" if who.isdigit() else who


def _read_results(raw: object, original: str, remap: Callable[[int], int], where: str) -> _Results:
    out, raw = _Results(), [] if raw is None else raw
    if not isinstance(raw, list):
        out.problems.append(f'{where}: "result" must be a list')
        return out
    results = [r for r in raw if isinstance(r, dict)]
    regions = {r["id"] for r in results if r.get("type") == "labels" and _id(r) is not None}
    per_region: dict[str, dict[str, object]] = {}
    unsupported: Counter[str] = Counter()
    for result in results:
        kind, name = result.get("type"), result.get("from_name")
        if kind in ("choices", "textarea") and isinstance(name, str):
            answer = _answer(result.get("value"), "choices" if kind == "choices" else "text")
            if answer is None:
                out.problems.append(f"{where}: the {kind} result {name!r} holds no answer")
            elif _id(result) in regions:
                per_region.setdefault(result["id"], {})[name] = answer
            else:
                out.fields[name] = answer
        elif kind not in ("labels", "relation"):
            unsupported[str(kind)] += 1
    first: dict[str, int] = {}
    for result in results:
        if result.get("type") == "labels":
            rid = _id(result)
            here = f"{where}, span {rid or '?'}"
            attrs = per_region.get(rid or "", {})
            position = _add_spans(out, result.get("value"), original, remap, attrs, here)
            if rid is not None and position is not None:
                first.setdefault(rid, position)
    for result in results:
        if result.get("type") == "relation":
            _add_relation(out, result, first, where)
    if unsupported:
        kinds = ", ".join(f"{n} of type {k!r}" for k, n in sorted(unsupported.items()))
        out.problems.append(f"{where}: results not imported: {kinds} (imported: {_SUPPORTED})")
    return out


def _id(result: dict[str, Any]) -> str | None:
    value = result.get("id")
    return value if isinstance(value, str) else None


def _answer(value: object, key: str) -> object:
    """A choice (or text) as a string when there is one, else the list of them."""
    answers = value.get(key) if isinstance(value, dict) else None
    if not isinstance(answers, list) or not answers:
        return None
    if key == "text":
        return "\n".join(str(a) for a in answers)
    return answers[0] if len(answers) == 1 else list(answers)


def _add_spans(
    out: _Results,
    value: object,
    original: str,
    remap: Callable[[int], int],
    attrs: dict[str, object],
    here: str,
) -> int | None:
    """Add a span per label of one labels result; the position of the first, or None."""
    try:
        start, end, labels = _span_value(value, original, here)
    except RecordError as exc:
        out.problems.append(str(exc))
        return None
    if remap(start) >= remap(end):
        out.problems.append(f"{here}: covers nothing but a \\r line-ending character")
        return None
    first = len(out.spans)
    for label in labels:
        out.spans.append(RawSpan(remap(start), remap(end), label, attrs=dict(attrs)))
    return first


def _span_value(value: object, original: str, here: str) -> tuple[int, int, list[str]]:
    if not isinstance(value, dict):
        raise RecordError(f"{here}: no value with start, end and labels")
    start, end, said = value.get("start"), value.get("end"), value.get("text")
    if not (isinstance(start, int) and isinstance(end, int)) or bool in (type(start), type(end)):
        raise RecordError(f"{here}: start and end must be whole numbers")
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels:
        raise RecordError(f"{here}: no labels")
    if not all(isinstance(label, str) and label.strip() for label in labels):
        raise RecordError(f"{here}: a label is empty or not a string")
    placed = _place(original, start, end, said if isinstance(said, str) else None)
    if placed is not None:
        return placed[0], placed[1], labels
    if isinstance(said, str) and 0 <= start < end <= len(original):
        found = original[start:end]
        raise RecordError(f"{here}: its text {said!r} is not the text at {start}-{end} ({found!r})")
    raise RecordError(f"{here}: {start}-{end} is not within the text ({len(original)} characters)")


def _add_relation(out: _Results, result: dict[str, Any], first: dict[str, int], where: str) -> None:
    head, child = result.get("from_id"), result.get("to_id")
    if not (isinstance(head, str) and head in first and isinstance(child, str) and child in first):
        out.problems.append(f"{where}: a relation from {head} to {child} links spans not imported")
        return
    labels = result.get("labels")
    label = labels[0] if isinstance(labels, list) and labels and isinstance(labels[0], str) else ""
    direction = result.get("direction")
    if direction == "left":
        head, child = child, head
    attrs = {"direction": "bi"} if direction == "bi" else {}
    out.relations.append(RawRelation(first[head], first[child], label or "related", attrs))


def _min_record(
    obj: dict[str, Any], path: Path, options: ReadOptions, line: int
) -> Iterator[ImportRecord | Rejection]:
    """A JSON-MIN item: the task's data, each control's results under its name, the annotator."""
    source, where = str(path), f"task {obj.get('id', '?')}"
    spans = [k for k, v in obj.items() if isinstance(v, list) and v and all(_is_span(s) for s in v)]
    choices = [k for k, v in obj.items() if _answer(v, "choices") is not None]
    skip = {"annotator", "id"}
    keys = [k for k, v in obj.items() if isinstance(v, str) and k not in {*skip, *_MIN_META}]
    key = "text" if "text" in keys else next(iter(keys), None)
    if key is None or not _normalise(obj[key]).strip():
        yield Rejection(source, line, f"{where}: no text")
        return
    original: str = obj[key]
    remap, found = newline_offset_map(original), _Results()
    found.fields = {name: _answer(obj[name], "choices") for name in choices}
    for name in spans:
        for number, span in enumerate(obj[name], start=1):
            _add_spans(found, span, original, remap, {}, f"{where}, {name} {number}")
    for problem in found.problems:
        yield Rejection(source, line, problem)
    meta: dict[str, object] = {"source_file": path.name, "task_id": obj.get("id")}
    meta.update((k, v) for k, v in obj.items() if k not in {key, *spans, *choices, *skip})
    who = _who(obj.get("annotator"))
    text = _normalise(original)
    record = ImportRecord(text, title_from_text(text), meta, source, line, tuple(found.spans))
    annotator, status = who or annotator_of(path, options), "done" if who else None
    yield replace(record, annotator=annotator, fields=found.fields, status=status)


def _is_span(value: object) -> bool:
    return isinstance(value, dict) and "start" in value and "labels" in value
