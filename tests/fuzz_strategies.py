"""Hypothesis strategies for hostile import files: JSONL, CSV and plain text, as bytes.

Shared by tests/formats/test_fuzz_readers.py (the readers alone) and
tests/jobs/test_fuzz_import.py (reading and storing). Every strategy mixes well-formed
input with the mistakes real files have, so that examples exercise both the import of
good documents and the rejection of bad ones.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Deterministic and without a stored example database: CI runs the same cases every time.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

LABELS = ("PERSON", "ORG", "QUOTE", "SOURCE", "CUE", "CLAIM", "CASUALTY")
RELATIONS = ("ATTRIBUTED_TO", "HAS_CUE", "REFERS_TO", "SUBSET_OF")

# Characters that have broken text handling somewhere: NUL and other controls, every
# kind of line break, a byte order mark, lone surrogates, astral emoji, combining marks,
# right-to-left overrides, and markup.
_TRICKY = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\t",
        "\r",
        "\r\n",
        "\n",
        "\u2028",
        "\u0085",
        "\ufeff",
        "\ud800",
        "\udfff",
        "😀",
        "👩‍👩‍👧",
        "e\u0301",
        "\u202e",
        "<b>",
        "'); DROP TABLE spans;--",
        '"',
        "\\",
        " ",
        "\xa0",
    ]
)
TEXT = st.lists(
    st.one_of(st.text(min_size=1, max_size=8), _TRICKY, st.sampled_from(["Kandar ", "said. "])),
    max_size=8,
).map("".join)

# Any JSON value, nested a little (not st.recursive: it costs several times as much to draw).
_SCALAR = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=6)
)
JUNK: st.SearchStrategy[Any] = st.one_of(
    _SCALAR,
    st.lists(_SCALAR, max_size=3),
    st.dictionaries(st.text(max_size=4), _SCALAR, max_size=2),
    st.lists(
        st.lists(_SCALAR, max_size=2) | st.dictionaries(st.text(max_size=2), _SCALAR), max_size=2
    ),
)
# Offsets: in range, out of range, negative, huge, and of every wrong type.
OFFSET = st.one_of(
    st.integers(-3, 60),
    st.integers(-(2**64), 2**64),
    st.sampled_from([None, True, False, 1.5, 2.0, "3", [1], {"n": 1}]),
)


@st.composite
def spans_for(draw: st.DrawFn, text: str) -> list[Any]:
    """Spans over ``text``: valid ones, and ones with each kind of mistake."""
    spans: list[Any] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind <= 2 and len(text) > 0:
            # Valid offsets (overlapping, nested or identical to others by chance).
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
        elif kind == 3:
            start, end = draw(OFFSET), draw(OFFSET)  # anything at all
        elif kind == 4:
            end = draw(st.integers(-2, len(text) + 2))
            start = draw(st.sampled_from([end, end + 1, end + 5]))  # empty or reversed
        else:
            spans.append(draw(JUNK))  # not an object at all
            continue
        span: dict[str, Any] = {"start": start, "end": end}
        span["label"] = draw(
            st.one_of(st.sampled_from(LABELS), st.text(max_size=6), JUNK), label="label"
        )
        if draw(st.booleans()):
            span["attrs"] = draw(
                st.one_of(st.dictionaries(st.text(max_size=8), JUNK, max_size=3), JUNK)
            )
        if draw(st.integers(0, 4)) == 0:
            span["text"] = draw(st.one_of(st.text(max_size=5), JUNK))
        if draw(st.integers(0, 4)) == 0:
            span["token_start"], span["token_end"] = draw(OFFSET), draw(OFFSET)
        if draw(st.integers(0, 6)) == 0:
            span["layer"] = draw(JUNK)
        if draw(st.integers(0, 8)) == 0:
            del span[draw(st.sampled_from(["start", "end", "label"]))]
        spans.append(span)
    return spans


@st.composite
def sound_spans_for(draw: st.DrawFn, text: str) -> list[dict[str, Any]]:
    """Spans the reader accepts: the schema may still refuse their labels or attributes,
    and some repeat another span exactly (which the window would never store twice)."""
    spans: list[dict[str, Any]] = []
    if not text:
        return spans
    for _ in range(draw(st.integers(0, 5))):
        if spans and draw(st.integers(0, 4)) == 0:
            spans.append(dict(draw(st.sampled_from(spans))))
            continue
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.one_of(st.sampled_from(LABELS), st.sampled_from(["DATE", "NOPE"])))
        span: dict[str, Any] = {"start": start, "end": end, "label": label}
        if draw(st.booleans()):
            span["attrs"] = draw(st.dictionaries(st.sampled_from(["type", "best", "x"]), JUNK))
        spans.append(span)
    return spans


@st.composite
def links_for(draw: st.DrawFn, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Links between the spans: of a type the schema may or may not allow between their
    labels, from a span to itself, or repeated."""
    links: list[dict[str, Any]] = []
    if not spans:
        return links
    for _ in range(draw(st.integers(0, 4))):
        if links and draw(st.integers(0, 4)) == 0:
            links.append(dict(draw(st.sampled_from(links))))
            continue
        head, child = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
        link: dict[str, Any] = {
            "head_span": {k: head[k] for k in ("start", "end", "label")},
            "child_span": {k: child[k] for k in ("start", "end", "label")},
            "label": draw(st.one_of(st.sampled_from(RELATIONS), st.just("NOPE"))),
        }
        if draw(st.booleans()):
            link["attrs"] = {"kind": draw(st.sampled_from(["included", "part", "x"]))}
        links.append(link)
    return links


@st.composite
def relations_for(draw: st.DrawFn, spans: list[Any]) -> Any:
    """Relations between the spans, or pointing nowhere, or not relations at all."""
    if draw(st.integers(0, 5)) == 0:
        return draw(JUNK)
    objects = [s for s in spans if isinstance(s, dict)]
    relations: list[Any] = []
    for _ in range(draw(st.integers(0, 3))):
        ends = []
        for _end in range(2):
            if objects and draw(st.booleans()):
                span = draw(st.sampled_from(objects))
                ends.append({k: span.get(k) for k in ("start", "end", "label")})
            else:
                ends.append(
                    draw(
                        st.one_of(
                            st.fixed_dictionaries(
                                {"start": OFFSET, "end": OFFSET, "label": st.sampled_from(LABELS)}
                            ),
                            JUNK,
                        )
                    )
                )
        relation = {"head_span": ends[0], "child_span": ends[1]}
        relation["label"] = draw(st.one_of(st.sampled_from(RELATIONS), JUNK))
        if draw(st.booleans()):
            relation["attrs"] = draw(JUNK)
        relations.append(relation)
    return relations


@st.composite
def jsonl_object(draw: st.DrawFn) -> Any:
    """One line's value: mostly a record, sometimes with wrong types, sometimes not one."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JUNK)
    text = draw(TEXT)
    record: dict[str, Any] = {}
    if draw(st.booleans()):
        # Sound as JSON goes: what is left to judge is the schema's and the window's rules.
        spans = draw(sound_spans_for(text))
        return {
            "text": text,
            "spans": spans,
            "relations": draw(links_for(spans)),
            "_annotator_id": draw(st.sampled_from(["alice", "bob"])),
            "answer": "accept",
        }
    record["text"] = text if draw(st.integers(0, 7)) else draw(JUNK)
    spans = draw(spans_for(text))
    record["spans"] = spans if draw(st.integers(0, 7)) else draw(JUNK)
    optional: dict[str, st.SearchStrategy[Any]] = {
        "meta": st.one_of(
            st.fixed_dictionaries({}, optional={"title": st.one_of(TEXT, JUNK), "x": JUNK}),
            JUNK,
        ),
        "relations": relations_for(spans),
        "fields": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "note": st.one_of(TEXT, JUNK),
                    "stance": JUNK,
                    "nonsense": JUNK,
                },
            ),
            JUNK,
        ),
        "status": st.one_of(st.sampled_from(["todo", "in progress", "done", "skipped"]), JUNK),
        "answer": st.one_of(st.sampled_from(["accept", "reject", "ignore"]), JUNK),
        "_annotator_id": st.one_of(st.sampled_from(["alice", "bob", " "]), TEXT, JUNK),
        "title": st.one_of(TEXT, JUNK),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            record[key] = draw(strategy)
    if "text" in record and draw(st.integers(0, 15)) == 0:
        del record["text"]
    return record


def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return ""  # blank lines are skipped
    if kind == 1:
        # Broken JSON: cut short, or not JSON at all.
        whole = json.dumps(draw(jsonl_object()))
        return draw(st.one_of(st.just(whole[: max(1, len(whole) // 2)]), TEXT.map(repr)))
    value = draw(jsonl_object())
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """A JSONL file: lines as above, in UTF-8 (maybe with a BOM or CRLF) or damaged bytes."""
    lines = [_line(draw) for _ in range(draw(st.integers(0, 4)))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    data = text.encode("utf-8", "surrogatepass")  # ensure_ascii=False may keep lone surrogates
    return _damage(draw, data)


def _damage(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return codecs.BOM_UTF8 + data
    if kind == 1 and data:
        # Invalid UTF-8 or a NUL byte somewhere: the decoder must reject or guess, not crash.
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80", b"\x80\x80"]))
        return data[:at] + junk + data[at:]
    if kind == 2:
        return data[: draw(st.integers(0, len(data)))]  # truncated anywhere, even mid-character
    return data


CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=12
)
_COLUMN = st.text("abcdefghij XYZ", min_size=1, max_size=6).filter(str.strip)


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[bytes, bool, list[list[str]]]:
    """(bytes, whether it has a text column, the data rows written), some rows ragged.

    The column names hold no delimiter, so the reader's guess of the delimiter is right.
    """
    names = draw(st.lists(_COLUMN, min_size=1, max_size=4))
    has_text = draw(st.integers(0, 4)) > 0
    if has_text:
        where = draw(st.integers(0, len(names)))
        names.insert(where, draw(st.sampled_from(["text", "Text", " TEXT "])))
    # A header of one column has no delimiter to guess from: the reader assumes commas.
    delimiter = draw(st.sampled_from([",", ";", "\t"])) if len(names) > 1 else ","
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        width = len(names) + draw(st.sampled_from([0, 0, 0, -1, 1, 2]))
        rows.append([draw(CELL) for _ in range(max(width, 0))])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(names)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
    return data, has_text, rows


@st.composite
def txt_bytes(draw: st.DrawFn) -> bytes:
    """A plain-text article, or an empty or binary file, or damaged UTF-8."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        return draw(st.sampled_from([b"", b" \n\t\r\n", b"\x00" * 10, codecs.BOM_UTF8]))
    text = draw(TEXT)
    return _damage(draw, text.encode("utf-8", "surrogatepass"))
