"""Reported speech in a headline: 'Army says 30 fighters killed in raid', '…, police say'.

An imported article's headline is the first paragraph of its text. Headlines drop the
words the dependency parser leans on, and with no full stop it runs the headline into the
dateline below, so 'X says Y' there is read from the words: the speaker is what comes
before 'says' in its clause, the content what follows it (clauses are cut at ';' and ':').
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from annotator.core.casualty_words import words
from annotator.nlp.suggest.attribution import Attribution, Report
from annotator.nlp.suggest.speakers import source_kind

_SAYS = words("says say said")
_HEADLINE_TOKENS = 30
_KEY = "annotator.headline"
_CUTS = (";", ":", "—")


def headline(doc: Doc) -> Span | None:
    """The first paragraph if it reads as a headline: short, no full stop at the end."""
    if _KEY not in doc.user_data:
        end = next((t.i for t in doc if "\n" in t.text), len(doc))
        first = doc[:end]
        text = first.text.rstrip()
        short = 0 < len(first) <= _HEADLINE_TOKENS and end < len(doc)
        doc.user_data[_KEY] = (
            (0, end) if short and not text.endswith((".", "?", "!", ":")) else None
        )
    bounds = doc.user_data[_KEY]
    return doc[bounds[0] : bounds[1]] if bounds else None


def with_headline_reports(doc: Doc, reports: Sequence[Report]) -> list[Report]:
    """``reports`` with the headline's 'X says Y' read from its words instead of the parse."""
    head = headline(doc)
    if head is None:
        return list(reports)
    found = [r for clause in _clauses(head) if (r := _report(doc, clause)) is not None]
    if not found:
        return list(reports)
    kept = [r for r in reports if not any(_overlaps(r, f) for f in found)]
    return sorted([*kept, *found], key=lambda r: r.content)


def _overlaps(a: Report, b: Report) -> bool:
    overlap = a.content[0] < b.content[1] and b.content[0] < a.content[1]
    return overlap or a.attribution.verb == b.attribution.verb


def _clauses(head: Span) -> list[Span]:
    doc = head.doc
    clauses, start = [], head.start
    for token in head:
        if token.text in _CUTS:
            clauses.append(doc[start : token.i])
            start = token.i + 1
    clauses.append(doc[start : head.end])
    return [c for c in clauses if len(c)]


def _report(doc: Doc, clause: Span) -> Report | None:
    """'Army says 25 militants killed' or 'Rebels executed prisoners, survivors say'."""
    verbs = [t for t in clause if t.lower_ in _SAYS]
    if not verbs:
        return None
    verb = verbs[0]
    if verb.i > clause.start and clause.end - verb.i > 2:
        speaker, content = doc[clause.start : verb.i], doc[verb.i + 1 : clause.end]
    elif verb.i == clause.end - 1:
        comma = next((t.i for t in reversed(clause) if t.text == ","), None)
        if comma is None or comma <= clause.start or comma + 1 >= verb.i:
            return None
        speaker, content = doc[comma + 1 : verb.i], doc[clause.start : comma]
    else:
        return None
    start, end = speaker.start_char, speaker.end_char
    kind = source_kind(speaker[-1], start, end)
    cue = (verb.idx, verb.idx + len(verb.text))
    return Report(
        (content.start_char, content.end_char), Attribution(cue, (start, end), kind, verb)
    )
