"""Speakers: the noun phrase naming who said something, and what kind of source it is."""

from __future__ import annotations

from spacy.tokens import Token

from annotator.nlp.suggest.doc_cache import sentence_of, text_of

# Children of a speaker's head word that stay in the noun phrase naming the speaker.
_PHRASE_DEPS = frozenset(
    {"det", "compound", "amod", "nmod", "poss", "case", "nummod", "quantmod", "flat", "nn"}
)
_HYPHENS = frozenset({"-", "‐", "–"})

# Words in a speaker's noun phrase that say what kind of source it is, checked in order:
# "the Saldera People's Army" is an armed group before it is an army, and "the Health
# Ministry" is government before it is medical.
_KIND_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("media", frozenset({"newspaper", "tv", "television", "radio", "broadcaster", "media",
                         "news agency", "channel", "reporter", "reporters", "journalist",
                         "journalists", "state media", "times", "herald", "gazette",
                         "tribune", "journal", "telegraph", "news", "press"})),
    ("NGO-UN", frozenset({"united nations", "un", "unicef", "unhcr", "ngo", "ngos",
                          "red cross", "red crescent", "charity", "aid", "relief",
                          "humanitarian", "rights", "watch", "observatory", "agency",
                          "alliance", "coalition", "volunteers", "aid workers"})),
    ("armed group", frozenset({"rebels", "rebel", "front", "militia", "militias",
                               "armed group", "movement", "brigades", "brigade", "insurgents",
                               "militants", "people's army", "liberation army", "fighters",
                               "commander of the group", "insurgent"})),
    ("government", frozenset({"ministry", "government", "minister", "president",
                              "president's office", "presidency", "cabinet", "parliament",
                              "authorities", "police", "spokesman", "spokeswoman",
                              "prime minister", "mayor", "governor", "lawmakers",
                              "interior", "assembly", "office", "deputy", "lawmaker"})),
    ("military", frozenset({"army", "military", "forces", "troops", "soldiers", "air force",
                            "navy", "commander", "general", "chief of staff", "officer",
                            "gen.", "col.", "lt."})),
    ("medical", frozenset({"hospital", "doctor", "doctors", "medic", "medics", "medical",
                           "health workers", "health authority", "nurse", "nurses", "clinic",
                           "surgeon", "paramedics", "health officials", "dr."})),
)  # fmt: skip
# Only the head word makes a witness: "the Office for Refugee Affairs" is not one.
_WITNESS_HEADS = frozenset({"witness", "witnesses", "resident", "residents", "villager",
                            "villagers", "survivor", "survivors", "eyewitness", "eyewitnesses",
                            "refugee", "refugees", "shopkeeper", "neighbour", "neighbours",
                            "passer-by", "passers-by"})  # fmt: skip
_ANONYMOUS_HEADS = frozenset({"official", "officials", "officer", "diplomat", "source", "sources"})
_ANONYMITY = ("anonymity", "not to be named", "not authorised", "not authorized")
_ROLES = frozenset(
    {"minister", "spokesman", "spokeswoman", "spokesperson", "deputy", "director", "chief",
     "envoy", "commander", "leader", "lawmaker", "president", "secretary", "resident",
     "mayor", "governor", "dr.", "dr", "gen.", "gen", "col.", "col", "lt.", "capt.", "sgt.",
     "prof.", "mr.", "mrs.", "ms.", "ambassador", "coordinator", "manager", "researcher"}
)  # fmt: skip
_PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})


def speaker_head(token: Token) -> Token:
    """The word to name a speaker by: a name in apposition beats a description.

    "its spokesman, Dragoș Pîrvu" names Dragoș Pîrvu; "Søren Åberg, the envoy" stays.
    """
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head  # "Yusuf Karaağaç, 58, a shepherd who said …"
    if token.pos_ not in {"PROPN", "PRON"}:
        holders = [token]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                holders += [c for c in prep.children if c.dep_ == "pobj"]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "appos" and child.pos_ == "PROPN":
                    return child
    return token


def _phrase_members(head: Token, keep_of: bool) -> set[int]:
    members = {head.i}
    for child in head.children:
        if child.dep_ in _PHRASE_DEPS or (child.dep_ == "punct" and child.text in _HYPHENS):
            members |= _phrase_members(child, keep_of=False)
        elif keep_of and child.dep_ == "prep" and child.lower_ == "of":
            members.add(child.i)
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    members |= _phrase_members(pobj, keep_of=False)
    return members


def noun_phrase(head: Token) -> tuple[int, int]:
    """Char offsets of the shortest noun phrase around ``head``, without appositions.

    Titles and other modifiers before the head stay ("Gen. Ahmed Zubaïr", "a senior
    military official"), as does an "of" phrase after a common noun ("the director of
    the hospital") and the rest of a named entity ("the Institute for Conflict Studies").
    Relative clauses, other prepositional phrases and appositions go.
    """
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head.text)
    members = _phrase_members(head, keep_of=head.pos_ == "NOUN")
    if head.ent_type_:
        for entity in head.doc.ents:
            if entity.start <= head.i < entity.end:
                members |= set(range(entity.start, entity.end))
    first = last = head.i
    while first - 1 in members:
        first -= 1
    while last + 1 in members:
        last += 1
    doc = head.doc
    while first < head.i and (doc[first].is_punct or doc[first].lower_ in {"'s", "’s"}):
        first += 1
    while last > head.i and doc[last].is_punct and doc[last].text != ".":
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _person_words(head: Token) -> set[str]:
    """Words of every PERSON entity in the document: "Zubaïr" alone may be mislabelled."""
    return {t.text for ent in head.doc.ents if ent.label_ == "PERSON" for t in ent if t.is_alpha}


def source_kind(head: Token, start: int, end: int) -> str:
    """The schema's kind of a speaker, from its words, its sentence and its entity type."""
    if head.pos_ == "PRON":
        return "person" if head.lower_ in _PERSONAL_PRONOUNS else "other"
    doc = head.doc
    phrase = text_of(doc)[start:end].lower().replace("’", "'")
    words = set(phrase.split())
    padded = f" {phrase} "
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens: list[Token] = list(span) if span is not None else []
    # A title or role before a name marks a person even when the entity label is off:
    # "opposition deputy Ana Łukasik".
    role = any(t.lower_ in _ROLES and t.i < head.i for t in tokens)
    body = any(head.lower_ in cues for _, cues in _KIND_WORDS)  # "the People’s Army"
    named = head.pos_ == "PROPN" and (head.ent_type_ == "PERSON" or role)
    if not body and (named or head.text in _person_words(head)):
        return "person"
    anonymous = any(cue in sentence_of(head).text for cue in _ANONYMITY)
    unnamed = anonymous or phrase.split()[0] in {"a", "an", "the"} or head.lower_.endswith("s")
    if head.lower_ in _ANONYMOUS_HEADS and head.pos_ != "PROPN" and unnamed:
        return "anonymous official"
    for kind, cues in _KIND_WORDS:
        if words & cues or any(f" {cue} " in padded for cue in cues if " " in cue):
            return kind
    if head.lower_ in _WITNESS_HEADS:
        return "witness"
    if anonymous:
        return "anonymous official"
    if head.pos_ == "PROPN":
        return "organization" if head.ent_type_ in {"ORG", "NORP", "GPE"} else "person"
    return "other"


def speaker(subject: Token | None) -> tuple[tuple[int, int] | None, str | None]:
    """The noun phrase and kind of the speaker whose head word is ``subject``."""
    if subject is None:
        return None, None
    head = speaker_head(subject)
    start, end = noun_phrase(head)
    return (start, end), source_kind(head, start, end)
