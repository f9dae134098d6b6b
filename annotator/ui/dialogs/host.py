"""What dialogs need of the window that opened them: a protocol, so none imports it.

The main window (annotator/ui/window/main_window.py) is the one implementation; the
dialogs below it name only this, which keeps every import pointing down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from annotator.ui.jobs.queue import Job, JobQueue


class StatusLine(Protocol):
    """The window's status bar, as far as a dialog uses it."""

    def say(self, message: str, /) -> None:
        """Show a message for a while."""

    def track(self, job: Job, /) -> None:
        """Show a job's progress, with a cancel button."""


class WindowHost(Protocol):
    """A project window: where it is, who works in it, its jobs and its status bar."""

    @property
    def db_path(self) -> Path: ...

    @property
    def annotator(self) -> str: ...

    @property
    def queue(self) -> JobQueue: ...

    @property
    def status(self) -> StatusLine: ...

    @property
    def reviewing(self) -> bool:
        """The window edits gold (review mode)."""

    def window(self) -> QWidget:
        """The window as a widget: the parent of the dialogs it opens."""

    def another(self, path: Path, annotator: str, *, review: bool = False) -> WindowHost:
        """A new window on ``path``; raises ``ProjectError`` or ``OSError``."""

    def present(self, other: WindowHost) -> WindowHost:
        """Show ``other`` as a window of its own, as large as this one."""

    def close(self) -> bool: ...

    def setEnabled(self, enabled: bool) -> None: ...

    def start_preannotation(self) -> None:
        """Have the model analyse what it has not seen, in the background."""

    def flush_typing(self) -> None:
        """Save text typed a moment ago (before the project is replaced or closed)."""
