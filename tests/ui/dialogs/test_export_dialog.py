"""File > Export: the dialog's choices become an export that runs in a worker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.nlp.loading import Pipeline
from annotator.ui.dialogs.export_dialog import ExportDialog
from annotator.ui.window.main_window import MainWindow
from tests.formats.iob2_check import check_conll
from tests.formats.test_export_schemas import events_project

Make = Callable[..., MainWindow]


def test_export_from_the_window_writes_the_file(
    open_window: Make, sample_project: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(sample_project)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = ExportDialog(window.db, window.schema, tmp_path, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("jsonl")
    dialog.layers["claim"].setChecked(False)
    dialog.out.setText(str(tmp_path / "alice.jsonl"))
    request = dialog.request()
    assert request.layers == ("ner", "attribution", "casualty")
    assert request.annotator == "alice"
    with qtbot.waitSignal(window.queue.idle, timeout=30_000):
        window.jobs.export_to(request)
    (record,) = [json.loads(x) for x in (tmp_path / "alice.jsonl").read_text().splitlines()]
    assert record["_annotator_id"] == "alice"
    assert record["status"] == "done"
    assert {s["label"] for s in record["spans"]} >= {"PERSON", "GPE"}
    assert window.statusBar().currentMessage().startswith("exported alice's annotations: 1 in")


def test_a_bad_split_keeps_the_dialog_open(
    open_window: Make, sample_project: Path, qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warned.append(box.text()) or 0)
    window = open_window(sample_project)
    dialog = ExportDialog(window.db, window.schema, tmp_path, window)
    qtbot.addWidget(dialog)
    dialog.split.setText("train=0.8,dev=0.1")
    dialog.show()
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert warned == ["the shares add up to 0.9, not 1"]
    assert dialog.isVisible()


def test_a_project_with_its_own_schema_exports_its_layers(
    open_window: Make, qtbot: QtBot, tmp_path: Path, blank: Pipeline
) -> None:
    """Every box ticked used to mean the news layers: all-O columns for an events project."""
    window = open_window(events_project(tmp_path, blank))
    dialog = ExportDialog(window.db, window.schema, tmp_path, window)
    qtbot.addWidget(dialog)
    assert list(dialog.layers) == ["event", "place"]
    dialog.format.setCurrentText("conll")
    out = tmp_path / "events.conll"
    dialog.out.setText(str(out))
    request = dialog.request()
    assert request.layers is None  # all of them: the project's own
    with qtbot.waitSignal(window.queue.idle, timeout=30_000):
        window.jobs.export_to(request)
    text = out.read_text(encoding="utf-8")
    check_conll(text)
    tags = {cell for line in text.splitlines() for cell in line.split(" ")[3:]}
    assert tags == {"O", "B-PROTEST", "I-PROTEST", "B-CITY", "B-ARREST", "I-ARREST"}
    assert window.findChild(QMessageBox, "errorBox") is None  # no warning: nothing left out


def test_the_tokens_box_leaves_tokens_out_of_jsonl(
    open_window: Make, qtbot: QtBot, tmp_path: Path, blank: Pipeline
) -> None:
    window = open_window(events_project(tmp_path, blank))
    dialog = ExportDialog(window.db, window.schema, tmp_path, window)
    qtbot.addWidget(dialog)
    assert dialog.tokens.isChecked()
    assert dialog.tokens.isEnabled()  # JSONL is the first format
    dialog.tokens.setChecked(False)
    dialog.format.setCurrentText("conll")
    assert not dialog.tokens.isEnabled()
    assert dialog.request().tokens  # the other formats are made of tokens
    dialog.format.setCurrentText("jsonl")
    assert dialog.tokens.isEnabled()
    out = tmp_path / "bare.jsonl"
    dialog.out.setText(str(out))
    request = dialog.request()
    assert not request.tokens
    with qtbot.waitSignal(window.queue.idle, timeout=30_000):
        window.jobs.export_to(request)
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "tokens" not in record
    assert {s["label"] for s in record["spans"]} == {"PROTEST", "CITY", "ARREST"}


def test_nothing_done_says_so_and_writes_nothing(
    open_window: Make, sample_project: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(sample_project)
    dialog = ExportDialog(window.db, window.schema, tmp_path, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "alice.jsonl"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(window.queue.idle, timeout=30_000):
        window.jobs.export_to(dialog.request())
    box = window.findChild(QMessageBox, "errorBox")
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Nothing was exported"
    assert box.text().startswith("nothing exported: 0 documents are done (by alice, of ")
    assert "choose Documents: all" in box.informativeText()
    assert window.statusBar().currentMessage() == box.text()
    assert not out.exists()
    box.close()
