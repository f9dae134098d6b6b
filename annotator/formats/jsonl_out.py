"""The JSONL export: one document per line, Prodigy-compatible where the concepts match."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import IO, Any

from annotator.core.exported import ExportDoc
from annotator.formats.records import doc_record, write_line
from annotator.formats.report import WriteReport

_ANSWERS = {"done": "accept"}  # every other status: "ignore", as Prodigy skips a task


def _hash(value: str) -> int:
    """A stable 31-bit hash (Prodigy's hashes are 32-bit ints; Python's hash() is salted)."""
    return int(hashlib.sha1(value.encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF


def jsonl_record(doc: ExportDoc) -> dict[str, Any]:
    """The record for one document: text, meta, tokens, spans, relations, fields, status."""
    input_hash = _hash(doc.text)
    task = json.dumps(
        [
            input_hash,
            [(s.start, s.end, s.label) for s in doc.spans],
            [(r.head, r.child, r.label) for r in doc.relations],
        ],
    )
    return doc_record(
        doc.text,
        {**doc.meta, "title": doc.title},
        doc.tokens,
        doc.spans,
        doc.relations,
        _input_hash=input_hash,
        _task_hash=_hash(task),
        answer=_ANSWERS.get(doc.status, "ignore"),
        _annotator_id=doc.annotator,
        status=doc.status,
        fields=doc.fields,
    )


def write_jsonl(docs: Iterable[ExportDoc], out: IO[str]) -> WriteReport:
    """Write one line per document as it comes: the corpus is never held in memory."""
    report = WriteReport()
    for doc in docs:
        write_line(out, jsonl_record(doc))
        report.documents += 1
    return report
