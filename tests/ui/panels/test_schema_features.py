"""Attributes, links, document fields and the casualty check, driven through the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from annotator.store.relations import get_fields, relations_of
from annotator.ui.window.main_window import MainWindow

Make = Callable[..., MainWindow]
TEXT = (
    "“We will not retreat,” said Gen. Ahmed Zubaïr on Sunday.\n\n"
    "Officials said 92 people were killed on Saturday and 41 on Friday, "
    "a toll of 145 dead."
)


@pytest.fixture
def small_project(project_path: Path, blank: Pipeline, tmp_path: Path) -> Path:
    source = tmp_path / "one.jsonl"
    source.write_text(
        '{"text": ' + __import__("json").dumps(TEXT) + ', "meta": {"title": "Kandar"}}\n',
        encoding="utf-8",
    )
    db = open_project(project_path)
    import_files(db, [source], pipeline=blank)
    db.conn.close()
    return project_path


def _label(window: MainWindow, qtbot: QtBot, words: str, key: Qt.Key, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    window.view.select_range(start, start + len(words))
    window.view.setFocus()
    qtbot.keyClick(window.view, key)
    assert window.selected is not None
    assert window.selected.id is not None
    return window.selected.id


def test_attribute_panel_edits_are_saved_and_undone(
    open_window: Make, small_project: Path, qtbot: QtBot
) -> None:
    window = open_window(small_project)
    span_id = _label(window, qtbot, "92 people", Qt.Key.Key_K)
    assert window.editor is not None
    assert window.editor.spans[span_id].attrs["qualifier"] == "exact"  # schema default
    qtbot.keyClick(window.view, Qt.Key.Key_F2)  # keyboard to the attribute panel
    outcome = window.span_panel.form.inputs["outcome"]
    assert isinstance(outcome, QComboBox)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is outcome)
    outcome.setCurrentText("killed")
    outcome.activated.emit(outcome.currentIndex())
    best = window.span_panel.form.inputs["best"]
    assert isinstance(best, QSpinBox)
    # "92 people" came pre-filled from its text (issue 12, item 16): correct the count.
    assert window.editor.spans[span_id].attrs["best"] == 92
    best.setValue(90)
    db = open_project(small_project)
    attrs = db.execute("SELECT attrs FROM spans WHERE id = ?", [span_id]).fetchone()[0]
    assert '"outcome": "killed"' in attrs
    assert '"best": 90' in attrs
    window.commands.undo.trigger()
    assert window.editor.spans[span_id].attrs.get("best") == 92
    assert window.editor.spans[span_id].attrs["outcome"] == "killed"


def test_link_a_quote_to_its_source_with_the_keyboard(
    open_window: Make, small_project: Path, qtbot: QtBot
) -> None:
    window = open_window(small_project)
    _label(window, qtbot, "Gen. Ahmed Zubaïr", Qt.Key.Key_S)
    _label(window, qtbot, "said", Qt.Key.Key_C)
    quote = _label(window, qtbot, "“We will not retreat,”", Qt.Key.Key_Q)
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # ATTRIBUTED_TO: only SOURCE spans are offered
    menu = window.controller.link_menu
    assert menu is not None
    assert menu.isVisible()
    assert next(a.text() for a in menu.actions() if a.text()).startswith("ATTRIBUTED_TO → SOURCE")
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert window.editor is not None
    rows = relations_of(window.db, window.editor.doc_id, window.annotator_id)
    assert [(r.head, r.label) for r in rows] == [(quote, "ATTRIBUTED_TO")]
    window.tabs.setCurrentWidget(window.links_panel)
    assert window.links_panel.table.rowCount() == 1
    assert window.links_panel.table.item(0, 1).text() == "ATTRIBUTED_TO"
    # The selected quote's panel lists the link, the source is marked in the text too;
    # Shift+L offers the cue.
    assert window.span_panel.links.count() == 1
    assert len(window.view.extraSelections()) == 2
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    menu = window.controller.link_menu
    assert menu is not None
    labels = [a.text() for a in menu.actions() if a.text()]
    assert any(text.startswith("HAS_CUE → CUE") for text in labels)
    menu.close()
    # Deleting the quote deletes its link; undo brings both back.
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert relations_of(window.db, window.editor.doc_id, window.annotator_id) == []
    window.commands.undo.trigger()
    assert len(relations_of(window.db, window.editor.doc_id, window.annotator_id)) == 1


def test_casualty_panel_flags_figures_that_do_not_add_up(
    open_window: Make, small_project: Path, qtbot: QtBot
) -> None:
    window = open_window(small_project)
    first = _label(window, qtbot, "92 people", Qt.Key.Key_K)
    second = _label(window, qtbot, "41", Qt.Key.Key_K)
    total = _label(window, qtbot, "145", Qt.Key.Key_K)
    editor = window.editor
    assert editor is not None
    for span_id, best in ((first, 92), (second, 41), (total, 145)):
        window.controller.select_span_id(span_id)
        window.controller.set_attribute("outcome", "killed")
        window.controller.set_attribute("best", best)
    for part in (first, second):
        window.controller.select_span_id(part)
        window.controller.link_selected_to("SUBSET_OF", total)
    relation_ids = [r.id for r in editor.relations.values()]
    for relation_id in relation_ids:
        assert relation_id is not None
        window.controller.set_relation_attribute(relation_id, "kind", "part")
    panel = window.casualty_panel
    window.tabs.setCurrentWidget(panel)
    assert panel.table.rowCount() == 3
    assert [panel.table.item(r, 4).text() for r in range(3)] == ["92", "41", "145"]
    assert panel.issues.text() == "⚠ the parts of “145” add up to 133, not 145"
    window.controller.set_attribute("best", 53)  # the selected span is the second part: 41
    assert panel.issues.text() == ""


def test_document_fields_stance_status_and_note(
    open_window: Make, small_project: Path, qtbot: QtBot
) -> None:
    window = open_window(small_project)
    _label(window, qtbot, "Gen. Ahmed Zubaïr", Qt.Key.Key_1)  # PERSON: offered as a target
    panel = window.document_panel
    window.tabs.setCurrentWidget(panel)
    stance = panel.editors["stance"]
    target_box = stance.target  # type: ignore[attr-defined]
    assert "Gen. Ahmed Zubaïr" in [target_box.itemText(i) for i in range(target_box.count())]
    target_box.setEditText("the ceasefire")
    stance.value.setCurrentText("favor")  # type: ignore[attr-defined]
    qtbot.mouseClick(stance.add, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.editor is not None
    fields = get_fields(window.db, window.editor.doc_id, window.annotator_id)
    assert fields == {"stance": [{"target": "the ceasefire", "value": "favor"}]}
    assert stance.table.item(0, 0).text() == "the ceasefire"  # type: ignore[attr-defined]
    note = panel.editors["note"]
    note.setFocus()
    qtbot.keyClicks(note, "check the toll")
    window.view.setFocus()  # leaving the note saves it
    fields = get_fields(window.db, window.editor.doc_id, window.annotator_id)
    assert fields["note"] == "check the toll"
    panel.status.setCurrentText("skipped")
    panel.status.activated.emit(panel.status.currentIndex())
    assert window.editor.status().value == "skipped"
    window.commands.undo.trigger()  # the note
    assert "note" not in get_fields(window.db, window.editor.doc_id, window.annotator_id)


def test_label_keys_type_text_in_panel_fields(
    open_window: Make, small_project: Path, qtbot: QtBot
) -> None:
    window = open_window(small_project)
    _label(window, qtbot, "Gen. Ahmed Zubaïr", Qt.Key.Key_S)
    note = window.document_panel.editors["note"]
    note.setFocus()
    qtbot.keyClicks(note, "qsk1")
    assert window.editor is not None
    assert [s.label for s in window.editor.spans.values()] == ["SOURCE"]
