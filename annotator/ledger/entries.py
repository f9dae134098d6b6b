"""The ledger's records: a report, a source, a casualty figure, a claim.

Figures and claims are built by the hundred thousand for a large corpus: plain slotted
classes (not frozen, whose ``__init__`` is several times slower), with the article's text
held by reference and each span's words and sentence cut from it only when asked for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

CONTEXT = 240  # characters looked at either side of a span for its sentence
_AHEAD = re.compile(r"[.?!] |\n")  # where a sentence stops: ". ", "? ", "! " or a line end


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, cut at the nearest stops either side."""
    window = max(0, start - CONTEXT)
    before = max(
        text.rfind(". ", window, start),
        text.rfind("\n", window, start),
        text.rfind("? ", window, start),
        text.rfind("! ", window, start),
    )
    after = _AHEAD.search(text, end, end + CONTEXT)
    stop = after.start() + 1 if after else min(len(text), end + CONTEXT)
    return text[before + 1 if before >= 0 else window : stop].strip()


@dataclass(slots=True)
class Report:
    """One article as a report: who published it, when, and about which events."""

    doc_id: int
    title: str
    outlet: str
    date: dt.date | None
    events: tuple[str, ...]


@dataclass(slots=True)
class Source:
    text: str
    kind: str | None
    #: The source as grouped: "The chief minister" and "the chief minister" are one.
    key: str = ""

    def __post_init__(self) -> None:
        self.key = " ".join(self.text.lower().split())


def count_of(best: object, low: object, high: object) -> int | None:
    """The one number a figure stands for: its best, else its low, else its high."""
    for value in (best, low, high):
        if type(value) is int:  # not a bool, which is an int too
            return value
    return None


class _Quoted:
    """Words and sentence of an entry, cut from its article's text when asked for."""

    __slots__ = ()
    context: str
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.context[self.start : self.end]

    @property
    def sentence(self) -> str:
        return sentence_around(self.context, self.start, self.end)


@dataclass(slots=True)
class Figure(_Quoted):
    """A casualty figure as one report gives it."""

    doc_id: int
    span_id: int
    start: int
    end: int
    context: str  # the article's text
    outcome: str | None
    victims: str | None
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    scope: str | None
    source: Source | None
    count: int | None  # the one number it stands for: ``count_of(best, low, high)``
    part_of: int | None = None  # the span id of the total it is a part of (SUBSET_OF)
    part_kind: str | None = None  # 'part' (parts add up) or 'included' (named inside)


@dataclass(slots=True)
class Claim(_Quoted):
    """A claim as one report gives it (its modality: asserted, hedged or denied)."""

    doc_id: int
    span_id: int
    start: int
    end: int
    context: str
    type: str | None
    modality: str | None
    source: Source | None
