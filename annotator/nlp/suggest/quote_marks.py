"""Pairing quotation marks in raw text, before any parsing.

The parser tokenizes quotation marks but does not pair them, and it cannot tell the
apostrophe in "Kestria’s" from a closing single quote. This module pairs marks on the
characters alone so that the suggesters downstream work on whole quoted stretches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"

# A mark after one of these (or at the start of a paragraph) opens rather than closes.
_OPENS_AFTER = "([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
# A mark before one of these (or at the end of a paragraph) closes rather than opens.
_CLOSES_BEFORE = ".,;:!?)]}…—–-" + DOUBLE_CLOSE + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
# A closing single mark straight after these is surely a quote mark, not a possessive.
_SENTENCE_END = ".,;:!?…"
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


class _Mark(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class QuotedStretch:
    """A paired stretch of quoted text, marks included, in code points (end exclusive)."""

    start: int
    end: int
    double: bool  # “…” or "…" rather than ‘…’ or '…'
    depth: int  # 0 for a top-level quote, 1 for a quote inside another one
    paragraphs: int = 1  # more than one when the quote runs on over paragraph breaks

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1

    def inner(self, text: str) -> str:
        """The quoted words without the outer marks."""
        return text[self.inner_start : self.inner_end]

    def word_count(self, text: str) -> int:
        return len(_WORD.findall(self.inner(text)))

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _classify(text: str, i: int, para_start: int, para_end: int) -> _Mark:
    """Whether a straight or single mark at ``i`` can open, close, or either (by context)."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < para_end else " "
    opens = before.isspace() or before in _OPENS_AFTER
    closes = after.isspace() or after in _CLOSES_BEFORE
    if opens and not after.isspace():
        return _Mark.OPEN
    if closes and not before.isspace():
        return _Mark.CLOSE
    return _Mark.EITHER


def _is_apostrophe(text: str, i: int, para_start: int, para_end: int) -> bool:
    """A single mark between letters or digits is an apostrophe: don’t, Kestria’s."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < para_end else " "
    return before.isalnum() and after.isalnum()


def _strong_single_close(text: str, i: int, para_end: int) -> bool:
    """A closing single mark that cannot be a possessive: after punctuation, or before one."""
    before = text[i - 1]
    after = text[i + 1] if i + 1 < para_end else " "
    return before in _SENTENCE_END or after in _CLOSES_BEFORE or after in "\n"


def _later_strong_close(text: str, i: int, limit: int) -> bool:
    """Whether a surely-closing single mark follows ``i`` before ``limit``."""
    for j in range(i + 1, limit):
        char = text[j]
        if char in DOUBLE_CLOSE or (char == STRAIGHT_DOUBLE and j > i + 1):
            return False
        if char in SINGLE_CLOSE + STRAIGHT_SINGLE and not _is_apostrophe(text, j, 0, limit):
            return _strong_single_close(text, j, limit)
    return False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: one paragraph a line, as the importer stores."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _opens_double(text: str, i: int, start: int, end: int) -> bool:
    char = text[i]
    if char in DOUBLE_OPEN:
        return True
    return char == STRAIGHT_DOUBLE and _classify(text, i, start, end) is _Mark.OPEN


def find_quotes(text: str) -> list[QuotedStretch]:
    """Every paired quotation in ``text``, outer quotes before the quotes nested in them.

    A paragraph that ends inside a double quote continues it when the next paragraph
    opens with a quotation mark (the newspaper convention); otherwise the unpaired mark
    is dropped. Single marks between letters are apostrophes, and a closing single mark
    that could be a possessive (the rebels’ guns) closes only if no surer close follows.
    """
    found: list[QuotedStretch] = []
    paragraphs = _paragraphs(text)
    double_open: int | None = None  # where the open double quote started
    double_paragraphs = 1
    skip_open_at = -1  # the opening mark of a continuing paragraph, already accounted for
    for index, (start, end) in enumerate(paragraphs):
        single_open: int | None = None
        for i in range(start, end):
            char = text[i]
            if i == skip_open_at:
                continue
            if char in DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE:
                if char in DOUBLE_OPEN:
                    mark = _Mark.OPEN
                elif char in DOUBLE_CLOSE:
                    mark = _Mark.CLOSE
                else:
                    mark = _classify(text, i, start, end)
                    if mark is _Mark.EITHER:
                        mark = _Mark.OPEN if double_open is None else _Mark.CLOSE
                if mark is _Mark.OPEN:
                    # A second opening mark with the first still open: the first was stray.
                    double_open, double_paragraphs, single_open = i, 1, None
                elif double_open is not None:
                    found.append(QuotedStretch(double_open, i + 1, True, 0, double_paragraphs))
                    double_open, single_open = None, None
                continue
            if char not in SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_SINGLE:
                continue
            if _is_apostrophe(text, i, start, end):
                continue
            if char in SINGLE_OPEN:
                mark = _Mark.OPEN
            elif char in SINGLE_CLOSE:
                mark = _Mark.CLOSE
            else:
                mark = _classify(text, i, start, end)
            if mark is _Mark.OPEN and single_open is None:
                single_open = i
            elif mark is not _Mark.OPEN and single_open is not None:
                if not _strong_single_close(text, i, end) and _later_strong_close(text, i, end):
                    continue  # a possessive inside the quote: a surer close comes later
                depth = 0 if double_open is None else 1
                found.append(QuotedStretch(single_open, i + 1, False, depth))
                single_open = None
        if double_open is not None:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if following is not None and _opens_double(text, following[0], *following):
                skip_open_at = following[0]
                double_paragraphs += 1
            else:
                double_open = None
    found.sort(key=lambda q: (q.start, -q.end))
    return found
