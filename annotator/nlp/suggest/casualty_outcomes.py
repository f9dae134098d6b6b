"""What single words say about a casualty figure in context: its outcome and its victims.

'killed' names an outcome anywhere; 'held' only in the passive; 'taken' only 'to hospital';
'were missing', 'remain in captivity' and 'among the dead' through the clause's verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from annotator.core.casualty_words import (
    INTRANSITIVE,
    OUTCOME_WORDS,
    QUANTIFIERS,
    SECURITY_MODIFIERS,
    SECURITY_ORG_WORDS,
    STATE_NOUNS,
    lemma_class,
)
from annotator.nlp.suggest.casualty_patterns import HOSPITAL_VERBS, HOSPITAL_WORDS

_VERBAL = ("VERB", "AUX")
_TOLL_WORDS = frozenset(("toll", "death", "dead", "fatality", "kill"))
# How a figure hangs from a clause whose subject is a toll: 'rose to 92', 'could be 60'.
_TOLL_PATHS = frozenset(("prep", "attr", "acomp", "dobj", "oprd"))


def word_outcome(token: Token) -> str | None:
    """The outcome one word names in context: 'killed', 'were held', 'taken to hospital'."""
    text, lemma = token.lower_, token.lemma_.lower()
    if text in STATE_NOUNS and text != "missing" and token.pos_ not in _VERBAL:
        return STATE_NOUNS[text]
    if lemma == "hold":
        passive = any(c.dep_ == "auxpass" for c in token.children) or token.dep_ == "acl"
        return "detained" if passive and token.tag_ == "VBN" else None
    # 'seized', 'taken hostage', 'captured and held hostage'
    if lemma == "seize" or any(c.lower_ == "hostage" for c in token.children):
        return "abducted"
    if lemma in HOSPITAL_VERBS:
        return "injured" if _has_prep_object(token, HOSPITAL_WORDS) else None
    if lemma == "force":
        return "displaced" if _has_prep_object(token, {"home", "homes"}) else None
    if lemma == "lose" and any(c.lemma_ == "life" for c in token.children):
        return "killed"
    if text in ("missing", "dead"):
        return STATE_NOUNS[text]
    return OUTCOME_WORDS.get(lemma) or OUTCOME_WORDS.get(text)


def _has_prep_object(token: Token, words: set[str] | frozenset[str]) -> bool:
    """'taken to hospital', 'forced from their homes'."""
    return any(
        c.dep_ == "pobj" and (c.lemma_.lower() in words or c.lower_ in words)
        for prep in token.children
        if prep.dep_ in ("prep", "dative")
        for c in prep.children
    )


def verb_outcome(verb: Token) -> str | None:
    """The outcome a verb names, alone or with its complement: 'were missing', 'shot dead'."""
    if found := word_outcome(verb):
        return found
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd", "xcomp") and (found := word_outcome(child)):
            return found
    return None


def clause_outcome(verb: Token, path: Token) -> str | None:
    """The outcome a clause gives the figure that reaches its verb through ``path``."""
    found = verb_outcome(verb)
    # 'soldiers killed three rebels': the subject did it, unless the object is elided as
    # in 'three were killed and 11 wounded'.
    active_subject = path.dep_ == "nsubj" and verb.lemma_.lower() not in INTRANSITIVE
    # 'lost their lives' has an object, but the subject is who died.
    has_object = any(c.dep_ == "dobj" and c.lemma_ != "life" for c in verb.children)
    if found and active_subject and has_object:
        return None
    if found:
        return found
    for child in verb.children:
        if child.i == path.i:
            continue
        if child.dep_ == "prep" and child.lower_ in ("among", "in", "into"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lower_ in STATE_NOUNS:
                    return STATE_NOUNS[pobj.lower_]
        # 'the true death toll could be between 60 and 80', 'put the death toll at 57',
        # 'the number of people killed rose to 40'
        subject_toll = child.dep_ in ("nsubj", "nsubjpass") and path.dep_ in _TOLL_PATHS
        object_toll = child.dep_ == "dobj" and path.dep_ == "prep"
        if (subject_toll or object_toll) and any(
            t.lemma_.lower() in _TOLL_WORDS for t in child.subtree
        ):
            return "killed"
    return None


def victim_class(noun: Token) -> str:
    """Who the noun (with any figure-less conjuncts: 'soldiers and civilians') counts.

    A conjunct with a count of its own ('17 soldiers and several civilians') is another
    figure, so it does not make this one mixed.
    """
    classes = {_one_class(noun)}
    for conj in noun.conjuncts:
        if not any(_counts(c) for c in conj.children):
            classes.add(_one_class(conj))
    classes.discard("unknown")
    if len(classes) > 1:
        return "mixed"
    return classes.pop() if classes else "unknown"


def _counts(child: Token) -> bool:
    """Whether ``child`` gives its noun a count: '12', 'several', 'a few', 'some'."""
    return child.dep_ == "nummod" or (
        child.dep_ in ("amod", "det", "quantmod") and child.lower_ in QUANTIFIERS
    )


def _one_class(noun: Token) -> str:
    lemma, text = noun.lemma_.lower(), noun.lower_
    if any(c.dep_ == "amod" and c.lower_ == "civilian" for c in noun.children):
        return "civilian"
    if found := lemma_class(lemma, text):
        return found
    if lemma == "member":
        group = " ".join(t.lower_ for c in noun.rights if c.lower_ == "of" for t in c.subtree)
        if set(group.split()) & SECURITY_ORG_WORDS:
            return "security forces"
        if group:
            return "armed group"
    # 'security officials', 'army officers', 'police personnel'
    if any(c.dep_ in ("compound", "amod") and c.lower_ in SECURITY_MODIFIERS for c in noun.lefts):
        return "security forces"
    return "unknown"
