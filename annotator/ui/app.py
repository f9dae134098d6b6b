"""Starting the application: QApplication, the annotator's name, the project, the window."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from annotator import __version__, paths
from annotator.core.schema import SchemaError, load_schema
from annotator.store.db import ProjectError, open_project
from annotator.ui.main_window import MainWindow

ANNOTATOR_KEY = "annotator/name"


def application() -> QApplication:
    """The QApplication, made once with the names QSettings files itself under."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def annotator_name(given: str | None, parent: QWidget | None = None) -> str | None:
    """The name to annotate as: given, remembered, or asked once and remembered."""
    settings = QSettings()
    if given:
        settings.setValue(ANNOTATOR_KEY, given)
        return given
    remembered = settings.value(ANNOTATOR_KEY, "", type=str)
    if isinstance(remembered, str) and remembered.strip():
        return remembered
    name, ok = QInputDialog.getText(
        parent,
        "Who is annotating?",
        "Your name, stored with every annotation you make\n"
        "(so that a reviewer can compare annotators):",
        text=getpass.getuser(),
    )
    if not ok or not name.strip():
        return None
    settings.setValue(ANNOTATOR_KEY, name.strip())
    return name.strip()


def prepare_project(db: Path | None) -> Path:
    """The project to open: the default one (made with the samples) or ``db``."""
    if db is None:
        # Imported here: it loads spaCy, which only the first run needs before the window.
        from annotator.jobs.first_run import open_default_project

        path, conn = open_default_project()
        conn.conn.close()
        return path
    open_project(db, new_schema=load_schema(paths.default_schema_path())).conn.close()
    return db


def run(db: Path | None = None, annotator: str | None = None, review: bool = False) -> int:
    """Open the window and run until it closes; returns the exit code."""
    app = application()
    try:
        path = prepare_project(db)
    except (ProjectError, SchemaError, OSError) as exc:
        QMessageBox.critical(None, "Cannot open the project", f"{exc}")
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    name = annotator_name(annotator)
    if name is None:
        return 1
    window = MainWindow(path, name, review=review)
    window.resize(1360, 820)
    window.show()
    window.start_preannotation()
    return app.exec()
