"""Plain data objects that every layer passes around."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where one annotator stands with one document."""

    TODO = "todo"
    IN_PROGRESS = "in progress"
    DONE = "done"
    SKIPPED = "skipped"


class Origin(StrEnum):
    """Who made a span: a person, the spaCy model, or the rule-based suggesters.

    A span a person kept from the model or accepted from a suggester keeps its origin, so
    review, statistics and exports can tell the three apart.
    """

    HUMAN = "human"
    MODEL = "model"  # the spaCy pipeline's entities
    RULES = "rules"  # the rule-based suggesters (annotator/nlp/suggest)

    def describe(self) -> str:
        """How the window names it: "added by hand", "kept from the spaCy model", ..."""
        return _ORIGIN_WORDS[self]


_ORIGIN_WORDS = {
    Origin.HUMAN: "added by hand",
    Origin.MODEL: "kept from the spaCy model",
    Origin.RULES: "accepted from the rule suggesters",
}


def text_hash(text: str) -> str:
    """Identity of a document across projects: the same article hashes alike everywhere."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    """A token's code-point offsets, end exclusive."""

    start: int
    end: int


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
class Analysis:
    """What the tokenizer (and optionally a model) said about a document's text."""

    tokens: tuple[Token, ...]
    sent_starts: tuple[int, ...]  # token indices that begin a sentence
    model: str = ""
    syntax: Syntax | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An imported article. Its text never changes after import."""

    id: int
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return text_hash(self.text)

    @property
    def headline(self) -> int:
        """Length of the headline the text opens with (its first line, when that line is
        the title, as a .txt import keeps it), or 0: the window shows it as a heading."""
        first = self.text.split("\n", 1)[0]
        words = " ".join(first.split())
        if not words or "\n" not in self.text:
            return 0
        title = self.title
        if words == title or (title.endswith("…") and words.startswith(title[:-1])):
            return len(first)
        return 0


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of a document's text, in code points, end exclusive."""

    start: int
    end: int
    label: str
    layer: str = "ner"
    origin: Origin = Origin.HUMAN
    attrs: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    doc_id: int | None = None
    annotator_id: int | None = None

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two spans of one document: a quote to its source, say.

    ``head`` and ``child`` are span ids once stored; inside a Proposal they are
    indices into the proposal's span list.
    """

    head: int
    child: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
