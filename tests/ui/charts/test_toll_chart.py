"""The toll over time: each source kind's counts by report date, written beside them
while they stay readable."""

from __future__ import annotations

import pyqtgraph as pg
from pytestqt.qtbot import QtBot

from annotator.ui.charts.toll_chart import LABELLED, TollChart


def _written(chart: TollChart) -> list[str]:
    item = chart.plot.getPlotItem()
    return sorted(i.toPlainText() for i in item.items if isinstance(i, pg.TextItem))


def test_a_few_counts_are_written_beside_their_points(qtbot: QtBot) -> None:
    chart = TollChart()
    qtbot.addWidget(chart)
    chart.show_timeline({"government": [("2026-03-14", 145), ("2026-03-16", 160)]})
    assert chart.lines == {"government": [(0, 145), (2, 160)]}
    assert _written(chart) == ["145", "160"]


def test_many_counts_are_drawn_but_not_written(qtbot: QtBot) -> None:
    chart = TollChart()
    qtbot.addWidget(chart)
    days = [f"2026-03-{d:02d}" for d in range(1, 29)]
    timeline = {kind: [(day, n + k) for n, day in enumerate(days)] for k, kind in enumerate("ab")}
    assert sum(len(points) for points in timeline.values()) > LABELLED
    chart.show_timeline(timeline)
    assert len(chart.lines["a"]) == len(chart.lines["b"]) == 28
    assert _written(chart) == []  # 56 numbers over 28 days would be a smudge
