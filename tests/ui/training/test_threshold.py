"""The confidence threshold: a model's suggestions below it are not offered; it is remembered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator.training.models import list_models
from annotator.ui.common import settings
from annotator.ui.window.main_window import MainWindow
from tests.ui.fresh_settings import fresh_settings
from tests.ui.training.conftest import SCORES, scored_words

__all__ = ["fresh_settings"]

Make = Callable[..., MainWindow]
pytestmark = pytest.mark.usefixtures("fresh_settings")


def _model_spans(window: MainWindow) -> list[tuple[int, int]]:
    """The model's suggestions offered in the open document (CLAIM over scored words)."""
    editor = window.editor
    assert editor is not None
    scored = set(scored_words(editor.document.text))
    return sorted(
        (s.start, s.end)
        for s in editor.suggestions.values()
        if s.label == "CLAIM" and (s.start, s.end) in scored
    )


def test_the_threshold_hides_the_suggestions_below_it_and_is_remembered(
    open_window: Make, trained_project: Path, qtbot: QtBot
) -> None:
    window = open_window(trained_project)
    assert window.editor is not None
    words = scored_words(window.editor.document.text)
    assert window.project.min_score == 0.5  # the default
    assert _model_spans(window) == words[1:]  # 0.6 and 0.9; not 0.3
    before = len(window.editor.suggestions)
    window.commands.models.trigger()
    dialog = window.jobs.models_window
    assert dialog is not None
    assert dialog.threshold.value() == 0.5
    dialog.threshold.setValue(0.85)
    assert _model_spans(window) == words[2:]
    # The article and the count show it at once.
    assert window.suggestion_label.text() == f"{before - 1} suggestions"
    assert not any("(suggested)" in label for label in window.view.labels_at(words[1][0]))
    assert any("(suggested)" in label for label in window.view.labels_at(words[2][0]))
    dialog.threshold.setValue(0.0)
    assert _model_spans(window) == words
    dialog.threshold.setValue(0.7)
    assert settings.model_threshold() == 0.7
    # A new window of the project offers from the remembered threshold.
    window.close()
    window.queue.wait()
    again = open_window(trained_project)
    assert again.project.min_score == 0.7
    assert _model_spans(again) == words[2:]


def test_a_garbled_threshold_setting_gives_the_default(qapp: object) -> None:
    for garbled in ("abc", "1.5", "-0.1", "nan"):
        QSettings().setValue(settings.MODEL_THRESHOLD, garbled)
        assert settings.model_threshold() == settings.DEFAULT_THRESHOLD
    settings.set_model_threshold(0.25)
    assert settings.model_threshold() == 0.25


def test_a_model_suggestion_names_the_model_and_its_confidence(
    open_window: Make, trained_project: Path, qtbot: QtBot
) -> None:
    (model,) = list_models(trained_project)
    window = open_window(trained_project)
    editor = window.editor
    assert editor is not None
    start, end = scored_words(editor.document.text)[2]
    (suggestion,) = [
        s for s in editor.suggestions.values() if (s.start, s.end, s.label) == (start, end, "CLAIM")
    ]
    assert editor.score_of(suggestion.id or 0) == SCORES[2]
    window.controller.select_suggestion(suggestion)
    message = window.status.currentMessage()
    assert f"(model {model.name}, confidence 0.90)" in message
    assert message.startswith("Suggestion CLAIM")
    # Hovering it says the same.
    notes = window.view.suggestion_notes(start)
    assert notes == [f"CLAIM suggested by model {model.name}, confidence 0.90"]
    # The rules' suggestions say nothing of the kind.
    rules = [s for s in editor.suggestions.values() if editor.score_of(s.id or 0) is None]
    if rules:
        window.controller.select_suggestion(rules[0])
        assert "confidence" not in window.status.currentMessage()
