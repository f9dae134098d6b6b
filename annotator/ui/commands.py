"""Undoable edits. Each one goes through the DocumentEditor, which commits at once.

``QUndoStack.push`` runs ``redo()`` straight away, so a command does its work in
``redo`` and nothing is applied before it is pushed. A change the project refuses (a
lock held too long by another window, a full disk) is not recorded: the sink is told.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Relation, Span
from annotator.store.db import ProjectError
from annotator.store.editing import DocumentEditor
from annotator.store.suggestions import Accepted


def describe(span: Span, text: str, limit: int = 40) -> str:
    """``LABEL “the text…”`` for undo menus and the status bar."""
    words = " ".join(span.text_in(text).split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return f"{span.label} “{words}”"


class Sink(Protocol):
    """Whoever shows the document: told after every change what changed."""

    def spans_changed(self, changed: list[Span], select: Span | None, message: str) -> None: ...

    def document_changed(self, message: str) -> None: ...

    def save_failed(self, doc_id: int, what: str, error: ProjectError, step: str) -> None:
        """``what`` was not saved. ``step``: "" when the command is dropped, else "undo" or
        "redo", the stack step that brings the history back in line with the project."""


class _Command(QUndoCommand):
    """An edit whose ``_redo``/``_undo`` write the project, and whose failure is told.

    PySide6 would print and swallow an exception raised in ``redo``, and the stack would
    record a change that was never saved. Instead: a first ``redo`` that fails (the push)
    makes the command obsolete, so Qt drops it; a later undo or redo that fails leaves the
    stack one step off, so the sink steps it back, and that step does nothing here.
    """

    def __init__(self, editor: DocumentEditor, sink: Sink, text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.sink = sink
        self._pushed = False  # the first redo succeeded: the command is on the stack
        self._skip = False  # the next undo or redo only puts the stack back in step

    def saved(self) -> str:
        return f"Saved: {self.text()}"

    def undone(self) -> str:
        return f"Undone: {self.text()}"

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            self._redo()
        except ProjectError as exc:
            if self._pushed:
                self._skip = True
                self.sink.save_failed(self.editor.doc_id, f"Redo {self.text()}", exc, "undo")
            else:
                self.setObsolete(True)
                self.sink.save_failed(self.editor.doc_id, self.text(), exc, "")
            return
        self._pushed = True

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            self._undo()
        except ProjectError as exc:
            self._skip = True
            self.sink.save_failed(self.editor.doc_id, f"Undo {self.text()}", exc, "redo")

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddSpan(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, span: Span) -> None:
        super().__init__(editor, sink, f"Add {describe(span, editor.document.text)}")
        self._span = span  # gains its id on the first redo; later redos reuse it

    def _redo(self) -> None:
        self._span = self.editor.restore(self._span)
        self.sink.spans_changed([self._span], self._span, self.saved())

    def _undo(self) -> None:
        assert self._span.id is not None
        self.editor.delete(self._span.id)
        self.sink.spans_changed([self._span], None, self.undone())


class DeleteSpan(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, span: Span) -> None:
        super().__init__(editor, sink, f"Delete {describe(span, editor.document.text)}")
        self._span = span
        self._relations: list[Relation] = []

    def _redo(self) -> None:
        assert self._span.id is not None
        self._span, self._relations = self.editor.delete(self._span.id)
        self.sink.spans_changed([self._span], None, self.saved())

    def _undo(self) -> None:
        self._span = self.editor.restore(self._span, self._relations)
        self.sink.spans_changed([self._span], self._span, self.undone())


class RelabelSpan(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, span: Span, label: str) -> None:
        super().__init__(editor, sink, f"Relabel {describe(span, editor.document.text)} as {label}")
        self._before = span
        self._label = label

    def _redo(self) -> None:
        span_id = self._before.id
        assert span_id is not None
        self._before = self.editor.relabel(span_id, self._label)
        current = self.editor.spans[span_id]
        self.sink.spans_changed([current], current, self.saved())

    def _undo(self) -> None:
        self.editor.reset(self._before)
        self.sink.spans_changed([self._before], self._before, self.undone())


class SetAttribute(_Command):
    def __init__(
        self, editor: DocumentEditor, sink: Sink, span: Span, name: str, value: Any
    ) -> None:
        super().__init__(
            editor,
            sink,
            f"Set {name} of {describe(span, editor.document.text, 24)}"
            f" to {value if value not in (None, '') else '—'}",
        )
        assert span.id is not None
        self._id = span.id
        self._name = name
        self._value = value
        self._before: dict[str, Any] = {}

    def _redo(self) -> None:
        attrs = dict(self.editor.spans[self._id].attrs)
        if self._value is None:
            attrs.pop(self._name, None)
        else:
            attrs[self._name] = self._value
        self._before = self.editor.set_attrs(self._id, attrs)
        span = self.editor.spans[self._id]
        self.sink.spans_changed([span], span, self.saved())

    def _undo(self) -> None:
        self.editor.set_attrs(self._id, self._before)
        span = self.editor.spans[self._id]
        self.sink.spans_changed([span], span, self.undone())


class Link(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, relation: Relation) -> None:
        head, child = editor.spans[relation.head], editor.spans[relation.child]
        text = editor.document.text
        super().__init__(
            editor,
            sink,
            f"Link {describe(head, text, 24)} {relation.label} {describe(child, text, 24)}",
        )
        self._relation = relation

    def _redo(self) -> None:
        if self._relation.id is None:
            made = self.editor.link(self._relation.head, self._relation.child, self._relation.label)
            assert made is not None
            self._relation = made
        else:
            self.editor.restore_relation(self._relation)
        self.sink.document_changed(self.saved())

    def _undo(self) -> None:
        assert self._relation.id is not None
        self.editor.unlink(self._relation.id)
        self.sink.document_changed(self.undone())


class Unlink(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, relation: Relation) -> None:
        super().__init__(editor, sink, f"Remove link {relation.label}")
        self._relation = relation

    def _redo(self) -> None:
        assert self._relation.id is not None
        self._relation = self.editor.unlink(self._relation.id)
        self.sink.document_changed(self.saved())

    def _undo(self) -> None:
        self.editor.restore_relation(self._relation)
        self.sink.document_changed(self.undone())


class SetRelationAttribute(_Command):
    def __init__(
        self, editor: DocumentEditor, sink: Sink, relation: Relation, name: str, value: Any
    ) -> None:
        super().__init__(editor, sink, f"Set {name} of {relation.label} to {value}")
        assert relation.id is not None
        self._id = relation.id
        self._name = name
        self._value = value
        self._before: dict[str, Any] = {}

    def _redo(self) -> None:
        attrs = {**self.editor.relations[self._id].attrs, self._name: self._value}
        self._before = self.editor.set_relation_attrs(self._id, attrs)
        self.sink.document_changed(self.saved())

    def _undo(self) -> None:
        self.editor.set_relation_attrs(self._id, self._before)
        self.sink.document_changed(self.undone())


class SetField(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, name: str, value: Any) -> None:
        super().__init__(editor, sink, f"Set document {name}")
        self._name = name
        self._value = value
        self._before: Any = None

    def _redo(self) -> None:
        self._before = self.editor.set_field(self._name, self._value)
        self.sink.document_changed(self.saved())

    def _undo(self) -> None:
        self.editor.set_field(self._name, self._before)
        self.sink.document_changed(self.undone())


class AcceptSuggestion(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, suggestion: Span) -> None:
        super().__init__(
            editor, sink, f"Accept suggestion {describe(suggestion, editor.document.text)}"
        )
        assert suggestion.id is not None
        self._suggestion = suggestion
        self._accepted: Accepted | None = None

    def _redo(self) -> None:
        assert self._suggestion.id is not None
        self._accepted = self.editor.accept(self._suggestion.id)
        changed = [*self._accepted.spans, self._suggestion]
        self.sink.spans_changed(changed, None, self.saved())

    def _undo(self) -> None:
        assert self._accepted is not None
        self.editor.revert(self._accepted)
        self.sink.spans_changed([*self._accepted.spans, self._suggestion], None, self.undone())


class RejectSuggestion(_Command):
    def __init__(self, editor: DocumentEditor, sink: Sink, suggestions: list[Span]) -> None:
        what = (
            describe(suggestions[0], editor.document.text)
            if len(suggestions) == 1
            else f"{len(suggestions)} suggestions"
        )
        super().__init__(editor, sink, f"Reject {what}")
        self._suggestions = list(suggestions)
        self._ids = [s.id for s in suggestions if s.id is not None]

    def _redo(self) -> None:
        self.editor.reject(self._ids)
        self.sink.spans_changed(self._suggestions, None, self.saved())

    def _undo(self) -> None:
        self.editor.forget(self._ids)
        self.sink.spans_changed(self._suggestions, None, self.undone())
