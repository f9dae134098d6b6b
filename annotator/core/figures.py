"""Casualty figures that do not add up, found through SUBSET_OF links between them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.core.model import Relation, Span

SUBSET_OF = "SUBSET_OF"
#: Qualifiers under which a figure's "best" is a rough value not worth summing exactly.
_LOOSE = frozenset({"approx", "range", "vague"})


@dataclass(frozen=True, slots=True)
class FigureIssue:
    """A total and the parts that disagree with it, with a sentence for the user."""

    total: int  # span id
    parts: tuple[int, ...]
    message: str


def _best(span: Span) -> int | None:
    value = span.attrs.get("best")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _name(span: Span, text: str) -> str:
    return f"“{' '.join(text[span.start : span.end].split())}”"


def _part_issues(total: Span, part: Span, text: str) -> list[str]:
    found = []
    outcome, whole_outcome = part.attrs.get("outcome", "?"), total.attrs.get("outcome", "?")
    if outcome != whole_outcome:
        found.append(
            f"{_name(part, text)} ({outcome}) is linked as part of "
            f"{_name(total, text)} ({whole_outcome})"
        )
    value, whole = _best(part), _best(total)
    if whole is not None and value is not None and value > whole:
        found.append(
            f"{_name(part, text)} ({value}) is more than its total {_name(total, text)} ({whole})"
        )
    return found


def _sum_issue(total: Span, parts: list[Span], kind: str, text: str) -> str | None:
    """A breakdown must add up exactly; included figures must fit inside the total."""
    whole = _best(total)
    values = [_best(p) for p in parts]
    if whole is None or None in values or (kind == "included" and len(parts) < 2):
        return None
    summed = sum(v for v in values if v is not None)
    if kind == "part":
        loose = {str(s.attrs.get("qualifier", "exact")) for s in (total, *parts)} & _LOOSE
        if parts and not loose and summed != whole:
            return f"the parts of {_name(total, text)} add up to {summed}, not {whole}"
    elif summed > whole:
        return f"the figures included in {_name(total, text)} add up to {summed}, more than {whole}"
    return None


def check_figures(
    spans: Mapping[int, Span], relations: Iterable[Relation], text: str
) -> list[FigureIssue]:
    """Totals exceeded by a part, and breakdowns whose parts do not sum to their total.

    A SUBSET_OF link of kind "included" ("including 31 civilians") only has to fit in
    its total; links of kind "part" ("92 on Saturday and 41 on Friday") must add up
    to it, unless a figure involved is approximate.
    """
    by_total: dict[int, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for relation in relations:
        part, total = spans.get(relation.head), spans.get(relation.child)
        if relation.label == SUBSET_OF and part is not None and total is not None:
            kind = str(relation.attrs.get("kind", "included"))
            by_total[relation.child][kind].append(part)
    issues: list[FigureIssue] = []
    for total_id, kinds in by_total.items():
        total = spans[total_id]
        for part in (p for members in kinds.values() for p in members):
            issues += [
                FigureIssue(total_id, (part.id or 0,), m) for m in _part_issues(total, part, text)
            ]
        for kind, members in kinds.items():
            message = _sum_issue(total, members, kind, text)
            if message is not None:
                parts = tuple(p.id or 0 for p in members) if kind == "part" else ()
                issues.append(FigureIssue(total_id, parts, message))
    return issues
