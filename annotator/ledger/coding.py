"""The coded summary of an event, as conflict datasets code a toll: low / best / high.

Reports often give separate figures for separate victims ("145 militants", "at least 12
civilians"). So each outcome is coded per victims category (civilian, armed group,
security forces), from each report's largest figure of that category that is no part of
another figure, and the categories are added up; a figure of mixed or unknown victims
stands for the whole toll, and the larger of the two sides is taken. Within a category,
low is the lowest minimum (or count), high the highest maximum (or count), and best
follows the rule chosen:

- ``acled``: the most conservative report, the lowest count (ACLED codes the lowest
  credible fatality figure when reports differ).
- ``ucdp``: the median of each source's latest count (UCDP's best estimate weighs the
  reports it finds most reliable; without a judgement of reliability, the middle of the
  sources' final word is what can be computed, and the rule says so).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from annotator.ledger.checks import source_name
from annotator.ledger.entries import Figure

RULES = {
    "acled": "per victims category the most conservative report (the lowest count), as "
    "ACLED codes fatalities, added up; low = lowest minimums, high = highest maximums",
    "ucdp": "per victims category the median of each source's latest count (UCDP's best "
    "estimate, without a judgement of reliability), added up; low = lowest minimums, "
    "high = highest maximums",
}
OUTCOMES = {"deaths": "killed", "injuries": "injured"}
CATEGORIES = ("civilian", "armed group", "security forces")  # disjoint: they add up


@dataclass
class Coded:
    """One outcome's low / best / high with the reports behind each number."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    sources: int = 0
    reports: dict[str, list[int]] = field(default_factory=dict)  # number -> document ids

    def as_json(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "sources": self.sources,
            "reports": self.reports,
        }


def _low(f: Figure) -> int:
    return f.low if isinstance(f.low, int) else f.count or 0


def _high(f: Figure) -> int:
    return f.high if isinstance(f.high, int) else f.count or 0


def _tolls(figures: list[Figure]) -> dict[tuple[str, int, str], Figure]:
    """(outcome, report, category) -> the report's largest figure of that outcome and
    category that is no part of another (one pass for every outcome coded)."""
    tolls: dict[tuple[str, int, str], Figure] = {}
    for figure in figures:
        value, outcome = figure.count, figure.outcome
        if outcome not in _CODED or figure.part_of is not None or value is None:
            continue
        victims = figure.victims
        key = (outcome, figure.doc_id, victims if victims in CATEGORIES else "all")
        held = tolls.get(key)
        if held is None or value > (held.count or 0):
            tolls[key] = figure
    return tolls


def _category(tolls: list[Figure], rule: str) -> Coded:
    lows = [(_low(f), f.doc_id) for f in tolls]
    highs = [(_high(f), f.doc_id) for f in tolls]
    low, high = min(lows)[0], max(highs)[0]
    if rule == "acled":
        best = min(f.count or 0 for f in tolls)
    else:
        latest: dict[str, Figure] = {}
        for f in tolls:  # in report order: the last one kept is the latest
            latest[source_name(f)] = f
        best = round(statistics.median([f.count or 0 for f in latest.values()]))
    return Coded(
        low,
        best,
        high,
        len({source_name(f) for f in tolls}),
        {
            "low": sorted({doc for value, doc in lows if value == low}),
            "best": sorted({f.doc_id for f in tolls if f.count == best}),
            "high": sorted({doc for value, doc in highs if value == high}),
        },
    )


def _added(parts: list[Coded]) -> Coded:
    return Coded(
        sum(p.low or 0 for p in parts),
        sum(p.best or 0 for p in parts),
        sum(p.high or 0 for p in parts),
        sum(p.sources for p in parts),
        {k: sorted({d for p in parts for d in p.reports[k]}) for k in ("low", "best", "high")},
    )


def code_outcome(by_category: dict[str, list[Figure]], rule: str) -> Coded:
    """Low / best / high of one outcome from its tolls per victims category."""
    if not by_category:
        return Coded()
    parts = [_category(by_category[c], rule) for c in CATEGORIES if c in by_category]
    whole = _category(by_category["all"], rule) if "all" in by_category else None
    added = _added(parts) if parts else None
    sides = [side for side in (added, whole) if side is not None]
    coded = Coded(sources=len({source_name(f) for fs in by_category.values() for f in fs}))
    for number in ("low", "best", "high"):
        side = max(sides, key=lambda c: getattr(c, number) or 0)
        setattr(coded, number, getattr(side, number))
        coded.reports[number] = side.reports[number]
    return coded


def coded_summary(figures: list[Figure], rule: str) -> dict[str, Coded]:
    """Deaths and injuries of one event (figures in report order), coded by ``rule``."""
    if rule not in RULES:
        raise ValueError(f"no coding rule {rule!r}: use {' or '.join(RULES)}")
    categories: dict[str, dict[str, list[Figure]]] = {outcome: {} for outcome in _CODED}
    for (outcome, _doc, category), figure in _tolls(figures).items():
        categories[outcome].setdefault(category, []).append(figure)
    return {name: code_outcome(categories[outcome], rule) for name, outcome in OUTCOMES.items()}


_CODED = frozenset(OUTCOMES.values())
