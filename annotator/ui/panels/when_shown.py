"""Panels that refresh only when seen: a hidden tab catches up when it is next shown.

Rebuilding every panel on every key press cost milliseconds on long documents.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.store.editing import DocumentEditor


class WhenShown(QObject):
    """Calls ``refresh`` for the changes ``concerns`` names: now if visible, else later.

    It watches the panel's show events itself (an event filter, owned by the panel), so
    a panel only passes its ``changes`` on.
    """

    def __init__(
        self,
        widget: QWidget,
        refresh: Callable[[DocumentEditor], None],
        concerns: Callable[[Changes], bool],
    ) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)
        self._widget = widget
        self._refresh = refresh
        self._concerns = concerns
        self._stale: DocumentEditor | None = None

    def changes(self, session: DocumentSession, changes: Changes) -> None:
        """After an operation: refresh if it concerns the panel (now, or when shown)."""
        if not self._concerns(changes):
            return
        self._stale = session.editor
        if self._widget.isVisible():
            self.shown()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show:
            self.shown()
        return False

    def shown(self) -> None:
        """The panel is visible: catch up with what changed while it was hidden."""
        editor, self._stale = self._stale, None
        if editor is not None:
            self._refresh(editor)
