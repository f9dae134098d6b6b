"""Claims made by a verb of accusing or denying: the two kinds careful annotators always mark.

'X accused Y of backing the attackers' -> 'backing the attackers'; 'blamed the rebels for
shelling the market' -> 'shelling the market'; 'alleged that …' -> the clause; 'denied
shelling the village' -> 'shelling the village' (denied); 'denied that …' -> the clause.
When the verb's object is only a noun phrase, the claim is the verb with it: 'rejected the
allegations', 'denied any involvement', 'blamed foreign agitators for the violence',
'dismissed the accusations as “cruel speculation”'. Rejecting a demand or a plan ('rejected
that condition') is no claim: the object must name something said or done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from annotator.core.casualty_words import words
from annotator.nlp.suggest.attribution import (
    REPORTING_LEMMAS,
    Attribution,
    attribution_of,
    inside,
)
from annotator.nlp.suggest.doc_cache import text_of
from annotator.nlp.suggest.quote_marks import QuotedStretch
from annotator.nlp.suggest.quotes import QuoteCandidate

#: Verbs of accusing: what follows is an allegation by the subject.
ACCUSING = words("accuse blame allege")
#: Verbs of denying or rejecting: what follows is denied by the subject.
DENYING = words("deny reject dismiss dispute refute rebut")
#: Objects that make 'rejected …' a denial of something said or done.
FACT_NOUNS = words(
    "allegation accusation claim report account charge figure toll involvement "
    "responsibility role loss assertion suggestion story version finding link "
    "wrongdoing accusations allegations claims reports figures losses charges"
)
#: 'accused X of …', 'blamed X for …'.
_PREPOSITIONS = {"accuse": "of", "blame": "for"}
_CLAUSE_DEPS = words("ccomp xcomp pcomp")
# Verbs that open someone else's statement inside a claim's phrase: it ends before them.
_SAYING = REPORTING_LEMMAS | ACCUSING | DENYING


@dataclass(frozen=True, slots=True)
class VerbClaim:
    """A claim found through its verb: where it is, how it is held, who holds it."""

    start: int
    end: int
    modality: str
    verb: Token
    attribution: Attribution | None


def verb_claims(
    doc: Doc, quotes: list[QuotedStretch], reported: Sequence[QuoteCandidate] = ()
) -> list[VerbClaim]:
    """Every accusation and denial made with a verb, outside direct quotes.

    The claim is read from the verb's own phrase; where that gives nothing (the parse gone
    astray: 'denied that its aircraft had targeted [civilians]' with 'civilians' as the
    object), the clause the quote suggester found for the verb (``reported``) is taken.
    """
    contents = {
        c.attribution.verb.i: c for c in reported if c.attribution is not None and c.attribution.cue
    }
    found = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in ACCUSING | DENYING or inside(verb, quotes):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # 'did not deny'
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        attribution = None if passive else attribution_of(verb, quotes)
        modality = "denied" if lemma in DENYING else "asserted"
        if (extent := _extent(verb)) is not None and extent[0] <= extent[1]:
            start, end = _chars(doc, *extent)
            end = _through_quote(doc, end, quotes)
        elif verb.i in contents:
            start, end = _content(contents[verb.i])
        else:
            continue
        found.append(VerbClaim(start, end, modality, verb, attribution))
    return found


def _content(candidate: QuoteCandidate) -> tuple[int, int]:
    """What a verb reports, without the marks of a direct quote ('of “killing farmers”')."""
    if candidate.type == "direct":
        return candidate.start + 1, candidate.end - 1
    return candidate.start, candidate.end


_OPENING = "“‘\"'«"
_CLOSING = "”’\"'»"


def _through_quote(doc: Doc, end: int, quotes: list[QuotedStretch]) -> int:
    """'… of shelling streets “without any regard for life”.': a quoted fragment right
    after the claim, ending its sentence, is part of it (the parser may hang it elsewhere)."""
    text = text_of(doc)
    for quote in quotes:
        if quote.start == end + 1 and text[end] == " " and quote.depth == 0:
            after = text[quote.end : quote.end + 1]
            if after in ("", ".", ",", ";", "\n"):
                return quote.end
    return end


def _chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens ``first``..``last``: no punctuation at the ends, and no
    quotation marks around the whole ('accused the army of “killing farmers”'). A claim
    ends with its paragraph."""
    line_end = next((t.i for t in doc[first : last + 1] if "\n" in t.text), last + 1)
    last = min(last, line_end - 1)
    while first < last and doc[first].is_punct and doc[first].text not in _OPENING:
        first += 1
    while last > first and (
        (doc[last].is_punct and doc[last].text not in _CLOSING) or doc[last].dep_ == "cc"
    ):
        last -= 1
    opens = sum(t.text in _OPENING for t in doc[first : last + 1])
    closes = sum(t.text in _CLOSING for t in doc[first : last + 1])
    if opens > closes and last + 1 < len(doc) and doc[last + 1].text in _CLOSING:
        last += 1  # the parser hung the closing mark elsewhere
    marks = [t.text for t in doc[first + 1 : last]]
    opened = doc[first].text in _OPENING and not any(m in _CLOSING for m in marks)
    closed = doc[last].text in _CLOSING and not any(m in _OPENING for m in marks)
    if opened and first < last:
        first += 1
    if closed and last > first:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _extent(verb: Token) -> tuple[int, int] | None:
    """First and last token of the claim the verb makes, or None if it makes none."""
    lemma = verb.lemma_.lower()
    if lemma in _PREPOSITIONS:
        return _charged(verb, _PREPOSITIONS[lemma])
    clause = _clause(verb)
    if clause is not None:
        return clause
    objects = objects_of(verb)
    for noun in objects:
        # 'rejected claims that its troops had fired': the clause is what is denied.
        for child in noun.children:
            marked = any(c.lower_ == "that" and c.dep_ == "mark" for c in child.children)
            if child.dep_ in ("acl", "ccomp", "relcl") and marked:
                return child.left_edge.i + 1, _right(child)
    if lemma in ACCUSING and objects:
        return verb.i, _right(objects[-1])
    if objects and objects[0].lemma_.lower() in FACT_NOUNS | {"it", "that", "this"}:
        return verb.i, _right(objects[-1])
    # 'a figure the Front rejected as “pure invention”': the object is the noun it qualifies.
    complement = any(c.dep_ == "prep" and c.i > verb.i for c in verb.children)
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in FACT_NOUNS and complement:
        return verb.i, _right(verb)
    # 'disputed that, saying …': the parser makes 'that' open the next clause.
    doc = verb.doc
    pronoun = verb.i + 2 < len(doc) and doc[verb.i + 1].lower_ in ("that", "this", "it")
    if pronoun and doc[verb.i + 2].text in ",;.":
        return verb.i, verb.i + 1
    return None


def objects_of(verb: Token) -> list[Token]:
    """The verb's objects in its own paragraph. In a headline the parser may take a word of
    the next paragraph for the object ('group denies losses⏎OUD …'): then the last noun
    before the line ends stands in."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    doc = verb.doc
    line_end = next((t.i for t in doc[verb.i :] if "\n" in t.text), len(doc))
    if objects and objects[0].i < line_end:
        return objects
    nouns = [t for t in doc[verb.i + 1 : line_end] if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1:] if objects and nouns else []


def _clause(verb: Token) -> tuple[int, int] | None:
    """A clause the verb governs: 'denied that …', 'denied shelling the village'."""
    for child in verb.children:
        if child.dep_ not in _CLAUSE_DEPS or child.i < verb.i or child.lemma_.lower() in _SAYING:
            continue
        if child.tag_ == "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            objects = objects_of(child)
            # 'denies shelling claims': a gerund whose object is a claim is a noun phrase.
            if objects and objects[0].lemma_.lower() in FACT_NOUNS and child.tag_ == "VBG":
                return verb.i, _right(objects[0])
            first = child.left_edge.i
            if verb.doc[first].lower_ == "that":
                first += 1
            return first, _right(child)
    return None


def _charged(verb: Token, preposition: str) -> tuple[int, int] | None:
    """'accused X of …' / 'blamed X for …': the gerund clause, or the verb with a noun."""
    doc = verb.doc
    for token in doc[verb.i + 1 : min(verb.i + 12, len(doc))]:
        if token.is_punct and token.text in ".;":
            break
        if token.lower_ != preposition:
            continue
        after = [c for c in token.children if c.dep_ in ("pcomp", "pobj")]
        if not after:
            return None
        # 'of backing attackers', 'of deliberately striking civilian areas to …': a gerund
        # the parser took for a noun phrase; the accusation runs to the clause's end.
        gerund = any(t.tag_ == "VBG" for t in doc[token.i + 1 : after[0].i + 1])
        if after[0].pos_ == "VERB" or gerund:
            return token.i + 1, max(_right(after[0]), _clause_end(verb, token))
        return verb.i, _right(after[0])
    if preposition == "for":  # 'blamed the rebels', 'which it blamed on “terrorists”'
        last = _clause_end(verb, verb)
        return (verb.i, last) if last > verb.i else None
    return None


def _clause_end(verb: Token, after: Token) -> int:
    """The last token before the sentence ends, or before '… and said' joins another verb."""
    doc = verb.doc
    last = after.i
    for token in doc[after.i + 1 :]:
        if token.text in ".;" or "\n" in token.text or _says(token):
            break
        last = token.i
    while last > after.i and doc[last].dep_ == "cc":
        last -= 1
    return last


def _right(token: Token) -> int:
    """The last token of ``token``'s phrase in its paragraph, before a clause of someone
    saying something ('… and said …', '…, where residents said …')."""
    last = token.i
    for child in token.rights:
        if "\n" in child.text or _says(child):
            break
        if child.dep_ == "punct" and child.text in ".;":
            break
        last = max(last, _right(child))
    return last


def _says(token: Token) -> bool:
    """A verb of saying, or a clause headed by one ('where residents said …')."""
    if token.pos_ != "VERB":
        return False
    saying = (token, *(c for c in token.children if c.dep_ in ("parataxis", "ccomp")))
    return any(t.lemma_.lower() in _SAYING and t.pos_ == "VERB" for t in saying)
