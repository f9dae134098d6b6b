"""Suggestions in the window: shown apart, accepted or rejected with one key, undoable."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import spans_of
from annotator.store.db import open_project, transaction
from annotator.store.listing import doc_ids
from annotator.store.relations import relations_of
from annotator.store.suggestions import store_proposal
from annotator.ui.main_window import MainWindow

Make = Callable[..., MainWindow]
TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def suggested_project(project_path: Path, blank: Pipeline, tmp_path: Path) -> Path:
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": TEXT, "meta": {"title": "t"}}) + "\n", encoding="utf-8")
    db = open_project(project_path)
    import_files(db, [source], pipeline=blank)
    proposal = Proposal()
    quote = proposal.add(
        Span(
            *_at("“We will not retreat,”"), "QUOTE", "attribution", Origin.MODEL, {"type": "direct"}
        )
    )
    source_span = proposal.add(
        Span(*_at("Gen. Ahmed Zubaïr"), "SOURCE", "attribution", Origin.MODEL, {"kind": "military"})
    )
    proposal.link(quote, source_span, "ATTRIBUTED_TO")
    proposal.add(
        Span(
            *_at("At least 145 militants"),
            "CASUALTY",
            "casualty",
            Origin.MODEL,
            {"outcome": "killed", "min": 145, "best": 145, "qualifier": "at least"},
        )
    )
    with transaction(db):
        store_proposal(db, doc_ids(db)[0], proposal)
    db.conn.close()
    return project_path


def _mine(window: MainWindow) -> list[tuple[str, str]]:
    assert window.editor is not None
    return [
        (s.label, s.origin.value)
        for s in spans_of(window.db, window.editor.doc_id, window.annotator_id)
    ]


def test_suggestions_are_painted_pale_and_dashed_not_counted(
    open_window: Make, suggested_project: Path
) -> None:
    window = open_window(suggested_project)
    assert _mine(window) == []
    assert window.doc_model.data(window.doc_model.index(0, 2)) == 0
    assert window.suggestion_label.text() == "3 suggestions"
    block = window.view.document().begin()
    formats = block.layout().formats()
    assert formats
    assert all(f.format.underlineStyle().name == "DashUnderline" for f in formats)
    assert all(f.format.background().color().alpha() < 255 for f in formats)
    at_quote = next(f for f in formats if f.start == 0)
    assert at_quote.format.background().color().rgb() == QColor(window.colours["QUOTE"]).rgb()


def test_next_accept_reject_with_keys_and_undo(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "QUOTE"
    qtbot.keyClick(window.view, Qt.Key.Key_Y)  # accept: the quote brings its source and link
    assert sorted(_mine(window)) == [("QUOTE", "model"), ("SOURCE", "model")]
    assert window.editor is not None
    (link,) = relations_of(window.db, window.editor.doc_id, window.annotator_id)
    assert link.label == "ATTRIBUTED_TO"
    # The next pending suggestion is selected after a decision.
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "CASUALTY"
    qtbot.keyClick(window.view, Qt.Key.Key_X)  # reject
    assert window.suggestion_label.text() == "0 suggestions"
    assert ("CASUALTY", "model") not in _mine(window)
    window.undo_action.trigger()  # the reject
    assert window.suggestion_label.text() == "1 suggestion"
    window.undo_action.trigger()  # the accept
    assert _mine(window) == []
    assert window.suggestion_label.text() == "3 suggestions"


def test_accept_all_keeps_the_attributes_the_suggester_filled_in(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.editor is not None
    spans = {s.label: s for s in window.editor.spans.values()}
    assert set(spans) == {"QUOTE", "SOURCE", "CASUALTY"}
    assert spans["CASUALTY"].attrs == {
        "outcome": "killed",
        "min": 145,
        "best": 145,
        "qualifier": "at least",
    }
    assert window.suggestion_label.text() == "0 suggestions"
    window.undo_action.trigger()  # one step undoes the whole accept-all
    assert window.editor.spans == {}


def test_click_on_a_suggestion_selects_it(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    start, _ = _at("militants")
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.to_position(start + 2))
    rect = window.view.cursorRect(cursor)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "CASUALTY"
    assert "Y accepts" in window.statusBar().currentMessage()
