"""The JSONL export: one document per line, Prodigy-compatible where the concepts match.

The ``tokens`` are the project's stored tokens, the same as the CoNLL token lines and
the DocBin's words; a relation's ``head_span`` and ``child_span`` carry ``start``,
``end``, ``token_start``, ``token_end`` (inclusive) and ``label``, as Prodigy's do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import IO, Any

from annotator.core.exported import ExportDoc
from annotator.formats.records import doc_record, write_line
from annotator.formats.write_report import WriteReport

_ANSWERS = {"done": "accept"}  # every other status: "ignore", as Prodigy skips a task
#: What a relation's ``head_span`` and ``child_span`` repeat of the span, as in Prodigy.
_SPAN_END = ("start", "end", "token_start", "token_end", "label")


def _hash(value: str) -> int:
    """A stable 31-bit hash (Prodigy's hashes are 32-bit ints; Python's hash() is salted)."""
    return int(hashlib.sha1(value.encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF


def jsonl_record(doc: ExportDoc, *, tokens: bool = True) -> dict[str, Any]:
    """The record for one document: text, meta, tokens, spans, relations, fields, status.

    ``tokens=False`` leaves the ``tokens`` list out (most of a record's size); the spans
    keep their ``token_start`` / ``token_end``, which count the same stored tokens.
    """
    input_hash = _hash(doc.text)
    task = json.dumps(
        [
            input_hash,
            [(s.start, s.end, s.label) for s in doc.spans],
            [(r.head, r.child, r.label) for r in doc.relations],
        ],
    )
    record = doc_record(
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
    spans = record["spans"]
    for relation, written in zip(doc.relations, record["relations"], strict=True):
        # Prodigy's relations format: each end repeats its span with its token indices.
        written["head_span"] = {key: spans[relation.head][key] for key in _SPAN_END}
        written["child_span"] = {key: spans[relation.child][key] for key in _SPAN_END}
    if not tokens:
        del record["tokens"]
    return record


def write_jsonl(docs: Iterable[ExportDoc], out: IO[str], *, tokens: bool = True) -> WriteReport:
    """Write one line per document as it comes: the corpus is never held in memory.

    ``tokens=False`` writes the records without their ``tokens`` (see ``jsonl_record``).
    """
    report = WriteReport()
    for doc in docs:
        write_line(out, jsonl_record(doc, tokens=tokens))
        report.documents += 1
    return report
