"""Edits refused because another program held the write lock, tried again shortly.

The window's connection waits at most a quarter of a second for the lock (on the GUI
thread, so no longer); an edit refused that way is queued and tried again every quarter
second while the status bar says so, for a few seconds, before the person is told it
was not saved. Later edits queue behind it, so they are saved in the order they were made.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from PySide6.QtCore import QObject, QTimer

from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.history import NotSaved

#: How long the window's connection waits for another's write lock, on the GUI thread.
WINDOW_BUSY_TIMEOUT_MS = 250
BUSY_SAYING = "Busy: another window or program is writing the project; trying again…"


@dataclass
class Pending:
    """An operation waiting for the lock, and what to do once it is saved."""

    session: DocumentSession
    operation: Callable[[DocumentSession], Changes]
    then: Callable[[], None] | None = None


class BusyRetry(QObject):
    """A queue of operations tried again every ``interval_ms`` for ``patience_ms``."""

    interval_ms = 250
    patience_ms = 4000

    def __init__(
        self,
        parent: QObject,
        attempt: Callable[[Pending], NotSaved | None],
        give_up: Callable[[list[Pending], NotSaved], None],
    ) -> None:
        """``attempt`` runs one (None: done with it; a busy refusal: still waiting)."""
        super().__init__(parent)
        self._attempt = attempt
        self._give_up = give_up
        self._queue: deque[Pending] = deque()
        self._since = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    @property
    def waiting(self) -> bool:
        return bool(self._queue)

    def add(self, pending: Pending, refused: NotSaved | None = None) -> bool:
        """Queue ``pending``; False when, with no patience, it was given up at once."""
        if not self._queue:
            self._since = monotonic()
        self._queue.append(pending)
        if self.patience_ms <= 0 and refused is not None:
            self._drop(refused)
            return False
        self._timer.start(self.interval_ms)
        return True

    def _tick(self) -> None:
        while self._queue:
            refused = self._attempt(self._queue[0])
            if refused is None:
                self._queue.popleft()
                continue
            if (monotonic() - self._since) * 1000 >= self.patience_ms:
                self._drop(refused)
            else:
                self._timer.start(self.interval_ms)
            return

    def _drop(self, refused: NotSaved) -> None:
        dropped = list(self._queue)
        self._queue.clear()
        self._timer.stop()
        self._give_up(dropped, refused)

    def clear(self) -> None:
        """Forget what waits (the window is closing, or the document was read again)."""
        self._queue.clear()
        self._timer.stop()
