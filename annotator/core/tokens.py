"""Snapping selections to token boundaries."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotator.core.model import Token


class TokenIndex:
    """Looks up tokens of one document by offset."""

    __slots__ = ("_ends", "_starts", "tokens")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def __len__(self) -> int:
        return len(self.tokens)

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen ``[start, end)`` to whole tokens; None if it holds only whitespace.

        Every token the selection touches is taken whole, so a selection that starts or
        ends inside a word takes the word. Whitespace at either edge is dropped.
        """
        if start > end:
            start, end = end, start
        first = bisect_right(self._ends, start)  # first token ending after start
        last = bisect_left(self._starts, end) - 1  # last token starting before end
        if first > last or first >= len(self.tokens):
            return None
        return self._starts[first], self._ends[last]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices of the first and last (inclusive) token inside ``[start, end)``."""
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end) - 1
        return first, max(first, last)


def whitespace_tokens(text: str) -> list[Token]:
    """Tokens split on whitespace: used only when no tokenizer has run yet."""
    tokens: list[Token] = []
    start = None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                tokens.append(Token(start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        tokens.append(Token(start, len(text)))
    return tokens
