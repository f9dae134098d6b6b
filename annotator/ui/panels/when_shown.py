"""Panels that refresh only when seen: a hidden tab catches up when it is next shown.

Rebuilding every panel on every key press cost milliseconds on long documents.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.store.editing import DocumentEditor


class WhenShown:
    """Calls ``refresh`` for the changes ``concerns`` names: now if visible, else later.

    The panel calls ``shown()`` from its ``showEvent``.
    """

    def __init__(
        self,
        widget: QWidget,
        refresh: Callable[[DocumentEditor], None],
        concerns: Callable[[Changes], bool],
    ) -> None:
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

    def shown(self) -> None:
        """The panel is visible: catch up with what changed while it was hidden."""
        editor, self._stale = self._stale, None
        if editor is not None:
            self._refresh(editor)
