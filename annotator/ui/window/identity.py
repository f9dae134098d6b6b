"""Who is annotating: the name asked on first run, and File > Change annotator….

The remembered name is the one the person typed in the window, never a one-off
``--annotator`` from the command line: a reviewer's ``--annotator reviewer`` must not
become the name an annotator's next plain ``annotator`` saves their work under.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.store.db import ProjectError
from annotator.ui.common import settings
from annotator.ui.common.errors import show_error
from annotator.ui.window.actions import make_action

if TYPE_CHECKING:
    from annotator.ui.window.host import MainWindowHost

TITLE = "Who is annotating?"
PROMPT = (
    "Your name, stored with every annotation you make\n"
    "(so that a reviewer can compare annotators).\n"
    "File > Change annotator… changes it later:"
)


def ask_name(parent: QWidget | None, suggested: str = "") -> str | None:
    """Ask for the annotator's name; None when cancelled or left blank."""
    name, ok = QInputDialog.getText(
        parent, TITLE, PROMPT, text=suggested or settings.annotator() or getpass.getuser()
    )
    name = name.strip()
    return name if ok and name else None


def change_annotator(window: MainWindowHost) -> MainWindowHost | None:
    """Ask for a name, remember it, and reopen the window's project as that annotator.

    Returns the window now annotating (``window`` itself when the name did not change),
    or None when cancelled or the project no longer opens (the window stays as it was).
    """
    name = ask_name(window.window(), window.annotator)
    if name is None:
        return None
    settings.set_annotator(name)
    if name == window.annotator:
        window.status.say(f"Annotating as {name}, as before")
        return window
    try:
        other = window.another(window.db_path, name, review=window.reviewing)
    except (ProjectError, OSError) as exc:
        show_error(
            window.window(),
            "Cannot reopen the project",
            str(exc),
            f"This window still annotates as {window.annotator}. The name {name} is "
            "remembered for the next start.",
        )
        return None
    window.present(other)
    other.start_preannotation()
    other.status.say(f"Annotating as {name}: your annotations are stored under this name")
    window.close()
    return other


def change_annotator_action(window: MainWindowHost) -> QAction:
    """File > Change annotator…: the action, for the File menu."""
    return make_action(
        window.window(),
        "Change &annotator…",
        lambda: change_annotator(window),
        role="annotator",
        tip="Annotate under another name, remembered for the next start",
    )
