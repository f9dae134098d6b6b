"""Review mode shows every disagreement (issue 12, items 6 and 7), in the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.review.gold import gold_annotator
from annotator.review.merge import merge_projects
from annotator.store.annotations import spans_of
from annotator.store.db import connect
from annotator.ui.review.panes import PANE_SIZES
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]

TEXT = "Gen. Ahmed Zubaïr said up to 50 militants were killed in Kandar on Sunday."
ALICE = {"outcome": "killed", "qualifier": "approx", "victims": "armed group"}
BOB = {"outcome": "killed", "qualifier": "up to", "max": 50, "victims": "unknown"}
STANCE = [{"target": "the army", "value": "against"}]


def _span(words: str, label: str, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label, "attrs": attrs or {}}


@pytest.fixture
def review_project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    """alice and bob mark the same person and figure, the figure with other attributes;
    only alice marks Kandar. Both give the same stance."""
    layers = {
        "alice": [
            _span("Ahmed Zubaïr", "PERSON"),
            _span("up to 50 militants", "CASUALTY", ALICE),
            _span("Kandar", "GPE"),
        ],
        "bob": [_span("Ahmed Zubaïr", "PERSON"), _span("up to 50 militants", "CASUALTY", BOB)],
    }
    projects = []
    for who, spans in layers.items():
        record = {
            "text": TEXT,
            "spans": spans,
            "_annotator_id": who,
            "answer": "accept",
            "fields": {"stance": STANCE},
        }
        projects.append(project_from_record(tmp_path / f"{who}.annotator", schema, blank, record))
    review = tmp_path / "review.annotator"
    merge_projects(connect(review), projects)
    return review


def _states(window: MainWindow) -> list[str]:
    model = window.units_panel.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def _units(window: MainWindow) -> list[str]:
    model = window.units_panel.model
    return [model.data(model.index(row, 1)).split(" — ")[0] for row in range(model.rowCount())]


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key, shift: bool = False) -> None:
    window.view.setFocus()
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.view, key, modifier)


def test_different_attributes_are_a_disagreement_d_stops_at_and_alt_n_settles(
    qtbot: QtBot, review_project: Path, fresh_settings: QSettings
) -> None:
    window = shown_window(qtbot, review_project, annotator="reviewer", review=True)
    assert _units(window) == [
        "PERSON “Ahmed Zubaïr”",
        "CASUALTY “up to 50 militants”",
        "GPE “Kandar”",
        "stance toward the army: against",  # not [{"target": …}]
    ]
    # It used to read "accepted (2 of 2)": gold had taken alice's attributes.
    assert _states(window) == [
        "accepted",
        "attributes differ: max, qualifier, victims",
        "partial",
        "accepted",
    ]
    model = window.units_panel.model
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "max: (empty) — alice; 50 — bob",
        "qualifier: approx — alice; up to — bob",
        "victims: armed group — alice; unknown — bob",
    ]
    gold = gold_annotator(window.db)
    assert editor_labels(window, gold) == ["PERSON"]  # the figure waits for the reviewer
    _press(qtbot, window, Qt.Key.Key_D)
    assert window.units_panel.table.currentIndex().row() == 1
    assert window.status.currentMessage().startswith("attributes differ: max, qualifier")
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # bob's
    assert window.editor is not None
    (figure,) = [
        s for s in spans_of(window.db, window.editor.doc_id, gold) if s.label == "CASUALTY"
    ]
    assert figure.attrs == BOB
    assert _states(window)[1] == "accepted"
    close_window(window)


def editor_labels(window: MainWindow, annotator: int) -> list[str]:
    assert window.editor is not None
    return [s.label for s in spans_of(window.db, window.editor.doc_id, annotator)]


def test_d_wraps_around_to_the_disagreements_above_and_says_so(
    qtbot: QtBot, review_project: Path, fresh_settings: QSettings
) -> None:
    window = shown_window(qtbot, review_project, annotator="reviewer", review=True)
    window.units_panel.select(3)  # the stance, below every open unit
    _press(qtbot, window, Qt.Key.Key_D)
    assert window.units_panel.table.currentIndex().row() == 1  # not "No disagreement left"
    assert window.status.currentMessage().startswith("Wrapped to the first disagreement.")
    _press(qtbot, window, Qt.Key.Key_D)
    assert window.units_panel.table.currentIndex().row() == 2
    assert not window.status.currentMessage().startswith("Wrapped")
    window.units_panel.select(0)
    _press(qtbot, window, Qt.Key.Key_D, shift=True)  # nothing open above: to the last
    assert window.units_panel.table.currentIndex().row() == 2
    assert window.status.currentMessage().startswith("Wrapped to the last disagreement.")
    close_window(window)


def test_the_panes_take_the_room_they_are_given_and_keep_it(
    qtbot: QtBot, review_project: Path, fresh_settings: QSettings
) -> None:
    window = shown_window(
        qtbot, review_project, annotator="reviewer", review=True, size=(1600, 1000)
    )
    panes = window.review_panes
    first, second = (p.view for p in panes.panes)
    # Dragging the handle between the panes: the reviewer gives alice's pane the room.
    total = sum(panes.sizes())
    panes.moveSplitter(round(total * 0.75), 1)
    qtbot.waitUntil(lambda: first.height() > 2 * second.height())
    chosen = panes.sizes()
    assert QSettings().value(PANE_SIZES.format(n=2)) == [str(s) for s in chosen]
    # A folded pane is just its header: the other one gets its room.
    before = second.height()
    panes.panes[0].header.click()
    qtbot.waitUntil(lambda: second.height() > before + first.height() // 2)
    panes.panes[0].header.click()
    close_window(window)
    # The next window puts the panes back as the reviewer left them.
    again = shown_window(
        qtbot, review_project, annotator="reviewer", review=True, size=(1600, 1000)
    )
    ratio = again.review_panes.sizes()[0] / sum(again.review_panes.sizes())
    assert ratio == pytest.approx(chosen[0] / sum(chosen), abs=0.02)
    close_window(again)


def test_a_taller_window_gives_the_panes_room_too(
    qtbot: QtBot, review_project: Path, fresh_settings: QSettings
) -> None:
    window = shown_window(
        qtbot, review_project, annotator="reviewer", review=True, size=(1600, 1000)
    )
    pane, gold = window.review_panes.panes[0].view, window.view
    before = pane.height(), gold.height()
    window.resize(1600, 1400)
    qtbot.waitUntil(lambda: gold.height() > before[1] + 100)
    # Not only the gold article grows (it used to take every extra pixel): the panes
    # share the extra height with it.
    assert pane.height() - before[0] > (gold.height() - before[1]) / 4
    close_window(window)
