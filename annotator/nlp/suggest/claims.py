"""Suggesting CLAIM spans: checkable assertions that someone is reported to make.

Claims come from what the quote suggester finds: the content of reported speech
("X said that [the army had moved …]", "X accused Y of [violating the truce]", "X
denied that […]") and, inside direct quotes, the sentences that state a figure, an act
of violence, an accusation or a denial. Each claim links to the quote's speaker.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.nlp.suggest.attribution import DENIAL_LEMMAS, DIRECT_ONLY_LEMMAS, is_sentence_end
from annotator.nlp.suggest.quotes import QuoteCandidate, add_attribution, quote_candidates

LAYER = "claim"
_ACCUSING = frozenset({"accuse", "blame", "allege", "charge"})
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
# Acts (as verbs) a fact-checker would check when a quote asserts them.
_CHECKABLE_ACTS = frozenset(
    {"kill", "attack", "target", "bomb", "shell", "strike", "abduct", "kidnap", "detain",
     "shoot", "murder", "torture", "loot", "burn", "destroy", "violate", "fire", "rearm",
     "extort", "arrest", "wound", "injure", "die", "hit", "deny", "accuse", "blame", "launch",
     "seize", "capture", "release", "flee", "displace", "occupy", "withdraw", "surrender",
     "execute", "massacre"}
)  # fmt: skip
# Nouns that make a quoted sentence an accusation: "Claims of abductions are propaganda".
_CHECKABLE_NOUNS = frozenset({"attack", "massacre", "propaganda", "lie", "lies", "war crime"})
# A quoted sentence opening with these is a hypothetical, not an assertion.
_HYPOTHETICAL = frozenset({"if", "unless", "whoever", "whatever"})
_NEGATIONS = frozenset({"not", "n't", "never"})
_MODALS = frozenset({"may", "might", "could"})
_CLOSING_MARKS = "”’\"'»"
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


def claim_attributes(tokens: list[Token], cue_lemma: str | None) -> dict[str, object]:
    """type, check_worthy and modality of a claim from its words and its reporting verb."""
    words = _words(tokens)
    figure = any(_is_count(t) for t in tokens)
    causal = bool(words & _CAUSES) or cue_lemma == "blame"
    if figure:
        kind = "quantity"
    elif causal:
        kind = "causal"
    elif words & _PREDICTING or "plans to" in " ".join(t.lower_ for t in tokens):
        kind = "prediction"
    else:
        kind = "event"
    denied = cue_lemma in DENIAL_LEMMAS
    accusing = cue_lemma in _ACCUSING
    opinion = bool(words & _OPINIONS) and not (figure or denied or accusing or causal)
    if denied:
        modality = "denied"
    elif _hedged(tokens):
        modality = "hedged"
    else:
        modality = "asserted"
    return {"type": kind, "check_worthy": not opinion, "modality": modality}


def _trim(tokens: list[Token]) -> list[Token]:
    """Without punctuation at the ends, but keeping a nested quote's closing mark."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        last = tokens[-1]
        if last.text in _CLOSING_MARKS and any(t.text in "“‘\"'«" for t in tokens[:-1]):
            break
        tokens = tokens[:-1]
    return tokens


def _quoted_sentences(doc: Doc, candidate: QuoteCandidate) -> list[list[Token]]:
    """The sentences inside a direct quote, without the marks and final punctuation."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    span = doc.char_span(candidate.start + 1, candidate.end - 1, alignment_mode="contract")
    for token in span or []:
        current.append(token)
        if is_sentence_end(token):
            sentences.append(_trim(current))
            current = []
    sentences.append(_trim(current))
    return [s for s in sentences if s]


def _checkable(tokens: list[Token]) -> bool:
    """Whether a quoted sentence states something a fact-checker could check."""
    if _words(tokens) & _OPINIONS or tokens[0].lower_ in _HYPOTHETICAL:
        return False
    acts = any(t.pos_ == "VERB" and str(t.lemma_).lower() in _CHECKABLE_ACTS for t in tokens)
    accusing = any(t.lower_ in _CHECKABLE_NOUNS for t in tokens)
    return acts or accusing or any(_is_count(t) for t in tokens)


def _reported(candidate: QuoteCandidate) -> bool:
    """Reported speech, or a quoted clause a reporting verb governs ("denied that “…”")."""
    if candidate.type != "direct":
        return True
    attribution = candidate.attribution
    if candidate.standalone or attribution is None or attribution.cue is None:
        return False
    return attribution.lemma not in DIRECT_ONLY_LEMMAS


def _claims_of(doc: Doc, candidate: QuoteCandidate) -> list[list[Token]]:
    if candidate.type == "direct":
        sentences = _quoted_sentences(doc, candidate)
        if _reported(candidate):
            return [_trim([t for s in sentences for t in s])] if sentences else []
        return [s for s in sentences if _checkable(s)]
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    return [list(span)] if span is not None else []


def suggest_claims(doc: Doc) -> Proposal:
    """CLAIM suggestions with type, check_worthy and modality, each linked to its source."""
    proposal = Proposal()
    for candidate in quote_candidates(doc):
        attribution = candidate.attribution
        reported = attribution is not None and _reported(candidate)
        cue_lemma = attribution.lemma if attribution is not None and reported else None
        for tokens in _claims_of(doc, candidate):
            if candidate.type == "direct":
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            else:
                start, end = candidate.start, candidate.end
            attrs = claim_attributes(tokens, cue_lemma)
            head = proposal.add(Span(start, end, "CLAIM", LAYER, Origin.RULES, attrs))
            add_attribution(proposal, head, attribution)
    return proposal
