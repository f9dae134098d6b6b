"""File > Open Recent: the last projects opened on this machine, newest first."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from annotator.ui.common import settings
from annotator.ui.common.icons import set_icon
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.window.other_windows import open_project_window

if TYPE_CHECKING:
    from annotator.ui.window.host import MainWindowHost


class RecentMenu(QMenu):
    """Rebuilt each time it opens, so that every window shows the same, current list.

    A project that was moved or deleted stays in the list, greyed out and saying so,
    until "Remove missing projects": a file on a disconnected drive may come back.
    """

    def __init__(self, window: MainWindowHost) -> None:
        super().__init__("Open Recen&t", window.window())
        self.setObjectName("recentMenu")
        set_icon(self.menuAction(), "recent")
        self.window_ = window
        self.aboutToShow.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        recent = settings.recent_projects()
        missing = [p for p in recent if not p.is_file()]
        for number, path in enumerate(recent, start=1):
            # The number is the accelerator: Alt+F, R, 1 opens the last project.
            action = self.addAction(
                f"&{number} {path.name}" if number < 10 else path.name,
                partial(self.open, path),
            )
            if path in missing:
                action.setEnabled(False)
                action.setText(f"{action.text()} (not found)")
                action.setToolTip(plain_tooltip(f"{path} was moved or deleted"))
            else:
                action.setToolTip(plain_tooltip(str(path)))
        if not recent:
            self.addAction("No recent projects").setEnabled(False)
        self.addSeparator()
        if missing:
            self.addAction("Remove &missing projects", self.remove_missing)
        clear = self.addAction("&Clear list", self.clear_list)
        clear.setEnabled(bool(recent))
        self.setToolTipsVisible(True)

    def open(self, path: Path, *_checked: object) -> None:
        if not path.is_file():  # gone since the menu was shown
            settings.forget_project(path)
            self.window_.status.say(f"{path} was moved or deleted: removed from the list")
            return
        settings.chose_project(path)  # chosen here: the project to open next time
        open_project_window(self.window_, path)

    def remove_missing(self) -> None:
        gone = [p for p in settings.recent_projects() if not p.is_file()]
        for path in gone:
            settings.forget_project(path)
        self.window_.status.say(f"Removed {len(gone)} missing projects from the recent list")

    def clear_list(self) -> None:
        settings.clear_recent()
        self.window_.status.say("The list of recent projects is empty")
