"""What the ledger reads from a project: reports (documents with outlet, date and events),
casualty figures and claims with their sources, from gold where a reviewer made it and
from one chosen annotator's layer elsewhere. A few bulk queries, whatever the corpus size:
10,000 annotated articles are read in about a second."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import orjson
from sqlite_utils import Database

CONTEXT = 240  # characters read either side of a span, to cut its sentence from


class LedgerError(ValueError):
    """The ledger cannot be built as asked (no such annotator, several to choose from)."""


@dataclass(frozen=True)
class Report:
    """One article as a report: who published it, when, and about which events."""

    doc_id: int
    title: str
    outlet: str
    date: dt.date | None
    events: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    text: str
    kind: str | None


@dataclass(frozen=True)
class Figure:
    """A casualty figure as one report gives it."""

    doc_id: int
    span_id: int
    start: int
    end: int
    text: str
    sentence: str
    outcome: str | None
    victims: str | None
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    scope: str | None
    source: Source | None
    part_of: int | None = None  # the span id of the total it is a part of (SUBSET_OF)
    part_kind: str | None = None  # 'part' (parts add up) or 'included' (named inside)


@dataclass(frozen=True)
class Claim:
    doc_id: int
    span_id: int
    start: int
    end: int
    text: str
    sentence: str
    type: str | None
    modality: str | None
    source: Source | None


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
    people = db.execute("SELECT id, name FROM annotators WHERE kind = 'human'").fetchall()
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


def _sentence(context: str, offset: int, length: int) -> str:
    """The sentence around ``context[offset:offset + length]``: cut at the nearest stops."""
    before = max(context.rfind(stop, 0, offset) for stop in (". ", "\n", "? ", "! "))
    after = [
        i for stop in (". ", "\n", "? ", "! ") if (i := context.find(stop, offset + length)) >= 0
    ]
    end = min(after) + 1 if after else len(context)
    return context[before + 1 if before >= 0 else 0 : end].strip()


_SPANS = """
SELECT s.id, s.doc_id, s.annotator_id, s.label, s.char_start, s.char_end, s.attrs,
       substr(d.text, s.char_start + 1, s.char_end - s.char_start),
       substr(d.text, max(1, s.char_start + 1 - ?), s.char_end - s.char_start + 2 * ?),
       min(s.char_start, ?)
FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.label IN ('CASUALTY', 'CLAIM', 'SOURCE')
"""


def read_entries(db: Database, layers: dict[int, int]) -> tuple[list[Figure], list[Claim]]:
    """The figures and claims of the layers read, each with its source."""
    rows = [
        r
        for r in db.execute(_SPANS, [CONTEXT, CONTEXT, CONTEXT])
        if layers.get(int(r[1])) == int(r[2])
    ]
    sources: dict[int, Source] = {}
    for r in rows:
        if r[3] == "SOURCE":
            sources[int(r[0])] = Source(str(r[7]), orjson.loads(r[6]).get("kind"))
    attributed: dict[int, Source] = {}
    parts: dict[int, tuple[int, str | None]] = {}
    wanted = {int(r[0]) for r in rows}
    for label, head, child, attrs in db.execute(
        "SELECT label, head, child, attrs FROM relations "
        "WHERE label IN ('ATTRIBUTED_TO', 'SUBSET_OF')"
    ):
        if head not in wanted:
            continue
        if label == "ATTRIBUTED_TO" and child in sources:
            attributed[int(head)] = sources[int(child)]
        elif label == "SUBSET_OF":
            parts[int(head)] = (int(child), orjson.loads(attrs).get("kind"))
    figures, claims = [], []
    for span_id, doc_id, _who, label, start, end, attrs, text, context, lead in rows:
        values: dict[str, Any] = orjson.loads(attrs)
        sentence = _sentence(context, int(lead), int(end) - int(start))
        if label == "CASUALTY":
            part_of, part_kind = parts.get(int(span_id), (None, None))
            figures.append(
                Figure(
                    int(doc_id),
                    int(span_id),
                    int(start),
                    int(end),
                    str(text),
                    sentence,
                    values.get("outcome"),
                    values.get("victims"),
                    values.get("min"),
                    values.get("best"),
                    values.get("max"),
                    values.get("qualifier"),
                    values.get("scope"),
                    attributed.get(int(span_id)),
                    part_of,
                    part_kind,
                )
            )
        elif label == "CLAIM":
            claims.append(
                Claim(
                    int(doc_id),
                    int(span_id),
                    int(start),
                    int(end),
                    str(text),
                    sentence,
                    values.get("type"),
                    values.get("modality"),
                    attributed.get(int(span_id)),
                )
            )
    return figures, claims


def by_document(items: list[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.doc_id].append(item)
    return grouped
