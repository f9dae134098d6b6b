"""Readers that turn an article file (.txt, .jsonl, .csv) into records to import.

Readers never raise for bad input: every problem becomes a :class:`Rejection` that a
non-programmer can act on, and reading carries on with the next line or row, so one bad
record never costs the user the rest of the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.encoding import (
    DecodeError,
    decode_text,
    newline_offset_map,
    normalise_newlines,
)
from annotator.formats.jsonl_links import (
    LinkError,
    RawRelation,
    parse_fields,
    parse_relations,
    parse_status,
)

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv", ".text", ".ndjson")

_TITLE_LENGTH = 120
#: spaCy's ``nlp.max_length``: a longer text can never be tokenized or analysed, so it is
#: turned down here rather than stored and left to fail later. No news article comes near it.
MAX_TEXT_LENGTH = 1_000_000
_ANSWERS = ("accept", "reject", "ignore")


@dataclass(frozen=True)
class RawSpan:
    """A span as found in the file, in code-point offsets into the normalised text."""

    start: int
    end: int  # exclusive
    label: str
    token_start: int | None = None
    token_end: int | None = None  # inclusive, as Prodigy writes it
    # A plain dict rather than a read-only proxy so that callers can serialise it as JSON.
    attrs: Mapping[str, object] = field(default_factory=dict)
    layer: str | None = None


@dataclass(frozen=True)
class ImportRecord:
    """One document to import, with any annotations that came with it."""

    text: str
    title: str
    meta: dict[str, object]
    source: str
    line: int | None
    spans: tuple[RawSpan, ...] = ()
    annotator: str | None = None
    answer: str | None = None
    relations: tuple[RawRelation, ...] = ()
    fields: dict[str, object] = field(default_factory=dict)
    status: str | None = None  # as our export writes it; else ``answer`` decides

    @property
    def annotated(self) -> bool:
        """Whether the record carries someone's work, not only a text."""
        return bool(self.spans or self.answer or self.relations or self.fields or self.status)


@dataclass(frozen=True)
class Rejection:
    """A line, row or whole file that could not be imported, and why."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return f"{self.source}:{self.line}: {self.reason}"


class _RecordError(Exception):
    """Raised inside a reader to turn the current line or row into a Rejection."""


def read_file(path: Path) -> Iterator[ImportRecord | Rejection]:
    """Yield a record for every importable document in ``path`` and a rejection per problem.

    Plain-text files hold one article; JSONL files one JSON object per line (Prodigy's
    format, spans included); CSV files one article per row under a ``text`` column.
    """
    source = str(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        yield Rejection(source, None, f"unsupported file type {kind}; use .txt, .jsonl or .csv")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, None, f"cannot read: {_describe_os_error(exc)}")
        return
    try:
        text = decode_text(data).text
    except DecodeError as exc:
        yield Rejection(source, None, str(exc))
        return
    for item in reader(text, source, path.name):
        if isinstance(item, ImportRecord) and len(item.text) > MAX_TEXT_LENGTH:
            yield Rejection(
                source,
                item.line,
                f"the text is {len(item.text):,} characters long; "
                f"an article can have at most {MAX_TEXT_LENGTH:,}",
            )
        else:
            yield item


def _describe_os_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, FileNotFoundError):
        return "the file does not exist"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def _clean_title(title: str) -> str:
    return " ".join(title.split())


def _title_from_text(text: str) -> str:
    line = next((line for line in text.split("\n") if line.strip()), "")
    title = _clean_title(line)
    if len(title) > _TITLE_LENGTH:
        title = title[: _TITLE_LENGTH - 1].rstrip() + "…"
    return title


# --- plain text -------------------------------------------------------------------------


def _read_txt(text: str, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    lines = text.split("\n")
    # decode_text guarantees some non-whitespace, so a title line always exists.
    first = next(i for i, line in enumerate(lines) if line.strip())
    line = _clean_title(lines[first])
    rest = lines[first + 1 :]
    while rest and not rest[0].strip():
        rest.pop(0)
    body = "\n".join(rest).rstrip()
    # A one-line file is still an article; its only line is both title and text. A first
    # line of thousands of characters is a paragraph, not a title: the title is shortened.
    yield ImportRecord(body or line, _title_from_text(line), {"source_file": name}, source, None)


# --- JSONL --------------------------------------------------------------------------------


def _read_jsonl(text: str, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    # Split on \n only: JSON strings may legally hold raw U+2028 and friends, which
    # str.splitlines would treat as line breaks.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_record(line, source, number)
        except _RecordError as exc:
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
        raise _RecordError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise _RecordError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. integers with too many digits
        raise _RecordError(f"not valid JSON: {exc}") from None


def _has_lone_surrogate(value: object) -> bool:
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
        raise _RecordError(f"expected a JSON object {{...}} but found {_describe(obj)}")
    if _has_lone_surrogate(obj):
        raise _RecordError("contains a broken character (an unpaired \\ud800-\\udfff escape)")
    if "text" not in obj:
        raise _RecordError('no "text" field')
    original = obj["text"]
    if not isinstance(original, str):
        raise _RecordError(f'"text" must be a string, found {_describe(original)}')
    if "\x00" in original:
        raise _RecordError("text contains NUL characters")
    text = normalise_newlines(original)
    if not text.strip():
        raise _RecordError("text is empty")

    meta = obj.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise _RecordError(f'"meta" must be an object, found {_describe(meta)}')

    title = ""
    for candidate in (meta.get("title"), obj.get("title")):
        if isinstance(candidate, str) and candidate.strip():
            title = _clean_title(candidate)
            break

    raw_spans = obj.get("spans")
    if raw_spans is None:
        raw_spans = []
    elif not isinstance(raw_spans, list):
        raise _RecordError(f'"spans" must be a list, found {_describe(raw_spans)}')
    remap = newline_offset_map(original)
    spans = tuple(_span(raw, i, original, remap) for i, raw in enumerate(raw_spans, start=1))
    try:
        relations = parse_relations(
            obj.get("relations"), [(s.start, s.end, s.label) for s in spans], remap
        )
        fields = parse_fields(obj.get("fields"))
        status = parse_status(obj.get("status"))
    except LinkError as exc:
        raise _RecordError(str(exc)) from exc

    return ImportRecord(
        text=text,
        title=title or _title_from_text(text),
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
            raise _RecordError(f'"{key}" must be a string, found {_describe(value)}')
        if value.strip():
            return value
    return None


def _answer(obj: dict[str, object]) -> str | None:
    value = obj.get("answer")
    if value is None:
        return None
    if not isinstance(value, str) or value not in _ANSWERS:
        raise _RecordError(f'"answer" must be accept, reject or ignore, found {_describe(value)}')
    return value


def _int_field(raw: dict[str, object], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _RecordError(f"{where}: {key} must be a whole number, found {_describe(value)}")
    return value


def _span(raw: object, index: int, original: str, remap: Callable[[int], int]) -> RawSpan:
    where = f"span {index}"
    if not isinstance(raw, dict):
        raise _RecordError(
            f"{where}: expected an object with start, end and label, found {_describe(raw)}"
        )
    start = _int_field(raw, "start", where)
    end = _int_field(raw, "end", where)
    if start is None or end is None:
        raise _RecordError(f"{where}: {'start' if start is None else 'end'} is missing")
    length = len(original)
    if start < 0:
        raise _RecordError(f"{where}: start {start} is negative")
    if end > length:
        raise _RecordError(
            f"{where}: end {end} is beyond the end of the text ({length} characters)"
        )
    if start >= end:
        raise _RecordError(f"{where}: start {start} is not before end {end}")

    label = raw.get("label")
    if label is None:
        raise _RecordError(f"{where}: label is missing")
    if not isinstance(label, str):
        raise _RecordError(f"{where}: label must be a string, found {_describe(label)}")
    if not label.strip():
        raise _RecordError(f"{where}: label is empty")

    span_text = raw.get("text")
    if isinstance(span_text, str) and span_text != original[start:end]:
        # Offsets counted in another unit (UTF-16, bytes) land the span on other words.
        raise _RecordError(
            f"{where}: its text {_short(span_text)} does not match the text at "
            f"{start}-{end} ({_short(original[start:end])})"
        )

    token_start = _int_field(raw, "token_start", where)
    token_end = _int_field(raw, "token_end", where)
    for key, token in (("token_start", token_start), ("token_end", token_end)):
        if token is not None and token < 0:
            raise _RecordError(f"{where}: {key} {token} is negative")
    if token_start is not None and token_end is not None and token_start > token_end:
        raise _RecordError(f"{where}: token_start {token_start} is after token_end {token_end}")

    attrs = raw.get("attrs")
    if attrs is None:
        attrs = {}
    elif not isinstance(attrs, dict):
        raise _RecordError(f"{where}: attrs must be an object, found {_describe(attrs)}")

    layer = raw.get("layer")
    if layer is not None and not isinstance(layer, str):
        raise _RecordError(f"{where}: layer must be a string, found {_describe(layer)}")
    if layer is not None and not layer.strip():
        layer = None

    new_start, new_end = remap(start), remap(end)
    if new_start >= new_end:
        raise _RecordError(f"{where}: covers nothing but a \\r line-ending character")
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


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(text: str, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    # A long article can exceed csv's default field limit of 128 KiB. The limit is global to
    # the process, so raise it only while this file is parsed, eagerly, and restore it.
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, 2**31 - 1))
    try:
        results = list(_parse_csv(text, source))
    finally:
        csv.field_size_limit(previous)
    yield from results


def _delimiter(text: str) -> str:
    # csv.Sniffer guesses wrong on prose; the header line alone is a safer clue.
    header = next((line for line in text.split("\n") if line.strip()), "")
    if "," in header:
        return ","
    semicolons, tabs = header.count(";"), header.count("\t")
    if semicolons or tabs:
        return ";" if semicolons >= tabs else "\t"
    return ","


def _parse_csv(text: str, source: str) -> Iterator[ImportRecord | Rejection]:
    rows = _csv_rows(text, source)
    for row in rows:
        if isinstance(row, Rejection):
            yield row
            continue
        header = [cell.strip() or f"column {i}" for i, cell in enumerate(row[1], start=1)]
        break
    else:
        return
    lowered = [name.lower() for name in header]
    if "text" not in lowered:
        found = ", ".join(header)
        yield Rejection(source, None, f'no "text" column (columns found: {found})')
        return
    text_col = lowered.index("text")
    title_col = lowered.index("title") if "title" in lowered else None
    empty = True
    for row in rows:
        empty = False
        if isinstance(row, Rejection):
            yield row
            continue
        line, cells = row
        try:
            yield _csv_record(cells, header, text_col, title_col, source, line)
        except _RecordError as exc:
            yield Rejection(source, line, str(exc))
    if empty:
        yield Rejection(source, None, "the file has a header row but no articles")


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, list[str]] | Rejection]:
    """Yield each non-blank row with the line it starts on, and a rejection per parse error."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", delimiter=_delimiter(text))
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejection(source, start, f"cannot read this row: {exc}")
            if reader.line_num < start:  # nothing consumed: retrying would loop forever
                return
            continue
        if any(cell.strip() for cell in row):
            yield start, row


def _csv_record(
    cells: list[str],
    header: list[str],
    text_col: int,
    title_col: int | None,
    source: str,
    line: int,
) -> ImportRecord:
    if len(cells) > len(header):
        if any(cell.strip() for cell in cells[len(header) :]):
            raise _RecordError(
                f"row has {len(cells)} cells but the header has {len(header)} "
                "columns (is there an unquoted comma or semicolon?)"
            )
        cells = cells[: len(header)]
    cells = cells + [""] * (len(header) - len(cells))
    text = cells[text_col]
    if not text.strip():
        raise _RecordError("the text cell is empty")
    meta: dict[str, object] = {}
    for i, (column, value) in enumerate(zip(header, cells, strict=True)):
        if i not in (text_col, title_col):
            meta.setdefault(column, value)
    title = _clean_title(cells[title_col]) if title_col is not None else ""
    return ImportRecord(text, title or _title_from_text(text), meta, source, line)


_READERS: dict[str, Callable[[str, str, str], Iterator[ImportRecord | Rejection]]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
}
