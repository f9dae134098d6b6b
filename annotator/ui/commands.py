"""Undoable edits. Each one goes through the DocumentEditor, which commits at once.

``QUndoStack.push`` runs ``redo()`` straight away, so a command does its work in
``redo`` and nothing is applied before it is pushed.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Span
from annotator.store.editing import DocumentEditor


def describe(span: Span, text: str, limit: int = 40) -> str:
    """``LABEL “the text…”`` for undo menus and the status bar."""
    words = " ".join(span.text_in(text).split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return f"{span.label} “{words}”"


class SpanSink(Protocol):
    """Whoever shows the spans: told after every change, with the spans that changed."""

    def spans_changed(self, changed: list[Span], select: Span | None, message: str) -> None: ...


class AddSpan(QUndoCommand):
    def __init__(self, editor: DocumentEditor, sink: SpanSink, span: Span) -> None:
        super().__init__(f"Add {describe(span, editor.document.text)}")
        self._editor = editor
        self._sink = sink
        self._span = span  # gains its id on the first redo; later redos reuse it

    def redo(self) -> None:
        self._span = self._editor.restore(self._span)
        self._sink.spans_changed([self._span], self._span, f"Saved: {self.text()}")

    def undo(self) -> None:
        assert self._span.id is not None
        self._editor.delete(self._span.id)
        self._sink.spans_changed([self._span], None, f"Undone: {self.text()}")


class DeleteSpan(QUndoCommand):
    def __init__(self, editor: DocumentEditor, sink: SpanSink, span: Span) -> None:
        super().__init__(f"Delete {describe(span, editor.document.text)}")
        self._editor = editor
        self._sink = sink
        self._span = span

    def redo(self) -> None:
        assert self._span.id is not None
        self._span = self._editor.delete(self._span.id)
        self._sink.spans_changed([self._span], None, f"Saved: {self.text()}")

    def undo(self) -> None:
        self._span = self._editor.restore(self._span)
        self._sink.spans_changed([self._span], self._span, f"Undone: {self.text()}")


class RelabelSpan(QUndoCommand):
    def __init__(self, editor: DocumentEditor, sink: SpanSink, span: Span, label: str) -> None:
        super().__init__(f"Relabel {describe(span, editor.document.text)} as {label}")
        self._editor = editor
        self._sink = sink
        self._span = span
        self._label = label

    def _apply(self, label: str, message: str) -> None:
        assert self._span.id is not None
        self._editor.relabel(self._span.id, label)
        current = self._editor.spans[self._span.id]
        self._sink.spans_changed([current], current, message)

    def redo(self) -> None:
        self._apply(self._label, f"Saved: {self.text()}")

    def undo(self) -> None:
        self._apply(self._span.label, f"Undone: {self.text()}")
