"""What the readers make of a file: records to import, and rejections saying why not."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from typing import overload

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


# RawSpan's frozen __init__ sets its seven fields one object.__setattr__ at a time: 3.4 µs
# a span, a tenth of a brat article's import. Filling its __dict__ at once takes a third.
_GIVEN = ("start", "end", "label", "attrs")
_DEFAULTS = {f.name: f.default for f in fields(RawSpan) if f.name not in _GIVEN}
_SKIPPED = ("__slots__", "__post_init__")  # what filling the __dict__ would miss
if MISSING in _DEFAULTS.values() or any(hasattr(RawSpan, n) for n in _SKIPPED):  # pragma: no cover
    raise TypeError("raw_span no longer makes a whole RawSpan: make it call RawSpan()")


def raw_span(start: int, end: int, label: str, attrs: dict[str, object]) -> RawSpan:
    """``RawSpan(start, end, label, attrs=attrs)``, in a third of the time."""
    span = object.__new__(RawSpan)
    span.__dict__.update(_DEFAULTS, start=start, end=end, label=label, attrs=attrs)
    return span


def _plain_span(start: int, end: int, label: str) -> RawSpan:
    return raw_span(start, end, label, {})  # a dict of its own, as the general way gives


class PlainSpans(Sequence[RawSpan]):
    """Spans that are a label over a stretch of text and nothing more, kept as three columns.

    What brat's usual .ann holds. A RawSpan a span cost more than storing it: the import
    stores the columns as they are, and RawSpans are made only for whoever asks for them,
    equal to those a tuple of them would hold.
    """

    __slots__ = ("ends", "labels", "starts")

    def __init__(self, labels: Sequence[str], starts: Sequence[int], ends: Sequence[int]) -> None:
        if not len(labels) == len(starts) == len(ends):
            raise ValueError("PlainSpans: as many labels, starts and ends are needed")
        self.labels, self.starts, self.ends = tuple(labels), tuple(starts), tuple(ends)

    def __len__(self) -> int:
        return len(self.labels)

    @overload
    def __getitem__(self, index: int) -> RawSpan: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[RawSpan, ...]: ...

    def __getitem__(self, index: int | slice) -> RawSpan | tuple[RawSpan, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        return _plain_span(self.starts[index], self.ends[index], self.labels[index])

    def __iter__(self) -> Iterator[RawSpan]:
        return map(_plain_span, self.starts, self.ends, self.labels)

    def __eq__(self, other: object) -> bool:
        """Equal to the tuple of the same RawSpans, as the spans of a record were."""
        if isinstance(other, PlainSpans):
            return (self.labels, self.starts, self.ends) == (other.labels, other.starts, other.ends)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __repr__(self) -> str:
        return f"PlainSpans({tuple(self)!r})"


@dataclass(frozen=True)
class ImportRecord:
    """One document to import, with any annotations that came with it."""

    text: str
    title: str
    meta: dict[str, object]
    source: str
    line: int | None
    spans: Sequence[RawSpan] = ()  # a tuple, or PlainSpans from a reader that has them
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
