"""Editing one person's annotations of one document: the path every edit takes.

The window's undo commands and the crash tests both drive this class, so what the
tests prove about saving holds for the window too. It keeps the document's spans,
relations, fields and pending suggestions in memory, in step with the database after
every call; every call that changes something is one committed transaction.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from annotator.core.link_offers import LinkOffer, link_offers
from annotator.core.model import Analysis, Document, Origin, Relation, Span, Status
from annotator.core.prefill import casualty_prefill
from annotator.core.schema import Label, LabelSchema
from annotator.core.tokens import TokenIndex, whitespace_tokens
from annotator.store import annotations as store
from annotator.store import relations as links
from annotator.store import suggestions
from annotator.store.db import transaction
from annotator.store.documents import get_analysis, get_document

#: A label with these attributes is a casualty figure: the text pre-fills them.
PREFILLED = frozenset({"outcome", "best"})


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
        self.relations: dict[int, Relation] = {}
        self.fields: dict[str, Any] = {}
        self.suggestions: dict[int, Span] = {}
        self.suggestion_links: list[Relation] = []
        self._suggested = suggestions.Suggested([], [], set())
        #: A model's suggestions below this confidence are not offered (the settings' threshold).
        self.min_score = 0.0
        self.refresh()

    @property
    def doc_id(self) -> int:
        return self.document.id

    def refresh(self, *, seed: bool = True) -> None:
        """Read everything again: the model may have analysed the document since.

        ``seed``: copy the model's entities into the layer first (a write); without it,
        only reads, which no other program's lock can refuse (after a refused change).
        """
        self.analysis = get_analysis(self.db, self.doc_id)
        self.tokens = TokenIndex(
            self.analysis.tokens if self.analysis else whitespace_tokens(self.document.text)
        )
        if seed:
            store.seed_from_model(self.db, self.doc_id, self.annotator_id)
        self.spans = {
            s.id: s for s in store.spans_of(self.db, self.doc_id, self.annotator_id) if s.id
        }
        self.relations = {
            r.id: r for r in links.relations_of(self.db, self.doc_id, self.annotator_id) if r.id
        }
        self.fields = links.get_fields(self.db, self.doc_id, self.annotator_id)
        self._suggested = suggestions.suggested(self.db, self.doc_id, self.annotator_id)
        self.suggestion_links = self._suggested.relations
        self.refresh_suggestions()

    def refresh_suggestions(self) -> None:
        """Recompute the pending suggestions in memory: edits must stay cheap."""
        have = {(s.start, s.end, s.label) for s in self.spans.values()}
        pending = self._suggested.pending(have, self.min_score)
        self.suggestions = {s.id: s for s in pending if s.id}

    def score_of(self, suggestion_id: int) -> float | None:
        """A model's confidence in one of its suggestions (None for the rules')."""
        return self._suggested.scores.get(suggestion_id)

    # -- spans ---------------------------------------------------------------------------

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        return self.tokens.snap(start, end)

    def new_span(self, start: int, end: int, label: str) -> Span | None:
        """The span a selection would make: snapped, with the label's default attributes."""
        snapped = self.snap(start, end)
        found = self.schema.label(label)
        if snapped is None or found is None:
            return None
        attrs = {**found.defaults(), **self._read_off(found, *snapped)}
        return Span(snapped[0], snapped[1], label, found.layer, Origin.HUMAN, attrs)

    def _read_off(self, label: Label, start: int, end: int) -> dict[str, Any]:
        """What the text says of a casualty figure marked by hand (counts, outcome, victims).

        Any label with the casualty attributes gets them; only values its schema allows.
        """
        names = {a.name: a for a in label.attributes}
        if not set(names) >= PREFILLED:
            return {}
        found = casualty_prefill(self.document.text, start, end)
        return {k: v for k, v in found.items() if k in names and names[k].check(v) is None}

    def has_span(self, start: int, end: int, label: str) -> bool:
        return any((s.start, s.end, s.label) == (start, end, label) for s in self.spans.values())

    def create(self, start: int, end: int, label: str) -> Span | None:
        """Snap ``[start, end)`` to tokens and store a span; None if nothing is left to label."""
        span = self.new_span(start, end, label)
        if span is None or self.has_span(span.start, span.end, label):
            return None
        return self.restore(span)

    def restore(self, span: Span, relations: list[Relation] | tuple[Relation, ...] = ()) -> Span:
        """Store ``span`` as it is, keeping its id, with relations it had (redo, undo)."""
        with transaction(self.db):
            stored = store.add_span(self.db, self.doc_id, self.annotator_id, span)
            for relation in relations:
                links.insert_relation(self.db, self.doc_id, self.annotator_id, relation)
        assert stored.id is not None
        self.spans[stored.id] = stored
        for relation in relations:
            if relation.id is not None:
                self.relations[relation.id] = relation
        self.refresh_suggestions()
        return stored

    def delete(self, span_id: int) -> tuple[Span, list[Relation]]:
        """Remove a span with its relations; returns both, for undo."""
        with transaction(self.db):  # what undo restores is exactly what went
            touching = links.relations_touching(self.db, span_id)
            removed = store.delete_span(self.db, span_id)  # relations go by foreign key
        self.spans.pop(span_id, None)
        for relation in touching:
            self.relations.pop(relation.id or 0, None)
        self.refresh_suggestions()
        return removed, touching

    def relabel(self, span_id: int, label: str) -> Span:
        """Give a span another label, keeping the attributes the new label also has."""
        found = self.schema.label(label)
        if found is None:
            raise KeyError(f"label {label} is not in the schema")
        current = self.spans[span_id]
        names = {a.name for a in found.attributes}
        attrs = {**found.defaults(), **{k: v for k, v in current.attrs.items() if k in names}}
        before = store.relabel_span(self.db, span_id, label, found.layer, attrs)
        self.spans[span_id] = replace(current, label=label, layer=found.layer, attrs=attrs)
        return before

    def reset(self, span: Span) -> None:
        """Put a span's label and attributes back as they were (undo of a relabel)."""
        assert span.id is not None
        store.relabel_span(self.db, span.id, span.label, span.layer, span.attrs)
        self.spans[span.id] = span

    def set_attrs(self, span_id: int, attrs: dict[str, Any]) -> dict[str, Any]:
        before = links.set_span_attrs(self.db, span_id, attrs)
        self.spans[span_id] = replace(self.spans[span_id], attrs=dict(attrs))
        return before

    # -- relations -----------------------------------------------------------------------

    def link(
        self, head: int, child: int, label: str, attrs: dict[str, Any] | None = None
    ) -> Relation | None:
        """Link two spans if the schema allows it and they are not linked so already.

        The link starts with the schema's defaults, overridden by ``attrs``.
        """
        head_span, child_span = self.spans.get(head), self.spans.get(child)
        if head_span is None or child_span is None or head == child:
            return None
        allowed = {
            r.name: r for r in self.schema.relations_between(head_span.label, child_span.label)
        }
        if label not in allowed:
            return None
        if any((r.head, r.child, r.label) == (head, child, label) for r in self.relations.values()):
            return None
        values = {**allowed[label].defaults(), **(attrs or {})}
        return self.restore_relation(Relation(head, child, label, values))

    def restore_relation(self, relation: Relation) -> Relation:
        stored = links.add_relation(self.db, self.doc_id, self.annotator_id, relation)
        assert stored.id is not None
        self.relations[stored.id] = stored
        return stored

    def unlink(self, relation_id: int) -> Relation:
        removed = links.delete_relation(self.db, relation_id)
        self.relations.pop(relation_id, None)
        return removed

    def set_relation_attrs(self, relation_id: int, attrs: dict[str, Any]) -> dict[str, Any]:
        before = links.set_relation_attrs(self.db, relation_id, attrs)
        self.relations[relation_id] = replace(self.relations[relation_id], attrs=dict(attrs))
        return dict(before.attrs)

    def link_offers(self, head: int, relation: str | None = None) -> list[LinkOffer]:
        """The link menu's entries for ``head``: most plausible first, existing ones marked."""
        return link_offers(
            self.schema, self.spans[head], self.spans.values(), self.relations.values(), relation
        )

    def link_candidates(self, head: int, relation: str | None = None) -> list[tuple[str, Span]]:
        """(relation, span) pairs not linked yet, most plausible first, then nearest."""
        seen: set[tuple[str, int | None]] = set()
        found = []
        for offer in self.link_offers(head, relation):
            key = (offer.relation, offer.span.id)
            if not offer.linked and key not in seen:
                seen.add(key)
                found.append((offer.relation, offer.span))
        return found

    def linked(self, span_id: int) -> list[tuple[Relation, Span]]:
        """The spans linked to or from a span, with the relation that links them."""
        found = []
        for relation in self.relations.values():
            other = (
                relation.child
                if relation.head == span_id
                else (relation.head if relation.child == span_id else None)
            )
            if other is not None and other in self.spans:
                found.append((relation, self.spans[other]))
        return found

    # -- document ------------------------------------------------------------------------

    def set_field(self, name: str, value: Any) -> Any:
        """Set a document field (None clears it); returns the value it had."""
        before = links.set_field(self.db, self.doc_id, self.annotator_id, name, value)
        if value is None:
            self.fields.pop(name, None)
        else:
            self.fields[name] = value
        return before

    def set_status(self, status: Status) -> None:
        store.set_status(self.db, self.doc_id, self.annotator_id, status)

    def status(self) -> Status:
        return store.get_status(self.db, self.doc_id, self.annotator_id)

    # -- suggestions ---------------------------------------------------------------------

    def accept(self, suggestion_id: int) -> suggestions.Accepted:
        # One commit: a refused status update must not leave an accept nobody can undo.
        with transaction(self.db):
            accepted = suggestions.accept(
                self.db, self.doc_id, self.annotator_id, suggestion_id, self.schema.link_defaults
            )
            store.set_status(self.db, self.doc_id, self.annotator_id, self.status_after_edit())
        self.refresh()
        return accepted

    def revert(self, accepted: suggestions.Accepted) -> None:
        suggestions.revert_accept(self.db, self.annotator_id, accepted)
        self.refresh()

    def reject(self, suggestion_ids: list[int]) -> None:
        suggestions.reject(self.db, self.annotator_id, suggestion_ids)
        self._suggested.decided.update(suggestion_ids)
        self.refresh_suggestions()

    def forget(self, suggestion_ids: list[int]) -> None:
        suggestions.forget(self.db, suggestion_ids, self.annotator_id)
        self._suggested.decided.difference_update(suggestion_ids)
        self.refresh_suggestions()

    def status_after_edit(self) -> Status:
        current = self.status()
        return Status.IN_PROGRESS if current is Status.TODO else current

    # -- queries -------------------------------------------------------------------------

    def ordered(self) -> list[Span]:
        """Spans in reading order: by start, longer first."""
        return sorted(self.spans.values(), key=reading_order)

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering ``offset``, innermost (shortest) first."""
        return sorted(
            (s for s in self.spans.values() if s.covers(offset)), key=lambda s: s.end - s.start
        )

    def suggestions_at(self, offset: int) -> list[Span]:
        return sorted(
            (s for s in self.suggestions.values() if s.covers(offset)),
            key=lambda s: s.end - s.start,
        )
