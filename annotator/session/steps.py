"""The undoable edits of spans, links and fields, each the inverse of its undo.

Each goes through the ``DocumentEditor`` (annotator/store/editing.py), which commits
every call at once and keeps the document in memory in step with the project.
"""

from __future__ import annotations

from typing import Any

from annotator.core.model import Relation, Span
from annotator.session.changes import Changes
from annotator.session.history import Step, Typing
from annotator.session.wording import describe
from annotator.store.editing import DocumentEditor


class EditorStep(Step):
    """A step on one document's editor."""

    def __init__(self, editor: DocumentEditor, text: str) -> None:
        super().__init__(editor.doc_id, text)
        self.editor = editor

    def _spans(self, spans: list[Span], select: Span | None) -> Changes:
        return Changes(self.doc_id, tuple(spans), select, suggestions=True)

    def _linked(self) -> Changes:
        return Changes(self.doc_id, links=True)


class AddSpan(EditorStep):
    def __init__(self, editor: DocumentEditor, span: Span) -> None:
        super().__init__(editor, f"Add {describe(span, editor.document.text)}")
        self._span = span  # gains its id on the first apply; a redo reuses it

    def apply(self) -> Changes:
        self._span = self.editor.restore(self._span)
        return self._spans([self._span], self._span)

    def revert(self) -> Changes:
        assert self._span.id is not None
        self.editor.delete(self._span.id)
        return self._spans([self._span], None)


class DeleteSpan(EditorStep):
    def __init__(self, editor: DocumentEditor, span: Span) -> None:
        super().__init__(editor, f"Delete {describe(span, editor.document.text)}")
        self._span = span
        self._relations: list[Relation] = []

    def apply(self) -> Changes:
        assert self._span.id is not None
        self._span, self._relations = self.editor.delete(self._span.id)
        return self._spans([self._span], None) | self._linked()

    def revert(self) -> Changes:
        self._span = self.editor.restore(self._span, self._relations)
        return self._spans([self._span], self._span) | self._linked()


class RelabelSpan(EditorStep):
    def __init__(self, editor: DocumentEditor, span: Span, label: str) -> None:
        text = f"Relabel {describe(span, editor.document.text)} as {label}"
        super().__init__(editor, text)
        self._before = span
        self._label = label

    def apply(self) -> Changes:
        span_id = self._before.id
        assert span_id is not None
        self._before = self.editor.relabel(span_id, self._label)
        current = self.editor.spans[span_id]
        return self._spans([current], current)

    def revert(self) -> Changes:
        self.editor.reset(self._before)
        return self._spans([self._before], self._before)


class TypedStep(EditorStep):
    """A step that sets one value; consecutive typed edits of it merge (``Typing``)."""

    _target: object = None  # what is typed into: None when the value is not typed text
    _round = -1

    def _typed(self, kind: str | None, target: object) -> None:
        if kind == "text":
            self._target, self._round = (type(self), target), Typing.round

    def absorb(self, later: Step) -> bool:
        if (
            not isinstance(later, TypedStep)
            or self._target is None
            or later.editor is not self.editor
            or (later._target, later._round) != (self._target, self._round)
        ):
            return False
        self.text = later.text
        self._take(later)
        return True

    def _take(self, later: TypedStep) -> None:
        """Take ``later``'s value as this step's."""
        raise NotImplementedError


class SetAttribute(TypedStep):
    def __init__(self, editor: DocumentEditor, span: Span, name: str, value: Any) -> None:
        shown = value if value not in (None, "") else "—"
        text = f"Set {name} of {describe(span, editor.document.text, 24)} to {shown}"
        super().__init__(editor, text)
        assert span.id is not None
        self._id, self._name, self._value = span.id, name, value
        self._before: dict[str, Any] = {}
        label = editor.schema.label(span.label)
        kinds = {a.name: a.kind for a in label.attributes} if label else {}
        self._typed(kinds.get(name), (span.id, name))

    def _take(self, later: TypedStep) -> None:
        assert isinstance(later, SetAttribute)
        self._value = later._value

    def undone_by_absorbing(self) -> bool:
        return self.editor.spans[self._id].attrs == self._before

    def apply(self) -> Changes:
        attrs = dict(self.editor.spans[self._id].attrs)
        if self._value is None:
            attrs.pop(self._name, None)
        else:
            attrs[self._name] = self._value
        self._before = self.editor.set_attrs(self._id, attrs)
        span = self.editor.spans[self._id]
        return self._spans([span], span)

    def revert(self) -> Changes:
        self.editor.set_attrs(self._id, self._before)
        span = self.editor.spans[self._id]
        return self._spans([span], span)


class Link(EditorStep):
    def __init__(self, editor: DocumentEditor, relation: Relation) -> None:
        head, child = editor.spans[relation.head], editor.spans[relation.child]
        text = editor.document.text
        super().__init__(
            editor, f"Link {describe(head, text, 24)} {relation.label} {describe(child, text, 24)}"
        )
        self._relation = relation

    def apply(self) -> Changes:
        if self._relation.id is None:
            relation = self._relation
            made = self.editor.link(relation.head, relation.child, relation.label, relation.attrs)
            assert made is not None
            self._relation = made
        else:
            self.editor.restore_relation(self._relation)
        return self._linked()

    def revert(self) -> Changes:
        assert self._relation.id is not None
        self.editor.unlink(self._relation.id)
        return self._linked()


class Unlink(EditorStep):
    def __init__(self, editor: DocumentEditor, relation: Relation) -> None:
        super().__init__(editor, f"Remove link {relation.label}")
        self._relation = relation

    def apply(self) -> Changes:
        assert self._relation.id is not None
        self._relation = self.editor.unlink(self._relation.id)
        return self._linked()

    def revert(self) -> Changes:
        self.editor.restore_relation(self._relation)
        return self._linked()


class SetRelationAttribute(TypedStep):
    def __init__(self, editor: DocumentEditor, relation: Relation, name: str, value: Any) -> None:
        super().__init__(editor, f"Set {name} of {relation.label} to {value}")
        assert relation.id is not None
        self._id, self._name, self._value = relation.id, name, value
        self._before: dict[str, Any] = {}
        kind = editor.schema.relation(relation.label)
        kinds = {a.name: a.kind for a in kind.attributes} if kind else {}
        self._typed(kinds.get(name), (relation.id, name))

    def _take(self, later: TypedStep) -> None:
        assert isinstance(later, SetRelationAttribute)
        self._value = later._value

    def undone_by_absorbing(self) -> bool:
        return self.editor.relations[self._id].attrs == self._before

    def apply(self) -> Changes:
        attrs = {**self.editor.relations[self._id].attrs, self._name: self._value}
        self._before = self.editor.set_relation_attrs(self._id, attrs)
        return self._linked()

    def revert(self) -> Changes:
        self.editor.set_relation_attrs(self._id, self._before)
        return self._linked()


class SetField(TypedStep):
    def __init__(self, editor: DocumentEditor, name: str, value: Any) -> None:
        super().__init__(editor, f"Set document {name}")
        self._name, self._value = name, value
        self._before: Any = None
        field = editor.schema.field(name)
        self._typed(field.kind if field else None, name)

    def _take(self, later: TypedStep) -> None:
        assert isinstance(later, SetField)
        self._value = later._value

    def undone_by_absorbing(self) -> bool:
        return bool(self._value == self._before)

    def apply(self) -> Changes:
        self._before = self.editor.set_field(self._name, self._value)
        return Changes(self.doc_id, fields=True)

    def revert(self) -> Changes:
        self.editor.set_field(self._name, self._before)
        return Changes(self.doc_id, fields=True)
