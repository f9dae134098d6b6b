"""Casualty figures in headlines, read from the words next to the number.

'Blast at market kills at least 12', 'Army says 30 fighters killed in raid', '12 dead',
'toll rises to 40', 'at least 4 officers hurt', 'Remains of 58 recovered', 'Five soldiers
among 14 killed'. Headlines drop the articles and auxiliaries the dependency parser leans
on ('kills' comes out a plural noun), so the parse is not consulted here. The same word
rules read the items of tracker lines (:mod:`casualty_lines`): '♦ 3-6 reported killed'.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from annotator.core.casualty_words import words
from annotator.nlp.suggest import casualty_patterns as lex
from annotator.nlp.suggest.casualty_figure import Figure
from annotator.nlp.suggest.casualty_outcomes import is_people
from annotator.nlp.suggest.casualty_patterns import NumberExpr

#: Tracker labels ('Deaths:', 'Injured —') and the outcome each counts.
LABELS: dict[str, str] = {
    **dict.fromkeys(words("deaths dead killed fatalities toll"), "killed"),
    **dict.fromkeys(words("injured wounded injuries hurt"), "injured"),
    "missing": "missing",
    **dict.fromkeys(words("abducted kidnapped hostages"), "abducted"),
    **dict.fromkeys(words("detained arrested arrests detentions captured"), "detained"),
    "displaced": "displaced",
}
#: Words after a number (and its victims) that give the outcome: '12 dead', '3 killed'.
AFTER: dict[str, str] = {
    **LABELS,
    **dict.fromkeys(words("died executed"), "killed"),
    **dict.fromkeys(words("kidnapped seized freed"), "abducted"),
    **dict.fromkeys(words("held jailed"), "detained"),
    **dict.fromkeys(words("flee fled"), "displaced"),
}
#: Headline verbs before a number: 'kills 12', 'Police detain 212', 'Gunmen free 46'.
BEFORE: dict[str, str] = {
    **dict.fromkeys(words("kill kills killing"), "killed"),
    **dict.fromkeys(words("wound wounds wounding injure injures injuring"), "injured"),
    **dict.fromkeys(words("detain detains detaining arrest arrests arresting"), "detained"),
    **dict.fromkeys(words("abduct abducts abducting kidnap kidnaps seize seizes"), "abducted"),
    **dict.fromkeys(words("free frees freeing"), "abducted"),
    **dict.fromkeys(words("displace displaces displacing"), "displaced"),
}
# Words that may stand between a figure and its outcome word: '3-6 reported killed'.
_FILLERS = words("reported confirmed more others still now feared believed people")
# Before a number: 'toll rises to 40', 'a death toll of 34', 'Remains of 58'.
_TOLL_STEPS = words("death rises rose climbs climbed reaches reached hits hit at of to now")
_KILLED_BEFORE = (("remains", "of"), ("bodies", "of"), ("funerals", "for"), ("funeral", "for"))
_SAYS = words("says say said")
# Words before a victim noun that stay in its phrase: 'aid workers', 'truck drivers'.
_COMPOUND = ("NOUN", "PROPN", "ADJ")
_HEADLINE_TOKENS = 30


def is_headline(tokens: Span, line: str) -> bool:
    """A short paragraph without a full stop at the end."""
    ends = (".", "?", "!", "”", '"', ":")
    return len(tokens) <= _HEADLINE_TOKENS and not line.rstrip().endswith(ends)


def victim_end(doc: Doc, at: int) -> int:
    """The token after the victim noun phrase starting at ``at``, or ``at`` if none:
    'aid workers', 'displaced families', 'wounded soldiers'."""
    for end in range(at, min(at + 3, len(doc))):
        token = doc[end]
        if token.lower_ not in AFTER and is_people(token):
            return end + 1
        if token.pos_ not in _COMPOUND and token.lower_ not in AFTER:
            return at
    return at


def make_figure(doc: Doc, expr: NumberExpr, outcome: str, paragraph: int) -> Figure:
    """A fixed figure: the number, with the victim noun phrase right after it if any."""
    end = victim_end(doc, expr.end)
    noun = doc[end - 1] if end > expr.end else None
    if end == expr.end and end < len(doc) and doc[end].lower_ == "dead":
        end += 1  # '12 dead': the word stands for the noun, as in '46 wounded'
    anchor = noun or doc[expr.end - 1]
    return Figure(expr, end, anchor, noun, paragraph, outcome=outcome, fixed=True)


def outcome_after(doc: Doc, expr: NumberExpr) -> str | None:
    """'3 soldiers killed', '12 dead', '3-6 reported killed', 'thousands more flee'."""
    at = victim_end(doc, expr.end)
    for token in doc[expr.end : at]:  # '300 displaced families'
        if token.lower_ in AFTER:
            return AFTER[token.lower_]
    for token in doc[at : at + 3]:
        if token.lower_ in AFTER:
            return AFTER[token.lower_]
        if token.lower_ not in _FILLERS:
            return None
    return None


def _outcome_before(doc: Doc, expr: NumberExpr) -> str | None:
    """'kills at least 12', 'toll rises to 40', 'a death toll of 34', 'Remains of 58'."""
    before = [t.lower_ for t in doc[max(expr.start - 4, 0) : expr.start]]
    if before and before[-1] in BEFORE:
        return BEFORE[before[-1]]
    if tuple(before[-2:]) in _KILLED_BEFORE:
        return "killed"
    if "toll" in before and all(w in _TOLL_STEPS for w in before[before.index("toll") + 1 :]):
        return "killed"
    return None


def _counts_things(doc: Doc, expr: NumberExpr) -> bool:
    """'seize 300 kilograms', 'Two armoured vehicles': a noun after it that is not people."""
    after = doc[expr.end] if expr.end < len(doc) else None
    if after is None or victim_end(doc, expr.end) > expr.end or after.lower_ in AFTER:
        return False
    return after.pos_ in ("NOUN", "PROPN", "ADJ") and after.lower_ not in _FILLERS


def headline_figures(
    doc: Doc, exprs: Sequence[NumberExpr], inside: list[int], paragraph: int
) -> dict[int, Figure | None]:
    """The figures of a headline, by index in ``exprs``; numbers it cannot read are left out."""
    found: dict[int, Figure | None] = {}
    for index in inside:
        expr = exprs[index]
        if lex.not_a_count(doc, expr, doc[expr.number_start : expr.end]):
            continue
        if _counts_things(doc, expr):
            continue
        outcome = outcome_after(doc, expr) or _outcome_before(doc, expr)
        if outcome is not None:
            figure = make_figure(doc, expr, outcome, paragraph)
            figure.source = headline_source(doc, expr)
            found[index] = figure
    _among(doc, exprs, inside, found, paragraph)
    return found


def _among(
    doc: Doc,
    exprs: Sequence[NumberExpr],
    inside: list[int],
    found: dict[int, Figure | None],
    paragraph: int,
) -> None:
    """'Five soldiers among 14 killed': a part of the figure after 'among'."""
    for index in inside:
        expr = exprs[index]
        at = victim_end(doc, expr.end)
        if index in found or at >= len(doc) or doc[at].lower_ != "among":
            continue
        total = next((found[i] for i in inside if i in found and exprs[i].start == at + 1), None)
        if total is not None and total.outcome is not None:
            figure = make_figure(doc, expr, total.outcome, paragraph)
            figure.subset, figure.total = True, total
            found[index] = figure


def headline_source(doc: Doc, expr: NumberExpr) -> tuple[int, int] | None:
    """Who a headline says gave the figure: 'Army says 25 killed', '…, police say'."""
    start = expr.start
    while start > 0 and doc[start - 1].text not in (";", ":") and "\n" not in doc[start - 1].text:
        start -= 1
    end = expr.end
    while end < len(doc) and doc[end].text not in (";", ":") and "\n" not in doc[end].text:
        end += 1
    verbs = [t for t in doc[start : expr.start] if t.lower_ in _SAYS]
    if verbs and verbs[-1].i > start:
        first = start + (doc[start].lower_ in ("the", "a", "an"))
        return (first, verbs[-1].i) if first < verbs[-1].i else None
    # '…, police say' at the end of the clause
    if end - 1 > expr.end and doc[end - 1].lower_ in _SAYS:
        comma = next((t.i for t in reversed(doc[expr.end : end - 1]) if t.text == ","), None)
        if comma is not None and comma + 1 < end - 1:
            return comma + 1, end - 1
    return None
