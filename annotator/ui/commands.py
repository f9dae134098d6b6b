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
    if words[:1] in QUOTE_MARKS or words.rstrip("…")[-1:] in QUOTE_MARKS:
        return f"{span.label} {words}"  # a quote shows its own marks; ours would double them
    return f"{span.label} “{words}”"


#: Marks that open or close a quotation in the articles (straight, curly, low, guillemets).
QUOTE_MARKS = frozenset("\"'“”„‘’‚«»‹›")


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


class Typing:
    """Typed text is saved at every key, yet undone one field edit at a time.

    A text edit merges into the edit before it when both set the same field of the same
    span (or link, or document) during one round of typing; a widget ends the round when
    the field loses focus or Enter is pressed (``Typing.end()``), so that the next edit of
    that field is an undo step of its own.
    """

    round = 0

    @classmethod
    def end(cls) -> None:
        """The field typed in is left: its next edit starts a new undo step."""
        cls.round += 1


# QUndoCommand ids: commands with the same id are offered to each other's mergeWith.
_SPAN_TEXT, _RELATION_TEXT, _FIELD_TEXT = 1, 2, 3


class _Typed(_Command):
    """A command that sets one value; consecutive typed edits of it merge (``Typing``)."""

    _merge_id = -1  # -1: never merged (Qt's convention)
    _target: object = None
    _round = -1

    def _typed(self, merge_id: int, kind: str | None, target: object) -> None:
        """Merge with edits of ``target`` when the value is typed text (``kind`` "text")."""
        if kind == "text":
            self._merge_id, self._target, self._round = merge_id, target, Typing.round

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Qt offers the command just pushed, already redone; one whose save failed is
        # obsolete and must stay out of this step.
        if (
            not isinstance(other, _Typed)
            or type(other) is not type(self)
            or other.isObsolete()
            or self._skip
            or other.editor is not self.editor
            or (other._target, other._round) != (self._target, self._round)
        ):
            return False
        self.setText(other.text())
        if self._merged(other):
            self.setObsolete(True)  # typed back to what it was: Qt drops the step
        return True

    def _merged(self, other: _Typed) -> bool:
        """Take ``other``'s value; True when the value is back to the one before the edit."""
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


class SetAttribute(_Typed):
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
        label = editor.schema.label(span.label)
        kinds = {a.name: a.kind for a in label.attributes} if label else {}
        self._typed(_SPAN_TEXT, kinds.get(name), (span.id, name))

    def _merged(self, other: _Typed) -> bool:
        assert isinstance(other, SetAttribute)
        self._value = other._value
        return self.editor.spans[self._id].attrs == self._before

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
            relation = self._relation
            made = self.editor.link(relation.head, relation.child, relation.label, relation.attrs)
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


class SetRelationAttribute(_Typed):
    def __init__(
        self, editor: DocumentEditor, sink: Sink, relation: Relation, name: str, value: Any
    ) -> None:
        super().__init__(editor, sink, f"Set {name} of {relation.label} to {value}")
        assert relation.id is not None
        self._id = relation.id
        self._name = name
        self._value = value
        self._before: dict[str, Any] = {}
        kind = editor.schema.relation(relation.label)
        kinds = {a.name: a.kind for a in kind.attributes} if kind else {}
        self._typed(_RELATION_TEXT, kinds.get(name), (relation.id, name))

    def _merged(self, other: _Typed) -> bool:
        assert isinstance(other, SetRelationAttribute)
        self._value = other._value
        return self.editor.relations[self._id].attrs == self._before

    def _redo(self) -> None:
        attrs = {**self.editor.relations[self._id].attrs, self._name: self._value}
        self._before = self.editor.set_relation_attrs(self._id, attrs)
        self.sink.document_changed(self.saved())

    def _undo(self) -> None:
        self.editor.set_relation_attrs(self._id, self._before)
        self.sink.document_changed(self.undone())


class SetField(_Typed):
    def __init__(self, editor: DocumentEditor, sink: Sink, name: str, value: Any) -> None:
        super().__init__(editor, sink, f"Set document {name}")
        self._name = name
        self._value = value
        self._before: Any = None
        field = editor.schema.field(name)
        self._typed(_FIELD_TEXT, field.kind if field else None, name)

    def _merged(self, other: _Typed) -> bool:
        assert isinstance(other, SetField)
        self._value = other._value
        return bool(self._value == self._before)

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
