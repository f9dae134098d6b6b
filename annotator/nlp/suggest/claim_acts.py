"""Acts a claim accuses someone of or denies, and the quoted sentences that do either.

'fighters had shot the five men', 'kidnapped by them in 2019' (a grave act with a doer);
'none of its fighters had been killed', 'it has never targeted civilians' (a negation in
the statement's main clause, not in a side clause like '…, but gave no date'). A quoted
sentence is a claim when it denies an act ('Our units did not fire a single round'), denies
who the victims were ('They were not fighters'), answers a denial nearby ('There was no
depot'), or accuses someone of a grave act ('The army has killed herders …').
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.core.casualty_words import words
from annotator.nlp.suggest.casualty_outcomes import is_people
from annotator.nlp.suggest.doc_cache import text_of
from annotator.nlp.suggest.quotes import QuoteCandidate

#: Grave acts a statement accuses someone of: 'fighters had shot the five men'.
WRONGDOING = words(
    "execute massacre murder torture loot rape behead shoot shell bomb target abduct kidnap extort"
)
#: Acts a quoted sentence may deny or accuse someone of.
QUOTED_ACTS = WRONGDOING | words("kill fire attack strike beat kick pay hit destroy take")
_NEGATIONS = words("no none never nobody nothing not n't neither")
# Subjects that are the speaker itself: a group owning an attack makes no accusation.
_SELF = words("i we me us our my it")
# Quoted sentences that open like these, or speak of the future, assert no fact.
_OPENERS = words("if unless whoever whatever as when once")
_MODALS = words("will would shall 'll could might should must")
_PRONOUNS = words("they these those he she")
_CLAIM_NOUNS = words("claim allegation accusation report figure story")


def negated(tokens: Sequence[Token]) -> bool:
    """A statement that something did not happen, in its main clause."""
    inside = {t.i for t in tokens}
    roots = {t.i for t in tokens if t.head.i not in inside or t.head.i == t.i}
    for token in tokens:
        if token.lower_ not in _NEGATIONS:
            continue
        head = token.head
        if head.i in roots or (
            head.head.i in roots and head.dep_ in ("nsubj", "nsubjpass", "dobj")
        ):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it is joined to: 'They put me … and kicked me'."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None or verb.dep_ != "conj":
            return subject
        verb = verb.head
    return None


def _doer(verb: Token) -> Token | None:
    """Who did it: the active subject, or the agent of a passive ('kidnapped by them')."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    return _subject(verb)


def grave_act(tokens: Sequence[Token], acts: frozenset[str] = WRONGDOING) -> bool:
    """Someone other than the speaker did one of ``acts``: not 'were shot', not 'it had
    targeted …' (a group owning an attack)."""
    for token in tokens:
        if token.pos_ != "VERB" or token.lemma_.lower() not in acts:
            continue
        doer = _doer(token)
        negation = any(c.dep_ == "neg" for c in token.children)
        if doer is not None and doer.lower_ not in _SELF and not negation:
            return True
    return False


def quoted_claims(
    doc: Doc, candidates: Sequence[QuoteCandidate], disputes: Sequence[Token]
) -> list[tuple[int, int, str, QuoteCandidate]]:
    """Sentences of direct quotes that are claims, with their modality and their quote.

    ``disputes`` are the verbs of denials and accusations: 'There was no depot' is a claim
    only in their paragraph or the one after.
    """
    text = text_of(doc)
    paragraphs = {text.count("\n\n", 0, verb.idx) for verb in disputes}
    found = []
    for quote in candidates:
        if quote.type != "direct":
            continue
        here = text.count("\n\n", 0, quote.start)
        near = here in paragraphs or here - 1 in paragraphs
        for sentence in _quoted_sentences(doc, quote):
            modality = _quoted_modality(sentence, near)
            if modality is not None:
                end = sentence[-1].idx + len(sentence[-1].text)
                found.append((sentence[0].idx, end, modality, quote))
    return found


def _quoted_sentences(doc: Doc, quote: QuoteCandidate) -> list[list[Token]]:
    """The sentences inside a direct quote, without the marks and final punctuation."""
    span = doc.char_span(quote.start + 1, quote.end - 1, alignment_mode="contract")
    sentences: list[list[Token]] = [[]]
    for token in span or []:
        if token.text in ".!?;" and sentences[-1]:
            sentences.append([])
        elif not token.is_space:
            sentences[-1].append(token)
    cleaned = []
    for sentence in sentences:
        while sentence and sentence[-1].is_punct:
            sentence = sentence[:-1]
        while sentence and sentence[0].is_punct:
            sentence = sentence[1:]
        if sentence:
            cleaned.append(sentence)
    return cleaned


def _quoted_modality(sentence: list[Token], near_dispute: bool) -> str | None:
    """'denied', 'asserted', or None for a sentence that is no claim."""
    if sentence[0].lower_ in _OPENERS or any(t.lower_ in _MODALS for t in sentence):
        return None
    for token in sentence:
        act = token.pos_ == "VERB" and token.lemma_.lower() in QUOTED_ACTS
        if act and any(c.dep_ == "neg" for c in token.children):
            return "denied"  # 'Our units did not fire a single round'
    if sentence[0].lower_ == "not" and any(t.lemma_.lower() in QUOTED_ACTS for t in sentence):
        return "denied"  # 'Not a single coin was paid'
    if _not_who(sentence):
        return "denied"
    if near_dispute and negated(sentence) and sentence[0].lower_ in ("we", "our"):
        return "denied"  # "We have never used civilians …"
    there = sentence[0].lower_ == "there" and any(t.lower_ == "no" for t in sentence[:4])
    if there and near_dispute:
        return "denied"  # 'There was no depot'
    if _about_claims(sentence):
        return "denied"  # 'Claims of abductions are propaganda', 'The figures … come from …'
    if _takes_someone(sentence):
        return "asserted"  # 'They took my husband off the bus'
    return "asserted" if grave_act(sentence, QUOTED_ACTS - {"take", "pay"}) else None


def _about_claims(sentence: list[Token]) -> bool:
    """A sentence whose subject is the other side's claims, reports or figures."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() in _CLAIM_NOUNS for t in sentence
    )


def _takes_someone(sentence: list[Token]) -> bool:
    for token in sentence:
        if token.lemma_.lower() != "take" or token.pos_ != "VERB":
            continue
        objects = [c for c in token.children if c.dep_ == "dobj"]
        doer = _doer(token)
        person = objects and objects[0].pos_ == "NOUN" and is_people(objects[0])
        if person and doer is not None and doer.lower_ not in _SELF:
            return True
    return False


def _not_who(sentence: list[Token]) -> bool:
    """'They were not fighters': a denial of who the victims were."""
    if sentence[0].lower_ not in _PRONOUNS or len(sentence) > 8:
        return False
    negation = any(t.dep_ == "neg" for t in sentence)
    return negation and any(t.dep_ == "attr" and is_people(t) for t in sentence)
