"""Attribute values for a casualty figure marked by hand, read from the plain text.

When someone marks '145 Balochistan Liberation Army militants' as CASUALTY, the counts,
qualifier and victims are in the span and the outcome is usually a word or two away
('were killed'). The suggesters read the same things from the spaCy parse; the window's
process never loads spaCy, so this reads words with regular expressions and the shared
tables of :mod:`annotator.core.casualty_words` and :mod:`annotator.core.numbers`.
Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice, pairwise
from typing import Any

from annotator.core.casualty_words import (
    CUMULATIVE_PERFECT_SUBJECTS,
    CUMULATIVE_SUBJECTS,
    CUMULATIVE_WORDS,
    INTRANSITIVE,
    OTHER_PEOPLE,
    OUTCOME_WORDS,
    SECURITY_MODIFIERS,
    SECURITY_ORG_WORDS,
    STATE_NOUNS,
    lemma_class,
    words,
)
from annotator.core.numbers import parse_count, word_to_number

__all__ = ["casualty_prefill"]

# Words: '1,200', '3.5', 'twenty-one', "militants'"; punctuation one mark at a time.
_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+|\n+")
_LAST_WORD = re.compile(r"\b\w+$")
_ABBREVIATIONS = words("mr mrs ms dr gen col lt maj capt sgt st no jr sr prof gov sen rep")
#: How far either side of the span (in characters) a sentence boundary is looked for.
_REACH = 1500
#: The most words a count takes: 'between two hundred and fifty and three hundred'.
_COUNT_WORDS = 10
#: The most words of a selection read: 'at least 145 members of the ... Front'.
_SPAN_WORDS = 40
_IRREGULAR = {
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "person",
    "fled": "flee",
    "slain": "slay",
    "slew": "slay",
    "dying": "die",
    "lives": "life",
}
_AUXILIARIES = words("was were been being be is are")
#: What follows 'killed' when the figure before it did the killing: '145 militants killed
#: the soldiers', '... killed three'.
_OBJECT_STARTS = words("the a an their his her its our nearly some more several dozens hundreds")
_CUMULATIVE_PHRASES = frozenset(
    (("so", "far"), ("to", "date"), ("in", "all"), ("last", "year"), ("this", "year"))
)
#: 'since the start of the month', 'since the war began'; not 'since Monday', which dates
#: an incident.
_SINCE_STARTS = words("start beginning outbreak war conflict insurgency uprising crisis")
_INCIDENT_TIMES = words(
    "monday tuesday wednesday thursday friday saturday sunday yesterday dawn morning midnight"
)
_CLAUSE_MARKS = frozenset((",", ";", ":", "—", "–", ".", "(", ")"))
#: Where a figure marked with its context stops being about its own victims.
_SUBSET_WORDS = words("including among")


def casualty_prefill(text: str, start: int, end: int) -> dict[str, Any]:
    """The CASUALTY attributes the text gives the figure at ``text[start:end]``.

    Offsets are code points into the document text. Returns only what was found, under
    the schema's names: ``min``, ``best``, ``max`` and ``qualifier`` from the count in
    the span ('at least 12' -> min 12, best 12, at least); ``victims`` from the people
    it counts ('militants' -> armed group, 'civilians' -> civilian, 'security personnel'
    -> security forces, several kinds -> mixed); ``outcome`` from an outcome word in the
    span ('the dead', '20 hostages') or else the nearest one in its sentence ('were
    killed' -> killed, 'wounded' -> injured); ``scope`` cumulative for running totals
    ('a total of', 'so far'). Anything not found is left to the schema's defaults.
    """
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return {}
    # A figure is a few words; the first of a long selection are enough to read it.
    tokens = [m.group() for m in islice(_TOKEN.finditer(text, start, end), _SPAN_WORDS)]
    attrs: dict[str, Any] = _counts(tokens)
    victims = _victims(tokens)
    if victims is not None:
        attrs["victims"] = victims
    before, after = _sentence_around(text, start, end)
    outcome = _outcome(tokens, before, after)
    if outcome is not None:
        attrs["outcome"] = outcome
    if _cumulative(tokens, before, after):
        attrs["scope"] = "cumulative"
    return attrs


def _counts(tokens: list[str]) -> dict[str, Any]:
    """min, best, max and qualifier of the first count in the span, as the suggesters do."""
    for index, token in enumerate(tokens):
        if not token[0].isalnum():
            continue
        # A count is a few words long; reading only those keeps a long selection fast.
        count = parse_count(" ".join(tokens[index : index + _COUNT_WORDS]))
        if count is None:
            continue
        found: dict[str, Any] = {"qualifier": count.qualifier}
        for name, value in (("min", count.min), ("best", count.best), ("max", count.max)):
            if value is not None:
                found[name] = value
        return found
    return {}


def _lemmas(word: str) -> list[str]:
    """Guesses at a word's dictionary form, the word itself first: no tagger here."""
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    found = [word]
    if word in _IRREGULAR:
        found.append(_IRREGULAR[word])
    endings = (
        ("men", "man"),
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    )
    for ending, replacement in endings:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + replacement
            found.append(stem)
            # 'kidnapped' -> 'kidnap'
            if ending in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                found.append(stem[:-1])
    return found


def _people_class(word: str) -> tuple[bool, str | None]:
    """Whether a word names people, and the victims value it gives (None if no value)."""
    for lemma in _lemmas(word):
        found = lemma_class(lemma)
        if found is not None:
            return True, found
        if lemma in OTHER_PEOPLE:
            return True, None
    return False, None


def _victims(tokens: list[str]) -> str | None:
    """The victims value of the people the span counts; several kinds give 'mixed'."""
    lowered = [t.lower() for t in tokens]
    classes: set[str] = set()
    for index, word in enumerate(lowered):
        if word in _SUBSET_WORDS:
            break  # '145 people, including 31 civilians': the subset is another figure
        people, found = _people_class(word)
        if not people:
            continue
        if found is None and index and lowered[index - 1] in SECURITY_MODIFIERS:
            found = "security forces"  # 'security officials', 'army officers'
        if found is None and "member" in _lemmas(word):
            found = _members_of(lowered[index + 1 :])
        if found is not None:
            classes.add(found)
    if len(classes) > 1:
        return "mixed"
    return classes.pop() if classes else None


def _members_of(rest: list[str]) -> str | None:
    """'members of the army' are security forces; 'members of the Front' an armed group."""
    if not rest or rest[0] != "of":
        return None
    group: list[str] = []
    for word in rest[1:]:
        if not word[0].isalnum() or word in ("and", "or"):
            break
        group.append(word)
    if set(group) & SECURITY_ORG_WORDS:
        return "security forces"
    return "armed group" if group else None


def _sentence_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words of the span's sentence before and after it: a cheap split, no parser."""
    low, high = max(0, start - _REACH), min(len(text), end + _REACH)
    ends_before = [m for m in _SENTENCE_END.finditer(text, low, start) if _ends(text, m)]
    first = ends_before[-1].end() if ends_before else low
    last = next(
        (m.start() for m in _SENTENCE_END.finditer(text, end, high) if _ends(text, m)), high
    )
    before = [m.group().lower() for m in _TOKEN.finditer(text, first, start)]
    after = [m.group().lower() for m in _TOKEN.finditer(text, end, last)]
    return before, after


def _ends(text: str, found: re.Match[str]) -> bool:
    """Whether a full stop (or a line break) ends a sentence: not 'Gen. Zubaïr', 'J. Smith'."""
    if not found.group().startswith("."):
        return True
    word = _LAST_WORD.search(text, max(0, found.start() - 8), found.start())
    return not (word and (word.group().lower() in _ABBREVIATIONS or len(word.group()) == 1))


def _word_outcome(word: str) -> str | None:
    if word in STATE_NOUNS:
        return STATE_NOUNS[word]
    for lemma in _lemmas(word):
        if lemma in OUTCOME_WORDS:
            return OUTCOME_WORDS[lemma]
    return None


def _outcome(tokens: list[str], before: list[str], after: list[str]) -> str | None:
    """An outcome word in the span, or else the nearest in the sentence (after on a tie)."""
    for token in tokens:
        if found := _word_outcome(token.lower()):
            return found
    for distance in range(max(len(before), len(after))):
        if distance < len(after) and (found := _after_outcome(after, distance)):
            return found
        if distance < len(before) and (found := _before_outcome(before, distance)):
            return found
    return None


def _after_outcome(after: list[str], index: int) -> str | None:
    """The outcome ``after[index]`` gives a figure just before it, if any.

    In '145 militants killed three soldiers' the militants did the killing: an active
    outcome verb with a count or a noun phrase after it is not what the figure suffered.
    """
    word = after[index]
    if word == "lost" and after[index + 1 : index + 3] in (["their", "lives"], ["his", "life"]):
        return "killed"
    found = _word_outcome(word)
    if found is None:
        return None
    transitive = word not in STATE_NOUNS and not set(_lemmas(word)) & INTRANSITIVE
    passive = index > 0 and after[index - 1] in _AUXILIARIES
    following = after[index + 1] if index + 1 < len(after) else ""
    has_object = following in _OBJECT_STARTS or word_to_number(following) is not None
    return None if transitive and has_object and not passive else found


def _before_outcome(before: list[str], distance: int) -> str | None:
    """The outcome a word ``distance`` words before the span gives it: 'killed 145'."""
    return _word_outcome(before[len(before) - 1 - distance])


def _cumulative(tokens: list[str], before: list[str], after: list[str]) -> bool:
    """A running total: 'a total of 145', 'the conflict has killed', 'so far', 'since'."""
    if any(_is_cumulative_word(t.lower()) for t in tokens):
        return True
    clause_before = _clause(reversed(before))[::-1]
    if any(_is_cumulative_word(word) for word in clause_before):
        return True
    near = clause_before[-5:]
    perfect = bool({"has", "have"} & set(near + after[:3]))
    if perfect and any(
        set(_lemmas(word)) & (CUMULATIVE_SUBJECTS | CUMULATIVE_PERFECT_SUBJECTS) for word in near
    ):
        return True  # 'the conflict has killed', 'shelling there has killed'
    clause = _clause(after)
    if set(pairwise(clause)) & _CUMULATIVE_PHRASES:
        return True
    since = clause[clause.index("since") + 1 :] if "since" in clause else []
    # 'since the war began'; with the perfect, 'since 2020', 'since then', but not
    # 'have fled since Monday', which dates one incident.
    return bool(set(since) & _SINCE_STARTS) or (
        perfect and bool(since) and since[0] not in _INCIDENT_TIMES
    )


def _clause(words_: Iterable[str]) -> list[str]:
    """Words up to a clause mark or another figure's digits (a year right after 'since'
    is kept: 'since 2020')."""
    found: list[str] = []
    for word in words_:
        digits = any(c.isdigit() for c in word)
        if word in _CLAUSE_MARKS or (digits and found[-1:] != ["since"]):
            break
        found.append(word)
    return found


def _is_cumulative_word(word: str) -> bool:
    return bool(set(_lemmas(word)) & CUMULATIVE_WORDS)
