"""The readers under fuzzed input: every line or row gives a document or a reason, never a crash.

Deterministic (see tests/fuzz_strategies.py FUZZ). The example counts are sized to the
suite's budget: about 6 s for this module on an idle machine.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.formats.encoding import DecodeError, decode_text, normalise_newlines
from annotator.formats.readers import ImportRecord, Rejection, read_file
from tests.fuzz_strategies import FUZZ, TEXT, csv_file, jsonl_bytes, spans_for, txt_bytes


@contextmanager
def written(data: bytes, suffix: str) -> Iterator[Path]:
    # Not tmp_path: hypothesis runs many examples in one call of the test function.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def read_checked(path: Path) -> list[ImportRecord | Rejection]:
    """Everything ``read_file`` yields, each item checked for what a user relies on."""
    items = list(read_file(path))
    for item in items:
        assert item.source == str(path)
        if isinstance(item, Rejection):
            assert item.reason.strip()
            assert str(item).startswith(f"{path}:")
            continue
        assert isinstance(item, ImportRecord)
        assert item.text.strip()
        assert "\x00" not in item.text
        assert "\r" not in item.text
        item.text.encode("utf-8")  # no lone surrogates: SQLite and every writer can take it
        assert item.title.strip()
        assert "\n" not in item.title
        item.title.encode("utf-8")
        assert isinstance(item.meta, dict)
        for span in item.spans:
            assert isinstance(span.start, int)
            assert isinstance(span.end, int)
            assert 0 <= span.start < span.end <= len(item.text)
            assert isinstance(span.label, str)
            assert span.label.strip()
            assert isinstance(span.attrs, dict)
        for relation in item.relations:
            assert 0 <= relation.head < len(item.spans)
            assert 0 <= relation.child < len(item.spans)
            assert isinstance(relation.label, str)
        assert isinstance(item.fields, dict)
        assert item.status in (None, "todo", "in progress", "done", "skipped")
        assert item.annotator is None or isinstance(item.annotator, str)
    return items


def storable(text: str) -> bool:
    """Whether ``text`` has no lone surrogate (which the readers rightly turn down)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def importable(text: str) -> bool:
    """Whether a JSONL record of ``text`` alone is imported (not empty, no NUL, storable)."""
    return bool(normalise_newlines(text).strip()) and "\x00" not in text and storable(text)


def only_file_level(items: list[ImportRecord | Rejection]) -> bool:
    """Whether the whole file was turned down (then that is the only thing said about it)."""
    whole = [i for i in items if isinstance(i, Rejection) and i.line is None]
    if whole:
        assert items == whole[:1], items
    return bool(whole)


@settings(FUZZ, max_examples=300)
@given(data=jsonl_bytes())
def test_every_jsonl_line_gives_one_document_or_one_reason(data: bytes) -> None:
    with written(data, ".jsonl") as path:
        items = read_checked(path)
    if only_file_level(items):
        return
    lines = decode_text(data).text.split("\n")
    expected = [number for number, line in enumerate(lines, start=1) if line.strip()]
    assert [item.line for item in items] == expected


@settings(FUZZ, max_examples=200)
@given(text=TEXT, data=st.data())
def test_valid_spans_cover_the_same_characters_after_line_endings_are_normalised(
    text: str, data: st.DataObject
) -> None:
    assume(normalise_newlines(text).strip() and "\x00" not in text and storable(text))
    raw = [s for s in data.draw(spans_for(text)) if isinstance(s, dict)]
    valid = [
        {"start": s["start"], "end": s["end"], "label": "PERSON"}
        for s in raw
        if type(s.get("start")) is int
        and type(s.get("end")) is int
        and 0 <= s["start"] < s["end"] <= len(text)
        and text[s["start"] : s["end"]].strip("\r\ufeff")  # not only a dropped character
    ]
    with written(json.dumps({"text": text, "spans": valid}).encode(), ".jsonl") as path:
        items = read_checked(path)
    [record] = items
    assert isinstance(record, ImportRecord), record
    assert len(record.spans) == len(valid)

    def visible(part: str) -> str:
        # What normalising may change: line-break characters and a leading byte order mark.
        return "".join(c for c in part if c not in "\r\n\ufeff")

    for span, original in zip(record.spans, valid, strict=True):
        shown = record.text[span.start : span.end]
        assert visible(shown) == visible(text[original["start"] : original["end"]])


@settings(FUZZ, max_examples=300)
@given(file=csv_file())
def test_every_csv_row_gives_one_document_or_one_reason(
    file: tuple[bytes, bool, list[list[str]]],
) -> None:
    data, has_text, rows = file
    with written(data, ".csv") as path:
        items = read_checked(path)
    try:
        decode_text(data)
    except DecodeError:
        assert only_file_level(items)  # not text at all: said once for the whole file
        return
    if not has_text:
        [rejection] = items
        assert isinstance(rejection, Rejection)
        assert 'no "text" column' in rejection.reason
        return
    if only_file_level(items):
        assert not any(any(c.strip() for c in row) for row in rows), items
        assert "no articles" in items[0].reason
        return
    header = decode_text(data).text.split("\n", 1)[0]
    names = [
        name.strip().lower() for name in header.replace(";", ",").replace("\t", ",").split(",")
    ]
    column = names.index("text")
    outcomes = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank rows are skipped silently
        if any(cell.strip() for cell in row[len(names) :]):
            outcomes.append("rejected: too many cells")
        elif column >= len(row) or not row[column].strip():
            outcomes.append("rejected: no text")
        else:
            outcomes.append(row[column])
    found = [
        item.text
        if isinstance(item, ImportRecord)
        else "rejected: too many cells"
        if "cells" in item.reason
        else "rejected: no text"
        for item in items
    ]
    assert found == outcomes


@settings(FUZZ, max_examples=120)
@given(
    data=st.one_of(
        txt_bytes(), jsonl_bytes(), csv_file().map(lambda f: f[0]), st.binary(max_size=300)
    )
)
def test_any_file_under_any_extension_never_raises(data: bytes) -> None:
    for suffix in (".txt", ".jsonl", ".csv"):
        with written(data, suffix) as path:
            items = read_checked(path)
        if not data.strip(b" \t\r\n"):
            assert [str(item) for item in items] == [f"{path}: empty file"]


@settings(FUZZ, max_examples=150)
@given(data=txt_bytes())
def test_a_text_file_is_one_article_or_one_reason(data: bytes) -> None:
    with written(data, ".txt") as path:
        items = read_checked(path)
    assert len(items) == 1
    if isinstance(items[0], ImportRecord):
        assert items[0].line is None
        assert items[0].meta == {"source_file": path.name}
        assert len(items[0].title) <= 120


@settings(FUZZ, max_examples=100)
@given(
    texts=st.lists(TEXT.filter(importable), min_size=2, max_size=5),
    data=st.data(),
)
def test_a_stray_byte_costs_its_line_only_and_garbles_nothing(
    texts: list[str], data: st.DataObject
) -> None:
    texts[0] = "“" + texts[0] + "”"  # the file holds valid multi-byte UTF-8
    lines = [json.dumps({"text": t}, ensure_ascii=False).encode("utf-8") for t in texts]
    bad = data.draw(st.integers(0, len(lines) - 1))
    at = data.draw(st.integers(0, len(lines[bad])))
    lines[bad] = (
        lines[bad][:at] + data.draw(st.sampled_from([b"\xe9", b"\x93", b"\xff"])) + lines[bad][at:]
    )
    with written(b"\n".join(lines) + b"\n", ".jsonl") as path:
        items = read_checked(path)
    assert len(items) == len(texts)
    for number, (item, text) in enumerate(zip(items, texts, strict=True), start=1):
        if number == bad + 1:
            assert isinstance(item, Rejection)
            assert (item.line, item.reason[:20]) == (number, "invalid UTF-8 byte 0")
        else:
            assert isinstance(item, ImportRecord), item
            assert item.text == normalise_newlines(text)


def test_a_text_file_of_one_long_line_keeps_its_text_under_a_short_title(tmp_path: Path) -> None:
    line = "word " * 150_000  # 750,000 characters and no line break
    path = tmp_path / "one.txt"
    path.write_text(line, encoding="utf-8")
    [record] = read_checked(path)
    assert isinstance(record, ImportRecord)
    assert record.text == line.strip()
    assert record.title == "word " * 23 + "word…"  # the first 119 characters, and "…"
