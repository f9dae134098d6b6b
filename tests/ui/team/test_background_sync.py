"""A team project's window syncs by itself, and its status bar says how that goes."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.schema_toml import parse_schema
from annotator.store.team_link import TeamLink
from annotator.team.hub import set_schema
from annotator.ui.window import team_sync
from annotator.ui.window.main_window import MainWindow
from benchmarks.pg_cluster import Cluster
from tests.ui.team.conftest import MakeWindow, hub_spans, main_windows, team_text

SYNC_MS = 15_000  # a sync takes well under a second; a slow machine gets its margin


def _synced(window: MainWindow, qtbot: QtBot) -> None:
    """Wait for the window's syncs to end, with the hub having everything."""
    qtbot.waitUntil(
        lambda: window.team_sync.running is None and team_text(window).startswith("Team: synced"),
        timeout=SYNC_MS,
    )


def _label(window: MainWindow, qtbot: QtBot, words: str, key: Qt.Key) -> tuple[int, int]:
    """Select ``words`` in the open article and press ``key``, as the person does; where
    the new span is."""
    assert window.editor is not None
    start = window.editor.document.text.index(words)
    window.view.select_range(start, start + len(words))
    window.view.setFocus()
    qtbot.keyClick(window.view, key)
    span = window.selected  # the span made, snapped to whole tokens
    assert span is not None
    return span.start, span.end


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def test_a_span_labelled_in_the_window_reaches_the_hub_by_itself(
    team_window: MakeWindow, joined: Path, hub_url: str, soon: None, qtbot: QtBot
) -> None:
    window = team_window(joined)
    _synced(window, qtbot)  # at opening, with nothing asked
    start, end = _label(window, qtbot, "We will rebuild", Qt.Key.Key_Q)
    assert team_text(window) == "Team: 1 document waiting"
    qtbot.waitUntil(lambda: ("alice", "QUOTE", start, end) in hub_spans(hub_url), timeout=SYNC_MS)
    _synced(window, qtbot)
    assert not _boxes()


def test_the_status_bar_says_waiting_unreachable_and_synced(
    team_window: MakeWindow,
    joined: Path,
    hub_url: str,
    pg: Cluster,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    monkeypatch.setattr(team_sync, "AFTER_CHANGE_MS", 600_000)  # only when asked, here
    window = team_window(joined)
    _synced(window, qtbot)
    button = window.status.team_button
    assert "postgresql://annotator@127.0.0.1" in button.toolTip()
    _label(window, qtbot, "We will rebuild", Qt.Key.Key_Q)
    _label(window, qtbot, "the mayor", Qt.Key.Key_S)
    assert team_text(window) == "Team: 1 document waiting"
    pg.stop()
    try:
        window.team_sync.sync_now()
        qtbot.waitUntil(
            lambda: team_text(window).startswith("Team: hub unreachable since"), timeout=SYNC_MS
        )
        assert team_text(window).endswith("(1 waiting)")
        assert "Failing since" in button.toolTip()
        assert not _boxes()  # a state, not an error box
    finally:
        pg.start()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a click syncs now
    _synced(window, qtbot)
    assert {label for _who, label, _s, _e in hub_spans(hub_url)} == {"QUOTE", "SOURCE"}
    assert "Failing since" not in button.toolTip()


def test_a_project_of_its_own_shows_no_team_state_and_cannot_sync(
    team_window: MakeWindow, sample_project: Path
) -> None:
    window = team_window(sample_project)
    assert team_text(window) == ""
    sync_now = next(a for a in window.findChildren(QAction) if a.text() == "S&ync now")
    assert not sync_now.isEnabled()
    assert not window.team_sync.linked


def test_the_tooltip_never_shows_the_hubs_password() -> None:
    link = TeamLink(
        hub="postgresql://alice:s3cret@hub.example.org/team",
        hub_uid="x",
        role="annotator",
        name="alice",
        annotator_id=1,
        hub_annotator_id=1,
        schema_version=1,
        synced_at=None,
        error="hub.example.org: connection refused",
        error_since="2024-05-03T10:01:00+00:00",
    )
    tip = team_sync.explain(link, 3)
    assert "s3cret" not in tip
    assert "postgresql://alice:***@hub.example.org/team" in tip
    text, _icon = team_sync.describe(link, 3, syncing=False, unreachable=True, read_only=False)
    since = team_sync.clock(link.error_since)
    assert " May " in since  # not today: the day is said too
    assert text == f"Team: hub unreachable since {since} (3 waiting)"


def test_new_labels_from_the_hub_reopen_the_window_with_them(
    team_window: MakeWindow, joined: Path, hub_url: str, qtbot: QtBot
) -> None:
    window = team_window(joined)
    _synced(window, qtbot)
    window.open_row(1)
    opened = window.editor.doc_id if window.editor else None
    source = window.schema.source + (
        '\n[[labels]]\nname = "RUMOUR"\nlayer = "claim"\ncolour = "#884488"\n'
        'description = "A claim nobody stands behind"\n'
    )
    with psycopg.connect(hub_url, autocommit=True) as conn:
        set_schema(conn, parse_schema(source), {})
    window.team_sync.sync_now()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=SYNC_MS)
    (other,) = [w for w in main_windows() if w.isVisible()]
    assert "RUMOUR" in {label.name for label in other.schema.labels}
    assert other.editor is not None
    assert other.editor.doc_id == opened
    assert other.statusBar().currentMessage().startswith("The team's labels changed")


@pytest.mark.slow  # the new documents are analysed, as after an import: a child process
def test_finished_work_brings_new_documents_into_the_list(
    team_window: MakeWindow, joined: Path, soon: None, qtbot: QtBot
) -> None:
    window = team_window(joined)
    _synced(window, qtbot)
    assert window.doc_model.rowCount() == 2
    for _ in range(2):
        qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == 4, timeout=SYNC_MS)
    assert window.statusBar().currentMessage() == "Team: 2 new documents received"
