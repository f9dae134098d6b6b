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

from annotator.ledger.entries import Claim, Figure, Report, Source, count_of


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
    return tuple([name for part in text.split(";") if (name := part.strip())])


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
    # '+annotator_id' keeps the planner on the covering (doc_id, annotator_id) index: a
    # scan of it is several times faster than visiting each span found by annotator.
    for doc_id, who in db.execute(
        "SELECT DISTINCT doc_id, annotator_id FROM doc_states WHERE annotator_id IN "
        f"({','.join('?' * len(chosen))}) UNION SELECT DISTINCT doc_id, annotator_id FROM spans "
        f"WHERE +annotator_id IN ({','.join('?' * len(chosen))})",
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


def read_reports(db: Database, layers: dict[int, int]) -> tuple[dict[int, Report], dict[int, str]]:
    """The documents whose layers are read, as reports (their events from the field of
    that layer), and their texts.

    One scan for both: a document's metadata is stored after its text, so reading it
    walks the text's pages anyway.
    """
    events: dict[int, tuple[str, ...]] = {}
    for doc_id, who, value in db.execute(
        "SELECT doc_id, annotator_id, value FROM doc_fields WHERE name = 'event'"
    ):
        if layers.get(doc_id) == who:
            events[doc_id] = events_of(value)
    reports, texts = {}, {}
    for doc_id, title, text, meta in db.execute("SELECT id, title, text, meta FROM documents"):
        if doc_id not in layers:
            continue
        data = orjson.loads(meta or "{}")
        data = data if isinstance(data, dict) else {}
        reports[doc_id] = Report(
            doc_id, title, outlet_of(data), parse_date(data.get("date")), events.get(doc_id, ())
        )
        texts[doc_id] = text
    return reports, texts


# Figures and claims with their source and the total they are part of, in one pass:
# the relations are found through their index on the head (relations_by_head). Only the
# people whose layers are read: a project's other annotators can hold most of its spans.
# The label comes as a flag (1: a claim): a small int costs nothing to hand to Python.
_ENTRIES = """
SELECT s.id, s.doc_id, s.annotator_id, s.label = 'CLAIM', s.char_start, s.char_end, s.attrs,
       src.id, src.char_start, src.char_end, src.attrs, sub.child, sub.attrs
FROM spans s
LEFT JOIN relations att ON att.head = s.id AND att.label = 'ATTRIBUTED_TO'
LEFT JOIN spans src ON src.id = att.child AND src.label = 'SOURCE'
LEFT JOIN relations sub ON sub.head = s.id AND sub.label = 'SUBSET_OF'
WHERE s.label IN ('CASUALTY', 'CLAIM') AND s.annotator_id IN ({people}){documents}
"""
# One event's documents, found through the index on (doc_id, annotator_id): one parameter
# (a JSON list) however many there are.
_OF_DOCUMENTS = " AND s.doc_id IN (SELECT value FROM json_each(?))"


def read_entries(
    db: Database, layers: dict[int, int], texts: dict[int, str], *, some: bool = False
) -> tuple[list[Figure], list[Claim]]:
    """The figures and claims of the layers read, each with its source.

    ``some``: ``layers`` names a few of the project's documents (one event's), which are
    looked up rather than the whole project read. The ledger's hot loop otherwise (70,000
    entries for 10,000 articles): one pass over one query, each SOURCE made once however
    many entries name it, no calls but the constructors.
    """
    people = sorted(set(layers.values()))
    query = _ENTRIES.format(
        people=",".join("?" * len(people)), documents=_OF_DOCUMENTS if some else ""
    )
    values: list[object] = [*people, *([orjson.dumps(sorted(layers)).decode()] if some else [])]
    sources: dict[int, Source] = {}
    figures: list[Figure] = []
    claims: list[Claim] = []
    last = None
    loads = orjson.loads
    rows = db.execute(query, values)
    for span_id, doc_id, who, is_claim, start, end, attrs, sid, s0, s1, sa, total, part in rows:
        if span_id == last or layers.get(doc_id) != who:
            continue  # a second source or total (the join's rows come together): first kept
        last = span_id
        text = texts[doc_id]
        source = None
        if sid is not None:
            source = sources.get(sid)
            if source is None:
                source = sources[sid] = Source(text[s0:s1], loads(sa).get("kind"))
        get = loads(attrs).get
        if is_claim:
            claims.append(
                Claim(doc_id, span_id, start, end, text, get("type"), get("modality"), source)
            )
            continue
        low, best, high = get("min"), get("best"), get("max")
        figures.append(
            Figure(
                doc_id,
                span_id,
                start,
                end,
                text,
                get("outcome"),
                get("victims"),
                low,
                best,
                high,
                get("qualifier"),
                get("scope"),
                source,
                count_of(best, low, high),
                total,
                None if part is None else loads(part).get("kind"),
            )
        )
    return figures, claims


def by_document(items: list[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.doc_id].append(item)
    return grouped
