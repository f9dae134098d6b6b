"""One document as the exporters see it: text, tokens, syntax, one annotator's layer."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import Relation, Span, Syntax, Token


@dataclass(frozen=True, slots=True)
class ExportDoc:
    """A document with the spans, links and fields of the layer being exported.

    ``relations`` point at positions in ``spans`` (not ids), so a writer needs nothing
    but this object. ``syntax`` is None when only the tokenizer ran (``--no-nlp``).
    """

    doc_id: int
    text: str
    title: str
    meta: dict[str, Any]
    tokens: tuple[Token, ...]
    sent_starts: tuple[int, ...]
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    status: str = "done"
    annotator: str = ""
    syntax: Syntax | None = None

    def sentences(self, layers: Collection[str] | None = None) -> list[range]:
        """Token index ranges of the sentences, in order, never breaking inside a span.

        Every writer takes its sentences from here, so CoNLL, CoNLL-U and the DocBin agree.
        A sentence break inside a span of ``layers`` (None: any span) is dropped and the two
        sentences are written as one: the sentence splitter often starts a new sentence
        with a quote's closing mark, and an IOB2 tag can't continue past a sentence break
        (``I-QUOTE`` after a blank line is invalid, and readers cut or drop the span).
        """
        # A sentence always starts at token 0, whatever the analysis says: no token is lost.
        count = len(self.tokens)
        inside = self._inside_spans(layers)
        starts = sorted(
            {0, *(s for s in self.sent_starts if 0 < s < count and not inside[s]), count}
        )
        return [range(a, b) for a, b in itertools.pairwise(starts) if a < b]

    def _inside_spans(self, layers: Collection[str] | None) -> list[bool]:
        """For each token index, whether it continues a span (is a span's second or later
        token); a span counts by the tokens lying wholly inside it, the ones it is tagged on."""
        starts = [t.start for t in self.tokens]
        ends = [t.end for t in self.tokens]
        # +1 at a span's second token, -1 after its last: a running sum > 0 is "inside".
        change = [0] * (len(self.tokens) + 1)
        for span in self.spans:
            if layers is not None and span.layer not in layers:
                continue
            first = bisect_left(starts, span.start)
            last = bisect_right(ends, span.end) - 1
            if first < last:
                change[first + 1] += 1
                change[last + 1] -= 1
        return [depth > 0 for depth in itertools.accumulate(change)]

    def whitespace_after(self, index: int) -> bool:
        """Whether whitespace follows token ``index`` in the text."""
        end = self.tokens[index].end
        return end < len(self.text) and self.text[end].isspace()
