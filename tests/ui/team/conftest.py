"""Windows on projects joined to a real PostgreSQL hub, and waiting for their syncs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.team.join import join
from annotator.team.sync import sync
from annotator.ui.window import team_sync
from annotator.ui.window.main_window import MainWindow
from tests.pg_fixtures import MakeHub
from tests.team.work import documents_on_hub
from tests.ui.windows import show

MakeWindow = Callable[[Path], MainWindow]


def joined_project(url: str, path: Path, name: str) -> Path:
    """``path`` joined to the hub at ``url`` as ``name`` and synced once, closed."""
    db = join(url, path, name)
    try:
        sync(db)
    finally:
        db.conn.close()
    return path


@pytest.fixture
def joined(hub_url: str, make_hub: MakeHub, people: Callable[[str], Path]) -> Path:
    """Alice's copy of a hub of four articles, two of them given to her."""
    make_hub(queue=2)
    documents_on_hub(hub_url, 4)
    return joined_project(hub_url, people("alice"), "alice")


@pytest.fixture
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change is synced a fifth of a second after it, not three seconds."""
    monkeypatch.setattr(team_sync, "AFTER_CHANGE_MS", 200)


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


@pytest.fixture
def team_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    """Opens shown windows; afterwards closes every main window and waits for its workers
    (windows the application opened itself, after a join or a schema change, too)."""

    def make(path: Path) -> MainWindow:
        return show(qtbot, MainWindow(path, "alice"), (1200, 800))

    yield make
    for window in main_windows():
        if window.isVisible():
            window.close()  # stops its syncs: the one under way is cancelled
        window.team_sync.queue.wait()
        window.queue.cancel_all()
        window.queue.wait()


def hub_spans(url: str) -> set[tuple[str, str, int, int]]:
    """Every span on the hub: (annotator, label, start, end)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT a.name, s.label, s.char_start, s.char_end FROM spans s "
            "JOIN annotators a ON a.id = s.annotator_id"
        ).fetchall()
    return {(str(n), str(label), int(s), int(e)) for n, label, s, e in rows}


def team_text(window: MainWindow) -> str:
    """What the status bar says of the team."""
    button = window.status.team_button
    return button.text() if button.isVisible() else ""
