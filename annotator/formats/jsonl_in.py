"""Reading JSONL: one JSON object a line, Prodigy's format, spans and links included.

Every problem with a line becomes a Rejection naming the line; the next line is read.
A line holding bytes that are not valid UTF-8 (in a file that otherwise is) is one of
those problems: it is turned down with the byte's offset, before it is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from annotator.formats.encoding import Decoded, newline_offset_map, normalise_newlines
from annotator.formats.import_record import (
    ImportRecord,
    RawSpan,
    RecordError,
    Rejection,
    clean_title,
    title_from_text,
)
from annotator.formats.jsonl_links import LinkError, parse_fields, parse_relations, parse_status

_ANSWERS = ("accept", "reject", "ignore")


def read_jsonl(decoded: Decoded, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    """Yield a record per good line and a rejection per bad one, each with its line number."""
    # Split on \n only: JSON strings may legally hold raw U+2028 and friends, which
    # str.splitlines would treat as line breaks.
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        invalid = decoded.invalid_reason(number) if decoded.invalid else None
        if invalid is not None:
            yield Rejection(source, number, invalid)
            continue
        try:
            yield _jsonl_record(line, source, number)
        except RecordError as exc:
            yield Rejection(source, number, str(exc))


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string" if len(value) > 40 else f"the string {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return type(value).__name__


def _parse_json(line: str) -> object:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise RecordError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. integers with too many digits
        raise RecordError(f"not valid JSON: {exc}") from None


def has_lone_surrogate(value: object) -> bool:
    """Whether a string anywhere in ``value`` (nested lists and dicts) cannot be stored."""
    # Iterative, because the parsed JSON may be nested as deeply as the recursion limit.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _jsonl_record(line: str, source: str, number: int) -> ImportRecord:
    obj = _parse_json(line)
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object {{...}} but found {_describe(obj)}")
    if has_lone_surrogate(obj):
        raise RecordError("contains a broken character (an unpaired \\ud800-\\udfff escape)")
    if "text" not in obj:
        raise RecordError('no "text" field')
    original = obj["text"]
    if not isinstance(original, str):
        raise RecordError(f'"text" must be a string, found {_describe(original)}')
    if "\x00" in original:
        raise RecordError("text contains NUL characters")
    text = normalise_newlines(original)
    if not text.strip():
        raise RecordError("text is empty")

    meta = obj.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise RecordError(f'"meta" must be an object, found {_describe(meta)}')

    title = ""
    for candidate in (meta.get("title"), obj.get("title")):
        if isinstance(candidate, str) and candidate.strip():
            title = clean_title(candidate)
            break

    raw_spans = obj.get("spans")
    if raw_spans is None:
        raw_spans = []
    elif not isinstance(raw_spans, list):
        raise RecordError(f'"spans" must be a list, found {_describe(raw_spans)}')
    remap = newline_offset_map(original)
    spans = tuple(_span(raw, i, original, remap) for i, raw in enumerate(raw_spans, start=1))
    try:
        relations = parse_relations(
            obj.get("relations"), [(s.start, s.end, s.label) for s in spans], remap
        )
        fields = parse_fields(obj.get("fields"))
        status = parse_status(obj.get("status"))
    except LinkError as exc:
        raise RecordError(str(exc)) from exc

    return ImportRecord(
        text=text,
        title=title or title_from_text(text),
        meta=meta,
        source=source,
        line=number,
        spans=spans,
        annotator=_annotator(obj),
        answer=_answer(obj),
        relations=relations,
        fields=fields,
        status=status,
    )


def _annotator(obj: dict[str, object]) -> str | None:
    for key in ("_annotator_id", "_session_id"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RecordError(f'"{key}" must be a string, found {_describe(value)}')
        if value.strip():
            return value
    return None


def _answer(obj: dict[str, object]) -> str | None:
    value = obj.get("answer")
    if value is None:
        return None
    if not isinstance(value, str) or value not in _ANSWERS:
        raise RecordError(f'"answer" must be accept, reject or ignore, found {_describe(value)}')
    return value


def _int_field(raw: dict[str, object], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{where}: {key} must be a whole number, found {_describe(value)}")
    return value


def _span(raw: object, index: int, original: str, remap: Callable[[int], int]) -> RawSpan:
    where = f"span {index}"
    if not isinstance(raw, dict):
        raise RecordError(
            f"{where}: expected an object with start, end and label, found {_describe(raw)}"
        )
    start = _int_field(raw, "start", where)
    end = _int_field(raw, "end", where)
    if start is None or end is None:
        raise RecordError(f"{where}: {'start' if start is None else 'end'} is missing")
    length = len(original)
    if start < 0:
        raise RecordError(f"{where}: start {start} is negative")
    if end > length:
        raise RecordError(f"{where}: end {end} is beyond the end of the text ({length} characters)")
    if start >= end:
        raise RecordError(f"{where}: start {start} is not before end {end}")

    label = raw.get("label")
    if label is None:
        raise RecordError(f"{where}: label is missing")
    if not isinstance(label, str):
        raise RecordError(f"{where}: label must be a string, found {_describe(label)}")
    if not label.strip():
        raise RecordError(f"{where}: label is empty")

    span_text = raw.get("text")
    if isinstance(span_text, str) and span_text != original[start:end]:
        # Offsets counted in another unit (UTF-16, bytes) land the span on other words.
        raise RecordError(
            f"{where}: its text {_short(span_text)} does not match the text at "
            f"{start}-{end} ({_short(original[start:end])})"
        )

    token_start = _int_field(raw, "token_start", where)
    token_end = _int_field(raw, "token_end", where)
    for key, token in (("token_start", token_start), ("token_end", token_end)):
        if token is not None and token < 0:
            raise RecordError(f"{where}: {key} {token} is negative")
    if token_start is not None and token_end is not None and token_start > token_end:
        raise RecordError(f"{where}: token_start {token_start} is after token_end {token_end}")

    attrs = raw.get("attrs")
    if attrs is None:
        attrs = {}
    elif not isinstance(attrs, dict):
        raise RecordError(f"{where}: attrs must be an object, found {_describe(attrs)}")

    layer = raw.get("layer")
    if layer is not None and not isinstance(layer, str):
        raise RecordError(f"{where}: layer must be a string, found {_describe(layer)}")
    if layer is not None and not layer.strip():
        layer = None

    new_start, new_end = remap(start), remap(end)
    if new_start >= new_end:
        raise RecordError(f"{where}: covers nothing but a \\r line-ending character")
    return RawSpan(
        start=new_start,
        end=new_end,
        label=label.strip(),
        token_start=token_start,
        token_end=token_end,
        attrs=dict(attrs),
        layer=layer.strip() if layer is not None else None,
    )


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")
