"""One document as a Prodigy-style JSONL record: text, tokens, spans, relations.

Shared by ``annotator suggest`` and the JSONL export, so that suggesters can be scored
with the same scripts as annotations.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from annotator.core.model import Relation, Span, Token
from annotator.core.tokens import TokenIndex


def _span_record(span: Span, index: TokenIndex) -> dict[str, Any]:
    first, last = index.token_range(span.start, span.end)
    return {
        "start": span.start,
        "end": span.end,
        "token_start": first,
        "token_end": last,
        "label": span.label,
        "layer": span.layer,
        "attrs": span.attrs,
    }


def _token_records(text: str, tokens: Sequence[Token]) -> list[dict[str, Any]]:
    # The hottest loop of an export: one dict per token, nothing else.
    padded = text + " "
    return [
        {
            "text": text[t.start : t.end],
            "start": t.start,
            "end": t.end,
            "id": i,
            "ws": padded[t.end].isspace() and t.end < len(text),
        }
        for i, t in enumerate(tokens)
    ]


def doc_record(
    text: str,
    meta: dict[str, Any],
    tokens: Sequence[Token],
    spans: Sequence[Span],
    relations: Iterable[Relation],
    **extra: Any,
) -> dict[str, Any]:
    """The record; relations' ``head``/``child`` are positions in ``spans``.

    As in Prodigy, a relation's ``head`` and ``child`` are token indices (the first token
    of each span) and ``head_span``/``child_span`` repeat the spans.
    """
    index = TokenIndex(tokens)
    span_records = [_span_record(s, index) for s in spans]
    record: dict[str, Any] = {
        "text": text,
        "meta": meta,
        "tokens": [
            {
                "text": text[t.start : t.end],
                "start": t.start,
                "end": t.end,
                "id": i,
                "ws": t.end < len(text) and text[t.end].isspace(),
            }
            for i, t in enumerate(tokens)
        ],
        "spans": span_records,
        "relations": [
            {
                "head": span_records[r.head]["token_start"],
                "child": span_records[r.child]["token_start"],
                "head_span": {k: span_records[r.head][k] for k in ("start", "end", "label")},
                "child_span": {k: span_records[r.child][k] for k in ("start", "end", "label")},
                "label": r.label,
                "attrs": r.attrs,
            }
            for r in relations
        ],
    }
    record.update(extra)
    return record


def temporary_beside(path: Path) -> Path:
    """A new empty file in ``path``'s folder under a hidden name of its own.

    Unlike ``tempfile.mkstemp`` (always 0600) it gets the permissions any new file gets,
    so an export renamed into place can be read by whoever could read one written directly.
    """
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temporary


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Write a text file under a temporary name and rename it into place at the end.

    A failure or a cancel (an exception) leaves no partial file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_beside(path)
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_line(out: IO[str], record: dict[str, Any]) -> None:
    """One record as one line of JSON."""
    try:
        line = orjson.dumps(record).decode("utf-8")
    except TypeError:  # what orjson refuses (integers past 64 bits in meta, say)
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    out.write(line)
    out.write("\n")
