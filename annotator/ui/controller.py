"""Editing the open document: labels, links, attributes, fields and suggestions.

The window lays out widgets and moves between documents; this object turns key
presses and clicks into undo commands, and after every change brings the article,
the lists and the panels up to date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, QTimer
from PySide6.QtGui import QAction, QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Relation, Span, Status
from annotator.core.suggestions import one_per_words, twins
from annotator.store.db import Gone, ProjectError
from annotator.store.editing import DocumentEditor, reading_order
from annotator.ui.commands import (
    AcceptSuggestion,
    AddSpan,
    DeleteSpan,
    Link,
    RejectSuggestion,
    RelabelSpan,
    SetAttribute,
    SetField,
    SetRelationAttribute,
    Unlink,
    describe,
)
from annotator.ui.not_saved import NotSavedBox

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

MAX_CANDIDATES = 15


class DocumentController(QObject):
    """One annotator's edits of whichever document is open, with an undo stack per document."""

    def __init__(self, window: MainWindow, undo_group: QUndoGroup) -> None:
        super().__init__(window)
        self.w = window
        self.undo_group = undo_group
        self.editor: DocumentEditor | None = None
        self.selected: Span | None = None
        self.suggestion: Span | None = None  # the suggestion under the cursor
        self.link_menu: QMenu | None = None
        self._link_kind: str | None = None  # set while waiting for a click on the other end
        self._editors: dict[int, DocumentEditor] = {}
        self._stacks: dict[int, QUndoStack] = {}
        self._stale: set[QWidget] = set()  # panels to rebuild when they are next shown
        self._save_failed = False  # set by save_failed during the edit being made
        self._stepping: set[int] = set()  # documents whose undo stack is to step back
        self._moved_on = False  # a decision just selected the next suggestion (N stays)
        self.failure_box: NotSavedBox | None = None  # made when first needed

    # -- opening -------------------------------------------------------------------------

    def open(self, doc_id: int) -> DocumentEditor:
        """Show a document; its undo history comes back with it."""
        editor = self._editors.get(doc_id)
        if editor is None:
            w = self.w
            editor = DocumentEditor(w.db, w.schema, w.annotator_id, doc_id)
            self._editors[doc_id] = editor
            self._stacks[doc_id] = QUndoStack(self.undo_group)
        else:
            editor.refresh()
        self.editor = editor
        self.undo_group.setActiveStack(self._stacks[doc_id])
        self.selected = self.suggestion = None
        self._link_kind = None
        self.w.title_label.setText(editor.document.title)
        self.w.view.show_text(
            editor.document.text, editor.spans.values(), editor.suggestions.values()
        )
        self._refresh_all()
        return editor

    def forget_document(self, doc_id: int) -> None:
        """Drop a document's editor and undo history (the next open reads it afresh)."""
        self._editors.pop(doc_id, None)
        stack = self._stacks.pop(doc_id, None)
        if stack is not None:
            self.undo_group.removeStack(stack)
            stack.deleteLater()

    def reload(self) -> None:
        """Read the open document again (the model has analysed it meanwhile)."""
        if self.editor is None:
            return
        self.editor.refresh()
        self.w.view.update_spans(self.editor.spans.values(), (), self.editor.suggestions.values())
        self._refresh_all()

    def _writable(self) -> bool:
        """False (and the status bar says why) when the project is open read-only.

        The editing actions are disabled then; this also stops the panels' signals.
        """
        if self.w.read_only:
            self.w.status.say(f"Nothing can be changed: {self.w.read_only}")
        return not self.w.read_only

    def _push(self, command: QUndoCommand) -> bool:
        """Make and record an edit; False if it was not saved (the user has been told)."""
        assert self.editor is not None
        if not self._writable():
            return False
        self._save_failed = False
        self._stacks[self.editor.doc_id].push(command)
        return not self._save_failed

    # -- when the project refuses a change -----------------------------------------------

    def save_failed(self, doc_id: int, what: str, error: ProjectError, step: str) -> None:
        """A change was not saved: say so at once, and keep the undo history truthful.

        ``step`` ("undo" or "redo"): Qt has moved the document's undo stack past a step
        the project refused; it is moved back once the current undo or redo has returned
        (the command skips that step), so that trying again does the same thing again.
        """
        self._save_failed = True
        if isinstance(error, Gone):
            # Another window deleted or changed what the edit named: its history here no
            # longer matches the project, so read the document again and start afresh.
            QTimer.singleShot(0, self, lambda: self._read_again(doc_id))
            self.w.status.say(f"Not saved: {what}: {error}")
            return
        if step and doc_id not in self._stepping:
            self._stepping.add(doc_id)
            QTimer.singleShot(0, self, lambda: self._step_back(doc_id, step))
        self.w.status.say(f"Not saved: {what}: {error}")
        if self.failure_box is None:
            self.failure_box = NotSavedBox(self.w)
        self.failure_box.tell(what, error)

    def _read_again(self, doc_id: int) -> None:
        """After a clash with another window: the document as the project has it now."""
        stack = self._stacks.get(doc_id)
        if stack is not None:
            stack.clear()  # its steps name spans and links that are gone
        if self.editor is not None and self.editor.doc_id == doc_id:
            self.reload()

    def _step_back(self, doc_id: int, step: str) -> None:
        self._stepping.discard(doc_id)
        stack = self._stacks.get(doc_id)
        if stack is not None:
            if step == "undo":
                stack.undo()
            else:
                stack.redo()

    # -- after every change --------------------------------------------------------------

    def spans_changed(self, changed: list[Span], select: Span | None, message: str) -> None:
        """Spans were added, removed or changed: repaint them, relist, say it was saved."""
        editor = self.editor
        if editor is None:
            return
        self.w.view.update_spans(editor.spans.values(), changed, editor.suggestions.values())
        self.w.span_model.apply(changed, editor.spans)
        if self.suggestion is not None and self.suggestion.id not in editor.suggestions:
            self.suggestion = None
        self._refresh_panels()
        self.select_span(select, announce=False)
        self.w.document_edited(message)

    def document_changed(self, message: str) -> None:
        """Links or fields changed: refresh the panels and the marks."""
        self._refresh_panels()
        self.select_span(self.selected, announce=False)
        self.w.document_edited(message)

    def _refresh_all(self) -> None:
        assert self.editor is not None
        self.w.span_model.set_spans(self.editor.document.text, self.editor.ordered())
        self._refresh_panels()
        self.select_span(None, announce=False)

    def _refresh_panels(self) -> None:
        """Bring the legend and the visible panel up to date; the others when shown.

        Rebuilding every panel on every key press cost milliseconds on long documents.
        """
        editor = self.editor
        assert editor is not None
        w = self.w
        w.legend.show_counts(editor.spans.values())
        count = len(editor.suggestions)
        w.suggestion_label.setText(f"{count} suggestion{'s' if count != 1 else ''}")
        self._stale = {w.links_panel, w.casualty_panel, w.document_panel}
        self.refresh_visible_panel()

    def refresh_visible_panel(self) -> None:
        """Called after edits and when the user switches tabs."""
        editor = self.editor
        current = self.w.tabs.currentWidget()
        if editor is not None and current in self._stale:
            self._stale.discard(current)
            current.show_document(editor)  # type: ignore[attr-defined]

    # -- selecting -----------------------------------------------------------------------

    def select_span(
        self, span: Span | None, *, scroll: bool = False, announce: bool = True
    ) -> None:
        """Select a span (None: nothing); marks it and the spans linked to it."""
        editor = self.editor
        if span is not None and (editor is None or span.id not in editor.spans):
            span = None
        self.selected = span
        if span is not None:
            self.suggestion = None
        linked = [other for _, other in editor.linked(span.id or 0)] if editor and span else []
        self.w.view.mark_span(span or self.suggestion, scroll=scroll, linked=linked)
        self.w.span_panel.show_span(span, editor)
        row = self.w.span_model.row_of(span.id) if span and span.id is not None else None
        if row is None:
            self.w.span_list.clearSelection()
        else:
            self.w.span_list.setCurrentIndex(self.w.span_model.index(row))
        if announce and span is not None and editor is not None:
            what = describe(span, editor.document.text, 60)
            self.w.status.say(f"{what}: Delete removes it, a label key relabels it")

    def select_span_id(self, span_id: int) -> None:
        if self.editor is not None and span_id in self.editor.spans:
            self.select_span(self.editor.spans[span_id], scroll=True)

    def select_link(self, head: int, child: int) -> None:
        """Show both ends of a link: the head selected, the child marked."""
        self.select_span_id(head)

    def text_clicked(self, offset: int) -> None:
        editor = self.editor
        if editor is None:
            return
        hits = editor.spans_at(offset) or editor.spans_at(offset - 1)
        if self._link_kind is not None:
            self._finish_click_link(hits)
            return
        found = editor.suggestions_at(offset) or editor.suggestions_at(offset - 1)
        hits = [s for s in hits if self.w.view.shows(s)]  # a hidden layer cannot be clicked
        found = [s for s in found if self.w.view.shows(s, suggestion=True)]
        # Innermost first, spans before suggestions; clicking what is selected again picks
        # the next one around it, so a suggestion around an entity can be reached too.
        around: list[tuple[bool, Span]] = [(False, s) for s in hits] + [(True, s) for s in found]
        current = (True, self.suggestion) if self.suggestion else (False, self.selected)
        if current in around:
            at = around.index(current)
            around = around[at + 1 :] + around[: at + 1]
        if not around:
            self.select_suggestion(None)
        elif around[0][0]:
            self.select_suggestion(around[0][1])
        else:
            self.select_span(around[0][1])

    def span_row_clicked(self, index: QModelIndex) -> None:
        self.select_span(self.w.span_model.span_at(index.row()), scroll=True)

    # -- labelling -----------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """Label the selected text, or relabel the selected span."""
        editor = self.editor
        if editor is None:
            return
        selection = self.w.view.selected_range()
        if selection is not None:
            span = editor.new_span(*selection, label)
            if span is None:
                self.w.status.say("Nothing to label: the selection holds only spaces")
                return
            if editor.has_span(span.start, span.end, label):
                self.w.status.say(f"That text is already labelled {label}")
                return
            if self._push(AddSpan(editor, self, span)):  # else the same key can try again
                cursor = self.w.view.textCursor()
                cursor.clearSelection()
                self.w.view.setTextCursor(cursor)
        elif self.selected is not None:
            if self.selected.label != label:
                self._push(RelabelSpan(editor, self, self.selected, label))
        else:
            self.w.status.say("Select some text (or click a span) first, then press a label key")

    def delete_selected(self) -> None:
        if self.editor is None or self.selected is None:
            self.w.status.say("Click a span to select it, then press Delete")
            return
        self._push(DeleteSpan(self.editor, self, self.selected))

    def set_attribute(self, name: str, value: Any) -> None:
        if self.editor is not None and self.selected is not None:
            self._push(SetAttribute(self.editor, self, self.selected, name, value))

    def set_field(self, name: str, value: Any) -> None:
        if self.editor is not None:
            self._push(SetField(self.editor, self, name, value))

    def set_status(self, status: Status) -> None:
        if self.editor is not None and self._writable():
            try:
                self.editor.set_status(status)
            except ProjectError as exc:
                self.save_failed(self.editor.doc_id, f"Status {status.value}", exc, "")
                return
            self.w.document_edited(f"Saved: status {status.value}")

    # -- linking -------------------------------------------------------------------------

    def start_link(self, kind: str | None = None) -> None:
        """Offer the spans the selected one may link to; or wait for a click on one.

        The likeliest targets come first (see core/link_offers.py); a link that exists is
        shown ticked instead of offered again; a link type with a choice (a figure that is
        part of another, or included in it) is offered once per choice.
        """
        editor, head = self.editor, self.selected
        if editor is None or head is None or head.id is None:
            self.w.status.say("Select a span first (a quote, say), then link it")
            return
        offers = editor.link_offers(head.id, kind)[:MAX_CANDIDATES]
        if not offers:
            what = kind or "any link"
            self.w.status.say(f"{head.label} has no span to make {what} with in this document")
            return
        menu = QMenu(self.w)
        menu.setObjectName("linkMenu")
        text = editor.document.text
        for offer in offers:
            action = menu.addAction(f"{offer.caption()} → {describe(offer.span, text, 50)}")
            action.setData((offer.relation, offer.span.id, offer.attrs))
            if offer.linked:  # shown, so the menu tells what is there, but not offered
                action.setCheckable(True)
                action.setChecked(True)
                action.setEnabled(False)
        menu.addSeparator()
        pick = menu.addAction("Click a span in the text…")
        pick.setData((kind or "", None, {}))
        menu.triggered.connect(self._link_chosen)
        self.link_menu = menu
        rect = self.w.view.cursorRect()
        menu.popup(self.w.view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)))
        menu.setActiveAction(next((a for a in menu.actions() if a.isEnabled()), pick))

    def _link_chosen(self, action: QAction) -> None:
        relation, child, attrs = action.data()
        if child is None:
            self._link_kind = relation
            self.w.status.say("Click the span to link to (Esc cancels)")
            return
        self._make_link(str(relation), int(child), dict(attrs))

    def link_to(self, span: Span, relation: str, attrs: dict[str, Any] | None = None) -> None:
        """Link the selected span to ``span`` (what the link menu's entries do)."""
        if span.id is not None:
            self._make_link(relation, span.id, attrs)

    def _finish_click_link(self, hits: list[Span]) -> None:
        kind, self._link_kind = self._link_kind, None
        editor, head = self.editor, self.selected
        if editor is None or head is None or head.id is None:
            return
        for span in hits:
            allowed = editor.schema.relations_between(head.label, span.label)
            names = [r.name for r in allowed if kind in ("", r.name)]
            if names and span.id is not None:
                self._make_link(names[0], span.id)
                return
        self.w.status.say(f"No link from {head.label} to that span is allowed by the schema")

    def _make_link(self, relation: str, child: int, attrs: dict[str, Any] | None = None) -> None:
        editor, head = self.editor, self.selected
        if editor is None or head is None or head.id is None:
            return
        if any(
            (r.head, r.child, r.label) == (head.id, child, relation)
            for r in editor.relations.values()
        ):
            self.w.status.say("Those spans are linked so already")
            return
        self._push(Link(editor, self, Relation(head.id, child, relation, dict(attrs or {}))))

    def cancel(self) -> None:
        """Escape: stop waiting for a link click, drop the selection."""
        if self._link_kind is not None:
            self._link_kind = None
            self.w.status.say("Linking cancelled")
            return
        self.select_span(None)
        self.select_suggestion(None)

    def unlink(self, relation_id: int) -> None:
        if self.editor is not None and relation_id in self.editor.relations:
            self._push(Unlink(self.editor, self, self.editor.relations[relation_id]))

    def set_relation_attribute(self, relation_id: int, name: str, value: Any) -> None:
        if self.editor is not None and relation_id in self.editor.relations:
            relation = self.editor.relations[relation_id]
            self._push(SetRelationAttribute(self.editor, self, relation, name, value))

    # -- suggestions ---------------------------------------------------------------------

    def select_suggestion(self, suggestion: Span | None) -> None:
        self.suggestion = suggestion
        self._moved_on = False
        if suggestion is None:
            self.w.view.mark_span(self.selected)
            return
        self.selected = None
        self.w.span_panel.show_span(None, None)
        self.w.span_list.clearSelection()
        self.w.view.mark_span(suggestion, scroll=True)
        what = self._what(suggestion)
        self.w.status.say(f"Suggestion {what}: Y accepts, X rejects, N / P for the next one")

    def _what(self, suggestion: Span, group: list[Span] | None = None) -> str:
        """``QUOTE + CLAIM “…”``: a suggestion with its twins over the same words."""
        assert self.editor is not None
        labels = " + ".join(s.label for s in group or self._twins(suggestion))
        words = describe(suggestion, self.editor.document.text, 60)
        return labels + words.removeprefix(suggestion.label)

    def _twins(self, suggestion: Span) -> list[Span]:
        assert self.editor is not None
        pending = sorted(self.editor.suggestions.values(), key=reading_order)
        return twins(suggestion, pending, self.editor.document.text) or [suggestion]

    def _ordered_suggestions(self) -> list[Span]:
        """Pending suggestions in reading order, one stop for twins over the same words."""
        if self.editor is None:
            return []
        ordered = sorted(self.editor.suggestions.values(), key=reading_order)
        return one_per_words(ordered, self.editor.document.text)

    def step_suggestion(self, delta: int) -> None:
        pending = self._ordered_suggestions()
        if not pending:
            self.w.status.say("No suggestions left in this document")
            return
        if delta > 0 and self._moved_on and self.suggestion in pending:
            # Y or X has already moved to the next one: N shows that one, not the one after.
            self._moved_on = False
            self.select_suggestion(self.suggestion)
            return
        if self.suggestion in pending:
            index = (pending.index(self.suggestion) + delta) % len(pending)
        else:
            cursor = self.w.view.to_offset(self.w.view.textCursor().position())
            after = [i for i, s in enumerate(pending) if s.start >= cursor]
            index = (after[0] if after else 0) if delta > 0 else ((after[0] if after else 0) - 1)
        self.select_suggestion(pending[index % len(pending)])

    def next_suggestion(self) -> None:
        self.step_suggestion(+1)

    def previous_suggestion(self) -> None:
        self.step_suggestion(-1)

    def _current_suggestion(self) -> Span | None:
        if self.suggestion is not None:
            return self.suggestion
        editor = self.editor
        if editor is None:
            return None
        offset = self.w.view.to_offset(self.w.view.textCursor().position())
        found = editor.suggestions_at(offset)
        return found[0] if found else None

    def accept_suggestion(self) -> None:
        suggestion = self._current_suggestion()
        if self.editor is None or suggestion is None:
            self.w.status.say("No suggestion here: N goes to the next one")
            return
        group = self._twins(suggestion)
        if len(group) == 1:
            accepted = self._push(AcceptSuggestion(self.editor, self, suggestion))
        else:  # one key, one undo step for the twins
            accepted = self._accept_together(group, f"Accept {self._what(suggestion)}")
        if accepted:
            self._after_decision(suggestion, "Accepted", group)

    def reject_suggestion(self) -> None:
        suggestion = self._current_suggestion()
        if self.editor is None or suggestion is None:
            self.w.status.say("No suggestion here: N goes to the next one")
            return
        group = self._twins(suggestion)
        if self._push(RejectSuggestion(self.editor, self, group)):
            self._after_decision(suggestion, "Rejected", group)

    def _after_decision(self, decided: Span, verb: str, group: list[Span]) -> None:
        """Move on to the next pending suggestion after the one just decided, and say so."""
        assert self.editor is not None
        done = f"{verb} {self._what(decided, group)}"
        following = [s for s in self._ordered_suggestions() if s.start >= decided.start]
        self.suggestion = None
        if not following:
            self.w.status.say(f"{done}; no more suggestions after it")
            return
        self.select_suggestion(following[0])
        self._moved_on = True
        what = self._what(following[0])
        self.w.status.say(f"{done}; now on the next suggestion, {what}: Y accepts, X rejects")

    def accept_all(self) -> None:
        editor = self.editor
        if editor is None or not editor.suggestions:
            self.w.status.say("No suggestions to accept in this document")
            return
        count = len(editor.suggestions)
        every = sorted(editor.suggestions.values(), key=reading_order)
        if self._accept_together(every, f"Accept all {count} suggestions"):
            self.w.status.say(f"Accepted {count} suggestions")
        self.suggestion = None

    def _accept_together(self, pending: list[Span], text: str) -> bool:
        """Accept suggestions as one undo step; False if not saved (the user was told)."""
        editor = self.editor
        if editor is None or not self._writable():
            return False
        stack = self._stacks[editor.doc_id]
        stack.beginMacro(text)
        self._save_failed = False
        accepted = 0
        for suggestion in pending:
            if suggestion.id in editor.suggestions:  # an earlier accept may have taken it
                stack.push(AcceptSuggestion(editor, self, suggestion))
                if self._save_failed:  # the rest would wait for the same lock, one by one
                    break
                accepted += 1
        stack.endMacro()
        if accepted == 0 and self._save_failed:
            # An empty macro would sit in the history as "Accept all": an obsolete command
            # is dropped by the undo that reaches it.
            stack.command(stack.index() - 1).setObsolete(True)
            stack.undo()
        return not self._save_failed
