"""Showing a real window in a test: sized, shown and active (shortcuts reach only that)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.ui.window.main_window import MainWindow

#: Big enough for every panel; None leaves the size the window gave itself.
SIZE = (1000, 700)


def show(qtbot: QtBot, window: MainWindow, size: tuple[int, int] | None = SIZE) -> MainWindow:
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def shown_window(
    qtbot: QtBot,
    path: Path,
    *,
    annotator: str = "alice",
    review: bool = False,
    size: tuple[int, int] | None = SIZE,
) -> MainWindow:
    """A window on ``path``, shown and active."""
    return show(qtbot, MainWindow(path, annotator, review=review), size)


def close_window(window: MainWindow) -> None:
    """Close as the user does, then wait for its jobs (the day's backup, say)."""
    window.close()
    window.queue.wait()
