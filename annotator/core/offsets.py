"""Code points (Python) versus UTF-16 units (Qt): the one place that converts between them."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class Utf16Map:
    """Converts offsets of one text between code points and UTF-16 code units.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) take two
    UTF-16 units, so the map stores just their positions; most texts have none and
    convert for free.
    """

    __slots__ = ("_astral", "_astral_u16")

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 index of each astral character: its code point index plus the astral
        # characters before it.
        self._astral_u16 = [cp + n for n, cp in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        """UTF-16 offset of the code-point ``offset``."""
        return offset + bisect_right(self._astral, offset - 1) if self._astral else offset

    def from_utf16(self, offset: int) -> int:
        """Code-point offset of the UTF-16 ``offset``; the middle of a pair rounds down."""
        if not self._astral:
            return offset
        # Each astral character before the offset took one extra unit; an offset between
        # the two halves of a pair counts its character too and so rounds down.
        return offset - bisect_right(self._astral_u16, offset - 1)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def line_starts(text: str) -> list[int]:
    """Code-point offset where each ``\\n``-separated line (Qt block) begins."""
    return [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
