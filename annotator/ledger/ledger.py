"""The claims ledger: per event, every report's figures and claims, side by side.

``build_ledger`` reads the project once and returns events with their reports (outlet,
date; undated last, flagged), figures grouped by outcome and victims, claims, the
disagreements between accounts, the toll's movement over time per source kind, and the
coded summary. ``as_json`` is the versioned shape `annotator ledger --json` prints.
"""

from __future__ import annotations

import csv
import gc
import io
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlite_utils import Database

from annotator.ledger.checks import Disagreement, disagreements
from annotator.ledger.coding import RULES, Coded, coded_summary
from annotator.ledger.entries import Claim, Figure, Report, Source
from annotator.ledger.reading import by_document, choose_layers, read_entries, read_reports

VERSION = 1
NO_EVENT = "(no event)"


@dataclass
class Event:
    name: str
    reports: list[Report]
    figures: list[Figure]
    claims: list[Claim]
    disagreements: list[Disagreement] = field(default_factory=list)
    summary: dict[str, Coded] = field(default_factory=dict)

    def groups(self) -> dict[tuple[str | None, str | None], list[Figure]]:
        """Figures by (outcome, victims), each group in report order."""
        order = {r.doc_id: n for n, r in enumerate(self.reports)}
        grouped: dict[tuple[str | None, str | None], list[Figure]] = defaultdict(list)
        for figure in sorted(self.figures, key=lambda f: (order[f.doc_id], f.start)):
            grouped[(figure.outcome, figure.victims)].append(figure)
        return dict(grouped)

    def timeline(self) -> dict[str, list[tuple[str, int]]]:
        """Per source kind: (report date, count) of each dated toll figure, in date order."""
        lines: dict[str, list[tuple[str, int]]] = defaultdict(list)
        dates = {r.doc_id: r.date for r in self.reports}
        for figure in self.figures:
            value, date = figure.count, dates[figure.doc_id]
            if figure.part_of is None and value is not None and date is not None:
                kind = (figure.source.kind if figure.source else None) or "unattributed"
                lines[kind].append((date.isoformat(), value))
        return {kind: sorted(points) for kind, points in sorted(lines.items())}


@dataclass
class Ledger:
    rule: str
    events: list[Event]


def _report_order(report: Report) -> tuple[bool, str, int]:
    return (report.date is None, report.date.isoformat() if report.date else "", report.doc_id)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while the ledger's records are made.

    A large ledger allocates a few hundred thousand objects that all live on; the
    collector, triggered by allocation counts, would walk them again and again and find
    nothing to free (the records hold no cycles): a quarter of the build's time at 10,000
    articles. Paused as Mercurial pauses it around its large loads; at the end the new
    objects go straight to the oldest generation (freeze, then unfreeze) rather than being
    walked once more by the first collection after the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def build_ledger(
    db: Database, *, event: str | None = None, annotator: str | None = None, rule: str = "acled"
) -> Ledger:
    """The ledger of the project (or of one event), reading gold where there is gold."""
    if rule not in RULES:
        raise ValueError(f"no coding rule {rule!r}: use {' or '.join(RULES)}")
    with _collector_paused():
        return _build(db, event, annotator, rule)


def _build(db: Database, event: str | None, annotator: str | None, rule: str) -> Ledger:
    layers = choose_layers(db, annotator)
    reports, texts = read_reports(db, layers)
    if event is not None:  # its documents only: 0.2 s instead of 1.6 s at 10,000 articles
        reports = {i: r for i, r in reports.items() if event in (r.events or (NO_EVENT,))}
        layers = {i: who for i, who in layers.items() if i in reports}
    figures, claims = read_entries(db, layers, texts, some=event is not None)
    figures_of, claims_of = by_document(figures), by_document(claims)
    members: dict[str, list[Report]] = defaultdict(list)
    for report in reports.values():
        for name in report.events or (NO_EVENT,):
            members[name].append(report)
    events = []
    for name in sorted(members, key=lambda n: (n == NO_EVENT, n.lower())):
        if event is not None and name != event:
            continue
        chosen = sorted(members[name], key=_report_order)
        found = Event(
            name,
            chosen,
            [f for r in chosen for f in figures_of.get(r.doc_id, [])],
            [c for r in chosen for c in claims_of.get(r.doc_id, [])],
        )
        found.disagreements = disagreements(found.figures, found.claims)
        found.summary = coded_summary(found.figures, rule)
        events.append(found)
    return Ledger(rule, events)


def _source(source: Source | None) -> dict[str, Any] | None:
    return None if source is None else {"text": source.text, "kind": source.kind}


def _figure(f: Figure) -> dict[str, Any]:
    return {
        "doc_id": f.doc_id,
        "span_id": f.span_id,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "sentence": f.sentence,
        "outcome": f.outcome,
        "victims": f.victims,
        "min": f.low,
        "best": f.best,
        "max": f.high,
        "qualifier": f.qualifier,
        "scope": f.scope,
        "source": _source(f.source),
        "part_of": f.part_of,
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "doc_id": c.doc_id,
        "span_id": c.span_id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "sentence": c.sentence,
        "type": c.type,
        "modality": c.modality,
        "source": _source(c.source),
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "event": event.name,
        "documents": [
            {
                "doc_id": r.doc_id,
                "title": r.title,
                "outlet": r.outlet,
                "date": r.date.isoformat() if r.date else None,
                "undated": r.date is None,
            }
            for r in event.reports
        ],
        "figures": [_figure(f) for f in event.figures],
        "claims": [_claim(c) for c in event.claims],
        "disagreements": [
            {
                "kind": d.kind,
                "outcome": d.outcome,
                "victims": d.victims,
                "message": d.message,
                "spans": list(d.spans),
            }
            for d in event.disagreements
        ],
        "timeline": {kind: [list(p) for p in points] for kind, points in event.timeline().items()},
        "summary": {name: coded.as_json() for name, coded in event.summary.items()},
    }


def as_json(ledger: Ledger) -> dict[str, Any]:
    """The ledger as `annotator ledger --json` prints it (shape version 1, README)."""
    return {
        "version": VERSION,
        "rule": {"name": ledger.rule, "text": RULES[ledger.rule]},
        "events": [event_json(e) for e in ledger.events],
    }


def json_text(ledger: Ledger) -> str:
    """The ledger's JSON as printed and exported: indented by two, UTF-8 as it is.

    ``json.dumps(indent=2, ensure_ascii=False)``, byte for byte, but orjson: the standard
    encoder falls back to pure Python when it indents (40 s for 10,000 articles here).
    """
    return orjson.dumps(as_json(ledger), option=orjson.OPT_INDENT_2).decode() + "\n"


ENTRY_COLUMNS = (
    "event",
    "entry",
    "outlet",
    "date",
    "doc_id",
    "start",
    "end",
    "text",
    "outcome",
    "victims",
    "min",
    "best",
    "max",
    "qualifier",
    "claim_type",
    "modality",
    "source",
    "source_kind",
    "disagreements",
)
SUMMARY_COLUMNS = (
    "event",
    "outcome",
    "low",
    "best",
    "high",
    "sources",
    "rule",
    "low_reports",
    "best_reports",
    "high_reports",
)


def _entry_row(
    event: Event, entry: Figure | Claim, report: Report, flags: set[str]
) -> dict[str, Any]:
    """The columns a figure and a claim share (the others are left empty)."""
    source = entry.source
    return {
        "event": event.name,
        "outlet": report.outlet,
        "date": report.date or "",
        "doc_id": entry.doc_id,
        "start": entry.start,
        "end": entry.end,
        "text": entry.text,
        "source": source.text if source else "",
        "source_kind": (source.kind if source else None) or "",
        "disagreements": "; ".join(sorted(flags)),
    }


def entries_csv(ledger: Ledger) -> str:
    """One row per figure and claim, with the disagreements that name it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ENTRY_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for event in ledger.events:
        flags: dict[int, set[str]] = defaultdict(set)
        for d in event.disagreements:
            for span in d.spans:
                flags[span].add(d.kind)
        reports = {r.doc_id: r for r in event.reports}
        for f in event.figures:
            row = _entry_row(event, f, reports[f.doc_id], flags[f.span_id])
            writer.writerow(
                row
                | {
                    "entry": "figure",
                    "outcome": f.outcome or "",
                    "victims": f.victims or "",
                    "min": _n(f.low),
                    "best": _n(f.best),
                    "max": _n(f.high),
                    "qualifier": f.qualifier or "",
                }
            )
        for c in event.claims:
            row = _entry_row(event, c, reports[c.doc_id], flags[c.span_id])
            writer.writerow(
                row | {"entry": "claim", "claim_type": c.type or "", "modality": c.modality or ""}
            )
    return out.getvalue()


def summary_csv(ledger: Ledger) -> str:
    """The coded summary: one row per event and outcome (deaths, injuries)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for event in ledger.events:
        for name, coded in event.summary.items():
            writer.writerow(
                [
                    event.name,
                    name,
                    _n(coded.low),
                    _n(coded.best),
                    _n(coded.high),
                    coded.sources,
                    ledger.rule,
                    *(
                        " ".join(map(str, coded.reports.get(k, [])))
                        for k in ("low", "best", "high")
                    ),
                ]
            )
    return out.getvalue()


def _n(value: int | None) -> str:
    return "" if value is None else str(value)
