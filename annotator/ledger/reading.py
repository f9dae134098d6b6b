"""What the ledger reads from a project: reports (documents with outlet, date and events),
casualty figures and claims with their sources, from gold where a reviewer made it and
from one chosen annotator's layer elsewhere. A few bulk queries, whatever the corpus size:
10,000 annotated articles are read in about a second."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import orjson
from sqlite_utils import Database

from annotator.ledger.entries import Claim, Figure, Report, Source


class LedgerError(ValueError):
    """The ledger cannot be built as asked (no such annotator, several to choose from)."""


def parse_date(value: object) -> dt.date | None:
    """A report's date from its metadata: ISO dates and date-times; anything else is None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def outlet_of(meta: dict[str, Any]) -> str:
    """Who published it: ``outlet``, else the site (web pages), else ``source``."""
    for key in ("outlet", "site", "site_name", "source"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def events_of(value: str | None) -> tuple[str, ...]:
    """The events a document's ``event`` field names (several separated by ';')."""
    if not value:
        return ()
    try:
        text = orjson.loads(value)
    except orjson.JSONDecodeError:
        return ()
    if not isinstance(text, str):
        return ()
    return tuple(part.strip() for part in text.split(";") if part.strip())


def choose_layers(db: Database, annotator: str | None) -> dict[int, int]:
    """Document id -> the annotator id whose layer the ledger reads for it.

    Gold where the reviewer worked on the document; elsewhere the named annotator, or the
    project's only one. Several annotators and no name: ``LedgerError`` naming them.
    """
    # People who did something: someone who only opened the project is no choice to make.
    people = db.execute(
        "SELECT a.id, a.name FROM annotators a WHERE a.kind = 'human' AND ("
        "EXISTS (SELECT 1 FROM spans s WHERE s.annotator_id = a.id) OR "
        "EXISTS (SELECT 1 FROM doc_fields f WHERE f.annotator_id = a.id) OR "
        "EXISTS (SELECT 1 FROM doc_states d WHERE d.annotator_id = a.id AND d.status <> 'todo'))"
    ).fetchall()
    if annotator is not None:
        chosen = [int(i) for i, name in people if name == annotator]
        if not chosen:
            names = ", ".join(sorted({str(n) for _i, n in people})) or "none"
            raise LedgerError(f"no annotator {annotator!r} in this project (there are: {names})")
    elif len({n for _i, n in people}) > 1:
        names = ", ".join(sorted({str(n) for _i, n in people}))
        raise LedgerError(f"say whose work the ledger reads (--annotator): {names}")
    else:
        chosen = [int(i) for i, _n in people]
    layers: dict[int, int] = {}
    for doc_id, who in db.execute(
        "SELECT DISTINCT doc_id, annotator_id FROM doc_states WHERE annotator_id IN "
        f"({','.join('?' * len(chosen))}) UNION SELECT DISTINCT doc_id, annotator_id FROM spans "
        f"WHERE annotator_id IN ({','.join('?' * len(chosen))})",
        [*chosen, *chosen],
    ):
        layers[int(doc_id)] = int(who)
    for doc_id, who in db.execute(
        "SELECT DISTINCT s.doc_id, s.annotator_id FROM doc_states s JOIN annotators a "
        "ON a.id = s.annotator_id WHERE a.kind = 'gold' AND s.status <> 'todo' "
        "UNION SELECT DISTINCT s.doc_id, s.annotator_id FROM spans s JOIN annotators a "
        "ON a.id = s.annotator_id WHERE a.kind = 'gold'"
    ):
        layers[int(doc_id)] = int(who)  # the reviewer's word wins
    return layers


def read_reports(db: Database, layers: dict[int, int]) -> dict[int, Report]:
    """Every document as a report (its events from the field of the layer read for it)."""
    events: dict[int, tuple[str, ...]] = {}
    for doc_id, who, value in db.execute(
        "SELECT doc_id, annotator_id, value FROM doc_fields WHERE name = 'event'"
    ):
        if layers.get(int(doc_id)) == int(who):
            events[int(doc_id)] = events_of(value)
    reports = {}
    for doc_id, title, meta in db.execute("SELECT id, title, meta FROM documents"):
        data = orjson.loads(meta or "{}")
        data = data if isinstance(data, dict) else {}
        reports[int(doc_id)] = Report(
            int(doc_id),
            str(title),
            outlet_of(data),
            parse_date(data.get("date")),
            events.get(int(doc_id), ()),
        )
    return reports


def _texts(db: Database, doc_ids: set[int]) -> dict[int, str]:
    return {i: t for i, t in db.execute("SELECT id, text FROM documents") if i in doc_ids}


# Figures and claims with their source and the total they are part of, in one pass:
# the relations are found through their index on the head (relations_by_head).
_ENTRIES = """
SELECT s.id, s.doc_id, s.annotator_id, s.label, s.char_start, s.char_end, s.attrs,
       src.id, src.char_start, src.char_end, src.attrs, sub.child, sub.attrs
FROM spans s
LEFT JOIN relations att ON att.head = s.id AND att.label = 'ATTRIBUTED_TO'
LEFT JOIN spans src ON src.id = att.child AND src.label = 'SOURCE'
LEFT JOIN relations sub ON sub.head = s.id AND sub.label = 'SUBSET_OF'
WHERE s.label IN ('CASUALTY', 'CLAIM')
"""


def read_entries(db: Database, layers: dict[int, int]) -> tuple[list[Figure], list[Claim]]:
    """The figures and claims of the layers read, each with its source."""
    rows = [r for r in db.execute(_ENTRIES) if layers.get(r[1]) == r[2]]
    texts = _texts(db, {r[1] for r in rows})
    sources: dict[int, Source] = {}
    figures, claims, seen = [], [], set()
    for (
        span_id,
        doc_id,
        _who,
        label,
        start,
        end,
        attrs,
        source_id,
        source_start,
        source_end,
        source_attrs,
        total,
        part,
    ) in rows:
        if span_id in seen:
            continue  # a second source or total: the first is kept
        seen.add(span_id)
        text = texts[doc_id]
        source = None
        if source_id is not None:
            source = sources.get(source_id)
            if source is None:
                source = sources[source_id] = Source(
                    text[source_start:source_end], orjson.loads(source_attrs).get("kind")
                )
        values: dict[str, Any] = orjson.loads(attrs)
        if label == "CASUALTY":
            figures.append(
                Figure(
                    doc_id,
                    span_id,
                    start,
                    end,
                    text,
                    values.get("outcome"),
                    values.get("victims"),
                    values.get("min"),
                    values.get("best"),
                    values.get("max"),
                    values.get("qualifier"),
                    values.get("scope"),
                    source,
                    total,
                    None if part is None else orjson.loads(part).get("kind"),
                )
            )
        else:
            claims.append(
                Claim(
                    doc_id,
                    span_id,
                    start,
                    end,
                    text,
                    values.get("type"),
                    values.get("modality"),
                    source,
                )
            )
    return figures, claims


def by_document(items: list[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.doc_id].append(item)
    return grouped
