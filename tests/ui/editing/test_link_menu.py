"""The link menu (L / Shift+L): part-of and included-in offered directly, existing links ticked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.store.relations import relations_of
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record

Make = Callable[..., MainWindow]

TEXT = "The army said it killed 145 militants: 92 on Saturday and another 41 on Friday."


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    return project_from_record(
        tmp_path / "links.annotator", schema, blank, {"text": TEXT, "meta": {"title": "t"}}
    )


def _figure(window: MainWindow, qtbot: QtBot, words: str) -> int:
    """Mark ``words`` as a casualty figure (K); its span id."""
    start = TEXT.index(words)
    window.view.select_range(start, start + len(words))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert window.editor is not None
    return next(i for i, s in window.editor.spans.items() if s.start == start)


def _entries(window: MainWindow) -> dict[str, tuple[bool, bool]]:
    """The open link menu: each entry's text with (enabled, checked)."""
    menu = window.controller.link_menu
    assert menu is not None
    return {a.text(): (a.isEnabled(), a.isChecked()) for a in menu.actions() if a.text()}


def test_a_figure_is_linked_as_part_of_its_total_in_one_choice(
    open_window: Make, project: Path, qtbot: QtBot
) -> None:
    window = open_window(project)
    total = _figure(window, qtbot, "145 militants")
    part = _figure(window, qtbot, "92")
    for span_id, best in ((total, 145), (part, 92)):
        window.controller.select_span_id(span_id)
        window.controller.set_attribute("outcome", "killed")
        window.controller.set_attribute("best", best)
    window.controller.select_span_id(part)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    entries = _entries(window)
    texts = list(entries)
    assert texts[:2] == [
        "SUBSET_OF (included) → CASUALTY “145 militants”",
        "SUBSET_OF (part) → CASUALTY “145 militants”",
    ]
    menu = window.controller.link_menu
    assert menu is not None
    menu.actions()[1].trigger()  # "part": the 92 + 41 = 145 check counts it
    menu.close()
    assert window.editor is not None
    links = relations_of(window.db, window.editor.doc_id, window.annotator_id)
    assert [(r.head, r.child, r.label, r.attrs) for r in links] == [
        (part, total, "SUBSET_OF", {"kind": "part"})
    ]

    # Asked again, the link is shown ticked and cannot be made twice.
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    entries = _entries(window)
    assert entries["SUBSET_OF → CASUALTY “145 militants”"] == (False, True)
    assert not any(t.startswith("SUBSET_OF (") and "145" in t for t in entries)
    window.controller.link_menu.close()  # type: ignore[union-attr]
