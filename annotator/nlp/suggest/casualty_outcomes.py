"""What single words say about a casualty figure in context: its outcome and its victims.

'killed' names an outcome anywhere; 'held' only in the passive; 'taken' only 'to hospital';
'were missing', 'remain in captivity' and 'among the dead' through the clause's verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from annotator.core import casualty_words as cw
from annotator.core.casualty_words import (
    INTRANSITIVE,
    OUTCOME_WORDS,
    QUANTIFIERS,
    SECURITY_MODIFIERS,
    SECURITY_ORG_WORDS,
    STATE_NOUNS,
    lemma_class,
    words,
)
from annotator.nlp.suggest.casualty_patterns import HOSPITAL_VERBS, HOSPITAL_WORDS

_VERBAL = ("VERB", "AUX")
_TOLL_WORDS = frozenset(("toll", "death", "dead", "fatality", "kill"))
# How a figure hangs from a clause whose subject is a toll: 'rose to 92', 'could be 60'.
_TOLL_PATHS = frozenset(("prep", "attr", "acomp", "dobj", "oprd"))
#: People words the shared tables lack: 'truck drivers', 'miners', 'fans'.
EXTRA_PEOPLE = words("driver miner fan supporter labourer laborer herder shopkeeper crewman")
#: What 'N of the …' counts part of, and the outcome the word itself names (None: the
#: outcome is the total's, as in 'six of them', 'of whom 12').
PARTITIVE_WORDS: dict[str, str | None] = {
    **dict.fromkeys(("them", "whom", "those", "these"), None),
    **dict.fromkeys(("dead", "killed", "victims", "bodies", "fatalities"), "killed"),
    **dict.fromkeys(("injured", "wounded", "casualties"), "injured"),
    "missing": "missing",
    **dict.fromkeys(("detainees", "detained", "arrested", "prisoners"), "detained"),
    **dict.fromkeys(("hostages", "captives", "abducted", "kidnapped"), "abducted"),
    "displaced": "displaced",
}
# Nouns for an event that happens to the people after them: 'the execution of five
# prisoners', 'the remains of around 60 passengers', 'funerals for 11 victims'.
_EVENT_NOUNS = {
    **dict.fromkeys(words("execution executions funeral funerals burial burials"), "killed"),
    **dict.fromkeys(words("remains killing killings massacre"), "killed"),
}
# Nouns a number can count that are themselves an outcome: '312 civilian deaths'.
COUNTED_OUTCOMES = {"death": "killed", "fatality": "killed", "killing": "killed"}
#: Who treats the wounded: a hospital that 'admitted 46 people' admitted them wounded.
_MEDICAL_SUBJECTS = HOSPITAL_WORDS | words("doctor doctors medic medics clinic hospital")


def is_people(noun: Token) -> bool:
    """Whether a noun counts people: 'militants', 'police', 'the dead', 'Kestrians'."""
    lemma, text = noun.lemma_.lower(), noun.lower_
    groups = cw.CIVILIAN | cw.ARMED_GROUP | cw.SECURITY | cw.OTHER_PEOPLE | EXTRA_PEOPLE
    if lemma in groups or text in groups or text in PARTITIVE_WORDS or lemma == "force":
        return True
    return noun.ent_type_ == "NORP" or (noun.tag_ == "NNS" and text.endswith(cw.PERSON_SUFFIXES))


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
    if lemma == "take" and any(c.lower_ in ("prisoner", "prisoners") for c in token.children):
        return "detained"  # 'taken prisoner'
    if lemma in HOSPITAL_VERBS:
        medical = _has_prep_object(token, HOSPITAL_WORDS) or _medical_subject(token)
        return "injured" if medical else None
    if text in _EVENT_NOUNS and token.pos_ in ("NOUN", "PROPN"):
        return _EVENT_NOUNS[text]
    if lemma == "survive" and _has_prep_object(token, {"injury", "injuries", "wound", "wounds"}):
        return "injured"
    if lemma == "force":
        return "displaced" if _has_prep_object(token, {"home", "homes"}) else None
    if lemma == "lose" and any(c.lemma_ == "life" for c in token.children):
        return "killed"
    if text in ("missing", "dead"):
        return STATE_NOUNS[text]
    return OUTCOME_WORDS.get(lemma) or OUTCOME_WORDS.get(text)


def _medical_subject(verb: Token) -> bool:
    """'the hospital, which said it had admitted 46 people': the one admitting is medical.

    A pronoun subject is looked up through the reporting verb above it ('it' -> 'which'
    -> 'hospital'), as the parser gives no coreference.
    """
    current = verb
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in ("which", "who", "that"):
            subject = current.head if current.dep_ == "relcl" else None
        if subject is not None and subject.pos_ != "PRON":
            return subject.lemma_.lower() in _MEDICAL_SUBJECTS
        if current.dep_ not in ("ccomp", "xcomp", "conj") or current.head.i == current.i:
            return False
        current = current.head
    return False


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
    # 'the army had lost four soldiers': the lost are dead, not the army.
    lost = verb.lemma_.lower() == "lose" and path.dep_ == "dobj"
    if lost and lemma_class(path.lemma_.lower(), path.lower_) is not None:
        return "killed"  # not 'the coalition lost two members'

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
