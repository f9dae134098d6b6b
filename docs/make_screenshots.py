"""Screenshots for the README, taken from the real window on the sample articles.

Run: `python docs/make_screenshots.py` (offscreen: no display needed). The window is
rendered by Qt itself (QWidget.grab), exactly as it paints on a screen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.jobs.first_run import open_default_project
    from annotator.jobs.preannotate import preannotate_project
    from annotator.nlp.loading import load_pipeline
    from annotator.store.db import project_schema
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    app = application()
    path, db = open_default_project()
    preannotate_project(db, load_pipeline(), project_schema(db))
    db.conn.close()
    window = MainWindow(path, "alice")
    window.resize(1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    assert window.editor is not None
    # Accept the first suggestion (a quote with its source and cue), select the next.
    window.view.setFocus()
    for key in (Qt.Key.Key_N, Qt.Key.Key_Y, Qt.Key.Key_N):
        QTest.keyClick(window.view, key)
    app.processEvents()
    out = HERE / "screenshots" / "main-window.png"
    window.grab().save(str(out))
    print(f"wrote {out}")
    window.close()
    review_screenshot(home)
    return 0


def review_screenshot(home: Path) -> None:
    """Three annotators accept most of the suggestions on two articles; a reviewer looks."""
    import random

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator import paths
    from annotator.core.model import Status
    from annotator.core.schema import load_schema
    from annotator.jobs.importing import import_files
    from annotator.nlp.loading import load_pipeline
    from annotator.review.merge import merge_projects
    from annotator.store.annotators import ensure_annotator
    from annotator.store.db import connect, initialise
    from annotator.store.editing import DocumentEditor
    from annotator.store.listing import doc_ids
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    app = application()
    schema = load_schema(paths.default_schema_path())
    pipeline = load_pipeline()
    projects = []
    for seed, who in enumerate(("alice", "bob", "carol")):
        path = home / f"{who}.annotator"
        db = connect(path)
        initialise(db, schema)
        import_files(db, sorted(paths.sample_docs_dir().glob("*.txt"))[:2], pipeline=pipeline)
        person = ensure_annotator(db, who)
        chance = random.Random(seed)
        for doc_id in doc_ids(db):
            editor = DocumentEditor(db, schema, person, doc_id)
            for suggestion in list(editor.suggestions.values()):
                if suggestion.id in editor.suggestions and chance.random() < 0.8:
                    editor.accept(suggestion.id)
            editor.set_status(Status.DONE)
        db.conn.close()
        projects.append(path)
    merge_projects(connect(home / "review.annotator"), projects)
    window = MainWindow(home / "review.annotator", "reviewer", review=True)
    window.resize(1360, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_D)  # the first disagreement
    app.processEvents()
    out = HERE / "screenshots" / "review-mode.png"
    window.grab().save(str(out))
    print(f"wrote {out}")
    window.close()


if __name__ == "__main__":
    sys.exit(main())
