"""File > Export: the dialog's choices become an export that runs in a worker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from annotator.ui.export_dialog import ExportDialog
from annotator.ui.main_window import MainWindow

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
