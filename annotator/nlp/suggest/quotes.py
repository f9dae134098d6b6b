"""Suggesting QUOTE, SOURCE and CUE spans: direct quotes, reported speech, their speakers.

Direct quotes are paired quotation marks (see ``quote_marks``). Each is attributed by
the clause next to it ("…,” she said"; "He said: “…”"), by the reporting verb the
parser hangs it on ("warned that “…”"), or, when it stands alone, by the speaker of the
quote before it. Reported speech comes from ``attribution``. Quoted fragments inside
reported speech make it "mixed" rather than quotes of their own, and short quoted
phrases with no reporting verb in reach are scare quotes, not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.nlp.suggest.attribution import (
    Attribution,
    Report,
    attribution_of,
    inside,
    is_reporting_verb,
    is_sentence_end,
    reported_speech,
)
from annotator.nlp.suggest.doc_cache import text_of
from annotator.nlp.suggest.headline_speech import with_headline_reports
from annotator.nlp.suggest.quote_marks import QuotedStretch, find_quotes

LAYER = "attribution"
ATTRIBUTED_TO = "ATTRIBUTED_TO"
HAS_CUE = "HAS_CUE"
#: Quotes this short with no reporting verb in reach are scare quotes.
SCARE_MAX_WORDS = 3
# Marks that end the clause introducing a quote: "She said: “…”", "…, she said, “…”".
_INTRODUCERS = frozenset({",", ":", "—", "–"})
# How far up the parse a quoted fragment's reporting verb may be.
_MAX_CLIMB = 6


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """One suggested quote before it becomes spans: where, what type, and by whom."""

    start: int
    end: int
    type: str  # direct / indirect / mixed
    attribution: Attribution | None
    paragraph: int
    standalone: bool = False  # a sentence of its own that may inherit the previous speaker


class _Text:
    """Paragraphs and tokens of a document, looked up by code-point offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text_of(doc))]
        self._paragraph_starts = [start for start, _ in self.paragraphs]
        self._token_starts = [t.idx for t in doc]

    def paragraph(self, offset: int) -> int:
        return max(0, bisect_left(self._paragraph_starts, offset + 1) - 1)

    def tokens(self, start: int, end: int) -> list[Token]:
        """Non-space tokens starting within [start, end)."""
        first = bisect_left(self._token_starts, start)
        last = bisect_left(self._token_starts, end)
        return [t for t in self.doc[first:last] if not t.is_space]

    def previous_char(self, offset: int) -> str:
        """The nearest non-space character before ``offset`` in its paragraph, or ""."""
        start = self.paragraphs[self.paragraph(offset)][0]
        before = text_of(self.doc)[start:offset].rstrip()
        return before[-1] if before else ""


def _first_reporting_verb(tokens: list[Token], quotes: list[QuotedStretch]) -> Token | None:
    for token in tokens:
        if is_reporting_verb(token) and not inside(token, quotes):
            return token
    return None


def _after(
    quote: QuotedStretch, limit: int, text: _Text, quotes: list[QuotedStretch]
) -> Token | None:
    """The reporting verb in the clause right after a quote: "…,” she said."""
    if quote.inner(text_of(text.doc)).rstrip().endswith((".", "…")):
        return None  # the quote ends its sentence; what follows is a new one
    fragment = []
    for token in text.tokens(quote.end, limit):
        if is_sentence_end(token):
            break
        fragment.append(token)
    return _first_reporting_verb(fragment, quotes)


def _before(
    quote: QuotedStretch, floor: int, text: _Text, quotes: list[QuotedStretch]
) -> Token | None:
    """The reporting verb of the clause introducing a quote: "She told reporters: “…”"."""
    fragment = text.tokens(floor, quote.start)
    for index in range(len(fragment) - 1, -1, -1):
        if is_sentence_end(fragment[index]):
            fragment = fragment[index + 1 :]
            break
    if not fragment or fragment[-1].text not in _INTRODUCERS:
        return None
    return _first_reporting_verb(list(reversed(fragment)), quotes)


def _reachable(quote: QuotedStretch, verb: Token, text: _Text, quotes: list[QuotedStretch]) -> bool:
    """Whether ``verb`` is in the quote's own sentence: same paragraph, no full stop between."""
    first = text.paragraphs[text.paragraph(quote.start)][0]
    last = text.paragraphs[text.paragraph(quote.end - 1)][1]
    if not first <= verb.idx < last:
        return False
    if verb.idx > quote.start and quote.inner(text_of(text.doc)).rstrip().endswith((".", "…")):
        return False
    low, high = (verb.idx, quote.start) if verb.idx < quote.start else (quote.end, verb.idx)
    return not any(is_sentence_end(t) and not inside(t, quotes) for t in text.tokens(low, high))


def _governing_verb(quote: QuotedStretch, text: _Text, quotes: list[QuotedStretch]) -> Token | None:
    """The reporting verb the parser attaches a quoted fragment to: "warned that “…”"."""
    tokens = text.tokens(quote.start, quote.end)
    roots = [t for t in tokens if not quote.contains(t.head.idx, t.head.idx + len(t.head.text))]
    for root in roots:
        node = root.head
        for _ in range(_MAX_CLIMB):
            if is_reporting_verb(node) and not inside(node, quotes):
                return node if _reachable(quote, node, text, quotes) else None
            if node.head is node:
                break
            node = node.head
    return None


def _direct_candidates(
    text: _Text, tops: list[QuotedStretch], quotes: list[QuotedStretch], reports: list[Report]
) -> list[QuoteCandidate]:
    found: list[QuoteCandidate] = []
    raw = text_of(text.doc)
    for index, quote in enumerate(tops):
        previous = text.previous_char(quote.start)
        embedded = previous != "" and (previous.isalnum() or previous in "’'%)")
        within = any(r.content[0] <= quote.start and quote.end <= r.content[1] for r in reports)
        if embedded and within:
            continue  # a quoted fragment of reported speech: the report is "mixed"
        first_paragraph = text.paragraph(quote.start)
        last_paragraph = text.paragraph(quote.end - 1)
        para_start = text.paragraphs[first_paragraph][0]
        para_end = text.paragraphs[last_paragraph][1]
        floor = max(para_start, tops[index - 1].end if index else para_start)
        following = tops[index + 1].start if index + 1 < len(tops) else para_end
        limit = min(para_end, following)
        if embedded:
            verb = _governing_verb(quote, text, quotes)
        else:
            verb = _after(quote, limit, text, quotes) or _before(quote, floor, text, quotes)
            verb = verb or _governing_verb(quote, text, quotes)
        so_called = "so-called" in raw[max(floor, quote.start - 12) : quote.end].lower()
        scare = (verb is None and embedded) or so_called
        if scare and quote.word_count(raw) <= SCARE_MAX_WORDS:
            continue
        attribution = attribution_of(verb, quotes) if verb is not None else None
        found.append(
            QuoteCandidate(
                quote.start, quote.end, "direct", attribution, first_paragraph, not embedded
            )
        )
    return found


def _report_candidates(
    text: _Text, tops: list[QuotedStretch], reports: list[Report]
) -> list[QuoteCandidate]:
    found = []
    for report in reports:
        start, end = report.content
        mixed = any(start <= q.start and q.end <= end for q in tops)
        kind = "mixed" if mixed else "indirect"
        found.append(QuoteCandidate(start, end, kind, report.attribution, text.paragraph(start)))
    return found


_CANDIDATES = "annotator.quote_candidates"


def quote_candidates(doc: Doc) -> list[QuoteCandidate]:
    """Direct quotes and reported speech in text order, each with its attribution if found.

    A standalone direct quote without a reporting verb of its own inherits the speaker
    of the closest quote before it in the same or the previous paragraph. Computed once
    per document: the quote and the claim suggesters both start from these.
    """
    cached = doc.user_data.get(_CANDIDATES)
    if cached is None:
        cached = doc.user_data[_CANDIDATES] = _quote_candidates(doc)
    return list(cached)


def _quote_candidates(doc: Doc) -> list[QuoteCandidate]:
    text = _Text(doc)
    quotes = find_quotes(text_of(doc))
    tops = [q for q in quotes if q.depth == 0]
    reports = with_headline_reports(doc, reported_speech(doc, quotes))
    candidates = sorted(
        _direct_candidates(text, tops, quotes, reports) + _report_candidates(text, tops, reports),
        key=lambda c: (c.start, c.end),
    )
    resolved: list[QuoteCandidate] = []
    for candidate in candidates:
        if candidate.attribution is None and candidate.standalone:
            earlier = _previous_speaker(resolved, candidate.paragraph)
            if earlier is not None:
                candidate = QuoteCandidate(
                    candidate.start,
                    candidate.end,
                    candidate.type,
                    _inherited(earlier, candidate),
                    candidate.paragraph,
                    candidate.standalone,
                )
        resolved.append(candidate)
    return resolved


def _previous_speaker(resolved: list[QuoteCandidate], paragraph: int) -> QuoteCandidate | None:
    """The quote whose speaker an unattributed quote inherits.

    In its own paragraph a direct quote beats reported speech ("“…,” said X, who said Y.
    “…”" is still X's); failing that, the last attributed quote of the paragraph before.
    """
    attributed = [c for c in resolved if c.attribution and c.attribution.source]
    same = [c for c in attributed if c.paragraph == paragraph]
    direct = [c for c in same if c.type == "direct"]
    before = [c for c in attributed if c.paragraph == paragraph - 1]
    for found in (direct, same, before):
        if found:
            return found[-1]
    return None


def _inherited(earlier: QuoteCandidate, candidate: QuoteCandidate) -> Attribution | None:
    """The earlier quote's attribution; its cue too only when still in the same paragraph."""
    attribution = earlier.attribution
    if attribution is None or earlier.paragraph == candidate.paragraph:
        return attribution
    return replace(attribution, cue=None)


def _span(start: int, end: int, label: str, attrs: dict[str, str]) -> Span:
    return Span(start, end, label, LAYER, Origin.RULES, attrs)


def add_attribution(proposal: Proposal, head: int, attribution: Attribution | None) -> None:
    """Add the source and cue of ``attribution`` and link them to the span at ``head``."""
    if attribution is None:
        return
    if attribution.source is not None:
        attrs = {"kind": attribution.kind} if attribution.kind else {}
        source = proposal.add(_span(*attribution.source, "SOURCE", attrs))
        proposal.link(head, source, ATTRIBUTED_TO)
    if attribution.cue is not None and proposal.spans[head].label == "QUOTE":
        cue = proposal.add(_span(*attribution.cue, "CUE", {}))
        proposal.link(head, cue, HAS_CUE)


def suggest_quotes(doc: Doc) -> Proposal:
    """QUOTE, SOURCE and CUE suggestions with ATTRIBUTED_TO and HAS_CUE links.

    Direct quotes keep their quotation marks; reported speech is the reported clause
    without "that" and without the final full stop. Offsets are code points.
    """
    proposal = Proposal()
    for candidate in quote_candidates(doc):
        quote = proposal.add(
            _span(candidate.start, candidate.end, "QUOTE", {"type": candidate.type})
        )
        add_attribution(proposal, quote, candidate.attribution)
    return proposal
