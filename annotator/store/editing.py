"""Editing one person's annotations of one document: the path every edit takes.

The window's undo commands and the crash tests both drive this class, so what the
tests prove about saving holds for the window too. It keeps the document's spans in
memory, in step with the database after every call.
"""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from annotator.core.model import Analysis, Document, Origin, Span, Status
from annotator.core.schema import LabelSchema
from annotator.core.tokens import TokenIndex, whitespace_tokens
from annotator.store import annotations as store
from annotator.store.documents import get_analysis, get_document


def reading_order(span: Span) -> tuple[int, int, int]:
    """Sort key: by start, longer first, then by age."""
    return (span.start, -span.end, span.id or 0)


class DocumentEditor:
    """One annotator's view of one document, with every change committed at once."""

    def __init__(self, db: Database, schema: LabelSchema, annotator_id: int, doc_id: int) -> None:
        self.db = db
        self.schema = schema
        self.annotator_id = annotator_id
        self.document: Document = get_document(db, doc_id)
        self.analysis: Analysis | None = None
        self.tokens = TokenIndex(())
        self.spans: dict[int, Span] = {}
        self.refresh()

    @property
    def doc_id(self) -> int:
        return self.document.id

    def refresh(self) -> None:
        """Read tokens and spans again: the model may have analysed the document since."""
        self.analysis = get_analysis(self.db, self.doc_id)
        self.tokens = TokenIndex(
            self.analysis.tokens if self.analysis else whitespace_tokens(self.document.text)
        )
        store.seed_from_model(self.db, self.doc_id, self.annotator_id)
        self.spans = {
            s.id: s for s in store.spans_of(self.db, self.doc_id, self.annotator_id) if s.id
        }

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        return self.tokens.snap(start, end)

    def create(self, start: int, end: int, label: str) -> Span | None:
        """Snap ``[start, end)`` to tokens and store a span; None if nothing is left to label."""
        snapped = self.snap(start, end)
        layer = self.schema.layer_of(label)
        if snapped is None or layer is None:
            return None
        duplicate = next(
            (s for s in self.spans.values() if (s.start, s.end, s.label) == (*snapped, label)),
            None,
        )
        if duplicate is not None:
            return None
        return self.restore(Span(snapped[0], snapped[1], label, layer, Origin.HUMAN))

    def restore(self, span: Span) -> Span:
        """Store ``span`` as it is, keeping its id if it has one (redo, undo of a delete)."""
        stored = store.add_span(self.db, self.doc_id, self.annotator_id, span)
        assert stored.id is not None
        self.spans[stored.id] = stored
        return stored

    def delete(self, span_id: int) -> Span:
        removed = store.delete_span(self.db, span_id)
        self.spans.pop(span_id, None)
        return removed

    def relabel(self, span_id: int, label: str) -> Span:
        """Give a span another label (and that label's layer); returns it as it was."""
        layer = self.schema.layer_of(label)
        if layer is None:
            raise KeyError(f"label {label} is not in the schema")
        before = store.relabel_span(self.db, span_id, label, layer)
        self.spans[span_id] = replace(before, label=label, layer=layer)
        return before

    def set_status(self, status: Status) -> None:
        store.set_status(self.db, self.doc_id, self.annotator_id, status)

    def status(self) -> Status:
        return store.get_status(self.db, self.doc_id, self.annotator_id)

    def ordered(self) -> list[Span]:
        """Spans in reading order: by start, longer first."""
        return sorted(self.spans.values(), key=reading_order)

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering ``offset``, innermost (shortest) first."""
        return sorted(
            (s for s in self.spans.values() if s.covers(offset)), key=lambda s: s.end - s.start
        )
