"""What the readers make of a file: records to import, and rejections saying why not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from annotator.formats.jsonl_links import RawRelation

#: spaCy's ``nlp.max_length``: a longer text can never be tokenized or analysed, so it is
#: turned down here rather than stored and left to fail later. No news article comes near it.
MAX_TEXT_LENGTH = 1_000_000
_TITLE_LENGTH = 120


@dataclass(frozen=True)
class RawSpan:
    """A span as found in the file, in code-point offsets into the normalised text."""

    start: int
    end: int  # exclusive
    label: str
    token_start: int | None = None
    token_end: int | None = None  # inclusive, as Prodigy writes it
    # A plain dict rather than a read-only proxy so that callers can serialise it as JSON.
    attrs: Mapping[str, object] = field(default_factory=dict)
    layer: str | None = None


@dataclass(frozen=True)
class ImportRecord:
    """One document to import, with any annotations that came with it."""

    text: str
    title: str
    meta: dict[str, object]
    source: str
    line: int | None
    spans: tuple[RawSpan, ...] = ()
    annotator: str | None = None
    answer: str | None = None
    relations: tuple[RawRelation, ...] = ()
    fields: dict[str, object] = field(default_factory=dict)
    status: str | None = None  # as our export writes it; else ``answer`` decides
    #: A model's proposals that came with the document (Label Studio's predictions):
    #: stored as suggestions, each person accepts or rejects them.
    suggestions: tuple[RawSpan, ...] = ()
    suggestion_relations: tuple[RawRelation, ...] = ()  # indices into ``suggestions``

    @property
    def annotated(self) -> bool:
        """Whether the record carries someone's work, not only a text."""
        return bool(self.spans or self.answer or self.relations or self.fields or self.status)


@dataclass(frozen=True)
class Rejection:
    """A line, row or whole file that could not be imported, and why."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return f"{self.source}:{self.line}: {self.reason}"


class RecordError(Exception):
    """Raised inside a reader to turn the current line or row into a Rejection."""


def clean_title(title: str) -> str:
    """A title on one line, its runs of white space made single spaces."""
    return " ".join(title.split())


def title_from_text(text: str) -> str:
    """A title for a document that came without one: its first line, cut short."""
    line = next((line for line in text.split("\n") if line.strip()), "")
    title = clean_title(line)
    if len(title) > _TITLE_LENGTH:
        title = title[: _TITLE_LENGTH - 1].rstrip() + "…"
    return title
