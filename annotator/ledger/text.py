"""The ledger as plain text, for the terminal."""

from __future__ import annotations

from annotator.ledger.coding import RULES
from annotator.ledger.ledger import Event, Ledger


def _number(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def event_lines(event: Event, rule: str) -> list[str]:
    lines = [f"== {event.name} ({len(event.reports)} reports)"]
    for report in event.reports:
        when = report.date.isoformat() if report.date else "undated (!)"
        lines.append(f"   {when:<11} {report.outlet or '(outlet unknown)'}: {report.title}")
    for (outcome, victims), figures in event.groups().items():
        lines.append(f"-- {outcome or '?'}, {victims or '?'}")
        dates = {r.doc_id: r for r in event.reports}
        for f in figures:
            report = dates[f.doc_id]
            who = f"{f.source.text} ({f.source.kind or '?'})" if f.source else "no source"
            part = "  (part)" if f.part_of is not None else ""
            lines.append(
                f"   {_number(f.count):>7}  {f.text!r}  {who}, {report.outlet or '?'} "
                f"{report.date or 'undated'}{part}"
            )
    for claim in event.claims:
        who = claim.source.text if claim.source else "no source"
        lines.append(f"-- claim ({claim.modality or '?'}) by {who}: {claim.text}")
    for d in event.disagreements:
        lines.append(f"!! {d.kind}: {d.message}")
    for name, coded in event.summary.items():
        lines.append(
            f"   {name}: low {_number(coded.low)}, best {_number(coded.best)}, "
            f"high {_number(coded.high)} "
            f"({coded.sources} source{'s' if coded.sources != 1 else ''})"
        )
    return lines


def ledger_lines(ledger: Ledger) -> list[str]:
    """Every event's reports, figures by outcome and victims, claims, disagreements, toll."""
    lines = [f"rule: {ledger.rule}: {RULES[ledger.rule]}"]
    for event in ledger.events:
        lines += ["", *event_lines(event, ledger.rule)]
    return lines
