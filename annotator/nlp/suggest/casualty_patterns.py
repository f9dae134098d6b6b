"""Word lists and the token Matcher behind the casualty suggester.

``find_numbers`` finds every number expression in a parsed document with the words that
qualify it ('at least 145', 'between 100 and 220', 'dozens'); whether one is a casualty
figure is decided in :mod:`annotator.nlp.suggest.casualty`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab

from annotator.core.casualty_words import words
from annotator.core.numbers import QUALIFIER_PHRASES, Count, parse_count, word_to_number

# The tables of outcome and victim words are in annotator.core.casualty_words, shared
# with the pre-filling of figures marked by hand; these are the suggester's own.

# 'seized' and 'held' are outcomes only for people and only in the passive or as objects,
# which the suggester checks; these verbs need a hospital nearby to mean 'injured'.
HOSPITAL_VERBS = words("take bring rush admit evacuate airlift transfer arrive fly")
HOSPITAL_WORDS = words("hospital hospitals clinic clinics ambulance ambulances")
#: Nouns that stand for 'the figure' just given ('the figure was closer to 40').
ANAPHORIC_NOUNS = words("figure number tally count estimate")
REPORTING_VERBS = words(
    "say tell report claim state announce confirm estimate put add insist allege "
    "write estimate count quote warn"
)


# --- numbers that are not casualty figures ----------------------------------------------

MONTHS = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
TIME_WORDS = words(
    "year years day days week weeks month months hour hours minute minutes second seconds "
    "decade decades century centuries a.m. p.m. am pm monday tuesday wednesday thursday "
    "friday saturday sunday weekend morning night"
)
NOT_ONE = words("no any every each the this that which another second other")

# --- the Matcher ------------------------------------------------------------------------

_NUMBER_WORDS = sorted(
    words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety hundred thousand million billion dozen"
    )
)
_NUM = {
    "LOWER": {
        "REGEX": r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^(?:" + "|".join(_NUMBER_WORDS) + ")$"
    }
}
_NUMS = {**_NUM, "OP": "+"}
# The tokenizer keeps '40–50' (en dash) as one token, unlike '40-50'.
_DASHED = {"TEXT": {"REGEX": r"^\d[\d,]*[\u2012\u2013\u2014]\d[\d,]*$"}}
_JOIN = {"LOWER": {"IN": ["-", "\u2013", "\u2012", "to", "or"]}}
_VAGUE_PATTERNS = [
    ["dozens"],
    ["scores"],
    ["hundreds"],
    ["thousands"],
    ["millions"],
    ["tens", "of", "thousands"],
    ["hundreds", "of", "thousands"],
    ["several"],
    ["several", "dozen"],
    ["several", "hundred"],
    ["several", "thousand"],
    ["a", "few"],
    ["a", "few", "dozen"],
    ["a", "few", "hundred"],
    ["a", "few", "thousand"],
    ["a", "handful"],
]


@dataclass(frozen=True)
class NumberExpr:
    """A number expression: tokens ``[start, end)``, its number from ``number_start``."""

    start: int
    number_start: int
    end: int
    count: Count


_MATCHERS: dict[int, tuple[Vocab, Matcher]] = {}


def _matcher(vocab: Vocab) -> Matcher:
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    matcher = Matcher(vocab)
    matcher.add(
        "NUMBER",
        [
            [_NUMS],
            [_NUMS, {"LOWER": "and"}, _NUMS],
            [_NUM, {"LOWER": "-"}, _NUM],  # 'twenty-one', split by the tokenizer
            [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": ["hundred", "thousand", "dozen"]}}],
            [{"LOWER": "half"}, {"LOWER": "a"}, {"LOWER": "dozen"}],
        ],
    )
    matcher.add(
        "RANGE",
        [
            [_NUMS, _JOIN, _NUMS],
            [{"LOWER": "between"}, _NUMS, {"LOWER": "and"}, _NUMS],
            [_DASHED],
        ],
    )
    matcher.add("VAGUE", [[{"LOWER": word} for word in words] for words in _VAGUE_PATTERNS])
    phrases = [phrase.split() for phrase, _ in QUALIFIER_PHRASES if "." not in phrase]
    matcher.add("QUALIFIER", [[{"LOWER": word} for word in words] for words in phrases])
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


#: Every pattern holds a digit or one of these words; qualifiers and joins sit within
#: ``_REACH`` tokens of one ("at least", "between ... and", "as many as").
_ANCHOR_WORDS = frozenset(_NUMBER_WORDS) | {
    word for pattern in _VAGUE_PATTERNS for word in pattern if word not in ("a", "of")
}
_ANCHOR = re.compile(
    r"\d|\b(?:" + "|".join(sorted(_ANCHOR_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_REACH = 8


def _matches(doc: Doc) -> list[tuple[int, int, int]]:
    """The Matcher's matches, found only near digits and number words.

    Running the Matcher over every token of an article cost more than the rest of the
    casualty suggester; numbers are a few dozen tokens of several hundred.
    """
    starts = [token.idx for token in doc]
    windows: list[list[int]] = []
    for found in _ANCHOR.finditer(doc.text):
        at = bisect_right(starts, found.start()) - 1
        low, high = max(0, at - _REACH), min(len(doc), at + _REACH + 1)
        if windows and low <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    matcher = _matcher(doc.vocab)
    return [
        (match_id, low + start, low + end)
        for low, high in windows
        for match_id, start, end in matcher(doc[low:high])
    ]


def find_numbers(doc: Doc) -> list[NumberExpr]:
    """Every number expression in ``doc`` with its qualifier, left to right, not overlapping."""
    found: list[tuple[int, int]] = []
    qualifiers: dict[int, int] = {}  # end token -> earliest start
    for match_id, start, end in _matches(doc):
        kind = doc.vocab.strings[match_id]
        if kind == "QUALIFIER":
            qualifiers[end] = min(start, qualifiers.get(end, start))
        elif _valid(doc, kind, start, end):
            found.append((start, end))
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(set(found), key=lambda se: (se[0] - se[1], se[0])):
        if not taken.intersection(range(start, end)):
            chosen.append((start, end))
            taken.update(range(start, end))
    exprs = []
    for number_start, end in sorted(chosen):
        start = qualifiers.get(number_start, number_start)
        # 'children under five': after a noun, 'under' and 'over' are not qualifiers.
        qualifier = doc[start].lower_ if start != number_start else ""
        if qualifier in ("under", "over") and start and doc[start - 1].pos_ in ("NOUN", "PROPN"):
            start = number_start
        text = doc[start:end].text
        count = parse_count(text)
        if count is None:
            continue
        exprs.append(NumberExpr(start, number_start, end, count))
    return exprs


def _valid(doc: Doc, kind: str, start: int, end: int) -> bool:
    text = doc[start:end].text
    if kind == "NUMBER":
        return word_to_number(text) is not None
    if kind == "VAGUE":
        # 'scores' is a verb or a tally unless 'of' follows: 'scores of people'.
        if doc[start].lower_ == "scores":
            return end < len(doc) and doc[end].lower_ == "of"
        return parse_count(text) is not None
    count = parse_count(text)
    if count is None or count.qualifier != "range":
        return False
    # 'rose from 40 to 50' is two figures, not a range.
    joiner = next((t.lower_ for t in doc[start:end] if t.lower_ in ("to", "or", "and")), "")
    return not (joiner == "to" and start > 0 and doc[start - 1].lower_ == "from")


def entity_of(token: Token) -> SpacySpan:
    """The named entity ``token`` is in (just the token if none): walked, as doc.ents is
    rebuilt on every access."""
    doc, start, end = token.doc, token.i, token.i + 1
    if token.ent_iob_ in ("B", "I"):
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end]


# --- numbers that count something else -------------------------------------------------


def not_a_count(doc: Doc, expr: NumberExpr, tokens: SpacySpan) -> bool:
    """Dates, times, money, percentages, measurements and compound adjectives."""
    for token in tokens:
        if token.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
            return True
        if token.ent_type_ in ("DATE", "TIME"):
            words = {t.lower_ for t in entity_of(token)}
            if words & (MONTHS | TIME_WORDS) or _year_like(token):
                return True
    before = doc[expr.start - 1] if expr.start else None
    after = doc[expr.end] if expr.end < len(doc) else None
    after2 = doc[expr.end + 1] if expr.end + 1 < len(doc) else None
    if before is not None and (_month(before) or before.text in ("$", "€", "£")):
        return True
    if after is not None:
        if _month(after) or after.lower_ in ("%", "percent", "per"):
            return True
        # '45-year-old', 'two-day': a number inside a compound adjective.
        if after.text in ("-", "\u2013") and after2 is not None and after2.is_alpha:
            return True
    # 'as young as two', 'aged 45', 'at the age of 45'.
    if before is not None and before.lower_ in ("aged", "age", "ages"):
        return True
    return expr.start >= 3 and doc[expr.start - 1].lower_ == doc[expr.start - 3].lower_ == "as"


def _month(token: Token) -> bool:
    # Capitalised, so that '300 may have died' keeps its figure.
    return token.lower_ in MONTHS and token.text[:1].isupper()


def _year_like(token: Token) -> bool:
    return token.text.isdigit() and len(token.text) == 4 and 1800 <= int(token.text) <= 2100


def bare_number_is_not_a_count(doc: Doc, expr: NumberExpr, anchor: Token) -> bool:
    """A number with no noun after it: an age, a year, a pronoun 'one', a label."""
    first = doc[expr.number_start]
    if expr.end - expr.number_start == 1 and _year_like(first):
        return True
    if first.lower_ == "one" and expr.start and doc[expr.start - 1].lower_ in NOT_ONE:
        return True
    before = doc[expr.start - 1] if expr.start else None
    if before is not None and before.pos_ in ("NOUN", "PROPN") and before.lower_ not in ("toll",):
        return True  # 'children under five', 'Friday 12'
    # 'Mehmet Yılmaz, 34,' and 'the bride, 19, was': an age set off after a name or noun.
    after = doc[expr.end] if expr.end < len(doc) else None
    commas = before is not None and before.text == "," and after is not None and after.text == ","
    if commas and expr.start >= 2 and doc[expr.start - 2].pos_ in ("NOUN", "PROPN"):
        return True
    return anchor.dep_ in ("appos", "npadvmod") and anchor.head.pos_ == "PROPN"
