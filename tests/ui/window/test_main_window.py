"""Annotating in the real window: select, press a key, and the span is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from annotator.core.model import Status
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import get_status, spans_of
from annotator.store.db import open_project
from annotator.ui.window.main_window import MainWindow

Make = Callable[..., MainWindow]


def _rows(window: MainWindow) -> list[tuple[str, int, int]]:
    assert window.editor is not None
    return [
        (s.label, s.start, s.end)
        for s in spans_of(window.db, window.editor.doc_id, window.annotator_id)
    ]


def _select(window: MainWindow, qtbot: QtBot, word: str, length: int | None = None) -> int:
    assert window.editor is not None
    start = window.editor.document.text.index(word)
    window.view.select_range(start, start + (length or len(word)))
    window.view.setFocus()
    return start


def _painted(window: MainWindow, start: int, end: int) -> list[QTextLayout.FormatRange]:
    """Highlight ranges the article view has applied over [start, end) (code points)."""
    doc = window.view.document()
    position = window.view.to_position(start)
    block = doc.findBlock(position)
    offset = position - block.position()
    length = window.view.to_position(end) - position
    return [
        r
        for r in block.layout().formats()
        if r.start <= offset and r.start + r.length >= offset + length
    ]


def test_select_press_key_saves_span_and_undo_redo(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    start = _select(window, qtbot, "Negotiators", 5)  # part of the word: snaps to the token
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # CLAIM
    assert ("CLAIM", start, start + len("Negotiators")) in _rows(window)
    assert window.statusBar().currentMessage().startswith("Saved: Add CLAIM")
    assert _painted(window, start, start + len("Negotiators"))

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("CLAIM", start, start + len("Negotiators")) not in _rows(window)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert ("CLAIM", start, start + len("Negotiators")) in _rows(window)


def test_span_survives_closing_and_reopening(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    start = _select(window, qtbot, "Negotiators")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)  # QUOTE
    end = start + len("Negotiators")
    window.close()

    again = open_window(sample_project)
    assert ("QUOTE", start, end) in _rows(again)
    quote_colour = again.colours["QUOTE"]
    painted = _painted(again, start, end)
    assert any(r.format.background().color().name() == quote_colour for r in painted)


def test_click_selects_span_delete_removes_key_relabels(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    assert window.editor is not None
    person = next(s for s in window.editor.ordered() if s.label == "PERSON")
    rect = window.view.cursorRect(_cursor_at(window, person.start + 1))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected is not None
    assert window.selected.id == person.id

    qtbot.keyClick(window.view, Qt.Key.Key_S)  # relabel as SOURCE
    assert ("SOURCE", person.start, person.end) in _rows(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert all(start != person.start for _, start, _ in _rows(window))
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("SOURCE", person.start, person.end) in _rows(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("PERSON", person.start, person.end) in _rows(window)


def _cursor_at(window: MainWindow, offset: int):  # type: ignore[no-untyped-def]
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.to_position(offset))
    return cursor


def test_span_list_click_scrolls_to_the_span(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    last_row = window.span_model.rowCount() - 1
    last = window.span_model.span_at(last_row)
    assert last is not None
    window.span_list.scrollToBottom()
    rect = window.span_list.visualRect(window.span_model.index(last_row))
    qtbot.mouseClick(window.span_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected == last
    cursor_rect = window.view.cursorRect()
    assert window.view.viewport().rect().contains(cursor_rect.center())
    assert window.view.textCursor().position() == window.view.to_position(last.start)


def test_ctrl_enter_marks_done_and_opens_the_next(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    assert window.editor is not None
    first = window.editor.doc_id
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.doc_id != first
    assert get_status(window.db, first, window.annotator_id) is Status.DONE
    assert window.status.progress_label.text() == "Done: 1 / 8"
    assert window.doc_model.status(0) is Status.DONE


def test_filter_narrows_the_document_list(
    open_window: Make, sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(sample_project)
    qtbot.keyClicks(window.filter_box, "cholera")
    qtbot.waitUntil(lambda: window.doc_model.rowCount() < 8)
    titles = [
        window.doc_model.data(window.doc_model.index(r, 0))
        for r in range(window.doc_model.rowCount())
    ]
    assert titles
    assert all(isinstance(t, str) for t in titles)
    assert any("Cholera" in t for t in titles)
    # Typing letters in the filter box does not label anything.
    assert window.editor is not None
    assert all(s.label != "CLAIM" for s in window.editor.spans.values())


def test_keys_show_in_menus_and_tooltips(open_window: Make, sample_project: Path) -> None:
    window = open_window(sample_project)
    person = window.commands.labels["PERSON"]
    assert person.shortcut().toString() == "1"
    assert "(1)" in person.toolTip()
    assert window.label_palette.buttons["QUOTE"].text().startswith("Q")
    assert "Ctrl+Return" in window.commands.done.toolTip()


@pytest.mark.slow  # the real model analyses the import, in a child process
def test_import_in_the_window_runs_in_a_worker(
    open_window: Make, project_path: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_text(
        "Fresh report\n\nGen. Ahmed Zubaïr told reporters in Kandar.\n", encoding="utf-8"
    )
    window = open_window(project_path)
    assert window.doc_model.rowCount() == 0
    with qtbot.waitSignal(window.queue.idle, timeout=60_000):
        window.jobs.import_paths([article])
    qtbot.waitUntil(lambda: window.editor is not None and bool(window.editor.spans), timeout=60_000)
    assert window.doc_model.rowCount() == 1
    db = open_project(project_path)
    assert db.execute("SELECT count(*) FROM spans WHERE origin = 'model'").fetchone()[0] > 0


def test_markup_in_imported_text_is_shown_as_plain_text(
    open_window: Make, project_path: Path, blank: Pipeline, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(
        '{"text": "<b>Bold</b> <img src=x> claims", "meta": {"title": "<i>Title</i>"}}\n',
        encoding="utf-8",
    )
    db = open_project(project_path)
    import_files(db, [hostile], pipeline=blank)
    db.conn.close()
    window = open_window(project_path)
    assert window.view.toPlainText() == "<b>Bold</b> <img src=x> claims"
    assert window.title_label.text() == "<i>Title</i>"
    assert window.title_label.textFormat() == Qt.TextFormat.PlainText
    tooltip = window.doc_model.data(window.doc_model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "<p>&lt;i&gt;Title&lt;/i&gt;</p>"


def test_an_analysed_project_names_its_model_without_running_it_again(
    open_window: Make, parsed_sample_project: Path, qtbot: QtBot
) -> None:
    window = open_window(parsed_sample_project)
    with qtbot.waitSignal(window.queue.idle, timeout=60_000):
        window.start_preannotation()
    assert window.model_info is not None
    assert window.model_info.name.startswith("en_core_web_sm")
    assert window.model_info.name in window.status.model_label.text()


FIGURES = "Officials said 92 people were killed on Saturday in Kandar."


def _figure_window(
    open_window: Make, project_path: Path, blank: Pipeline, tmp: Path, qtbot: QtBot
) -> tuple[MainWindow, int]:
    """A window on one article with a casualty figure linked to its source; the figure's id."""
    source = tmp / "figures.jsonl"
    source.write_text('{"text": "' + FIGURES + '"}\n', encoding="utf-8")
    db = open_project(project_path)
    import_files(db, [source], pipeline=blank)
    db.conn.close()
    window = open_window(project_path)
    ids = []
    for words, key in (("Officials", Qt.Key.Key_S), ("92 people", Qt.Key.Key_K)):
        _select(window, qtbot, words)
        qtbot.keyClick(window.view, key)
        assert window.selected is not None
        assert window.selected.id is not None
        ids.append(window.selected.id)
    window.controller.link_selected_to("ATTRIBUTED_TO", ids[0])
    return window, ids[1]


def test_switching_tabs_never_moves_the_article(
    open_window: Make, project_path: Path, blank: Pipeline, tmp_path: Path, qtbot: QtBot
) -> None:
    window, figure = _figure_window(open_window, project_path, blank, tmp_path, qtbot)
    # The figure is selected while another tab is shown: its form and links fill the
    # Span tab out of sight, taller than the panels' pane.
    window.tabs.setCurrentWidget(window.span_list)
    window.controller.select_span(None)
    qtbot.wait(50)
    window.controller.select_span_id(figure)
    qtbot.wait(50)
    height, boundary = window.view.height(), window.middle.sizes()
    for index in [*range(window.tabs.count()), 0]:
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)  # the splitter acts on the layout request the new tab posts
        assert (window.view.height(), window.middle.sizes()) == (height, boundary), index


def test_a_casualty_figure_shows_min_best_max_in_that_order(
    open_window: Make, project_path: Path, blank: Pipeline, tmp_path: Path, qtbot: QtBot
) -> None:
    window, figure = _figure_window(open_window, project_path, blank, tmp_path, qtbot)
    window.controller.select_span_id(figure)
    window.tabs.setCurrentWidget(window.span_panel)
    layout = window.span_panel.form.layout()
    assert isinstance(layout, QFormLayout)
    shown = []
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            shown.append(label.text())
    assert [name for name in shown if name in ("min", "best", "max")] == ["min", "best", "max"]
