"""File > Merge annotators' projects…, and errors shown as dialogs with details to copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.review.gold import gold_annotator
from annotator.store.annotators import annotator_names
from annotator.store.db import open_project
from annotator.ui.common.errors import show_error
from annotator.ui.dialogs.merge_dialog import MergeDialog, start_merge
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import shown_window

__all__ = ["fresh_settings"]

TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar on Sunday."


@pytest.fixture
def annotators(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> list[Path]:
    paths = []
    for who, words in (("alice", "Ahmed Zubaïr"), ("bob", "Gen. Ahmed Zubaïr")):
        start = TEXT.index(words)
        record = {
            "text": TEXT,
            "spans": [{"start": start, "end": start + len(words), "label": "PERSON"}],
            "_annotator_id": who,
            "answer": "accept",
        }
        paths.append(project_from_record(tmp_path / f"{who}.annotator", schema, blank, record))
    return paths


def _boxes(name: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    ]


def test_the_dialog_refuses_what_the_merge_would_refuse(
    qtbot: QtBot, tmp_path: Path, annotators: list[Path]
) -> None:
    dialog = MergeDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.problem() == "Add the annotators' projects to merge."
    dialog.add_sources([*annotators, annotators[0]])  # the same file twice counts once
    assert dialog.source_paths() == annotators
    assert dialog.problem() == ""
    assert dialog.review_path() == tmp_path / "review.annotator"
    dialog.review.setText(str(annotators[1]))
    assert "cannot be one of the projects merged" in dialog.problem()
    dialog.review.setText(str(tmp_path))
    assert "is a folder" in dialog.problem()
    dialog.review.setText("")
    assert dialog.problem() == "Name the review project to create or add to."
    dialog.add_sources([tmp_path / "missing.annotator"])
    assert "No such project" in dialog.problem()
    assert "missing.annotator" in dialog.problem()


def test_merging_in_the_background_then_opening_the_review_project(
    qtbot: QtBot, fresh_settings: QSettings, tmp_path: Path, annotators: list[Path]
) -> None:
    window = shown_window(qtbot, annotators[0])
    review = tmp_path / "review.annotator"
    start_merge(window, review, annotators)
    assert window.status.job_label.isVisible()  # progress with a cancel button
    assert window.status.cancel_button.isVisible()
    qtbot.waitUntil(lambda: bool(_boxes("mergeFinishedBox")), timeout=20000)
    box = _boxes("mergeFinishedBox")[0]
    assert "2 projects merged" in box.text()
    db = open_project(review)
    assert {"alice", "bob"} <= set(annotator_names(db).values())
    db.conn.close()

    box.button(QMessageBox.StandardButton.Open).click()
    opened = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w.db_path == review and w.isVisible()
    ]
    assert len(opened) == 1
    assert opened[0].review is not None
    assert opened[0].annotator_id == gold_annotator(opened[0].db)
    assert [p.header.text() for p in opened[0].review_panes.panes] == [
        "alice: 1 spans",
        "bob: 1 spans",
    ]
    opened[0].close()
    window.close()
    window.queue.wait()


def test_a_failed_merge_says_what_happened_and_what_to_do(
    qtbot: QtBot, fresh_settings: QSettings, tmp_path: Path, annotators: list[Path]
) -> None:
    not_a_project = tmp_path / "notes.annotator"
    not_a_project.write_text("my notes, not a project", encoding="utf-8")
    window = shown_window(qtbot, annotators[0])
    start_merge(window, tmp_path / "review.annotator", [annotators[1], not_a_project])
    qtbot.waitUntil(lambda: bool(_boxes("errorBox")), timeout=20000)
    box = _boxes("errorBox")[0]
    assert box.windowTitle() == "The merge failed"
    assert "notes.annotator" in box.text()
    assert "Check that the projects share one schema" in box.informativeText()
    assert "Traceback" in box.detailedText()  # to copy into a report
    # Each slot of a worker's signal is its own queued event: the bar may hide a moment later.
    qtbot.waitUntil(lambda: not window.status.job_label.isVisible(), timeout=5000)
    box.close()
    window.close()
    window.queue.wait()


def test_error_dialogs_are_plain_text_with_details_to_copy(qtbot: QtBot) -> None:
    box = show_error(
        None,
        "The export failed",
        "Cannot write <b>/data/out.jsonl</b>",
        "Pick a folder you can write to & try again.",
        "Traceback (most recent call last): …",
    )
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == "Cannot write <b>/data/out.jsonl</b>"  # shown, not rendered
    assert box.informativeText() == "Pick a folder you can write to & try again."
    assert box.detailedText().startswith("Traceback")
    assert box.isVisible()
    box.close()
