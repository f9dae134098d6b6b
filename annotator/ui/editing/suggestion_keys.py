"""Deciding suggestions from the keyboard: N and P move, Y accepts, X rejects.

A decision moves on to the next pending suggestion, so Y Y Y decides a document's
suggestions in reading order; twins over the same words are one stop and one step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator.core.model import Span
from annotator.session import suggestion_queue
from annotator.session.selection import Selection
from annotator.store.annotators import annotator_names
from annotator.store.editing import DocumentEditor
from annotator.ui.article.view import ArticleView
from annotator.ui.editing.host import EditingHost


def model_origin(editor: DocumentEditor, suggestion: Span) -> str:
    """Where a trained model's suggestion is from: ``model NAME, confidence 0.83``.

    "" for the rules' suggestions, which have no confidence.
    """
    score = editor.score_of(suggestion.id) if suggestion.id is not None else None
    if score is None:
        return ""
    names = annotator_names(editor.db, kind="suggester")  # a handful of rows
    return f"{names.get(suggestion.annotator_id or 0, 'a trained model')}, confidence {score:.2f}"


def model_notes(editor: DocumentEditor | None, view: ArticleView, offset: int) -> list[str]:
    """For the article's tooltip: each model suggestion painted at ``offset``, with its origin."""
    if editor is None:
        return []
    found = []
    for suggestion in editor.suggestions_at(offset):
        if not view.shows(suggestion, suggestion=True):
            continue
        origin = model_origin(editor, suggestion)
        if origin:
            found.append(f"{suggestion.label} suggested by {origin}")
    return found


class SuggestionKeys(QObject):
    """The suggestion under decision, and the keys that decide it."""

    def __init__(self, controller: EditingHost) -> None:
        super().__init__()
        self.c = controller
        self._moved_on = False  # a decision just selected the next suggestion (N stays)
        # Hovering a model's suggestion names the model and its confidence.
        view = controller.view
        view.suggestion_notes = lambda offset: model_notes(controller.editor, view, offset)

    def select(self, suggestion: Span | None) -> None:
        """Show ``suggestion`` as the one to decide (None: back to the selected span)."""
        self._moved_on = False
        editor = self.c.editor
        if suggestion is None or editor is None:
            self.c.show_selection(Selection(editor, self.c.selected))
            return
        self.c.show_selection(Selection(editor, suggestion=suggestion, scroll=True))
        what = suggestion_queue.what(editor, suggestion)
        origin = model_origin(editor, suggestion)
        by = f" ({origin})" if origin else ""
        self.c.say(f"Suggestion {what}{by}: Y accepts, X rejects, N / P for the next one")

    def step(self, delta: int) -> None:
        editor = self.c.editor
        if editor is None or not editor.suggestions:
            self.c.say("No suggestions left in this document")
            return
        current = self.c.suggestion
        pending = suggestion_queue.ordered(editor)
        if delta > 0 and self._moved_on and current in pending:
            # Y or X has already moved to the next one: N shows that one, not the one after.
            self.select(current)
            return
        view = self.c.view
        offset = view.to_offset(view.textCursor().position())
        self.select(suggestion_queue.step_from(editor, current, offset, delta))

    def _current(self) -> Span | None:
        if self.c.suggestion is not None:
            return self.c.suggestion
        editor = self.c.editor
        if editor is None:
            return None
        view = self.c.view
        found = editor.suggestions_at(view.to_offset(view.textCursor().position()))
        return found[0] if found else None

    def accept(self) -> None:
        self._decide("Accepted")

    def reject(self) -> None:
        self._decide("Rejected")

    def _decide(self, verb: str) -> None:
        """Accept or reject the suggestion under decision with its twins: one step."""
        suggestion = self._current()
        editor = self.c.editor
        if editor is None or suggestion is None:
            self.c.say("No suggestion here: N goes to the next one")
            return
        group = suggestion_queue.twins_of(editor, suggestion)
        if verb == "Accepted":
            what = suggestion_queue.what(editor, suggestion)
            text = "" if len(group) == 1 else f"Accept {what}"
            saved = self.c.run(lambda s: s.accept(group, text))
        else:
            saved = self.c.run(lambda s: s.reject(group))
        if saved:
            self._after(suggestion, verb, group)

    def _after(self, decided: Span, verb: str, group: list[Span]) -> None:
        """Move on to the next pending suggestion after the one just decided, and say so."""
        editor = self.c.editor
        assert editor is not None
        done = f"{verb} {suggestion_queue.what(editor, decided, group)}"
        following = suggestion_queue.following(editor, decided)
        if following is None:
            self.c.show_selection(Selection(editor))
            self.c.say(f"{done}; no more suggestions after it")
            return
        self.select(following)
        self._moved_on = True
        what = suggestion_queue.what(editor, following)
        self.c.say(f"{done}; now on the next suggestion, {what}: Y accepts, X rejects")

    def accept_all(self) -> None:
        editor = self.c.editor
        if editor is None or not editor.suggestions:
            self.c.say("No suggestions to accept in this document")
            return
        count = len(editor.suggestions)
        if self.c.run(lambda s: s.accept_all()):
            self.c.say(f"Accepted {count} suggestions")
            self.c.show_selection(Selection(editor, self.c.selected))
