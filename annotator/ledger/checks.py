"""Where the accounts of one event differ: the ledger's disagreements.

- ``counts differ``: two sources give different counts for the same outcome and victims.
- ``revised``: one source's count for the same outcome and victims moved between reports.
- ``parts do not add up``: figures linked as parts (SUBSET_OF, kind part) of a total in
  one article sum to something else; a figure named inside a total (kind included) is
  larger than it.
- ``parts exceed the total``: across the event's reports, separate incident figures of an
  outcome add up to more than the largest cumulative toll any report gives.
- ``denied``: a source denies a claim (a CLAIM whose modality is denied).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.ledger.entries import Claim, Figure


@dataclass(frozen=True)
class Disagreement:
    kind: str
    outcome: str | None
    victims: str | None
    message: str
    spans: tuple[int, ...] = field(default=())  # the figures' or claims' span ids


def count_of(figure: Figure) -> int | None:
    """The single number a figure stands for: its best, else its low, else its high."""
    return figure.count


def source_name(figure: Figure | Claim) -> str:
    """The source as grouped: "The chief minister" and "the chief minister" are one."""
    return "(no source)" if figure.source is None else figure.source.key


def source_text(figure: Figure | Claim) -> str:
    """The source as the article words it, for messages."""
    return figure.source.text if figure.source is not None else "(no source)"


def _counts_differ(
    group: list[Figure], outcome: str | None, victims: str | None
) -> list[Disagreement]:
    """Sources whose latest counts differ (a source's own changes are revisions)."""
    latest: dict[str, Figure] = {}
    for figure in group:  # in report order: the last one kept is the latest
        if figure.count is not None and figure.part_of is None:
            latest[source_name(figure)] = figure
    counts = {f.count for f in latest.values()}
    if len(latest) < 2 or len(counts) < 2:
        return []
    said = "; ".join(f"{source_text(f)}: {f.count}" for _name, f in sorted(latest.items()))
    return [
        Disagreement(
            "counts differ",
            outcome,
            victims,
            f"sources give different counts ({said})",
            tuple(f.span_id for f in latest.values()),
        )
    ]


def _revisions(group: list[Figure], outcome: str | None, victims: str | None) -> list[Disagreement]:
    found = []
    by_source: dict[str, list[Figure]] = defaultdict(list)
    for figure in group:
        if figure.part_of is None and figure.count is not None and figure.source is not None:
            by_source[source_name(figure)].append(figure)
    for _name, dated in sorted(by_source.items()):
        counts = [f.count for f in dated]
        if len(set(counts)) > 1:
            moves = " → ".join(str(c) for c in counts)
            found.append(
                Disagreement(
                    "revised",
                    outcome,
                    victims,
                    f"{source_text(dated[0])} revised the count: {moves}",
                    tuple(f.span_id for f in dated),
                )
            )
    return found


def _parts_in_articles(figures: list[Figure]) -> list[Disagreement]:
    by_id = {f.span_id: f for f in figures}
    parts: dict[int, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.part_of is not None and figure.part_of in by_id:
            parts[figure.part_of].append(figure)
    found = []
    for total_id, children in parts.items():
        total = by_id[total_id]
        whole = total.count
        if whole is None:
            continue
        summed = [c for c in children if c.part_kind == "part" and c.count is not None]
        if summed and sum(c.count or 0 for c in summed) != whole:
            added = " + ".join(str(c.count) for c in summed)
            found.append(
                Disagreement(
                    "parts do not add up",
                    total.outcome,
                    total.victims,
                    f"{added} = {sum(c.count or 0 for c in summed)}, but the total is {whole}",
                    (total_id, *(c.span_id for c in summed)),
                )
            )
        for child in children:
            value = child.count
            if child.part_kind != "part" and value is not None and value > whole:
                found.append(
                    Disagreement(
                        "parts do not add up",
                        total.outcome,
                        total.victims,
                        f"{value} named inside a total of {whole}",
                        (total_id, child.span_id),
                    )
                )
    return found


def _parts_across(figures: list[Figure]) -> list[Disagreement]:
    found = []
    outcomes = sorted({f.outcome for f in figures if f.outcome}, key=str)
    for outcome in outcomes:
        of = [f for f in figures if f.outcome == outcome and f.part_of is None]
        totals = [f for f in of if f.scope == "cumulative" and f.count is not None]
        incidents: dict[tuple[str | None, int], Figure] = {}
        for f in of:
            value = f.count
            if f.scope == "incident" and value is not None:
                incidents.setdefault((f.victims, value), f)  # the same count twice is one
        if not totals or len(incidents) < 2:
            continue
        biggest = max(t.count or 0 for t in totals)
        summed = sum(f.count or 0 for f in incidents.values())
        if summed > biggest:
            found.append(
                Disagreement(
                    "parts exceed the total",
                    outcome,
                    None,
                    f"incidents reported separately add up to {summed}, more than the largest "
                    f"total reported ({biggest})",
                    tuple(f.span_id for f in incidents.values()),
                )
            )
    return found


def disagreements(figures: list[Figure], claims: list[Claim]) -> list[Disagreement]:
    """Every disagreement among one event's figures and claims, given in report order
    (by date, undated last): a source's latest count is its last one."""
    groups: dict[tuple[str | None, str | None], list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[(figure.outcome, figure.victims)].append(figure)
    found: list[Disagreement] = []
    for (outcome, victims), group in sorted(
        groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))
    ):
        found += _counts_differ(group, outcome, victims)
        found += _revisions(group, outcome, victims)
    found += _parts_in_articles(figures)
    found += _parts_across(figures)
    for claim in claims:
        if claim.modality == "denied":
            found.append(
                Disagreement(
                    "denied",
                    None,
                    None,
                    f"{source_text(claim)} denies: {claim.text}",
                    (claim.span_id,),
                )
            )
    return found
