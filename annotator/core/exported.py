"""One document as the exporters see it: text, tokens, syntax, one annotator's layer."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import Relation, Span, Token


@dataclass(frozen=True, slots=True)
class Syntax:
    """What the spaCy pipeline said about each token (index-aligned with the tokens).

    ``head`` holds absolute token indices (a root is its own head), as in spaCy.
    """

    tag: tuple[str, ...]
    pos: tuple[str, ...]
    morph: tuple[str, ...]
    lemma: tuple[str, ...]
    head: tuple[int, ...]
    dep: tuple[str, ...]


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

    def sentences(self) -> list[range]:
        """Token index ranges of the sentences, in order."""
        # A sentence always starts at token 0, whatever the analysis says: no token is lost.
        count = len(self.tokens)
        starts = sorted({0, *(s for s in self.sent_starts if 0 < s < count), count})
        return [range(a, b) for a, b in itertools.pairwise(starts) if a < b]

    def whitespace_after(self, index: int) -> bool:
        """Whether whitespace follows token ``index`` in the text."""
        end = self.tokens[index].end
        return end < len(self.text) and self.text[end].isspace()
