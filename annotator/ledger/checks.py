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

from dataclasses import dataclass, field

from annotator.ledger.entries import Claim, Figure


@dataclass(slots=True)
class Disagreement:
    kind: str
    outcome: str | None
    victims: str | None
    message: str
    spans: tuple[int, ...] = field(default=())  # the figures' or claims' span ids


def source_name(figure: Figure | Claim) -> str:
    """The source as grouped: "The chief minister" and "the chief minister" are one."""
    return "(no source)" if figure.source is None else figure.source.key


def source_text(figure: Figure | Claim) -> str:
    """The source as the article words it, for messages."""
    return figure.source.text if figure.source is not None else "(no source)"


def _group_checks(
    group: list[Figure], outcome: str | None, victims: str | None
) -> list[Disagreement]:
    """Counts that differ between sources (their latest) and counts one source revised."""
    latest: dict[str, Figure] = {}
    by_source: dict[str, list[Figure]] = {}
    for figure in group:  # in report order: the last one kept is the latest
        source = figure.source
        if figure.count is None or figure.part_of is not None:
            continue
        if source is None:
            latest["(no source)"] = figure  # as source_name has it
            continue
        latest[source.key] = figure
        counts = by_source.get(source.key)
        if counts is None:
            by_source[source.key] = [figure]
        else:
            counts.append(figure)
    found = []
    if len(latest) > 1 and len({f.count for f in latest.values()}) > 1:
        said = "; ".join(f"{source_text(f)}: {f.count}" for _name, f in sorted(latest.items()))
        found.append(
            Disagreement(
                "counts differ",
                outcome,
                victims,
                f"sources give different counts ({said})",
                tuple(f.span_id for f in latest.values()),
            )
        )
    for _name, dated in sorted(kv for kv in by_source.items() if len(kv[1]) > 1):
        if len({f.count for f in dated}) > 1:
            moves = " → ".join(str(f.count) for f in dated)
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


def _parts_in_articles(
    by_id: dict[int, Figure], parts: dict[int, list[Figure]]
) -> list[Disagreement]:
    found = []
    for total_id, children in parts.items():
        total = by_id.get(total_id)
        whole = None if total is None else total.count
        if total is None or whole is None:
            continue
        summed = [c for c in children if c.part_kind == "part" and c.count is not None]
        added = sum([c.count or 0 for c in summed])
        if summed and added != whole:
            found.append(
                Disagreement(
                    "parts do not add up",
                    total.outcome,
                    total.victims,
                    f"{' + '.join([str(c.count) for c in summed])} = {added}, "
                    f"but the total is {whole}",
                    (total_id, *[c.span_id for c in summed]),
                )
            )
        found += [
            Disagreement(
                "parts do not add up",
                total.outcome,
                total.victims,
                f"{child.count} named inside a total of {whole}",
                (total_id, child.span_id),
            )
            for child in children
            if child.part_kind != "part" and child.count is not None and child.count > whole
        ]
    return found


class _Tolls:
    """Per outcome: the largest cumulative toll and the separate incident figures."""

    __slots__ = ("biggest", "incidents")

    def __init__(self) -> None:
        self.biggest: int | None = None
        self.incidents: dict[tuple[str | None, int], Figure] = {}


def _parts_across(tolls: dict[str, _Tolls]) -> list[Disagreement]:
    found = []
    for outcome, of in sorted(tolls.items()):
        if of.biggest is None or len(of.incidents) < 2:
            continue
        summed = sum(value for _victims, value in of.incidents)
        if summed > of.biggest:
            found.append(
                Disagreement(
                    "parts exceed the total",
                    outcome,
                    None,
                    f"incidents reported separately add up to {summed}, more than the largest "
                    f"total reported ({of.biggest})",
                    tuple(f.span_id for f in of.incidents.values()),
                )
            )
    return found


def disagreements(figures: list[Figure], claims: list[Claim]) -> list[Disagreement]:
    """Every disagreement among one event's figures and claims, given in report order
    (by date, undated last): a source's latest count is its last one.

    One pass over the figures sorts them into what each check needs: a large corpus's
    ledger runs this for every event.
    """
    groups: dict[tuple[str | None, str | None], list[Figure]] = {}
    by_id: dict[int, Figure] = {}
    parts: dict[int, list[Figure]] = {}
    tolls: dict[str, _Tolls] = {}
    for figure in figures:
        outcome, value = figure.outcome, figure.count
        key = (outcome, figure.victims)
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(figure)
        by_id[figure.span_id] = figure
        if figure.part_of is not None:
            parts.setdefault(figure.part_of, []).append(figure)
        elif outcome and value is not None and figure.scope in _SCOPES:
            of = tolls.get(outcome) or tolls.setdefault(outcome, _Tolls())
            if figure.scope == "incident":
                of.incidents.setdefault((figure.victims, value), figure)  # the same twice: one
            elif of.biggest is None or value > of.biggest:
                of.biggest = value
    found: list[Disagreement] = []
    for (outcome, victims), group in sorted(
        groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))
    ):
        found += _group_checks(group, outcome, victims)
    found += _parts_in_articles(by_id, parts)
    found += _parts_across(tolls)
    found += [
        Disagreement("denied", None, None, f"{source_text(c)} denies: {c.text}", (c.span_id,))
        for c in claims
        if c.modality == "denied"
    ]
    return found


_SCOPES = ("incident", "cumulative")
