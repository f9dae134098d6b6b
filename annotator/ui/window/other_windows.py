"""Opening other windows: another project, a new project, the other mode.

Each window holds one project for one person; these open a second window beside the
first (or in its place), never change the project a window holds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator import paths
from annotator.core.schema import SchemaError
from annotator.core.schema_toml import load_schema
from annotator.store.db import ProjectError, open_project
from annotator.ui.common import settings
from annotator.ui.common.errors import show_error, tell
from annotator.ui.window.host import MainWindowHost


def switch_mode(window: MainWindowHost) -> MainWindowHost:
    """Open the same project in the other mode (annotating or reviewing) in its place."""
    other = window.another(window.db_path, window.annotator, review=not window.reviewing)
    window.present(other)
    window.close()
    return other


def open_project_dialog(window: MainWindowHost) -> None:
    """File > Open Project…: the choice is remembered as the last project."""
    name, _ = QFileDialog.getOpenFileName(
        window.window(),
        "Open project",
        str(window.db_path.parent),
        "Annotator projects (*.annotator);;All files (*)",
    )
    if name:
        settings.chose_project(Path(name))  # chosen in the window: remembered as last
        open_project_window(window, Path(name))


def open_project_window(window: MainWindowHost, path: Path) -> MainWindowHost | None:
    """Open another project in a window of its own, for the same person."""
    try:
        other = window.another(path, window.annotator)
    except (ProjectError, OSError) as exc:
        show_error(
            window.window(),
            "Cannot open the project",
            str(exc),
            "Nothing was changed. Check the file is an Annotator project that you can "
            "read, then open it again (File > Open Recent).",
        )
        return None
    window.present(other)
    other.start_preannotation()
    return other


def new_project_dialog(window: MainWindowHost) -> None:
    """Ask where, and with which schema; create the project and open it in a new window."""
    from annotator.core.suggesters import schema_gaps

    name, _ = QFileDialog.getSaveFileName(
        window.window(),
        "New project",
        str(Path.home() / "project.annotator"),
        "Annotator projects (*.annotator);;All files (*)",
    )
    if not name:
        return
    path = Path(name)
    if path.exists():
        tell(window.window(), "New project", f"{path} exists already: open it instead.")
        return
    answer = QMessageBox.question(
        window.window(),
        "Label schema",
        "Use the default news schema?\n\nChoose No to pick a schema file (TOML) of your own.",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return
    schema_file = paths.default_schema_path()
    if answer == QMessageBox.StandardButton.No:
        chosen, _ = QFileDialog.getOpenFileName(
            window.window(), "Label schema", str(Path.home()), "Schemas (*.toml);;All files (*)"
        )
        if not chosen:
            return
        schema_file = Path(chosen)
    try:
        schema = load_schema(schema_file)
        open_project(path, new_schema=schema).conn.close()
    except (SchemaError, ProjectError, OSError) as exc:
        tell(
            window.window(), "The project was not created", str(exc), icon=QMessageBox.Icon.Critical
        )
        return
    if gaps := schema_gaps(schema):  # the project is made: this only tells what to expect
        tell(window.window(), "Suggestions", "\n\n".join(gaps), icon=QMessageBox.Icon.Information)
    open_project_window(window, path)
