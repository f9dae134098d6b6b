"""Showing and hiding layers and suggestions in the article, remembered per project
(issue 12, item 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.ui.article.span_styles import LABEL_PROPERTY
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]

TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar on Sunday."


def _span(words: str, label: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


def _project(path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    record = {
        "text": TEXT,
        "spans": [
            _span("Ahmed Zubaïr", "PERSON"),
            _span("Gen. Ahmed Zubaïr", "SOURCE"),
            _span("at least 145 militants were killed", "CASUALTY"),
        ],
        "_annotator_id": "alice",
        "answer": "accept",
    }
    return project_from_record(path, schema, blank, record)


@pytest.fixture
def annotated(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    return _project(tmp_path / "alice.annotator", schema, blank)


def _painted_at(window: MainWindow, words: str) -> list[str]:
    """The labels the article paints on ``words``, innermost first."""
    return window.view.labels_at(TEXT.index(words) + 1)


def _backgrounds_at(window: MainWindow, words: str) -> set[str]:
    """The colours of the highlights Qt's layout holds over ``words``."""
    at = window.view.to_position(TEXT.index(words) + 1)
    block = window.view.document().findBlock(at)
    return {
        r.format.background().color().name()
        for r in block.layout().formats()
        if r.start <= at - block.position() < r.start + r.length
        and r.format.background().style() != Qt.BrushStyle.NoBrush
    }


def test_a_hidden_layer_is_not_painted_and_stays_hidden_for_that_project_only(
    qtbot: QtBot, fresh_settings: QSettings, annotated: Path, schema: LabelSchema, blank: Pipeline
) -> None:
    window = shown_window(qtbot, annotated)
    person = window.colours["PERSON"]
    assert _painted_at(window, "Zubaïr") == ["PERSON"]  # painted over the SOURCE
    assert person in _backgrounds_at(window, "Zubaïr")
    window.view_controls.layer_actions["ner"].trigger()  # View > Show layers > Named entities
    assert _painted_at(window, "Zubaïr") == ["SOURCE"]
    assert person not in _backgrounds_at(window, "Zubaïr")
    assert window.colours["SOURCE"] in _backgrounds_at(window, "Zubaïr")
    # Still there, still listed; not clickable in the article.
    assert window.span_model.rowCount() == 3
    assert window.editor is not None
    hidden = next(s for s in window.editor.spans.values() if s.label == "PERSON")
    assert not window.view.shows(hidden)
    assert "Named entities (hidden)" in window.legend.text()
    close_window(window)

    again = shown_window(qtbot, annotated)
    assert _painted_at(again, "Zubaïr") == ["SOURCE"]
    assert again.view_controls.layer_actions["ner"].isChecked() is False
    assert "Named entities (hidden)" in again.legend.text()
    close_window(again)

    other = shown_window(qtbot, _project(annotated.with_name("bob.annotator"), schema, blank))
    assert _painted_at(other, "Zubaïr") == ["PERSON"]
    assert other.view_controls.layer_actions["ner"].isChecked()
    close_window(other)


def _legend_point(window: MainWindow, words: str) -> QPoint:
    """Where ``words`` are drawn in the legend, in its coordinates."""
    painted = window.legend._painted
    cursor = QTextCursor(painted)
    cursor.setPosition(painted.toPlainText().index(words) + 2)
    block = cursor.block()
    line = block.layout().lineForTextPosition(cursor.positionInBlock())
    found: Any = line.cursorToX(cursor.positionInBlock())  # PySide6 gives (x, position)
    x = float(found[0])
    top = painted.documentLayout().blockBoundingRect(block).top() + line.y()
    origin = window.legend.contentsRect().topLeft()
    return QPoint(int(origin.x() + x), int(origin.y() + top + line.height() / 2))


def test_clicking_a_layer_in_the_legend_hides_and_shows_it(
    qtbot: QtBot, fresh_settings: QSettings, annotated: Path
) -> None:
    window = shown_window(qtbot, annotated)
    assert _painted_at(window, "militants") == ["CASUALTY"]
    at = _legend_point(window, "CASUALTY")
    qtbot.mouseClick(window.legend, Qt.MouseButton.LeftButton, pos=at)
    assert _painted_at(window, "militants") == []
    assert not window.view_controls.layer_actions["casualty"].isChecked()
    assert "Casualty figures (hidden)" in window.legend.text()
    assert _painted_at(window, "Zubaïr") == ["PERSON"]  # the others stay
    qtbot.mouseClick(window.legend, Qt.MouseButton.LeftButton, pos=_legend_point(window, "Casu"))
    assert _painted_at(window, "militants") == ["CASUALTY"]
    assert window.view_controls.layer_actions["casualty"].isChecked()
    close_window(window)


def _suggested(window: MainWindow) -> int:
    """How many highlights in the article are suggestions."""
    found = 0
    block = window.view.document().begin()
    while block.isValid():
        found += sum("(suggested)" in label for label in _labels(block.layout().formats()))
        block = block.next()
    return found


def _labels(ranges: list[Any]) -> list[str]:
    return [str(r.format.property(LABEL_PROPERTY)) for r in ranges]


def test_suggestions_can_be_hidden_and_are_still_there(
    qtbot: QtBot, fresh_settings: QSettings, parsed_sample_project: Path
) -> None:
    window = shown_window(qtbot, parsed_sample_project)
    assert window.editor is not None
    pending = len(window.editor.suggestions)
    assert pending > 0
    assert _suggested(window) > 0
    window.view_controls.suggestions_action.trigger()  # type: ignore[union-attr]
    assert _suggested(window) == 0
    assert len(window.editor.suggestions) == pending  # hidden, not rejected
    qtbot.keyClick(window.view, Qt.Key.Key_N)  # N still goes to the next one
    assert window.controller.suggestion is not None
    close_window(window)
    again = shown_window(qtbot, parsed_sample_project)
    assert _suggested(again) == 0
    again.view_controls.suggestions_action.trigger()  # type: ignore[union-attr]
    assert _suggested(again) > 0
    close_window(again)
