"""Telling the user that a change was not saved: the project was busy, full or read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.store.db import ProjectBusy, ProjectError


def advice(error: ProjectError) -> str:
    """What happened and what to do about it, in the user's words."""
    if isinstance(error, ProjectBusy):
        return (
            "Another window or program was writing the project for longer than Annotator "
            "waits: another Annotator window, an import, or the model analysing documents. "
            "Nothing was changed. Wait for it to finish, then do the same again."
        )
    reason = str(error)
    return (
        f"{reason[:1].upper()}{reason[1:]}. Nothing was changed. Make room on the disk, or "
        "make the project file writable, then do the same again."
    )


class NotSavedBox(QMessageBox):
    """A window-modal warning, reused: one box however many changes were refused."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            QMessageBox.Icon.Warning,
            "Your change was not saved",
            "",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        self.setObjectName("notSavedBox")

    def tell(self, what: str, error: ProjectError) -> None:
        self.setText(f"Not saved: {what}.")
        self.setInformativeText(advice(error))
        # open(), not exec(): no nested event loop while the undo stack is mid-push.
        self.open()
