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
    return 0


if __name__ == "__main__":
    sys.exit(main())
