"""File > Join team project…: the hub's address, a name and a place; then the project opens."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from annotator import paths
from annotator.store.db import open_project
from annotator.store.team_link import read_link
from annotator.ui.common import settings
from annotator.ui.dialogs.join_team_dialog import JoinTeamDialog
from annotator.ui.window.team_menu import join_team
from tests.pg_fixtures import MakeHub
from tests.team.work import documents_on_hub
from tests.ui.fresh_settings import fresh_settings
from tests.ui.team.conftest import MakeWindow, main_windows, team_text

__all__ = ["fresh_settings"]

JOIN_MS = 15_000


def _join_action(window: object) -> QAction:
    assert hasattr(window, "findChildren")
    return next(a for a in window.findChildren(QAction) if a.text() == "&Join team project…")


def _dialog(team_window: MakeWindow, project: Path, qtbot: QtBot) -> JoinTeamDialog:
    """The dialog, as File > Join team project… opens it from a window."""
    window = team_window(project)
    _join_action(window).trigger()
    dialog = window.findChild(JoinTeamDialog)
    assert isinstance(dialog, JoinTeamDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens there once the probe is closed


def test_joining_opens_the_project_as_the_name_given_and_remembers_it(
    team_window: MakeWindow,
    sample_project: Path,
    hub_url: str,
    make_hub: MakeHub,
    fresh_settings: QSettings,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    make_hub(queue=2)
    documents_on_hub(hub_url, 4)
    dialog = _dialog(team_window, sample_project, qtbot)
    assert dialog.name.text() == "alice"  # the window's annotator
    qtbot.keyClicks(dialog.address, hub_url)
    database = hub_url.rsplit("/", 1)[1]
    assert dialog.copy_path() == paths.default_project_path().parent / f"{database}.annotator"
    copy = tmp_path / "mine" / "bob.annotator"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(copy))
    dialog.name.setText("bob")
    with qtbot.waitSignal(dialog.joined, timeout=JOIN_MS):
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    (opened,) = [w for w in main_windows() if w.isVisible() and w.db_path == copy]
    assert opened.annotator == "bob"
    assert opened.doc_model.rowCount() == 2  # the first documents came with the join
    assert opened.team_sync.linked
    assert team_text(opened).startswith(("Team: synced", "Team: syncing"))
    assert settings.annotator() == "bob"
    assert settings.recent_projects()[0] == copy.resolve()
    db = open_project(copy)
    link = read_link(db)
    db.conn.close()
    assert link is not None
    assert (link.hub, link.name, link.role) == (hub_url, "bob", "annotator")


def test_an_unreachable_hub_is_said_in_the_dialog_and_leaves_no_project(
    team_window: MakeWindow, sample_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    dialog = _dialog(team_window, sample_project, qtbot)
    dialog.address.setText(f"postgresql://alice@127.0.0.1:{_closed_port()}/team")
    copy = tmp_path / "new folder" / "team.annotator"
    dialog.path.setText(str(copy))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=JOIN_MS)
    assert dialog.isVisible()  # kept open, to correct the address
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("The hub did not answer")
    assert "Check the address" in dialog.error_label.text()
    assert not copy.parent.exists()  # no project, not even its folder
    assert dialog.join_button.isEnabled()  # and try again


@pytest.mark.parametrize(
    ("address", "said"),
    [("mysql://hub/team", "starts with postgresql://"), ("", "starts with postgresql://")],
)
def test_an_address_that_is_no_hubs_is_refused_before_anything_runs(
    address: str, said: str, tmp_path: Path, qtbot: QtBot
) -> None:
    dialog = JoinTeamDialog("alice")
    qtbot.addWidget(dialog)
    dialog.address.setText(address)
    dialog.path.setText(str(tmp_path / "team.annotator"))
    dialog.accept()
    assert dialog.job is None
    assert said in dialog.error_label.text()
    assert not (tmp_path / "team.annotator").exists()


def test_a_database_that_is_not_a_hub_is_refused_in_words(
    hub_url: str, tmp_path: Path, qtbot: QtBot
) -> None:
    dialog = JoinTeamDialog("alice")
    qtbot.addWidget(dialog)
    dialog.address.setText(hub_url.rsplit("/", 1)[0] + "/postgres")  # a database, no hub
    dialog.path.setText(str(tmp_path / "team.annotator"))
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=JOIN_MS)
    dialog.queue.wait()
    assert dialog.error_label.text().startswith("The hub refused: that database is not")
    assert not (tmp_path / "team.annotator").exists()


def test_the_join_action_opens_the_dialog_from_any_window(
    team_window: MakeWindow, sample_project: Path, qtbot: QtBot
) -> None:
    window = team_window(sample_project)
    dialog = join_team(window)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Join team project"
    assert not dialog.join_button.isEnabled()  # nothing typed yet
    dialog.reject()
