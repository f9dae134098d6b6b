"""Readers that turn an article file (.txt, .jsonl, .csv) into records to import.

Readers never raise for bad input: every problem becomes a :class:`Rejection` that a
non-programmer can act on, and reading carries on with the next line or row, so one bad
record never costs the user the rest of the file. That includes bytes that are not valid
UTF-8 in a file that otherwise is: the line or row holding them is turned down with the
byte's offset (a .txt file, one article, is turned down whole), never imported garbled.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.formats.encoding import Decoded, DecodeError, decode_text
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    RecordError,
    Rejection,
    clean_title,
    title_from_text,
)
from annotator.formats.jsonl_in import has_lone_surrogate, read_jsonl

# Re-exported: the importer and the tests take the record types from here.
__all__ = ["MAX_TEXT_LENGTH", "ImportRecord", "RawSpan", "Rejection", "read_file"]

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv", ".text", ".ndjson")


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
    decoded = read_decoded(path)
    if isinstance(decoded, Rejection):
        yield decoded
        return
    for item in reader(decoded, source, path.name):
        if isinstance(item, Rejection):
            yield item
        elif decoded.invalid and has_lone_surrogate([item.text, item.title, item.meta]):
            # The readers turn down what holds an invalid byte; should one slip through,
            # it must not reach the database, which cannot store it.
            yield Rejection(source, item.line, "holds bytes that are not valid UTF-8")
        elif len(item.text) > MAX_TEXT_LENGTH:
            yield Rejection(
                source,
                item.line,
                f"the text is {len(item.text):,} characters long; "
                f"an article can have at most {MAX_TEXT_LENGTH:,}",
            )
        else:
            yield item


def read_decoded(path: Path) -> Decoded | Rejection:
    """The text of the file at ``path`` (encoding detected), or why it cannot be read."""
    try:
        return decode_text(path.read_bytes())
    except OSError as exc:
        return Rejection(str(path), None, f"cannot read: {_describe_os_error(exc)}")
    except DecodeError as exc:
        return Rejection(str(path), None, str(exc))


def _describe_os_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, FileNotFoundError):
        return "the file does not exist"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


# --- plain text -------------------------------------------------------------------------


def _read_txt(decoded: Decoded, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    if decoded.invalid:
        # One article: importing it with U+FFFD in place of the bytes would change its
        # text, and so its identity, without the user knowing. It is turned down instead.
        bad, last = decoded.invalid[0], decoded.invalid[-1]
        yield Rejection(source, bad.line, decoded.invalid_reason(bad.line, last.line) or "")
        return
    lines = decoded.text.split("\n")
    # decode_text guarantees some non-whitespace, so a title line always exists.
    first = next(i for i, line in enumerate(lines) if line.strip())
    line = clean_title(lines[first])
    rest = lines[first + 1 :]
    while rest and not rest[0].strip():
        rest.pop(0)
    body = "\n".join(rest).rstrip()
    # The headline stays in the text, as its first paragraph: it carries the figure and
    # the claim first ("Blast at market kills at least 12") and must be annotatable. The
    # list shows it as the title too. A one-line file is still an article; a first line
    # of thousands of characters is a paragraph, not a title: the title is shortened.
    headline = lines[first].strip()
    text = f"{headline}\n\n{body}" if body else headline
    yield ImportRecord(text, title_from_text(line), {"source_file": name}, source, None)


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(decoded: Decoded, source: str, name: str) -> Iterator[ImportRecord | Rejection]:
    # A long article can exceed csv's default field limit of 128 KiB. The limit is global to
    # the process, so raise it only while this file is parsed, eagerly, and restore it.
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, 2**31 - 1))
    try:
        results = list(_parse_csv(decoded, source))
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


@dataclass(frozen=True, slots=True)
class _Row:
    line: int  # where the row starts
    cells: list[str]
    invalid: str | None  # why its bytes are not UTF-8, if they are not


def _parse_csv(decoded: Decoded, source: str) -> Iterator[ImportRecord | Rejection]:
    rows = _csv_rows(decoded, source)
    for row in rows:
        if isinstance(row, Rejection):
            yield row
            continue
        if row.invalid is not None:
            # Without its column names no row can be read.
            yield Rejection(source, row.line, f"the header row: {row.invalid}")
            return
        header = [cell.strip() or f"column {i}" for i, cell in enumerate(row.cells, start=1)]
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
        elif row.invalid is not None:
            yield Rejection(source, row.line, row.invalid)
        else:
            try:
                yield _csv_record(row.cells, header, text_col, title_col, source, row.line)
            except RecordError as exc:
                yield Rejection(source, row.line, str(exc))
    if empty:
        yield Rejection(source, None, "the file has a header row but no articles")


def _csv_rows(decoded: Decoded, source: str) -> Iterator[_Row | Rejection]:
    """Yield each non-blank row with the line it starts on, and a rejection per parse error."""
    text = decoded.text
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
            invalid = decoded.invalid_reason(start, reader.line_num) if decoded.invalid else None
            yield _Row(start, row, invalid)


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
            raise RecordError(
                f"row has {len(cells)} cells but the header has {len(header)} "
                "columns (is there an unquoted comma or semicolon?)"
            )
        cells = cells[: len(header)]
    cells = cells + [""] * (len(header) - len(cells))
    text = cells[text_col]
    if not text.strip():
        raise RecordError("the text cell is empty")
    meta: dict[str, object] = {}
    for i, (column, value) in enumerate(zip(header, cells, strict=True)):
        if i not in (text_col, title_col):
            meta.setdefault(column, value)
    title = clean_title(cells[title_col]) if title_col is not None else ""
    return ImportRecord(text, title or title_from_text(text), meta, source, line)


_READERS: dict[str, Callable[[Decoded, str, str], Iterator[ImportRecord | Rejection]]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": _read_csv,
}
