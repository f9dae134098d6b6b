"""Screenshots for the README and docs/guide.md, taken from the real window on the samples.

Run: `python docs/make_screenshots.py` (offscreen: no display needed). The window is
rendered by Qt itself (QWidget.grab), exactly as it paints on a screen. Under a real
X server: `DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/make_screenshots.py`.
`--scale 2 --out DIR` takes them at 200 % (QT_SCALE_FACTOR) into DIR, to check
high-DPI rendering without touching the committed images.

The team images need PostgreSQL's server programs (Debian: `apt-get install postgresql`):
a throwaway server is started for them (benchmarks/pg_cluster.py), and removed after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.window.main_window import MainWindow

HERE = Path(__file__).resolve().parent
# The Orvan reports (tests/ledger/orvan.py) and the throwaway server (benchmarks/) are
# the repository's, not the package's: run from a checkout.
sys.path.insert(0, str(HERE.parent))

#: Every image the guide shows, in the order it is taken.
SHOTS = (
    "main-window.png",
    "span-attributes.png",
    "suggestions.png",
    "export-dialog.png",
    "import-dialog.png",
    "models-dialog.png",
    "shortcuts.png",
    "dark-theme.png",
    "review-mode.png",
    "agreement.png",
    "ledger.png",
    "team-status.png",
    "join-team.png",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    parser.add_argument("--scale", default="", help="QT_SCALE_FACTOR, e.g. 1.5 or 2")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    home = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    # A fresh default project and fresh settings: the images never show the user's own.
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    args.out.mkdir(parents=True, exist_ok=True)
    annotate_screenshots(args.out)
    review_screenshot(home, args.out)
    ledger_screenshot(home, args.out)
    team_screenshots(home, args.out)
    return 0


def _import_dialog(window: MainWindow, out: Path) -> None:
    """File > Import on the brat corpus of the tests, one folder per annotator."""
    from PySide6.QtTest import QSignalSpy, QTest

    from annotator.ui.dialogs.import_dialog import ImportDialog

    corpus = Path(__file__).parent.parent / "tests" / "fixtures" / "brat" / "corpus_folders"
    dialog = ImportDialog(window.schema, window.db_path, window.annotator, window)
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    dialog.who.setCurrentIndex(dialog.who.findData("folder"))
    scanned = QSignalSpy(dialog.scanned)
    dialog.add_paths([corpus])
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    while scanned.count() == 0:
        QTest.qWait(20)
    dialog.menus["Organization"].setCurrentText("ORG")
    dialog.menus["Person"].setCurrentText("PERSON")
    _save(dialog.grab, out / "import-dialog.png")
    dialog.done(0)


def _models_dialog(window: MainWindow, out: Path) -> None:
    """Model > Models… with the card of the model benchmarks/bench_train.py trained on
    300 PolNeAR articles (docs/polnear-card.json: its real figures and learning curve)."""
    from PySide6.QtTest import QTest

    from annotator.training.models import ModelCard, models_folder, write_card
    from annotator.ui.training.models_dialog import ModelsDialog

    card = ModelCard.from_json(json.loads((HERE / "polnear-card.json").read_text("utf-8")))
    folder = models_folder(window.db_path) / card.name
    folder.mkdir(parents=True, exist_ok=True)
    write_card(folder, card)
    dialog = ModelsDialog(window.db, window.db_path, 0.5, parent=window)
    dialog.resize(900, 760)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    QTest.qWait(200)  # the chart lays itself out after it is shown
    _save(dialog.grab, out / "models-dialog.png")
    dialog.close()


def _save(widget_grab: Callable[[], object], out: Path) -> None:
    from PySide6.QtGui import QPixmap

    pixmap = widget_grab()
    assert isinstance(pixmap, QPixmap)
    pixmap.save(str(out))
    print(f"wrote {out} ({pixmap.width()}×{pixmap.height()} px)")


def annotate_screenshots(out: Path) -> None:
    """The annotating window: overview, a span's form, suggestions, dialogs, dark theme."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.jobs.first_run import open_default_project
    from annotator.jobs.preannotate import preannotate_project
    from annotator.nlp.loading import load_pipeline
    from annotator.store.db import project_schema
    from annotator.ui.app import application
    from annotator.ui.dialogs.export_dialog import ExportDialog
    from annotator.ui.dialogs.help_dialogs import show_shortcuts
    from annotator.ui.window.main_window import MainWindow

    app = application()
    path, db = open_default_project()
    preannotate_project(db, load_pipeline(), project_schema(db))
    db.conn.close()
    window = MainWindow(path, "alice")
    window.resize(1360, 820)
    window.show()
    # Active, under a real X server too: the single-key shortcuts need the focus.
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    assert window.editor is not None

    def keys(*pressed: Qt.Key) -> None:
        window.view.setFocus()
        for key in pressed:
            QTest.keyClick(window.view, key)
        app.processEvents()

    # Accept the first suggestion (a quote with its source and cue), select the next.
    keys(Qt.Key.Key_N, Qt.Key.Key_Y, Qt.Key.Key_N)
    _save(window.grab, out / "main-window.png")

    # Suggestions: accept a few more, the next one waits under the cursor.
    keys(Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_Y, Qt.Key.Key_N)
    _save(window.grab, out / "suggestions.png")

    # A quote selected, its attribute form open in the Span panel.
    quote = next(s for s in window.editor.spans.values() if s.label == "QUOTE")
    window.controller.select_span_id(quote.id)
    window.tabs.setCurrentWidget(window.span_panel)
    app.processEvents()
    _save(window.grab, out / "span-attributes.png")

    # A folder as a reader's would be named, not the script's temporary one.
    dialog = ExportDialog(window.db, window.schema, Path("~/annotations"), window)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    _save(dialog.grab, out / "export-dialog.png")
    dialog.close()
    _import_dialog(window, out)
    _models_dialog(window, out)

    sheet = show_shortcuts(window)
    QTest.qWaitForWindowExposed(sheet)
    _save(sheet.grab, out / "shortcuts.png")
    sheet.close()

    window.view_controls.set_theme("dark")
    app.processEvents()
    _save(window.grab, out / "dark-theme.png")
    window.view_controls.set_theme("system")
    window.close()


def review_screenshot(home: Path, out: Path) -> None:
    """Three annotators accept most of the suggestions on two articles; a reviewer looks.

    Carol calls the first casualty figure approximate: the units list shows the span
    whose attributes differ. Then the Agreement window, on the same review project.
    """
    import random
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator import paths
    from annotator.core.model import Status
    from annotator.core.schema_toml import load_schema
    from annotator.jobs.importing import import_files
    from annotator.nlp.loading import load_pipeline
    from annotator.review.merge import merge_projects
    from annotator.review.units import UnitState
    from annotator.store.annotators import ensure_annotator
    from annotator.store.db import connect, initialise
    from annotator.store.editing import DocumentEditor
    from annotator.store.listing import doc_ids
    from annotator.ui.app import application
    from annotator.ui.window.main_window import MainWindow

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
            figures = [s for s in editor.ordered() if s.label == "CASUALTY" and s.id]
            if who == "carol" and figures and figures[0].id is not None:
                editor.set_attrs(figures[0].id, {**figures[0].attrs, "qualifier": "approx"})
            editor.set_status(Status.DONE)
        db.conn.close()
        projects.append(path)
    merge_projects(connect(home / "review.annotator"), projects)
    window = MainWindow(home / "review.annotator", "reviewer", review=True)
    window.resize(1360, 900)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_D)  # the first disagreement
    # Then carol's figure: the same span as the others', not the same attributes.
    units = window.units_panel.units
    differ = [row for row, unit in enumerate(units) if unit.state is UnitState.ATTRIBUTES]
    if differ:
        window.units_panel.select(differ[0])
    app.processEvents()
    _save(window.grab, out / "review-mode.png")

    window.jobs.show_agreement()  # computed in the background, then shown
    deadline = time.monotonic() + 120
    while window.jobs.agreement_window is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    agreement = window.jobs.agreement_window
    assert agreement is not None, "the agreement report did not come"
    QTest.qWaitForWindowExposed(agreement)
    app.processEvents()
    _save(agreement.grab, out / "agreement.png")
    agreement.close()
    window.close()


def _wait(condition: Callable[[], object], what: str, seconds: float = 120) -> None:
    """Let the window work (its jobs, its syncs) until ``condition`` holds."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come in {seconds:.0f} s")
        QApplication.processEvents()
        time.sleep(0.02)


def ledger_screenshot(home: Path, out: Path) -> None:
    """Review > Claims ledger… on four reports of one invented event (tests/ledger/orvan.py),
    the disagreement of parts that do not add up selected."""
    from PySide6.QtTest import QTest

    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.store.db import open_project
    from annotator.ui.app import application
    from annotator.ui.window.main_window import MainWindow
    from tests.ledger.orvan import write_reports

    app = application()
    path = home / "orvan.annotator"
    db = open_project(path, new_schema=load_schema(paths.default_schema_path()))
    write_reports(db)
    db.conn.close()
    window = MainWindow(path, "analyst")
    window.resize(1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.ledger_jobs.show_ledger()  # read in the background, then shown
    _wait(lambda: window.ledger_jobs.ledger_window is not None, "The ledger")
    ledger = window.ledger_jobs.ledger_window
    assert ledger is not None
    ledger.resize(1360, 900)
    QTest.qWaitForWindowExposed(ledger)
    found = ledger.view.disagreements
    for row in range(found.count()):
        item = found.item(row)
        if item is not None and item.text().startswith("parts do not add up"):
            found.setCurrentRow(row)
    QTest.qWait(200)  # the chart lays itself out after it is shown
    app.processEvents()
    _save(ledger.grab, out / "ledger.png")
    window.close()


def _team_hub(url: str, home: Path) -> None:
    """A hub of the sample articles, made as `annotator team create` and `import` do."""
    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.jobs.importing import import_files
    from annotator.store.db import open_project
    from annotator.team.documents import upload_documents
    from annotator.team.hub import connect, create_hub

    schema = load_schema(paths.default_schema_path())
    create_hub(url, schema)
    staging = open_project(home / "staging.annotator", new_schema=schema)
    import_files(staging, sorted(paths.sample_docs_dir().glob("*.txt")), pipeline=None)
    with connect(url, autocommit=True) as conn:
        upload_documents(conn, staging)
    staging.conn.close()


def team_screenshots(home: Path, out: Path) -> None:
    """Alice's copy of a team hub, synced (the status bar says so); then the join dialog
    as she filled it in, with an address of the kind a team is given."""
    from PySide6.QtTest import QTest

    from annotator.jobs.preannotate import preannotate_project
    from annotator.nlp.loading import load_pipeline
    from annotator.store.db import project_schema
    from annotator.team.join import join
    from annotator.team.sync import sync
    from annotator.ui.app import application
    from annotator.ui.dialogs.join_team_dialog import JoinTeamDialog
    from annotator.ui.window.main_window import MainWindow
    from benchmarks.pg_cluster import remove, start_cluster

    app = application()
    folder = home / "team"  # the review image's projects are named after the people too
    folder.mkdir()
    cluster = start_cluster()
    try:
        url = cluster.url("quotes")
        _team_hub(url, folder)
        path = folder / "alice.annotator"
        db = join(url, path, "alice")
        sync(db)
        preannotate_project(db, load_pipeline(), project_schema(db))
        db.conn.close()
        window = MainWindow(path, "alice")
        window.resize(1360, 820)
        window.show()
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        window.start_preannotation()  # as the application does: the status bar names the model
        team = window.status.team_button
        _wait(lambda: window.model_info is not None, "The model's name")
        _wait(lambda: "synced" in team.text(), "The first sync")
        app.processEvents()
        _save(window.grab, out / "team-status.png")

        dialog = JoinTeamDialog("alice", window)
        dialog.address.setText("postgresql://alice@hub.newsroom.example/quotes")
        # Where a copy goes by default, on alice's machine (not the script's temporary one).
        dialog.path.setText("/home/alice/.local/share/Annotator/quotes.annotator")
        dialog.show()
        QTest.qWaitForWindowExposed(dialog)
        app.processEvents()
        _save(dialog.grab, out / "join-team.png")
        dialog.close()
        window.close()
    finally:
        remove(cluster)


if __name__ == "__main__":
    sys.exit(main())
