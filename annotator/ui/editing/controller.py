"""Editing the open document: keys and clicks become session operations.

The controller owns no widget but the article it reads selections from. Every change
goes out as one signal, ``changed(session, changes)``, and every panel shows what
concerns it (annotator/session/changes.py); the selection goes out as ``selection_changed``
and words for the status bar as ``said``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.model import Span, Status
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.history import Declined, NotSaved
from annotator.session.project import Project
from annotator.session.selection import Selection, select
from annotator.session.wording import describe
from annotator.store.db import ProjectError
from annotator.store.editing import DocumentEditor
from annotator.ui.article.view import ArticleView
from annotator.ui.editing.busy import BUSY_SAYING, BusyRetry, Pending
from annotator.ui.editing.linking import Linking
from annotator.ui.editing.not_saved import NotSavedBox
from annotator.ui.editing.suggestion_keys import SuggestionKeys

Operation = Callable[[DocumentSession], Changes]


class EditingController(QObject):
    """One person's edits of whichever document is open, each document with its history."""

    changed = Signal(object, object)  # DocumentSession, Changes
    selection_changed = Signal(object)  # Selection
    said = Signal(str)

    def __init__(self, project: Project, view: ArticleView, parent: QWidget) -> None:
        super().__init__(parent)
        self.project = project
        self.view = view
        self._parent = parent
        self.session: DocumentSession | None = None
        self.selection = Selection()
        self.failure_box: NotSavedBox | None = None  # made when first needed
        self.retry = BusyRetry(self, self._attempt, self._gave_up)
        self.linking = Linking(self)
        self.linking.setParent(self)
        self.suggestions = SuggestionKeys(self)
        self.suggestions.setParent(self)

    @property
    def editor(self) -> DocumentEditor | None:
        return self.session.editor if self.session is not None else None

    @property
    def selected(self) -> Span | None:
        return self.selection.span

    @property
    def suggestion(self) -> Span | None:
        return self.selection.suggestion

    @property
    def link_menu(self) -> Any:
        return self.linking.menu

    def say(self, text: str) -> None:
        """Words for the status bar."""
        self.said.emit(text)

    # -- opening -------------------------------------------------------------------------

    def open(self, doc_id: int) -> DocumentSession:
        """Show a document; its undo history comes back with it. Raises ``ProjectError``."""
        session = self.project.session(doc_id)  # the first opening writes the model's entities
        self.session = session
        self.linking.stop()
        self.changed.emit(session, Changes.everything(doc_id, opened=True))
        self.show_selection(Selection(session.editor))
        return session

    def forget_document(self, doc_id: int) -> None:
        """Drop a document's session and history (the next opening reads it afresh)."""
        self.project.forget(doc_id)

    def reload(self) -> None:
        """Read the open document again (the model has analysed it meanwhile)."""
        if self.session is not None:
            self.publish(self.session, self.session.reload())

    # -- running operations --------------------------------------------------------------

    def writable(self) -> bool:
        """False (and the status bar says why) when the project is open read-only."""
        if self.project.read_only:
            self.said.emit(f"Nothing can be changed: {self.project.read_only}")
        return not self.project.read_only

    def run(self, operation: Operation, then: Callable[[], None] | None = None) -> bool:
        """Run an operation on the open document; True when it was saved at once."""
        session = self.session
        if session is None or not self.writable():
            return False
        pending = Pending(session, operation, then)
        if self.retry.waiting:  # after the edits waiting for the lock, in order
            self.retry.add(pending)
            self.said.emit(BUSY_SAYING)
            return False
        refused = self._attempt(pending)
        if refused is not None:
            if self.retry.add(pending, refused):
                self.said.emit(BUSY_SAYING)
            return False
        return True

    def _attempt(self, pending: Pending) -> NotSaved | None:
        """Run ``pending``; a busy refusal is returned (to wait), anything else is told."""
        try:
            changes = pending.operation(pending.session)
        except Declined as declined:
            self.said.emit(str(declined))
            return None
        except NotSaved as refused:
            if refused.busy:
                return refused
            self._tell(pending.session, refused)
            return None
        self.publish(pending.session, changes)
        if pending.then is not None:
            pending.then()
        return None

    def _gave_up(self, dropped: list[Pending], refused: NotSaved) -> None:
        more = f" (and {len(dropped) - 1} later changes)" if len(dropped) > 1 else ""
        self.refused(refused.what + more, refused.error)

    def publish(self, session: DocumentSession, changes: Changes) -> None:
        """Tell every view what changed, then select what the change left selected."""
        self.changed.emit(session, changes)
        if session is not self.session:
            return
        editor = session.editor
        suggestion = self.suggestion
        if suggestion is not None and suggestion.id not in editor.suggestions:
            suggestion = None
        if changes.spans:
            span = changes.select
        else:
            span = editor.spans.get(self.selected.id or 0) if self.selected else None
        if span is not None:
            self.show_selection(select(editor, span))
        else:
            self.show_selection(Selection(editor, suggestion=suggestion))

    def _tell(self, session: DocumentSession, refused: NotSaved) -> None:
        if refused.changes is not None:  # a clash: the document as the project has it now
            self.retry.clear()
            message = f"Not saved: {refused.what}: {refused.error}"
            self.publish(session, refused.changes.told(message))
            return
        self.refused(refused.what, refused.error)

    def refused(self, what: str, error: ProjectError) -> None:
        """Say at once that ``what`` was not saved, and why, in a box that stays."""
        self.said.emit(f"Not saved: {what}: {error}")
        if self.failure_box is None:
            self.failure_box = NotSavedBox(self._parent)
        self.failure_box.tell(what, error)

    # -- selecting -----------------------------------------------------------------------

    def show_selection(self, selection: Selection) -> None:
        self.selection = selection
        self.selection_changed.emit(selection)

    def select_span(
        self, span: Span | None, *, scroll: bool = False, announce: bool = True
    ) -> None:
        """Select a span (None: nothing); marks it and the spans linked to it."""
        editor = self.editor
        selection = select(editor, span, scroll=scroll)
        if selection.span is None:
            selection = Selection(editor, suggestion=self.suggestion, scroll=scroll)
        self.show_selection(selection)
        if announce and selection.span is not None and editor is not None:
            what = describe(selection.span, editor.document.text, 60)
            self.said.emit(f"{what}: Delete removes it, a label key relabels it")

    def select_span_id(self, span_id: int) -> None:
        if self.editor is not None and span_id in self.editor.spans:
            self.select_span(self.editor.spans[span_id], scroll=True)

    def select_link(self, head: int, child: int) -> None:
        """Show both ends of a link: the head selected, the child marked."""
        self.select_span_id(head)

    def text_clicked(self, offset: int) -> None:
        """A click in the article: the next span or suggestion around ``offset``."""
        editor = self.editor
        if editor is None:
            return
        hits = editor.spans_at(offset) or editor.spans_at(offset - 1)
        if self.linking.waiting:
            self.linking.finish_click(hits)
            return
        found = editor.suggestions_at(offset) or editor.suggestions_at(offset - 1)
        hits = [s for s in hits if self.view.shows(s)]  # a hidden layer cannot be clicked
        found = [s for s in found if self.view.shows(s, suggestion=True)]
        # Innermost first, spans before suggestions; clicking what is selected again picks
        # the next one around it, so a suggestion around an entity can be reached too.
        around: list[tuple[bool, Span]] = [(False, s) for s in hits] + [(True, s) for s in found]
        current = (True, self.suggestion) if self.suggestion else (False, self.selected)
        if current in around:
            at = around.index(current)
            around = around[at + 1 :] + around[: at + 1]
        if not around:
            self.suggestions.select(None)
        elif around[0][0]:
            self.suggestions.select(around[0][1])
        else:
            self.select_span(around[0][1])

    def cancel(self) -> None:
        """Escape: stop waiting for a link click, or drop the selection."""
        if self.linking.stop():
            self.said.emit("Linking cancelled")
            return
        self.show_selection(Selection(self.editor))

    # -- labelling -----------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """Label the selected text, or relabel the selected span."""
        if self.session is None:
            return
        selection = self.view.selected_range()
        if selection is not None:
            start, end = selection
            # Cleared once saved; kept when refused, so the same key can try again.
            self.run(lambda s: s.label(start, end, label), self._clear_text_selection)
        elif self.selected is not None:
            if self.selected.label != label:
                span_id = self.selected.id or 0
                self.run(lambda s: s.relabel(span_id, label))
        else:
            self.said.emit("Select some text (or click a span) first, then press a label key")

    def _clear_text_selection(self) -> None:
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)

    def delete_selected(self) -> None:
        if self.session is None or self.selected is None:
            self.said.emit("Click a span to select it, then press Delete")
            return
        span_id = self.selected.id or 0
        self.run(lambda s: s.delete(span_id))

    def set_attribute(self, name: str, value: Any) -> None:
        if self.selected is not None:
            span_id = self.selected.id or 0
            self.run(lambda s: s.set_attribute(span_id, name, value))

    def set_field(self, name: str, value: Any) -> None:
        self.run(lambda s: s.set_field(name, value))

    def set_status(self, status: Status) -> None:
        self.run(lambda s: s.set_status(status))

    def mark_done(self) -> bool:
        """Mark the open document done; False (the person was told) when not saved."""
        return self.run(lambda s: s.set_status(Status.DONE, "Mark done"))

    def unlink(self, relation_id: int) -> None:
        self.run(lambda s: s.unlink(relation_id))

    def set_relation_attribute(self, relation_id: int, name: str, value: Any) -> None:
        self.run(lambda s: s.set_relation_attribute(relation_id, name, value))

    def undo(self) -> None:
        self.run(lambda s: s.undo())

    def redo(self) -> None:
        self.run(lambda s: s.redo())

    # -- linking and suggestions (see linking.py, suggestion_keys.py) --------------------

    def start_link(self, kind: str | None = None) -> None:
        self.linking.start(kind)

    def link_to(self, span: Span, relation: str, attrs: dict[str, Any] | None = None) -> None:
        """Link the selected span to ``span`` (what the link menu's entries do)."""
        if span.id is not None:
            self.linking.make(relation, span.id, attrs)

    def link_selected_to(
        self, relation: str, child: int, attrs: dict[str, Any] | None = None
    ) -> None:
        """Link the selected span to the span ``child``."""
        self.linking.make(relation, child, attrs)

    def select_suggestion(self, suggestion: Span | None) -> None:
        self.suggestions.select(suggestion)

    def next_suggestion(self) -> None:
        self.suggestions.step(+1)

    def previous_suggestion(self) -> None:
        self.suggestions.step(-1)

    def accept_suggestion(self) -> None:
        self.suggestions.accept()

    def reject_suggestion(self) -> None:
        self.suggestions.reject()

    def accept_all(self) -> None:
        self.suggestions.accept_all()
