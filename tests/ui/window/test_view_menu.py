"""View menu: zoom from the keyboard, light and dark themes, panels, and unique shortcuts."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.core.colour import contrast_ratio
from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.review.merge import merge_projects
from annotator.store.db import connect
from annotator.ui.common import icons, settings
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]

TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar on Sunday."
CTRL = Qt.KeyboardModifier.ControlModifier


def _span(words: str, label: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


@pytest.fixture
def annotated(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    """One article with a span of each layer (and so of each line style)."""
    record = {
        "text": TEXT,
        "spans": [
            _span("Ahmed Zubaïr", "PERSON"),
            _span("Gen. Ahmed Zubaïr", "SOURCE"),
            _span("at least 145 militants were killed", "CASUALTY"),
            _span("militants were killed in Kandar", "CLAIM"),
        ],
        "_annotator_id": "alice",
        "answer": "accept",
    }
    return project_from_record(tmp_path / "alice.annotator", schema, blank, record)


@pytest.fixture
def review_project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    projects = []
    for who, label in (("alice", "PERSON"), ("bob", "ORG")):
        record = {
            "text": TEXT,
            "spans": [_span("Ahmed Zubaïr", label)],
            "_annotator_id": who,
            "answer": "accept",
        }
        projects.append(project_from_record(tmp_path / f"{who}.annotator", schema, blank, record))
    review = tmp_path / "review.annotator"
    merge_projects(connect(review), projects)
    return review


def test_zoom_keys_resize_the_article_and_the_review_panes(
    qtbot: QtBot, fresh_settings: QSettings, review_project: Path
) -> None:
    window = shown_window(qtbot, review_project, review=True)
    views = [window.view, *(p.view for p in window.review_panes.panes)]
    assert len(views) == 3
    normal = window.view.font().pointSizeF()
    window.view.setFocus()

    def sizes() -> list[float]:
        return [round(v.font().pointSizeF() / normal, 2) for v in views]

    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)  # Ctrl++
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)  # Ctrl+=, the same key unshifted
    assert sizes() == [1.2, 1.2, 1.2]
    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert sizes() == [1.1, 1.1, 1.1]
    assert "Zoom: 110 %" in window.status.currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert sizes() == [1.0, 1.0, 1.0]
    for _ in range(20):  # never smaller than half
        qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert sizes() == [0.5, 0.5, 0.5]
    assert settings.zoom() == 50
    close_window(window)


def test_dark_theme_keeps_highlighted_text_readable_and_inks_icons_light(
    qtbot: QtBot, fresh_settings: QSettings, annotated: Path
) -> None:
    window = shown_window(qtbot, annotated)
    undo_light = window.commands.undo.icon().pixmap(32, 32).toImage()
    window.view_controls.theme_actions["dark"].trigger()
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    assert contrast_ratio(text.name(), base.name()) >= 7  # the page itself
    # Over every label the article's text is dark, whatever the theme's text colour.
    block = window.view.document().firstBlock()
    ranges = block.layout().formats()
    assert len(ranges) >= 4
    for painted in ranges:
        background = painted.format.background().color()
        foreground = painted.format.foreground().color()
        assert contrast_ratio(foreground.name(), background.name()) >= 7
    # Icons are drawn again in a light ink: the dark one vanishes on a dark toolbar.
    assert icons.INK[True] != icons.INK[False]
    undo_dark = window.commands.undo.icon().pixmap(32, 32).toImage()
    assert undo_dark != undo_light
    ink = QColor(icons.INK[True])
    assert contrast_ratio(ink.name(), palette.color(QPalette.ColorRole.Window).name()) >= 4.5

    window.view_controls.theme_actions["light"].trigger()
    light = QApplication.palette()
    assert light.color(QPalette.ColorRole.Window).lightness() > 200
    window.view_controls.theme_actions["system"].trigger()
    assert settings.theme() == "system"
    close_window(window)


def test_panels_hide_and_come_back_from_the_keyboard(
    qtbot: QtBot, fresh_settings: QSettings, annotated: Path
) -> None:
    window = shown_window(qtbot, annotated)
    panels = window.view_controls.panels()
    for key, name in (
        (Qt.Key.Key_1, "documents"),
        (Qt.Key.Key_2, "panels"),
        (Qt.Key.Key_4, "palette"),
    ):
        assert panels[name].isVisible()
        qtbot.keyClick(window, key, CTRL)
        assert not panels[name].isVisible(), name
        assert name in settings.hidden_panels()
        qtbot.keyClick(window, key, CTRL)
        assert panels[name].isVisible(), name
        assert panels[name].width() > 0
    assert settings.hidden_panels() == set()
    close_window(window)


def _shortcut_owners(window: MainWindow) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for action in set(window.findChildren(QAction)):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            owners[text].append(action.text())
    return owners


@pytest.mark.parametrize("review", [False, True], ids=["annotate", "review"])
def test_no_two_actions_share_a_shortcut(
    qtbot: QtBot, fresh_settings: QSettings, review_project: Path, review: bool
) -> None:
    window = shown_window(qtbot, review_project, review=review)
    owners = _shortcut_owners(window)
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}
    # The new ones are there, and every label key too.
    for key in ("Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0", "Ctrl+1", "Ctrl+3", "Ctrl+/", "F12"):
        assert key in owners, key
    assert {lab.key.upper() for lab in window.schema.labels if lab.key} <= set(owners)
    close_window(window)
