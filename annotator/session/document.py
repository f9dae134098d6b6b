"""One open document of one person: every edit, decision, undo and redo.

Each operation is one transaction and returns ``Changes``. ``Declined`` says there was
nothing to do (and why); ``NotSaved`` that the project refused, having changed nothing
(after a clash with another window, with the document read again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation, Span, Status
from annotator.core.schema import LabelSchema
from annotator.review.adjudication import GoldEdit
from annotator.session import suggestion_queue
from annotator.session.changes import Changes
from annotator.session.decisions import AcceptSuggestions, GoldDecision, RejectSuggestions
from annotator.session.history import Declined, History, NotSaved, ReadOnlyProject, Step
from annotator.session.steps import (
    AddSpan,
    DeleteSpan,
    Link,
    RelabelSpan,
    SetAttribute,
    SetField,
    SetRelationAttribute,
    Unlink,
)
from annotator.session.wording import describe
from annotator.store.db import ProjectError
from annotator.store.document_meta import document_meta, set_document_meta
from annotator.store.editing import DocumentEditor, reading_order


class SetMeta(Step):
    """Set (or clear) one key of the document's metadata: the report's outlet or date."""

    def __init__(self, editor: DocumentEditor, key: str, value: Any) -> None:
        super().__init__(editor.doc_id, f"Set the report's {key}")
        self.editor = editor
        self._key, self._value = key, value
        self._before: Any = None

    def _put(self, value: Any) -> Any:
        db = self.editor.db
        before = set_document_meta(db, self.doc_id, self._key, value)
        # As stored: with what another window may have changed of the rest meanwhile.
        self.editor.document = replace(self.editor.document, meta=document_meta(db, self.doc_id))
        return before

    def apply(self) -> Changes:
        self._before = self._put(self._value)
        return Changes(self.doc_id, fields=True)

    def revert(self) -> Changes:
        self._put(self._before)
        return Changes(self.doc_id, fields=True)


class DocumentSession:
    """The document as this person annotates it, with its own undo history."""

    def __init__(
        self,
        db: Database,
        schema: LabelSchema,
        annotator_id: int,
        doc_id: int,
        *,
        read_only: str = "",
    ) -> None:
        """``read_only``: why the project cannot be written ("" when it can)."""
        self.editor = DocumentEditor(db, schema, annotator_id, doc_id)
        self.history = History()
        self.read_only = read_only

    @property
    def doc_id(self) -> int:
        return self.editor.doc_id

    @property
    def text(self) -> str:
        return self.editor.document.text

    def reload(self) -> Changes:
        """Read the document again (the model analysed it, or another window changed it)."""
        self.editor.refresh()
        return Changes.everything(self.doc_id)

    # -- running steps -------------------------------------------------------------------

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise NotSaved(what, ReadOnlyProject(self.read_only))

    def _run(self, what: str, action: Callable[[], Changes | None]) -> Changes:
        """Run one operation; a refusal leaves the history and the document as they were."""
        self._writable(what)
        try:
            changes = action()
        except ProjectError as exc:
            raise self._refused(what, exc) from exc
        if changes is None:
            raise Declined(f"Nothing to {what.split()[0].lower()}")
        return changes

    def _refused(self, what: str, error: ProjectError) -> NotSaved:
        refused = NotSaved(what, error)
        if refused.gone:
            # Another window deleted or changed what the step named: this history no longer
            # matches the project, so start afresh from the document as it is now.
            self.history.clear()
            refused.changes = self.reload()
        elif not refused.busy:  # in step with what the rolled-back transaction left
            # (a busy refusal began no transaction: nothing in memory changed, and reading
            # the whole document again at every retry would stall the window)
            self.editor.refresh(seed=False)
        return refused

    def _do(self, step: Step) -> Changes:
        return self._run(step.text, lambda: self.history.do(step))

    def undo(self) -> Changes:
        """Undo the last step; ``Declined`` when there is none."""
        text = self.history.undo_text
        if not text:
            raise Declined("Nothing to undo")
        return self._run(f"Undo {text}", self.history.undo)

    def redo(self) -> Changes:
        text = self.history.redo_text
        if not text:
            raise Declined("Nothing to redo")
        return self._run(f"Redo {text}", self.history.redo)

    # -- spans ---------------------------------------------------------------------------

    def label(self, start: int, end: int, label: str) -> Changes:
        """Label the text ``[start, end)``, snapped to whole tokens."""
        span = self.editor.new_span(start, end, label)
        if span is None:
            raise Declined("Nothing to label: the selection holds only spaces")
        if self.editor.has_span(span.start, span.end, label):
            raise Declined(f"That text is already labelled {label}")
        return self._do(AddSpan(self.editor, span))

    def relabel(self, span_id: int, label: str) -> Changes:
        span = self._span(span_id)
        if span.label == label:
            raise Declined(f"It is labelled {label} already")
        return self._do(RelabelSpan(self.editor, span, label))

    def delete(self, span_id: int) -> Changes:
        return self._do(DeleteSpan(self.editor, self._span(span_id)))

    def set_attribute(self, span_id: int, name: str, value: Any) -> Changes:
        return self._do(SetAttribute(self.editor, self._span(span_id), name, value))

    def _span(self, span_id: int) -> Span:
        span = self.editor.spans.get(span_id)
        if span is None:
            raise Declined("That span is no longer there")
        return span

    # -- links and fields ----------------------------------------------------------------

    def link(
        self, head: int, child: int, relation: str, attrs: dict[str, Any] | None = None
    ) -> Changes:
        """Link ``head`` to ``child``; the schema's defaults overridden by ``attrs``."""
        if any(
            (r.head, r.child, r.label) == (head, child, relation)
            for r in self.editor.relations.values()
        ):
            raise Declined("Those spans are linked so already")
        self._span(head), self._span(child)
        return self._do(Link(self.editor, Relation(head, child, relation, dict(attrs or {}))))

    def unlink(self, relation_id: int) -> Changes:
        return self._do(Unlink(self.editor, self._relation(relation_id)))

    def set_relation_attribute(self, relation_id: int, name: str, value: Any) -> Changes:
        relation = self._relation(relation_id)
        return self._do(SetRelationAttribute(self.editor, relation, name, value))

    def _relation(self, relation_id: int) -> Relation:
        relation = self.editor.relations.get(relation_id)
        if relation is None:
            raise Declined("That link is no longer there")
        return relation

    def set_field(self, name: str, value: Any) -> Changes:
        """Set a document field (None clears it)."""
        return self._do(SetField(self.editor, name, value))

    def set_meta(self, key: str, value: Any) -> Changes:
        """Set the report's ``outlet`` or ``date`` (None or blank clears it), undoably."""
        if isinstance(value, str):
            value = " ".join(value.split()) or None
        if self.editor.document.meta.get(key) == value:
            raise Declined(f"The report's {key} is that already")
        return self._do(SetMeta(self.editor, key, value))

    def set_status(self, status: Status, what: str = "") -> Changes:
        """Mark the document; a status is not an undo step (the list shows it at once)."""

        def mark() -> Changes:
            self.editor.set_status(status)
            return Changes(self.doc_id, status=True, message=f"Saved: status {status.value}")

        return self._run(what or f"Status {status.value}", mark)

    # -- decisions -----------------------------------------------------------------------

    def accept(self, suggestions: list[Span], text: str = "") -> Changes:
        """Accept suggestions (a suggestion and its twins, or all) as one step."""
        if not suggestions:
            raise Declined("No suggestions to accept in this document")
        if not text:
            text = f"Accept suggestion {describe(suggestions[0], self.text)}"
        return self._do(AcceptSuggestions(self.editor, suggestions, text))

    def accept_all(self) -> Changes:
        every = sorted(self.editor.suggestions.values(), key=reading_order)
        return self.accept(every, f"Accept all {len(every)} suggestions")

    def reject(self, suggestions: list[Span]) -> Changes:
        """Reject suggestions (a suggestion and its twins) as one step."""
        if not suggestions:
            raise Declined("No suggestion here: N goes to the next one")
        what = (
            describe(suggestions[0], self.text)
            if len(suggestions) == 1
            else f"{len(suggestions)} suggestions"
        )
        return self._do(RejectSuggestions(self.editor, suggestions, f"Reject {what}"))

    def twins(self, suggestion: Span) -> list[Span]:
        """The suggestion with the others over the same words (decided together)."""
        return suggestion_queue.twins_of(self.editor, suggestion)

    def adjudicate(
        self, text: str, decide: Callable[[], GoldEdit], undo: Callable[[GoldEdit], None]
    ) -> Changes:
        """A reviewer's decision on a unit of gold, undoable like any edit."""
        return self._do(GoldDecision(self.editor, text, decide, undo))
