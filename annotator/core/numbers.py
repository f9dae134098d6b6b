"""Reading counts written in news prose: '145', 'at least 63', 'dozens', 'between 60 and 80'.

Standard library only, so the suggesters and anything else in the core can share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["QUALIFIERS", "QUALIFIER_PHRASES", "Count", "parse_count", "word_to_number"]

#: Every value ``Count.qualifier`` takes, as the schema's CASUALTY ``qualifier`` lists them.
QUALIFIERS = ("exact", "at least", "more than", "up to", "approx", "range", "vague")


@dataclass(frozen=True)
class Count:
    """A normalised count: what the text allows (``min``/``max``) and the best single guess."""

    best: int | None
    min: int | None
    max: int | None
    qualifier: str
    raw: str


_UNITS = {
    "zero": 0,
    "no": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "no" and "none" read as zero only inside a longer expression would be wrong ("no 5"), so
# they count as numbers only on their own; see word_to_number.
_ZERO_WORDS = {"no", "none"}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+(?:,\d{3})*\.\d+$")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def _words(text: str) -> list[str]:
    """Lower-case words, with 'and', 'a' and 'an' kept for the grammar to judge."""
    text = text.lower().replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return [w for w in re.split(r"\s+", text.strip()) if w]


def _digits(word: str) -> int | None:
    if _DIGITS.match(word):
        return int(word.replace(",", ""))
    return None


def _small(words: list[str]) -> int | None:
    """A number below a thousand in words: 'two hundred and fifty', 'a hundred', 'ninety-nine'."""
    if not words:
        return None
    total = 0
    i = 0
    if words[0] in ("a", "an", "one") and len(words) > 1 and words[1] == "hundred":
        total, i = 100, 2
    elif len(words) > 1 and words[1] == "hundred":
        unit = _UNITS.get(words[0]) or _digits(words[0])
        if unit is None or not 1 <= unit <= 99:
            return None
        total, i = unit * 100, 2
    rest = words[i:]
    if total and rest and rest[0] == "and":
        rest = rest[1:]
        if not rest:
            return None
    if not rest:
        return total if total else None
    if len(rest) > 1:
        return None
    word = rest[0]
    value = _tens_units(word)
    if value is None:
        digits = _digits(word)
        if digits is None or digits >= (100 if total else 1000):
            return None
        value = digits
    return total + value


def _tens_units(word: str) -> int | None:
    """'seven', 'forty', 'twenty-one' (or 'twenty one' already joined by the caller)."""
    if word in _UNITS and word not in _ZERO_WORDS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    parts = re.split(f"[{_DASHES}]", word)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        unit = _UNITS[parts[1]]
        if 1 <= unit <= 9:
            return _TENS[parts[0]] + unit
    return None


def _join_tens(words: list[str]) -> list[str]:
    """'twenty one' -> 'twenty-one', so the grammar sees one word for one number."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _TENS and word in _UNITS and 1 <= _UNITS[word] <= 9:
            joined[-1] = f"{joined[-1]}-{word}"
        else:
            joined.append(word)
    return joined


def word_to_number(text: str) -> int | None:
    """The integer a number written in digits or words stands for, or None.

    Handles '1,200', '18000', 'five', 'twenty-one', 'a hundred', 'two hundred and fifty',
    'one thousand two hundred', '18 thousand', '3.5 million', 'a dozen' and 'two dozen'.
    Anything else (ordinals, fractions, other words around the number) gives None.
    """
    words = _join_tens(_words(text))
    if not words:
        return None
    if len(words) == 1 and words[0] in _ZERO_WORDS:
        return 0
    if words[-1] == "dozen":
        head = words[:-1]
        if not head or head in (["a"], ["one"]):
            return 12 if head else None
        if head == ["half", "a"]:
            return 6
        factor = word_to_number(" ".join(head))
        return factor * 12 if factor else None
    if len(words) == 1 and words[0] not in _SCALES:
        word = words[0]
        digits = _digits(word)
        if digits is not None:
            return digits
        if word in ("zero",):
            return 0
        return _tens_units(word)
    return _with_scales(words)


def _with_scales(words: list[str]) -> int | None:
    """Numbers that need 'thousand' or 'million': '3.5 million', 'two thousand and five'."""
    total = 0
    group: list[str] = []
    last_scale = None
    for word in [*words, ""]:
        if word in _SCALES or word == "":
            if not group:
                if word == "" and total:
                    break
                return None
            scale = _SCALES.get(word, 1)
            if last_scale is not None and scale >= last_scale:
                return None
            if scale > 1 and len(group) == 1 and _DECIMAL.match(group[0]):
                # Decimal, not float: 4.35 million must be 4350000 exactly.
                value = Decimal(group[0].replace(",", "")) * scale
                if value != value.to_integral_value():
                    return None
                part = int(value)
            else:
                if group[0] == "and" and total:
                    group = group[1:]
                if group in (["a"], ["an"]) and scale > 1:
                    small: int | None = 1
                else:
                    small = _small(group)
                if small is None:
                    return None
                part = small * scale
            total += part
            last_scale = scale
            group = []
        else:
            group.append(word)
    return total


# --- counts with their qualifiers -------------------------------------------------------

#: Words before a number and the qualifier they give, longest first so that 'no more
#: than' is not read as 'more than'. 'fewer than' is folded into 'up to' by parse_count.
QUALIFIER_PHRASES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "at least": "at least",
            "no fewer than": "at least",
            "no less than": "at least",
            "not less than": "at least",
            "a minimum of": "at least",
            "more than": "more than",
            "over": "more than",
            "above": "more than",
            "in excess of": "more than",
            "upwards of": "more than",
            "just over": "more than",
            "well over": "more than",
            "up to": "up to",
            "as many as": "up to",
            "as much as": "up to",
            "at most": "up to",
            "no more than": "up to",
            "not more than": "up to",
            "a maximum of": "up to",
            "fewer than": "fewer than",
            "less than": "fewer than",
            "under": "fewer than",
            "nearly": "approx",
            "almost": "approx",
            "about": "approx",
            "around": "approx",
            "roughly": "approx",
            "some": "approx",
            "approximately": "approx",
            "approx.": "approx",
            "an estimated": "approx",
            "estimated": "approx",
            "close to": "approx",
            "closer to": "approx",
            "just under": "approx",
            "circa": "approx",
            "c.": "approx",
        }.items(),
        key=lambda item: -len(item[0]),
    )
)

#: Vague amounts and the best number each stands for; 'dozens' is 12 as in ACLED.
_VAGUE: dict[tuple[str, ...], int] = {
    ("dozens",): 12,
    ("scores",): 20,
    ("hundreds",): 100,
    ("thousands",): 1_000,
    ("tens", "of", "thousands"): 10_000,
    ("hundreds", "of", "thousands"): 100_000,
    ("millions",): 1_000_000,
    ("several",): 3,
    ("a", "few"): 3,
    ("a", "handful"): 3,
    ("a", "couple"): 2,
    ("several", "dozen"): 36,
    ("several", "hundred"): 300,
    ("several", "thousand"): 3_000,
    ("a", "few", "dozen"): 36,
    ("a", "few", "hundred"): 300,
    ("a", "few", "thousand"): 3_000,
}
_NO_NUMBER = {"many", "numerous", "some", "a lot", "lots", "countless", "a number", "most"}
_RANGE_JOINERS = ("to", "or", "-")


def parse_count(text: str) -> Count | None:
    """Normalise a count with its qualifier words, or None if it holds no usable number.

    '145' is exact; 'at least 145' sets ``min``; 'more than 200' sets ``min`` to 201 and
    ``best`` to 200; 'up to 30' sets ``max``; 'nearly 50' and its kin are approx with only
    ``best``; '40-50', '40 to 50', 'between 100 and 220' and 'three or four' are ranges
    with the midpoint (rounded down) as ``best``; 'dozens' (12), 'scores' (20),
    'hundreds', 'thousands', 'several' and 'a few' (3) are vague. A trailing 'of' and any
    words after the number ('dozens of civilians') are ignored; 'many' gives None.
    """
    raw = text.strip()
    words = _words(_space_dashes(raw))
    if not words:
        return None
    qualifier = ""
    for phrase, name in QUALIFIER_PHRASES:
        phrase_words = phrase.split()
        if words[: len(phrase_words)] == phrase_words and len(words) > len(phrase_words):
            qualifier, words = name, words[len(phrase_words) :]
            break
    if words and words[0] == "between":
        return _between(words[1:], raw)
    found = _leading_number(words)
    if found is None:
        return _vague(words, raw, qualifier)
    value, rest = found
    high = _range_end(rest)
    if high is not None and high > value:
        if qualifier == "up to":
            return Count(high, None, high, "up to", raw)
        if qualifier in ("at least", "more than"):
            return Count(value, value, None, "at least", raw)
        return Count((value + high) // 2, value, high, "range", raw)
    return _qualified(value, qualifier, raw)


def _space_dashes(text: str) -> str:
    # '40-50' and '40–50' become '40 - 50'; 'twenty-one' keeps its hyphen.
    return re.sub(rf"(?<=\d)\s*[{_DASHES}]\s*(?=\d)|\s+[{_DASHES}]\s+", " - ", text)


def _qualified(value: int, qualifier: str, raw: str) -> Count:
    if qualifier == "at least":
        return Count(value, value, None, "at least", raw)
    if qualifier == "more than":
        return Count(value, value + 1, None, "more than", raw)
    if qualifier == "up to":
        return Count(value, None, value, "up to", raw)
    if qualifier == "fewer than":
        # 'fewer than 90' allows at most 89; the schema has no 'fewer than' of its own.
        return Count(max(value - 1, 0), None, max(value - 1, 0), "up to", raw)
    if qualifier == "approx":
        return Count(value, None, None, "approx", raw)
    return Count(value, value, value, "exact", raw)


def _leading_number(words: list[str]) -> tuple[int, list[str]] | None:
    """The longest run of words at the start that reads as one number, and what follows."""
    for end in range(len(words), 0, -1):
        head = words[:end]
        if head[-1] in ("and", "a", "an"):
            continue
        value = word_to_number(" ".join(head))
        if value is not None and not (end == 1 and head[0] in _ZERO_WORDS):
            return value, words[end:]
    return None


def _range_end(rest: list[str]) -> int | None:
    if len(rest) < 2 or rest[0] not in _RANGE_JOINERS:
        return None
    found = _leading_number(rest[1:])
    return found[0] if found else None


def _between(words: list[str], raw: str) -> Count | None:
    found = _leading_number(words)
    if found is None:
        return None
    low, rest = found
    if len(rest) < 2 or rest[0] != "and":
        return None
    end = _leading_number(rest[1:])
    if end is None:
        return None
    high = end[0]
    low, high = min(low, high), max(low, high)
    return Count((low + high) // 2, low, high, "range", raw)


def _vague(words: list[str], raw: str, qualifier: str) -> Count | None:
    for size in (3, 2, 1):
        key = tuple(words[:size])
        if len(key) == size and key in _VAGUE:
            best = _VAGUE[key]
            if qualifier == "more than":
                return Count(best, best + 1, None, "more than", raw)
            if qualifier == "at least":
                return Count(best, best, None, "at least", raw)
            return Count(best, None, None, "vague", raw)
    return None
