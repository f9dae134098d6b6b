"""Model > Train… in the real window: a real training in a child process, its card, Cancel."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.store.annotators import annotator_names
from annotator.store.editing import DocumentEditor
from annotator.training.models import list_models, models_folder
from annotator.ui.training.train_dialog import TrainDialog
from annotator.ui.window.main_window import MainWindow
from tests.ui.training.conftest import MINUTES

Make = Callable[..., MainWindow]
#: A real training of a few seconds takes half a minute with loading and scoring.
TRAINED_MS = 240_000


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def _open_dialog(window: MainWindow, minutes: float) -> TrainDialog:
    """Model > Train…, with the training time set."""
    window.commands.train.trigger()
    dialog = window.jobs.train_window
    assert dialog is not None
    assert dialog.isVisible()
    dialog.form.minutes.setValue(minutes)
    return dialog


def _our_children(word: str) -> list[int]:
    """Processes whose parent is this test process and whose command line has ``word``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and word in command:
            found.append(int(entry.name))
    return found


def test_the_model_menu_sits_between_suggestions_and_review(
    open_window: Make, gold_project: Path
) -> None:
    window = open_window(gold_project)
    titles = _menu_titles(window)
    assert titles.index("Model") == titles.index("Suggestions") + 1
    menu = window.menuBar().actions()[titles.index("Model")].menu()
    assert [a.text() for a in menu.actions()] == ["&Train…", "&Models…"]
    assert window.commands.train.isEnabled()


def test_the_form_offers_the_span_layers_and_the_annotators(
    open_window: Make, gold_project: Path
) -> None:
    window = open_window(gold_project)
    dialog = _open_dialog(window, 10)
    layers = {name: box.text() for name, box in dialog.form.layers.items()}
    assert set(layers) == {layer.name for layer in window.schema.layers} - {"ner"}
    assert all(box.isChecked() for box in dialog.form.layers.values())
    whose = [dialog.form.whose.itemText(i) for i in range(dialog.form.whose.count())]
    assert whose[:2] == [
        "Everyone's finished work (gold where reviewed)",
        "Gold only (documents adjudicated in review)",
    ]
    for name in annotator_names(window.db).values():
        assert f"Only {name}'s finished work" in whose
    assert dialog.form.minutes.value() == 10
    assert dialog.form.curve.text() == "Draw the learning curve (takes about 1.5x longer)"
    # Nothing ticked: nothing to train.
    for box in dialog.form.layers.values():
        box.setChecked(False)
    assert not dialog.train_button.isEnabled()
    next(iter(dialog.form.layers.values())).setChecked(True)
    assert dialog.train_button.isEnabled()
    assert dialog.form.choice().layers == (next(iter(dialog.form.layers)),)


def test_training_shows_its_progress_then_the_card_and_the_model_suggests(
    open_window: Make, gold_project: Path, qtbot: QtBot
) -> None:
    window = open_window(gold_project)
    dialog = _open_dialog(window, float(MINUTES))
    said: list[str] = []
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None
    dialog.job.signals.progress.connect(lambda _d, _t, message: said.append(message))
    assert dialog.pages.currentWidget() is dialog.progress
    assert dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.card, timeout=TRAINED_MS)
    # While it trained: each epoch's loss and held-out F1, as the user read them.
    assert any("epoch" in m and "loss" in m and "F1" in m for m in said), said
    (model,) = list_models(gold_project)
    assert dialog.card.headline.text() == f"Held-out F1 {model.card.f1:.2f}"
    labels = [row[0] for row in dialog.card.rows()]
    assert labels == sorted(model.card.scores)
    assert {"QUOTE", "SOURCE", "CUE"} <= set(labels)
    quote = dialog.card.rows()[labels.index("QUOTE")]
    assert quote[3] == f"{model.card.scores['QUOTE'].f1:.2f}"
    assert quote[5] == str(model.card.scores["QUOTE"].gold)
    assert not dialog.card.chart.has_curve  # not asked for: the chart says so
    assert f"Model {model.name} · F1 {model.card.f1:.2f}" == window.status.trained_label.text()
    assert window.status.trained_label.isVisible()
    # Then the model suggests in the background, and the open document shows what it
    # stored (a model of a few seconds may find nothing: what it found, then).
    qtbot.waitUntil(
        lambda: "suggested in 8 documents" in window.status.currentMessage(), timeout=TRAINED_MS
    )
    editor = window.editor
    assert editor is not None
    assert f"model {model.name}" in annotator_names(window.db, kind="suggester").values()
    stored = DocumentEditor(window.db, window.schema, window.annotator_id, editor.doc_id)
    stored.min_score = window.project.min_score
    stored.refresh_suggestions()
    assert set(editor.suggestions) == set(stored.suggestions)
    assert window.suggestion_label.text() == f"{len(stored.suggestions)} suggestions"


def test_cancel_stops_the_child_and_keeps_no_model(
    open_window: Make, gold_project: Path, qtbot: QtBot
) -> None:
    window = open_window(gold_project)
    dialog = _open_dialog(window, 5)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_our_children("train")), timeout=30_000)
    qtbot.waitUntil(lambda: "Reading" in dialog.progress.message.text(), timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.form, timeout=30_000)
    assert dialog.status.text() == "Training cancelled; no model was kept."
    assert _our_children("train") == []
    assert list_models(gold_project) == []
    folder = models_folder(gold_project)
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not window.status.trained_label.isVisible()
    assert window.queue.jobs == []


@pytest.mark.slow  # the training's child process imports spaCy before it finds nothing
def test_a_project_with_nothing_finished_says_what_to_do(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    dialog = _open_dialog(window, float(MINUTES))
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.form, timeout=60_000)
    assert "no finished document has annotations" in dialog.status.text()
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None
    assert "mark documents done" in box.text()
    box.accept()
    assert list_models(sample_project) == []
