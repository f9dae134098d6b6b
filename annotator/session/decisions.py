"""Decisions as undoable steps: accepting or rejecting suggestions, adjudicating gold."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import Span
from annotator.review.adjudication import GoldEdit
from annotator.session.changes import Changes
from annotator.session.steps import EditorStep
from annotator.store.db import transaction
from annotator.store.editing import DocumentEditor
from annotator.store.suggestions import Accepted


class AcceptSuggestions(EditorStep):
    """Accept one suggestion, its twins over the same words, or all: one transaction.

    All or nothing: accepting twenty suggestions while another program holds the lock
    leaves no half of them accepted and no empty step in the history.
    """

    def __init__(self, editor: DocumentEditor, suggestions: list[Span], text: str) -> None:
        super().__init__(editor, text)
        self._suggestions = list(suggestions)
        self._accepted: list[Accepted] = []

    def apply(self) -> Changes:
        accepted = []
        try:
            with transaction(self.editor.db):
                for suggestion in self._suggestions:
                    # an earlier accept (of a twin's relation) may have taken it already
                    if suggestion.id in self.editor.suggestions:
                        accepted.append(self.editor.accept(suggestion.id))
        except BaseException:
            self.editor.refresh(seed=False)  # what was read inside the rolled-back transaction
            raise
        self._accepted = accepted
        return self._changes()

    def revert(self) -> Changes:
        try:
            with transaction(self.editor.db):
                for accepted in reversed(self._accepted):
                    self.editor.revert(accepted)
        except BaseException:
            self.editor.refresh(seed=False)
            raise
        return self._changes()

    def _changes(self) -> Changes:
        made = [span for accepted in self._accepted for span in accepted.spans]
        changes = self._spans([*made, *self._suggestions], None)
        return changes | Changes(self.doc_id, links=True, status=True)


class RejectSuggestions(EditorStep):
    def __init__(self, editor: DocumentEditor, suggestions: list[Span], text: str) -> None:
        super().__init__(editor, text)
        self._suggestions = list(suggestions)
        self._ids = [s.id for s in suggestions if s.id is not None]

    def apply(self) -> Changes:
        self.editor.reject(self._ids)
        return self._spans(self._suggestions, None)

    def revert(self) -> Changes:
        self.editor.forget(self._ids)
        return self._spans(self._suggestions, None)


class GoldDecision(EditorStep):
    """A reviewer's accept or reject of a unit: ``decide`` applies it, ``undo`` takes it back.

    Gold changes under the editor (spans, links and fields at once), so the document is
    read again afterwards.
    """

    def __init__(
        self,
        editor: DocumentEditor,
        text: str,
        decide: Callable[[], GoldEdit],
        undo: Callable[[GoldEdit], None],
    ) -> None:
        super().__init__(editor, text)
        self._decide = decide
        self._undo = undo
        self._edit: GoldEdit | None = None

    def apply(self) -> Changes:
        self._edit = self._decide()
        return self._read_again()

    def revert(self) -> Changes:
        assert self._edit is not None
        self._undo(self._edit)
        return self._read_again()

    def _read_again(self) -> Changes:
        self.editor.refresh(seed=False)  # the decision is saved: reading only from here
        return Changes(self.doc_id, reloaded=True, units=True, suggestions=True, links=True)
