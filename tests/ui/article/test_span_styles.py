"""Labels told apart by more than colour: a line per layer, keys, names on hover, crisp swatches."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QTextCharFormat, QTextLayout
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.ui.article.palette import SWATCH_RATIOS, swatch
from annotator.ui.article.span_styles import LAYER_MARKS
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings

__all__ = ["fresh_settings"]

Underline = QTextCharFormat.UnderlineStyle
TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar, a claim."
WORDS = {
    "PERSON": "Ahmed Zubaïr",
    "CUE": "said",
    "CASUALTY": "145 militants were killed",
    "CLAIM": "a claim",
}


@pytest.fixture
def window(
    qtbot: QtBot, fresh_settings: QSettings, tmp_path: Path, schema: LabelSchema, blank: Pipeline
) -> MainWindow:
    spans = [
        {"start": TEXT.index(w), "end": TEXT.index(w) + len(w), "label": label}
        for label, w in WORDS.items()
    ]
    record = {"text": TEXT, "spans": spans, "_annotator_id": "alice", "answer": "accept"}
    path = project_from_record(tmp_path / "alice.annotator", schema, blank, record)
    made = MainWindow(path, "alice")
    qtbot.addWidget(made)
    made.resize(1000, 700)
    made.show()
    qtbot.waitExposed(made)
    return made


def _format_at(window: MainWindow, words: str) -> QTextCharFormat:
    start = window.view.to_position(TEXT.index(words))
    block = window.view.document().findBlock(start)
    ranges: list[QTextLayout.FormatRange] = block.layout().formats()
    at = start - block.position()
    inner = [r for r in ranges if r.start <= at < r.start + r.length]
    return QTextCharFormat(inner[-1].format)  # a copy that outlives the ranges


def test_each_layer_has_its_own_line_besides_its_colour(window: MainWindow) -> None:
    marks = {}
    for label, words in WORDS.items():
        fmt = _format_at(window, words)
        marks[label] = (fmt.underlineStyle(), fmt.fontOverline())
        assert fmt.background().color().name() == window.colours[label]
    # Four layers, four different marks…
    assert len(set(marks.values())) == 4
    assert marks["PERSON"] == (Underline.SingleUnderline, False)
    assert marks["CASUALTY"] == (Underline.SingleUnderline, True)
    # …none of them the suggestions' dashes or the linked spans' dots.
    for style, _over in marks.values():
        assert style not in (Underline.DashUnderline, Underline.DotLine)
    window.close()


def test_the_legend_shows_keys_and_explains_the_lines(window: MainWindow) -> None:
    text = window.legend.text()
    for chip in ("PERSON [1]", "CUE [C]", "CASUALTY [K]", "CLAIM [A]"):
        assert chip in text
    tip = window.legend.toolTip()
    for layer, mark in zip(window.schema.layers, LAYER_MARKS, strict=False):
        assert f"{layer.title}: {mark.name}" in tip
    # The legend is painted with the article's own formats, lines included.
    painted = window.legend._painted
    styles = set()
    block = painted.firstBlock()
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.charFormat().background().style().value:
            styles.add(
                (fragment.charFormat().underlineStyle(), fragment.charFormat().fontOverline())
            )
        iterator += 1
    assert len(styles) == 4
    window.close()


def test_palette_buttons_show_the_key_and_hovering_names_the_label(window: MainWindow) -> None:
    for label in window.schema.labels:
        button = window.label_palette.buttons[label.name]
        if label.key:
            assert button.text().startswith(f"{label.key.upper()}  ")
        assert label.name in button.text()
    assert window.view.labels_at(TEXT.index("Zubaïr")) == ["PERSON"]
    assert window.view.labels_at(TEXT.index("militants")) == ["CASUALTY"]
    assert window.view.labels_at(TEXT.index("Kandar")) == []
    window.close()


def test_swatches_are_drawn_for_high_dpi_screens(qtbot: QtBot) -> None:
    icon = swatch("#67b5f5")
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    for ratio in SWATCH_RATIOS:
        side = round(14 * ratio)
        assert (side, side) in sizes
    sharp = icon.pixmap(QSize(14, 14), 2.0)
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (28, 28, 2.0)
