"""What is selected in the open document: a span, or a suggestion being decided."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Span
from annotator.store.editing import DocumentEditor


@dataclass(frozen=True)
class Selection:
    """The selected span (with the spans linked to it) or suggestion; at most one is set.

    ``scroll``: bring it into view (a click in a list, a key that moved to it), as opposed
    to a click in the text, which is in view already.
    """

    editor: DocumentEditor | None = None
    span: Span | None = None
    suggestion: Span | None = None
    linked: tuple[Span, ...] = ()
    scroll: bool = False

    @property
    def marked(self) -> Span | None:
        """What the article marks: the span, else the suggestion."""
        return self.span or self.suggestion


def select(editor: DocumentEditor | None, span: Span | None, *, scroll: bool = False) -> Selection:
    """``span`` selected in ``editor``'s document, with the spans linked to it."""
    if editor is None or span is None or span.id not in editor.spans:
        return Selection(editor, scroll=scroll)
    linked = tuple(other for _, other in editor.linked(span.id or 0))
    return Selection(editor, span, None, linked, scroll)
