"""Starting the application: QApplication, the annotator's name, the project, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator import __version__, paths
from annotator.core.schema import SchemaError
from annotator.core.schema_toml import load_schema
from annotator.store.db import ProjectError, open_project
from annotator.ui.common import settings
from annotator.ui.common.errors import tell
from annotator.ui.window.identity import ask_name
from annotator.ui.window.main_window import MainWindow

ANNOTATOR_KEY = settings.ANNOTATOR  # the name chosen in the window (smoke.py reads it)


def application() -> QApplication:
    """The QApplication, made once with the names QSettings files itself under."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    # Wayland docks match the window to packaging/annotator.desktop, and so to its icon.
    app.setDesktopFileName("annotator")
    return app


def annotator_name(given: str | None, parent: QWidget | None = None) -> str | None:
    """The name to annotate as: ``given`` (for this run only), else the remembered one,
    else asked once and remembered. None when the person cancels."""
    if given and given.strip():
        return given.strip()
    remembered = settings.annotator()
    if remembered:
        return remembered
    name = ask_name(parent)
    if name is not None:
        settings.set_annotator(name)
    return name


def prepare_project(db: Path | None) -> Path:
    """The project to open: the default one (made with the samples) or ``db``."""
    if db is None:
        from annotator.jobs.first_run import open_default_project

        path, conn = open_default_project()
        conn.conn.close()
        return path
    open_project(db, new_schema=load_schema(paths.default_schema_path())).conn.close()
    return db


def startup_project(db: Path | None) -> Path:
    """``db``; else the project opened last on this machine, if it still opens; else the
    default project."""
    last = settings.last_project() if db is None else None
    if last is not None:
        try:
            return prepare_project(last)
        except (ProjectError, SchemaError, OSError) as exc:
            print(
                f"annotator: the last project, {last}, does not open ({exc}); "
                "opening the default project",
                file=sys.stderr,
            )
    return prepare_project(db)


def start(db: Path | None, annotator: str | None, review: bool = False) -> MainWindow | int:
    """Everything ``run`` does before the event loop: the window, shown, or an exit code.

    ``db`` and ``annotator`` from the command line hold for this run only: neither becomes
    the project or the name a bare ``annotator`` starts with next time.
    """
    try:
        path = startup_project(db)
    except (ProjectError, SchemaError, OSError) as exc:
        tell(None, "Cannot open the project", f"{exc}", icon=QMessageBox.Icon.Critical)
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    name = annotator_name(annotator)
    if name is None:
        return 1
    if db is not None:
        settings.open_once(path)
    try:
        window = MainWindow(path, name, review=review)
    except ProjectError as exc:  # e.g. review mode on a read-only project
        tell(None, "Cannot open the project", f"{exc}", icon=QMessageBox.Icon.Critical)
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    if not settings.has_geometry():  # else as it was last closed
        window.resize(1360, 820)
    window.show()
    window.start_preannotation()
    return window


def run(db: Path | None = None, annotator: str | None = None, review: bool = False) -> int:
    """Open the window and run until it closes; returns the exit code."""
    app = application()
    started = start(db, annotator, review)
    return started if isinstance(started, int) else app.exec()
