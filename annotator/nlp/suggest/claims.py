"""Suggesting CLAIM spans: accusations, denials, and assertions the article shows disputed.

A claim, as careful annotators of conflict news mark it, is one of three things: an
accusation or allegation ('X accused Y of backing the attackers', 'blamed', 'alleged'), a
denial or rejection ('the ministry denied shelling the village', 'rejected the
allegations'; modality ``denied``), or a factual assertion the article itself shows as
disputed, contradicted or wrong ('early reports wrongly said …'). Ordinary attributed
description, condemnations and undisputed claims of responsibility are not claims, and
figures that only differ between sources belong to the casualty layer. The first two come
from their verbs (:mod:`claim_verbs`), the third and the quoted ones from the quote
suggester's statements (:mod:`claim_disputes`). Each claim links to its claimant.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.nlp.suggest.claim_acts import quoted_claims
from annotator.nlp.suggest.claim_disputes import ClaimSpan, disputed_reports
from annotator.nlp.suggest.claim_verbs import verb_claims
from annotator.nlp.suggest.doc_cache import text_of
from annotator.nlp.suggest.quote_marks import find_quotes
from annotator.nlp.suggest.quotes import add_attribution, quote_candidates

LAYER = "claim"
# Numbers that count nothing: dates, times, ranks.
_NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL", "QUANTITY"})  # QUANTITY: "15 kilometres"
_VAGUE_COUNTS = frozenset({"dozens", "hundreds", "thousands", "scores", "tens", "millions"})
_CAUSES = frozenset(
    {"blame", "cause", "responsible", "because", "due", "result", "trigger", "drive"}
)
_PREDICTING = frozenset({"will", "would", "shall", "'ll", "plan", "expect", "going"})
_HEDGES = frozenset(
    {"may", "might", "could", "reportedly", "allegedly", "apparently", "probably", "possibly",
     "likely", "appear", "seem", "believed"}
)  # fmt: skip
_OPINIONS = frozenset(
    {"hope", "hoped", "hopes", "should", "must", "believe", "think", "feel", "want", "wish",
     "deserve", "ashamed", "welcome", "regret", "thank", "worry", "concerned", "pray"}
)  # fmt: skip
_NEGATIONS = frozenset({"not", "n't", "never"})
_MODALS = frozenset({"may", "might", "could"})
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def _is_count(token: Token) -> bool:
    """A number of people or things, not a date, a year, a time, a rank or a measure."""
    if token.ent_type_ in _NOT_COUNTS or _YEAR.match(token.text):
        return False
    if token.lower_ == "one" and token.dep_ != "nummod":
        return False  # "one of them", "the second one"
    return bool(token.like_num) or token.lower_ in _VAGUE_COUNTS


def _hedged(tokens: list[Token]) -> bool:
    """Hedging words, except "could not" (which says what did not happen) and "by May"."""
    for index, token in enumerate(tokens):
        if token.lower_ not in _HEDGES and str(token.lemma_).lower() not in _HEDGES:
            continue
        if token.lower_ in _MODALS and token.tag_ != "MD":
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.lower_ == "could" and following is not None and following.lower_ in _NEGATIONS:
            continue
        return True
    return False


def _words(tokens: list[Token]) -> set[str]:
    return {str(t.lemma_).lower() for t in tokens} | {t.lower_ for t in tokens}


def claim_attributes(
    tokens: list[Token], modality: str = "asserted", verb: str | None = None
) -> dict[str, object]:
    """type, check_worthy and modality of a claim from its words and the verb making it.

    ``modality`` is how the claimant holds it ('denied' for a denial); an asserted claim
    with hedging words ('may have', 'reportedly') is 'hedged'. What someone is blamed for
    is a cause ('blamed the rebels for shelling the market').
    """
    words = _words(tokens)
    figure = any(_is_count(t) for t in tokens)
    causal = bool(words & _CAUSES) or verb == "blame"
    if figure:
        kind = "quantity"
    elif causal:
        kind = "causal"
    elif words & _PREDICTING or "plans to" in " ".join(t.lower_ for t in tokens):
        kind = "prediction"
    else:
        kind = "event"
    opinion = bool(words & _OPINIONS) and not (figure or causal or modality == "denied")
    if modality == "asserted" and _hedged(tokens):
        modality = "hedged"
    return {"type": kind, "check_worthy": not opinion, "modality": modality}


def _before_claims(doc: Doc, claim: ClaimSpan, taken: list[tuple[int, int]]) -> ClaimSpan:
    """A statement running into a claim found before it ('they had killed 40 soldiers, a
    figure the army dismissed as propaganda') is cut at the comma before that claim."""
    text = text_of(doc)
    for start, _end in taken:
        if claim.start < start < claim.end:
            comma = text.rfind(",", claim.start, start)
            if comma > claim.start:
                return replace(claim, end=comma)
    return claim


def suggest_claims(doc: Doc) -> Proposal:
    """CLAIM suggestions with type, check_worthy and modality, each linked to its source."""
    proposal = Proposal()
    if not doc.has_annotation("DEP"):
        return proposal
    candidates = quote_candidates(doc)
    quotes = find_quotes(text_of(doc))
    verbs = verb_claims(doc, quotes, candidates)
    found = [ClaimSpan(v.start, v.end, v.modality, v.attribution, v.verb.lemma_) for v in verbs]
    disputes = [v.verb for v in verbs]
    found += [
        ClaimSpan(start, end, modality, quote.attribution)
        for start, end, modality, quote in quoted_claims(doc, candidates, disputes)
    ]
    found += disputed_reports(doc, candidates, verbs)
    taken: list[tuple[int, int]] = []
    for claim in found:
        claim = _before_claims(doc, claim, taken)
        if claim.end <= claim.start or any(
            start < claim.end and claim.start < end for start, end in taken
        ):
            continue  # one claim a stretch: the verb's own beats a statement around it
        taken.append((claim.start, claim.end))
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        attrs = claim_attributes(list(span or []), claim.modality, claim.verb)
        head = proposal.add(Span(claim.start, claim.end, "CLAIM", LAYER, Origin.RULES, attrs))
        add_attribution(proposal, head, claim.attribution)
    return proposal
