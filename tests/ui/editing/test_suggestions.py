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
from annotator.ui.window.main_window import MainWindow

Make = Callable[..., MainWindow]
TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def _suggested(project_path: Path, blank: Pipeline, proposal: Proposal) -> Path:
    """The project with the article imported and ``proposal`` stored as its suggestions."""
    source = project_path.with_suffix(".jsonl")
    source.write_text(json.dumps({"text": TEXT, "meta": {"title": "t"}}) + "\n", encoding="utf-8")
    db = open_project(project_path)
    import_files(db, [source], pipeline=blank)
    with transaction(db):
        store_proposal(db, doc_ids(db)[0], proposal)
    db.conn.close()
    return project_path


@pytest.fixture
def suggested_project(project_path: Path, blank: Pipeline) -> Path:
    proposal = Proposal()
    quote = proposal.add(
        Span(
            *_at("“We will not retreat,”"), "QUOTE", "attribution", Origin.RULES, {"type": "direct"}
        )
    )
    source_span = proposal.add(
        Span(*_at("Gen. Ahmed Zubaïr"), "SOURCE", "attribution", Origin.RULES, {"kind": "military"})
    )
    proposal.link(quote, source_span, "ATTRIBUTED_TO")
    proposal.add(
        Span(
            *_at("At least 145 militants"),
            "CASUALTY",
            "casualty",
            Origin.RULES,
            {"outcome": "killed", "min": 145, "best": 145, "qualifier": "at least"},
        )
    )
    return _suggested(project_path, blank, proposal)


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
    # Kept as the rules' work, not the spaCy model's nor a person's.
    assert sorted(_mine(window)) == [("QUOTE", "rules"), ("SOURCE", "rules")]
    assert window.editor is not None
    (link,) = relations_of(window.db, window.editor.doc_id, window.annotator_id)
    assert link.label == "ATTRIBUTED_TO"
    # The next pending suggestion is selected after a decision.
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "CASUALTY"
    qtbot.keyClick(window.view, Qt.Key.Key_X)  # reject
    assert window.suggestion_label.text() == "0 suggestions"
    assert ("CASUALTY", "rules") not in _mine(window)
    window.commands.undo.trigger()  # the reject
    assert window.suggestion_label.text() == "1 suggestion"
    window.commands.undo.trigger()  # the accept
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
    window.commands.undo.trigger()  # one step undoes the whole accept-all
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


def test_n_after_y_shows_the_suggestion_y_moved_to_and_the_status_bar_says_so(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_Y)
    message = window.statusBar().currentMessage()
    assert message.startswith("Accepted QUOTE")
    assert "now on the next suggestion, CASUALTY “At least 145 militants”" in message
    qtbot.keyClick(window.view, Qt.Key.Key_N)  # stays on the casualty figure: none skipped
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "CASUALTY"
    window.commands.undo.trigger()  # the accept: three pending again, the quote first
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_X)  # reject the quote: on to its source
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "SOURCE"
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "SOURCE"
    qtbot.keyClick(window.view, Qt.Key.Key_N)  # and N again moves on
    assert window.controller.suggestion.label == "CASUALTY"


def test_repeated_clicks_reach_a_suggestion_around_an_entity(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    assert window.editor is not None
    window.editor.create(*_at("145"), "CARDINAL")  # an entity inside the suggested figure
    window.controller.reload()
    start, _ = _at("145")
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.to_position(start + 1))
    centre = window.view.cursorRect(cursor).center()
    clicks = []
    for _ in range(3):
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        picked = window.controller.suggestion or window.controller.selected
        assert picked is not None
        clicks.append((picked.label, picked is window.controller.suggestion))
    assert clicks == [("CARDINAL", False), ("CASUALTY", True), ("CARDINAL", False)]


def test_the_span_tab_tells_the_rules_the_model_and_people_apart(
    open_window: Make, suggested_project: Path, qtbot: QtBot
) -> None:
    window = open_window(suggested_project)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_Y)
    assert window.editor is not None
    quote = next(s for s in window.editor.spans.values() if s.label == "QUOTE")
    window.controller.select_span(quote)
    heading = window.span_panel.heading.text()
    assert "(accepted from the rule suggesters)" in heading
    assert "QUOTE “We will not retreat,”" in heading  # its own quote marks, not doubled
    assert "““" not in heading
    person = window.editor.create(*_at("Gen. Ahmed Zubaïr"), "PERSON")
    window.controller.reload()
    window.controller.select_span(person)
    assert "(added by hand)" in window.span_panel.heading.text()


@pytest.fixture
def twin_project(project_path: Path, blank: Pipeline) -> Path:
    """The quote's sentence suggested as a QUOTE and, without its marks, as a CLAIM."""
    proposal = Proposal()
    proposal.add(Span(*_at("“We will not retreat,”"), "QUOTE", "attribution", Origin.RULES))
    proposal.add(Span(*_at("We will not retreat"), "CLAIM", "claim", Origin.RULES))
    proposal.add(Span(*_at("At least 145 militants"), "CASUALTY", "casualty", Origin.RULES))
    return _suggested(project_path, blank, proposal)


def test_a_sentence_suggested_as_quote_and_claim_is_one_stop_and_one_key(
    open_window: Make, twin_project: Path, qtbot: QtBot
) -> None:
    window = open_window(twin_project)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    message = window.statusBar().currentMessage()
    assert message.startswith("Suggestion QUOTE + CLAIM “We will not retreat,”")
    qtbot.keyClick(window.view, Qt.Key.Key_Y)  # both kept, one undo step
    assert sorted(_mine(window)) == [("CLAIM", "rules"), ("QUOTE", "rules")]
    assert window.statusBar().currentMessage().startswith("Accepted QUOTE + CLAIM")
    assert window.controller.suggestion is not None
    assert window.controller.suggestion.label == "CASUALTY"
    window.commands.undo.trigger()
    assert _mine(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_N)  # from the casualty figure, round to the twins
    qtbot.keyClick(window.view, Qt.Key.Key_X)  # rejects both
    assert window.suggestion_label.text() == "1 suggestion"
