"""IOB2 tags per token for the column formats (CoNLL, CoNLL-U), one tag column per layer.

A column holds one tag per token, so within a layer spans can't overlap: they are kept
greedily in (start, longer first) order and the rest are counted as skipped. A span that
covers no whole token can't be tagged at all and is counted as skipped too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from annotator.core.exported import ExportDoc
from annotator.core.model import Span

OUTSIDE = "O"
_WHITESPACE = re.compile(r"\s")
# A label ends up inside a space-separated CoNLL column and a "|"-separated CoNLL-U MISC
# field, so neither whitespace nor "|" may survive in it.
_UNSAFE_IN_LABEL = re.compile(r"[\s|]")


def column_text(text: str) -> str:
    """``text`` fit for one column: each whitespace character becomes "_", and an empty
    value becomes "_" (an empty column would shift every column after it)."""
    return _WHITESPACE.sub("_", text) or "_"


def one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace (newlines too) becomes one space."""
    return " ".join(text.split())


def check_layers(layers: Sequence[str]) -> tuple[str, ...]:
    """The layers as a tuple; a layer named twice would write two identical columns and
    count its skipped spans twice, so it is refused."""
    seen: set[str] = set()
    for layer in layers:
        if layer in seen:
            raise ValueError(f"layer {layer!r} is given more than once")
        seen.add(layer)
    return tuple(layers)


def check_syntax(doc: ExportDoc) -> None:
    """Refuse a document whose syntax columns don't line up with its tokens: writing it
    would silently put one token's tag on another."""
    syntax = doc.syntax
    if syntax is None:
        return
    lengths = {
        len(syntax.tag),
        len(syntax.pos),
        len(syntax.morph),
        len(syntax.lemma),
        len(syntax.head),
        len(syntax.dep),
    }
    if lengths != {len(doc.tokens)}:
        raise ValueError(
            f"document {doc.doc_id}: syntax does not line up with its {len(doc.tokens)} tokens"
        )


def _token_range(starts: list[int], ends: list[int], span: Span) -> tuple[int, int] | None:
    """First and last (inclusive) token lying wholly inside the span, or None."""
    first = bisect_left(starts, span.start)  # first token starting at or after span.start
    last = bisect_right(ends, span.end) - 1  # last token ending at or before span.end
    return (first, last) if first <= last else None


def layer_columns(doc: ExportDoc, layers: Sequence[str]) -> tuple[list[list[str]], Counter[str]]:
    """One IOB2 tag list (aligned with ``doc.tokens``) per layer, and the spans skipped
    per layer.

    A span is tagged B on its first token and I on the rest. The writers take their
    sentences from ``ExportDoc.sentences(layers)``, which never breaks a sentence inside
    a span of these layers, so every I tag follows a B or I of its label in the same
    sentence (strict IOB2). A span repeated with the same tokens and label is written
    once and not counted as skipped, since nothing is lost.
    """
    starts = [t.start for t in doc.tokens]
    ends = [t.end for t in doc.tokens]
    skipped: Counter[str] = Counter()
    columns: list[list[str]] = []
    for layer in layers:
        tags = [OUTSIDE] * len(doc.tokens)
        written: set[tuple[int, int, str]] = set()
        # sorted() is stable, so spans with equal offsets keep the order they came in.
        candidates = sorted(
            (s for s in doc.spans if s.layer == layer), key=lambda s: (s.start, -s.end)
        )
        for span in candidates:
            found = _token_range(starts, ends, span)
            label = _UNSAFE_IN_LABEL.sub("_", span.label) or "_"
            if found is None:
                skipped[layer] += 1
                continue
            first, last = found
            if (first, last, label) in written:
                continue
            if any(tag != OUTSIDE for tag in tags[first : last + 1]):
                skipped[layer] += 1
                continue
            written.add((first, last, label))
            tags[first] = f"B-{label}"
            for i in range(first + 1, last + 1):
                tags[i] = f"I-{label}"
        columns.append(tags)
    return columns, skipped
