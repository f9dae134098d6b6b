"""File > Join team project… and File > Sync now: the team's two entries in the File menu.

Joining makes a new project linked to the hub and opens it in a window of its own, as
Open Recent opens a project; the window then syncs it in the background (team_sync.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.ui.common import settings
from annotator.ui.dialogs.join_team_dialog import JoinTeamDialog
from annotator.ui.window.actions import make_action
from annotator.ui.window.host import MainWindowHost
from annotator.ui.window.other_windows import open_project_window


def team_actions(window: MainWindowHost) -> list[QAction]:
    """Join team project… and Sync now (enabled for a team project only)."""
    join = make_action(
        window.window(),
        "&Join team project…",
        lambda: join_team(window),
        role="project",
        tip="Work with a team: documents come from its hub (postgresql://…), "
        "your annotations go back to it",
    )
    sync = make_action(
        window.window(),
        "S&ync now",
        window.team_sync.sync_now,
        tip="Send your work to the team's hub and fetch new work now "
        "(it happens by itself every minute, and soon after each change)",
    )
    sync.setEnabled(window.team_sync.syncs)
    return [join, sync]


def join_team(window: MainWindowHost) -> JoinTeamDialog:
    """Ask for the hub, the name and the place of the copy; join, then open the project."""
    dialog = JoinTeamDialog(window.annotator, window.window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.joined.connect(lambda path, name: opened_joined(window, path, name))
    dialog.open()
    return dialog


def opened_joined(window: MainWindowHost, path: Path, name: str) -> MainWindowHost | None:
    """Open the project just joined in a window of its own; remember the name and place."""
    settings.set_annotator(name)  # typed in the window: the name from now on
    settings.chose_project(path)  # chosen in the window: the project to open next time
    other = open_project_window(window, path)
    if other is not None:
        other.status.say(f"Joined the team as {name}: your work is sent to the hub as you go")
    return other
