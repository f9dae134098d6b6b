"""Model > Models… in the real window: the models, the one in use, Use, Delete, the threshold."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.store.db import open_project
from annotator.training.models import TrainedModel, chosen_model, list_models, write_card
from annotator.ui.training.models_dialog import EMPTY, IN_USE, ModelsDialog
from annotator.ui.window.main_window import MainWindow
from tests.project_files import read_only
from tests.ui.fresh_settings import fresh_settings

__all__ = ["fresh_settings"]

Make = Callable[..., MainWindow]


def _older_copy(model: TrainedModel, name: str) -> TrainedModel:
    """A second model of the project: the same pipeline, trained (says its card) a day earlier."""
    path = model.path.with_name(name)
    shutil.copytree(model.path, path)
    card = replace(model.card, name=name, created="2020-01-01T09:30:00+00:00", f1=0.5)
    write_card(path, card)
    return TrainedModel(path, card)


def _dialog(window: MainWindow) -> ModelsDialog:
    window.commands.models.trigger()
    dialog = window.jobs.models_window
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def _rows(dialog: ModelsDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def _select(dialog: ModelsDialog, name: str) -> None:
    row = [r[1] for r in _rows(dialog)].index(name)
    dialog.table.selectRow(row)


def test_the_model_in_use_is_listed_marked_and_named_in_the_status_bar(
    open_window: Make, trained_project: Path
) -> None:
    window = open_window(trained_project)
    (model,) = list_models(trained_project)
    label = window.status.trained_label
    assert label.isVisible()
    assert label.text() == f"Model {model.name} · F1 {model.card.f1:.2f}"
    assert f"trained on {model.card.documents} documents" in label.toolTip()
    dialog = _dialog(window)
    assert dialog.pages.currentIndex() == 1
    (row,) = _rows(dialog)
    assert row[0] == IN_USE
    assert row[1] == model.name
    assert row[3] == str(model.card.documents)
    assert row[4] == f"{model.card.f1:.2f}"
    assert row[5] == model.card.source
    # Its card, as the training dialog showed it.
    assert dialog.card.headline.text() == f"Held-out F1 {model.card.f1:.2f}"
    assert [r[0] for r in dialog.card.rows()] == sorted(model.card.scores)
    assert not dialog.use_button.isEnabled()  # in use already
    assert dialog.delete_button.isEnabled()


def test_use_marks_the_chosen_model_and_has_it_suggest(
    open_window: Make, trained_project: Path, qtbot: QtBot
) -> None:
    (newest,) = list_models(trained_project)
    older = _older_copy(newest, "2020-01-01-093000")
    window = open_window(trained_project)
    dialog = _dialog(window)
    assert [r[1] for r in _rows(dialog)] == [newest.name, older.name]  # newest first
    assert [r[0] for r in _rows(dialog)] == [IN_USE, ""]
    _select(dialog, older.name)
    assert dialog.card.headline.text() == "Held-out F1 0.50"
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in _rows(dialog)] == ["", IN_USE]
    in_use = chosen_model(window.db, trained_project)
    assert in_use is not None
    assert in_use.name == older.name
    assert window.status.trained_label.text() == f"Model {older.name} · F1 0.50"
    # It suggests in the background: the status bar tracks it.
    assert any(job.name == "Model suggestions" for job in window.queue.jobs)
    assert window.status.job_label.isVisible()
    # Another window of the project agrees on the model in use.
    other = open_project(trained_project)
    assert chosen_model(other, trained_project) == in_use
    other.conn.close()


def _confirm_delete(dialog: ModelsDialog, qtbot: QtBot, answer: QMessageBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    (box,) = [b for b in dialog.findChildren(QMessageBox, "deleteModelBox") if b.isVisible()]
    button = box.button(answer)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_delete_asks_then_removes_the_folder_and_the_newest_left_is_used(
    open_window: Make, trained_project: Path, qtbot: QtBot
) -> None:
    (newest,) = list_models(trained_project)
    older = _older_copy(newest, "2020-01-01-093000")
    window = open_window(trained_project)
    dialog = _dialog(window)
    _select(dialog, newest.name)
    _confirm_delete(dialog, qtbot, QMessageBox.StandardButton.No)
    assert newest.path.is_dir()
    assert len(_rows(dialog)) == 2
    _confirm_delete(dialog, qtbot, QMessageBox.StandardButton.Yes)
    assert not newest.path.exists()
    assert [r[:2] for r in _rows(dialog)] == [[IN_USE, older.name]]
    assert chosen_model(window.db, trained_project) == older
    assert window.status.trained_label.text() == f"Model {older.name} · F1 0.50"
    # The last one: no model, no label, and the dialog says how to train one.
    _select(dialog, older.name)
    _confirm_delete(dialog, qtbot, QMessageBox.StandardButton.Yes)
    assert list_models(trained_project) == []
    assert not window.status.trained_label.isVisible()
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.text() == EMPTY


def test_a_project_without_models_says_how_to_train_one(
    open_window: Make, sample_project: Path
) -> None:
    window = open_window(sample_project)
    assert not window.status.trained_label.isVisible()
    dialog = _dialog(window)
    assert dialog.pages.currentWidget() is dialog.empty
    assert "Model > Train…" in dialog.empty.text()
    assert dialog.empty.isVisible()


@pytest.mark.usefixtures("fresh_settings")
def test_a_read_only_project_shows_its_models_but_trains_and_chooses_nothing(
    open_window: Make, trained_project: Path
) -> None:
    with read_only(trained_project):
        window = open_window(trained_project)
        assert not window.commands.train.isEnabled()
        assert window.commands.models.isEnabled()
        dialog = _dialog(window)
        assert len(_rows(dialog)) == 1
        assert not dialog.use_button.isEnabled()
        assert not dialog.delete_button.isEnabled()
        window.close()
        window.queue.wait()
