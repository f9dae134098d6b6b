"""The learning curve: drawn in the dialogs, and written as a PNG with no window at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from annotator.training.models import CurvePoint, LabelScore, ModelCard
from annotator.ui.charts.curve_png import SIZE, write_curve_png
from annotator.ui.charts.learning_curve import NO_CURVE, LearningCurveChart

CURVE = [CurvePoint(0.25, 30, 0.41), CurvePoint(0.5, 60, 0.55), CurvePoint(1.0, 120, 0.74)]


def _card(curve: list[CurvePoint]) -> ModelCard:
    return ModelCard(
        name="2026-01-02-030405",
        created="2026-01-02T03:04:05+00:00",
        labels={"QUOTE": "attribution"},
        fields={},
        source="gold",
        documents=120,
        held_out=30,
        f1=0.74,
        scores={"QUOTE": LabelScore(0.8, 0.7, 0.74, 0.5, 90, 80)},
        curve=curve,
    )


def test_the_chart_draws_a_point_with_its_value_per_share(qtbot: QtBot) -> None:
    chart = LearningCurveChart()
    qtbot.addWidget(chart)
    chart.show_card(_card(CURVE))
    assert chart.has_curve
    assert chart.values == ["0.41", "0.55", "0.74"]
    ticks = chart.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["30", "60", "120"]


def test_a_card_without_a_curve_gets_a_plain_message(qtbot: QtBot) -> None:
    chart = LearningCurveChart()
    qtbot.addWidget(chart)
    chart.show_card(_card(CURVE))
    chart.show_card(_card([]))
    assert not chart.has_curve
    assert chart.values == []
    assert chart.message.text() == NO_CURVE
    chart.show_card(None)
    assert not chart.has_curve


def _is_png_of_the_chart(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == SIZE
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 5_000  # a line, points, axes and words, not a blank
    colours = {image.pixel(x, y) for x in range(0, SIZE[0], 7) for y in range(0, SIZE[1], 7)}
    assert len(colours) > 3
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_the_png_is_written_in_a_window_s_process(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "curve.png"
    write_curve_png(_card(CURVE), path)
    _is_png_of_the_chart(path)


def test_the_png_is_written_by_a_process_with_no_window_and_no_display(tmp_path: Path) -> None:
    """As ``annotator train --curve`` does: no QApplication, no display, no platform set."""
    path = tmp_path / "curve.png"
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ.pop("QT_QPA_PLATFORM", None)
        os.environ.pop("DISPLAY", None)
        os.environ.pop("WAYLAND_DISPLAY", None)
        from pathlib import Path
        from annotator.training.models import CurvePoint, ModelCard
        from annotator.ui.charts.curve_png import write_curve_png
        card = ModelCard("m", "2026-01-02T03:04:05+00:00", {{}}, {{}}, "gold", 120, 30, 0.74,
                         {{}}, curve=[CurvePoint(0.5, 60, 0.55), CurvePoint(1.0, 120, 0.74)])
        write_curve_png(card, Path({str(path)!r}))
        from PySide6.QtWidgets import QApplication
        assert QApplication.platformName() == "offscreen", QApplication.platformName()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    _is_png_of_the_chart(path)
