"""Linking the selected span: a menu of the likeliest targets, or a click on one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.core.model import Span
from annotator.session.wording import describe
from annotator.ui.editing.host import EditingHost

MAX_CANDIDATES = 15


class Linking(QObject):
    """The link menu and the wait for a click on the other end."""

    def __init__(self, controller: EditingHost) -> None:
        super().__init__()
        self.c = controller
        self.menu: QMenu | None = None
        self._kind: str | None = None  # set while waiting for a click on the other end

    @property
    def waiting(self) -> bool:
        """A click in the text will pick the other end of the link."""
        return self._kind is not None

    def stop(self) -> bool:
        """Stop waiting for a click; True if it was waiting."""
        waiting, self._kind = self._kind is not None, None
        return waiting

    def start(self, kind: str | None = None) -> None:
        """Offer the spans the selected one may link to; or wait for a click on one.

        The likeliest targets come first (see core/link_offers.py); a link that exists is
        shown ticked instead of offered again; a link type with a choice (a figure that is
        part of another, or included in it) is offered once per choice.
        """
        editor, head = self.c.editor, self.c.selected
        if editor is None or head is None or head.id is None:
            self.c.say("Select a span first (a quote, say), then link it")
            return
        offers = editor.link_offers(head.id, kind)[:MAX_CANDIDATES]
        if not offers:
            what = kind or "any link"
            self.c.say(f"{head.label} has no span to make {what} with in this document")
            return
        view = self.c.view
        menu = QMenu(view)
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
        menu.triggered.connect(self._chosen)
        self.menu = menu
        rect = view.cursorRect()
        menu.popup(view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)))
        menu.setActiveAction(next((a for a in menu.actions() if a.isEnabled()), pick))

    def _chosen(self, action: QAction) -> None:
        relation, child, attrs = action.data()
        if child is None:
            self._kind = relation
            self.c.say("Click the span to link to (Esc cancels)")
            return
        self.make(str(relation), int(child), dict(attrs))

    def finish_click(self, hits: list[Span]) -> None:
        """The click that names the other end: the first span the schema allows."""
        kind, self._kind = self._kind, None
        editor, head = self.c.editor, self.c.selected
        if editor is None or head is None or head.id is None:
            return
        for span in hits:
            allowed = editor.schema.relations_between(head.label, span.label)
            names = [r.name for r in allowed if kind in ("", r.name)]
            if names and span.id is not None:
                self.make(names[0], span.id)
                return
        self.c.say(f"No link from {head.label} to that span is allowed by the schema")

    def make(self, relation: str, child: int, attrs: dict[str, Any] | None = None) -> None:
        """Link the selected span to ``child``."""
        head = self.c.selected
        if head is None or head.id is None:
            return
        head_id = head.id
        self.c.run(lambda s: s.link(head_id, child, relation, attrs))
