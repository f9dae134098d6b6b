"""File > Import: a corpus's labels listed, the unknown ones renamed or refused, then imported."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.store.annotators import annotator_names
from annotator.ui.dialogs.import_dialog import REFUSE, ImportDialog
from annotator.ui.window.main_window import MainWindow
from tests.ui.windows import shown_window

BRAT = Path(__file__).parents[2] / "fixtures" / "brat"


def _dialog(qtbot: QtBot, schema: LabelSchema, project: Path) -> ImportDialog:
    dialog = ImportDialog(schema, project, "carol")
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    dialog.who.setCurrentIndex(dialog.who.findData("folder"))
    with qtbot.waitSignal(dialog.scanned, timeout=10_000):
        dialog.add_paths([BRAT / "corpus_folders"])
    return dialog


def test_the_labels_the_schema_lacks_get_a_menu_and_are_refused_unless_renamed(
    qtbot: QtBot, schema: LabelSchema, project_path: Path
) -> None:
    dialog = _dialog(qtbot, schema, project_path)
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()  # type: ignore[union-attr]
        for r in range(dialog.table.rowCount())
    }
    assert rows == {"Facility": "1", "Location": "2", "Member-of": "1", "Organization": "2",
                    "Person": "2"}  # fmt: skip
    assert set(dialog.menus) == set(rows)  # the news schema has none of them
    assert dialog.labels_note.text().startswith("3 documents, by alice, bob.")
    assert dialog.options().label_map == {}  # all refused until renamed
    dialog.menus["Organization"].setCurrentText("ORG")
    dialog.menus["Person"].setCurrentText("PERSON")
    assert dialog.menus["Location"].currentText() == REFUSE
    options = dialog.options()
    assert options.label_map == {"Organization": "ORG", "Person": "PERSON"}
    assert (options.format, options.annotator_from) == ("brat", "folder")


def test_importing_from_the_dialog_gives_each_annotator_their_layer(
    qtbot: QtBot, schema: LabelSchema, project_path: Path
) -> None:
    window: MainWindow = shown_window(qtbot, project_path)
    dialog = _dialog(qtbot, schema, project_path)
    dialog.menus["Organization"].setCurrentText("ORG")
    dialog.menus["Person"].setCurrentText("PERSON")
    dialog.done_box.setChecked(True)
    window.jobs.import_paths(dialog.paths(), dialog.options())
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == 2, timeout=20_000)
    window.queue.cancel_all()  # the model's analysis that follows an import is not tested here
    names = set(annotator_names(window.db).values())
    assert {"alice", "bob"} <= names
