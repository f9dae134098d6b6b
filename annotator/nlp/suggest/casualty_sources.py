"""Who gave a casualty figure: 'according to X', 'X said', '..., X said.'"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotator.core.casualty_words import words
from annotator.core.model import Origin, Span
from annotator.nlp.suggest.casualty_patterns import REPORTING_VERBS, entity_of
from annotator.nlp.suggest.doc_cache import sentence_of

_RELATIVE = frozenset(("who", "that", "which"))
_PRONOUNS = frozenset(("he", "she", "it", "they", "we", "i"))
# Modifiers kept in a source's noun phrase; clauses and appositions are left out.
_KEEP = words("det amod compound poss case nummod nmod prep pobj conj cc quantmod npadvmod")
_SPEAKING = REPORTING_VERBS | {"deny", "accuse", "reject", "dispute", "acknowledge"}
_ANONYMOUS = ("anonymity", "not to be named", "unnamed", "anonymous", "not authorised")
_OFFICIALS = ("official", "officer", "diplomat", "source")


def _cues(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# Checked in this order: the first kind with a matching cue wins. Cues are matched inside
# the lower-cased words of the source's noun phrase, padded with a space at either end.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "NGO-UN",
        _cues(
            "united nations|u.n.| un |ocha|unhcr|unicef|red cross|red crescent|ngo|charity|"
            "aid group|aid agency|humanitarian|rights|observatory|amnesty|relief| aid "
        ),
    ),
    (
        "armed group",
        _cues(
            "rebel|militant|insurgent|movement| front|brigade|militia|the group|"
            "people's army|people’s army|liberation"
        ),
    ),
    ("medical", _cues("hospital|doctor|medic|clinic|nurse|paramedic|surgeon|ambulance")),
    ("government", _cues("ministry|minister|government|president|authorit")),
    ("military", _cues("army|military|troops|soldier|air force|navy|armed forces")),
    ("government", _cues("official|police|mayor|governor|council")),
    ("witness", _cues("witness|resident|villager|survivor|eyewitness|locals")),
    ("media", _cues("television|newspaper|media|news agency|radio|broadcaster")),
)


def find_source(doc: Doc, anchor: Token) -> Span | None:
    """A SOURCE span for whoever the sentence says gave the figure at ``anchor``, if any."""
    according = _according_to(doc, anchor)
    speaker = _reporting_subject(doc, anchor, according)
    if speaker is None:
        return None
    if speaker.lower_ in _RELATIVE and speaker.head.dep_ == "relcl":
        speaker = speaker.head.head
    if speaker.dep_ == "appos" and speaker.head.pos_ == "PROPN":
        speaker = speaker.head  # 'Yusuf Karaağaç, 58, a shepherd who said'
    if speaker.is_upper and len(speaker.text) > 2:
        return None  # a dateline ('LIRANDA, Sarnavia (Wire) —') the parser took for a subject
    first, last = extent(speaker)
    described = _antecedent(doc, speaker) if speaker.lower_ in _PRONOUNS else speaker
    return _source(doc, first, last + 1, _kind(doc, described))


def source_of_tokens(doc: Doc, first: int, end: int) -> Span:
    """A SOURCE span for tokens ``[first, end)`` that a line names as its source.

    For headlines ('Army says …') and tracker lines, where the parse is no guide: the
    kind is read from the words alone.
    """
    named = f" {' '.join(t.lower_ for t in doc[first:end])} "
    kind = next((k for k, cues in _KINDS if any(cue in named for cue in cues)), None)
    return _source(doc, first, end, kind)


def _source(doc: Doc, first: int, end: int, kind: str | None) -> Span:
    span = doc[first:end]
    return Span(
        span.start_char,
        span.end_char,
        "SOURCE",
        layer="attribution",
        origin=Origin.RULES,
        attrs={"kind": kind} if kind else {},
    )


def _same_paragraph(doc: Doc, a: Token, b: Token) -> bool:
    # Paragraph breaks are whitespace tokens of their own; doc.text is rebuilt on each use.
    low, high = sorted((a.i, b.i))
    return not any(t.is_space and "\n" in t.text for t in doc[low:high])


def _reporting_subject(doc: Doc, anchor: Token, according: Token | None) -> Token | None:
    """Who the sentence says gave the figure: 'according to X' in the figure's own clause,
    else the subject of the nearest reporting verb above it, else 'according to X' anywhere
    in the sentence."""
    # X is the object of "to", which hangs from "according", which hangs from a verb.
    attached = according.head.head.head.i if according is not None else -1
    current = anchor
    while True:
        if current.i == attached:
            return according
        if current.i != anchor.i and current.lemma_.lower() in REPORTING_VERBS:
            subject = _subject(current, anchor)
            if subject is not None and _same_paragraph(doc, subject, anchor):
                return subject
        for child in current.children:
            # '..., residents said.' hangs from the main verb as a parataxis.
            if child.dep_ == "parataxis" and child.lemma_.lower() in REPORTING_VERBS:
                subject = _subject(child, anchor)
                if subject is not None and _same_paragraph(doc, subject, anchor):
                    return subject
        if current.head.i == current.i or not _same_paragraph(doc, current.head, anchor):
            return according
        current = current.head


def _subject(verb: Token, anchor: Token) -> Token | None:
    """The reporting verb's subject, never the phrase that holds the figure itself."""
    subjects = [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and not c.left_edge.i <= anchor.i <= c.right_edge.i
    ]
    return subjects[-1] if subjects else None


def _according_to(doc: Doc, anchor: Token) -> Token | None:
    found: list[Token] = []
    for token in sentence_of(anchor):
        if token.lower_ == "according" and _same_paragraph(doc, token, anchor):
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                to = doc[token.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is not None:
                found.append(pobj)
    return min(found, key=lambda t: abs(t.i - anchor.i)) if found else None


def extent(speaker: Token) -> tuple[int, int]:
    """First and last token of the shortest noun phrase naming the speaker."""
    name = next(
        (c for c in speaker.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
        None,
    )
    if name is not None and speaker.pos_ != "PROPN":
        speaker = name
    if speaker.pos_ == "PROPN":
        entity = entity_of(speaker) if speaker.ent_type_ else None
        lefts = [
            c.left_edge.i for c in speaker.lefts if c.dep_ in ("compound", "amod", "nmod", "det")
        ]
        first, last = min([speaker.i, *lefts]), speaker.i
        if entity is not None and speaker.ent_type_ in ("ORG", "PERSON", "NORP", "GPE", "FAC"):
            first, last = min(first, entity.start), max(last, entity.end - 1)
        return first, last
    kept = _kept(speaker)
    first, last = min(kept), max(kept)
    doc = speaker.doc
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return first, last


def _kept(token: Token) -> list[int]:
    kept = [token.i]
    for child in token.children:
        if child.dep_ in _KEEP:
            kept.extend(_kept(child))
    return kept


def _antecedent(doc: Doc, pronoun: Token) -> Token:
    """The nearest earlier speaker that is not a pronoun, to tell a pronoun source's kind."""
    for token in reversed(doc[max(pronoun.i - 120, 0) : pronoun.i]):
        subject = token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN")
        if subject and token.head.lemma_.lower() in _SPEAKING:
            return token
    return pronoun


def _kind(doc: Doc, speaker: Token) -> str | None:
    if speaker.lower_ in _PRONOUNS:
        return None
    first, last = extent(speaker)
    named = f" {' '.join(t.lower_ for t in doc[first : last + 1])} "
    whole = " ".join(t.lower_ for t in speaker.subtree)
    if any(word in whole for word in _ANONYMOUS) and any(word in whole for word in _OFFICIALS):
        return "anonymous official"
    # The subtree also holds relative clauses ('which operates in rebel-held areas'), so the
    # kind is read from the name, with the clauses only as a fallback.
    for text in (named, f" {whole} "):
        for kind, cues in _KINDS:
            if any(cue in text for cue in cues):
                return kind
    entities = {t.ent_type_ for t in doc[first : last + 1]}
    if "PERSON" in entities:
        return "person"
    if "ORG" in entities:
        return "organization"
    return None
