"""Per-document lookups that spaCy recomputes on every call.

``Doc.text`` joins every token and ``Token.sent`` walks the sentences from the start,
each time they are used; called per quote or per figure, they made the suggesters
cost more than the parse. Both are computed once and kept in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "annotator.sentence_bounds"
_TEXT = "annotator.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def _bounds(doc: Doc) -> tuple[list[int], list[int]]:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        sents = list(doc.sents)
        cached = ([s.start for s in sents], [s.end for s in sents])
        doc.user_data[_KEY] = cached
    return cached


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (what ``token.sent`` gives, without the scan)."""
    starts, ends = _bounds(token.doc)
    index = bisect_right(starts, token.i) - 1
    return token.doc[starts[index] : ends[index]]
