"""What one operation changed in the open document: each view refreshes what concerns it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.core.model import Span


@dataclass(frozen=True)
class Changes:
    """A record of one operation's effect (the idea of Anki's ``OpChanges``).

    ``spans`` holds the spans added, changed or removed, as they are now or were last
    (their places are what the article repaints). When ``spans`` is not empty the
    selection becomes ``select`` (None clears it); otherwise the selection is kept.
    ``reloaded``: the whole document was read again (another window changed it, or a
    reviewer's decision rewrote gold), so everything shown of it is stale; ``opened``:
    it is a document just opened, text and all.
    """

    doc_id: int
    spans: tuple[Span, ...] = ()
    select: Span | None = None
    links: bool = False
    fields: bool = False
    status: bool = False
    suggestions: bool = False
    units: bool = False
    reloaded: bool = False
    opened: bool = False
    message: str = ""

    @classmethod
    def everything(cls, doc_id: int, *, opened: bool = False) -> Changes:
        """All of the document is new to its views."""
        return cls(
            doc_id,
            links=True,
            fields=True,
            status=True,
            suggestions=True,
            units=True,
            reloaded=True,
            opened=opened,
        )

    @property
    def annotations(self) -> bool:
        """Spans or links changed: the lists, the legend and the panels that count them."""
        return bool(self.spans) or self.links or self.reloaded

    def told(self, message: str) -> Changes:
        """The same changes, with what the status bar says of them."""
        return replace(self, message=message)

    def __or__(self, other: Changes) -> Changes:
        """Both records at once (a group of steps); the later selection and message win."""
        return Changes(
            doc_id=self.doc_id,
            spans=(*self.spans, *other.spans),
            select=other.select if other.spans else self.select,
            links=self.links or other.links,
            fields=self.fields or other.fields,
            status=self.status or other.status,
            suggestions=self.suggestions or other.suggestions,
            units=self.units or other.units,
            reloaded=self.reloaded or other.reloaded,
            opened=self.opened or other.opened,
            message=other.message or self.message,
        )
