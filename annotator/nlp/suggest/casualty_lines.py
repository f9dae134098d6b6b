"""Casualty figures in lines the parser cannot read: headlines and tracker lines.

'♦ 3-6 reported killed ♦ 2-5 reported injured'; 'Deaths: 14 | Injured: up to 40';
'Killed — Kesh town 9, Orrin 3, Sallet 2. Injured — Kesh town 25'; 'Casualties: 5 dead,
18 wounded'. Tracker lines are not sentences, so these figures are read from their labels
and the words next to the number; headlines are read by :mod:`casualty_headlines`. Each
number such a line holds is settled here: a :class:`Figure` with its outcome, or None
when the line says it counts something else ('Vehicles burned: 27').
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from annotator.nlp.suggest.casualty_figure import Figure
from annotator.nlp.suggest.casualty_headlines import (
    AFTER,
    LABELS,
    headline_figures,
    is_headline,
    make_figure,
    outcome_after,
)
from annotator.nlp.suggest.casualty_patterns import NumberExpr
from annotator.nlp.suggest.casualty_sources import extent
from annotator.nlp.suggest.doc_cache import text_of

_BULLETS = "|♦•▪·"
# Words a tracker line holds that the tagger may take for verbs.
_NOT_VERBS = frozenset(AFTER) | {"including", "reported", "confirmed"}
_SEGMENT = re.compile(rf"[^{_BULLETS};]+")
# A label opening a segment: 'Deaths:', 'Killed —', 'Civilians killed:', 'injured:'.
_LABEL = re.compile(r"\s*([A-Za-z]+(?: [a-z]+)?)\s*(?::|—|–)\s*")
# A labelled list starts again after a full stop: '… Sallet 2. Injured — Kesh town 25'.
_RESTART = re.compile(r"(?<=\.)\s+(?=[A-Z][a-z]+(?: [a-z]+)?\s*(?::|—|–)\s)")


def line_figures(doc: Doc, exprs: Sequence[NumberExpr]) -> dict[int, Figure | None]:
    """What each number in a headline or tracker line is, by its index in ``exprs``.

    Numbers elsewhere are left out, for the parse to judge.
    """
    text = text_of(doc)
    starts = [doc[e.start].idx for e in exprs]
    found: dict[int, Figure | None] = {}
    lines = list(re.finditer(r"[^\n]+", text))
    for number, match in enumerate(lines):
        inside = [i for i, at in enumerate(starts) if match.start() <= at < match.end()]
        tokens = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if not inside or tokens is None:
            continue
        line, paragraph = match.group(), text.count("\n", 0, match.start())
        tracker = _is_tracker(tokens, line)
        if number == 0 and not tracker and is_headline(tokens, line):
            found.update(headline_figures(doc, exprs, inside, paragraph))
        elif tracker:
            source = _tracker_source(doc, lines[number - 1]) if number else None
            items = _tracker(doc, exprs, inside, match.start(), line, paragraph)
            for figure in items.values():
                if figure is not None:
                    figure.source = source
            found.update(items)
    return found


def _is_tracker(tokens: Span, line: str) -> bool:
    """Bullets or bars between items, or labels and numbers with no verb among them."""
    if any(mark in line for mark in _BULLETS) or _RESTART.search(line):
        return True
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lower_ not in _NOT_VERBS]
    return bool(_LABEL.match(line)) and not verbs


def _tracker_source(doc: Doc, previous: re.Match[str]) -> tuple[int, int] | None:
    """'Figures for Tuesday, as released by the governor’s office:' above the line."""
    if not previous.group().rstrip().endswith(":"):
        return None
    tokens = doc.char_span(previous.start(), previous.end(), alignment_mode="expand")
    for preposition in ("by", "to", "from"):
        for token in tokens or ():
            if token.lower_ != preposition:
                continue
            if preposition == "to" and doc[token.i - 1].lower_ != "according":
                continue
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):
                first, last = extent(pobj)
                return first, last + 1
    return None


def _tracker(
    doc: Doc,
    exprs: Sequence[NumberExpr],
    inside: list[int],
    offset: int,
    line: str,
    paragraph: int,
) -> dict[int, Figure | None]:
    """Figures of a tracker line, segment by segment: by label, else by the word after."""
    found: dict[int, Figure | None] = {}
    for start, end in _segments(line, offset):
        members = [i for i in inside if start <= doc[exprs[i].start].idx < end]
        label = _LABEL.match(line, start - offset)
        named = LABELS.get(label.group(1).split()[-1].lower()) if label else None
        for index in members:
            outcome = named or outcome_after(doc, exprs[index])
            if outcome is not None:
                found[index] = make_figure(doc, exprs[index], outcome, paragraph)
            elif label is not None:
                found[index] = None  # 'Vehicles burned: 27'
    return found


def _segments(line: str, offset: int) -> list[tuple[int, int]]:
    """Character ranges of the line's items: between bullets and bars, or list restarts."""
    ranges = []
    for part in _SEGMENT.finditer(line):
        cuts = [part.start(), *(m.end() for m in _RESTART.finditer(line, part.start(), part.end()))]
        ends = [*cuts[1:], part.end()]
        ranges += [(offset + a, offset + b) for a, b in zip(cuts, ends, strict=True)]
    return ranges


def subsets(doc: Doc, figures: Sequence[Figure]) -> None:
    """Within tracker lines: '35 (including 9 police)', and parts that add up to a total."""
    fixed = [f for f in figures if f.fixed and not f.subset]
    for position, figure in enumerate(fixed):
        before = [t.lower_ for t in doc[max(figure.start - 2, 0) : figure.start]]
        earlier = [f for f in fixed[:position] if f.outcome == figure.outcome]
        if "including" in before and earlier:
            figure.subset, figure.total = True, earlier[-1]
    for group in _runs(doc, fixed):
        totals = [
            f
            for f in fixed
            if f.outcome == group[0].outcome and f.paragraph < group[0].paragraph and not f.subset
        ]
        if totals and _adds_up(group, totals[-1]):
            for part in group:
                part.subset, part.total = True, totals[-1]


def _runs(doc: Doc, fixed: Sequence[Figure]) -> list[list[Figure]]:
    """Two or more figures of one outcome listed side by side: 'Kesh 9, Orrin 3, Sallet 2'."""
    runs: list[list[Figure]] = []
    for figure in fixed:
        last = runs[-1][-1] if runs else None
        joined = (
            last is not None
            and last.outcome == figure.outcome
            and last.paragraph == figure.paragraph
            and not any(t.text in _BULLETS for t in doc[last.end : figure.start])
        )
        if joined:
            runs[-1].append(figure)
        else:
            runs.append([figure])
    return [run for run in runs if len(run) > 1 and not any(f.subset for f in run)]


def _adds_up(parts: Sequence[Figure], total: Figure) -> bool:
    count = total.expr.count
    added = sum(f.expr.count.best or 0 for f in parts)
    if count.qualifier == "up to" and count.max is not None:
        return added <= count.max
    return added == count.best
