"""Review > Claims ledger… on the four Orvan reports: read in a worker, shown side by side,
recoded by another rule, exported whole, and a double-click away from each span."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.model import Span
from annotator.ledger.ledger import as_json, build_ledger, entries_csv, summary_csv
from annotator.store.annotations import add_span
from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project
from annotator.ui.ledger.event_view import WARNING
from annotator.ui.ledger.job import CHOOSE
from annotator.ui.ledger.window import LedgerWindow
from annotator.ui.window.main_window import MainWindow
from tests.ledger.orvan import EVENT
from tests.ui.ledger.conftest import READ_MS, open_ledger, wait_for_reading
from tests.ui.windows import close_window, show


def _column(ledger: LedgerWindow, column: int) -> list[str]:
    table = ledger.view.reports
    return [table.item(row, column).text() for row in range(table.rowCount())]  # type: ignore[union-attr]


def _double_click(qtbot: QtBot, view: QAbstractItemView, at: QPoint) -> None:
    """As the mouse does it: a click, then the second press that makes it double."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _disagreement(ledger: LedgerWindow, kind: str) -> int:
    texts = [
        ledger.view.disagreements.item(i).text() for i in range(ledger.view.disagreements.count())
    ]  # type: ignore[union-attr]
    return next(i for i, text in enumerate(texts) if text.startswith(kind))


def test_the_event_and_its_reports_undated_last_and_flagged(
    analyst_window: MainWindow, qtbot: QtBot
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    events = ledger.events
    assert events.rowCount() == 1
    row = [events.item(0, c).text() for c in range(3)]  # type: ignore[union-attr]
    assert row == [EVENT, "4", "5"]
    assert ledger.title.text() == EVENT
    assert _column(ledger, 0) == ["2026-03-14", "2026-03-15", "2026-03-16", "⚠ undated"]
    # The web page's site name is its outlet.
    assert _column(ledger, 1) == ["Meridian Wire", "Daily Kestrel", "Valdoria Times", "Orvan Radio"]
    assert _column(ledger, 2)[-1] == "Witnesses describe Orvan raid"
    undated = ledger.view.reports.item(3, 0)
    assert undated is not None
    assert undated.foreground().color() == WARNING
    assert "listed last" in undated.toolTip()
    assert ledger.notice.isHidden()


def test_figures_are_grouped_by_outcome_and_victims_with_parts_marked(
    analyst_window: MainWindow, qtbot: QtBot
) -> None:
    tree = open_ledger(analyst_window, qtbot).view.figures
    groups = [tree.topLevelItem(g) for g in range(tree.topLevelItemCount())]
    assert [g.text(0) for g in groups if g is not None] == [
        "killed · armed group (5)",
        "killed · civilian (3)",
        "killed · mixed (1)",
        "injured · civilian (1)",
    ]
    militants = groups[0]
    assert militants is not None
    rows = [
        [militants.child(i).text(c) for c in (0, 1, 3, 4, 5, 6)]  # type: ignore[union-attr]
        for i in range(militants.childCount())
    ]
    assert rows == [
        ["145", "145 militants", "the chief minister", "government", "Meridian Wire", "2026-03-14"],
        [
            "92",
            "    ↳ 92 militants",
            "The provincial government",
            "government",
            "Daily Kestrel",
            "2026-03-15",
        ],
        [
            "41",
            "    ↳ another 41",
            "The provincial government",
            "government",
            "Daily Kestrel",
            "2026-03-15",
        ],
        [
            "145",
            "the toll to 145",
            "The provincial government",
            "government",
            "Daily Kestrel",
            "2026-03-15",
        ],
        [
            "160",
            "160 militants",
            "The chief minister",
            "government",
            "Valdoria Times",
            "2026-03-16",
        ],
    ]
    part = militants.child(1)
    assert part is not None
    assert part.toolTip(1).startswith("a part of “the toll to 145”")
    assert "parts do not add up" in part.text(7)
    included = groups[1].child(1)  # type: ignore[union-attr]
    assert included is not None
    assert included.text(1) == "    ↳ 31 civilians"
    assert included.toolTip(1).startswith("included in “nearly 50 people”")


def test_each_disagreement_names_its_figures_and_selecting_it_marks_them(
    analyst_window: MainWindow, qtbot: QtBot
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    found = ledger.view.disagreements
    assert found.count() == 5
    assert ledger.view.shown is not None
    expected = ledger.view.shown.disagreements
    parts = _disagreement(ledger, "parts do not add up")
    item = found.item(parts)
    assert item is not None
    assert item.text() == (
        "parts do not add up (killed, armed group): 92 + 41 = 133, but the total is 145\n"
        "“the toll to 145” (Daily Kestrel, 2026-03-15), “92 militants” (Daily Kestrel, "
        "2026-03-15), “another 41” (Daily Kestrel, 2026-03-15)"
    )
    found.setCurrentRow(parts)
    assert ledger.view.selected_spans() == set(expected[parts].spans)
    selected = sorted(i.text(1).strip("↳ ") for i in ledger.view.figures.selectedItems())
    assert selected == ["92 militants", "another 41", "the toll to 145"]
    denied = _disagreement(ledger, "denied")
    found.setCurrentRow(denied)
    assert ledger.view.figures.selectedItems() == []
    assert ledger.view.selected_spans() == set(expected[denied].spans)
    claim = ledger.view.claims.item(0, 0)
    assert claim is not None
    assert claim.text() == "✗ denied"
    assert claim.foreground().color() == WARNING


def test_the_coded_toll_follows_the_rule_chosen(analyst_window: MainWindow, qtbot: QtBot) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    summary = ledger.summary
    assert summary.numbers("deaths") == ("157", "157", "180")
    assert summary.numbers("injuries") == ("35", "35", "35")
    assert "conservative" in summary.text.text()
    summary.rule.setCurrentIndex(summary.rule.findData("ucdp"))
    assert not ledger.exports["summary"].isEnabled()  # not while the tolls are coded
    qtbot.waitUntil(lambda: not ledger.queue.jobs, timeout=READ_MS)
    # Militants: the minister's latest 160 and the province's 145 → 152; civilians 16.
    assert summary.numbers("deaths") == ("157", "168", "180")
    assert "median" in summary.text.text()
    assert ledger.ledger is not None
    assert ledger.ledger.rule == "ucdp"
    # The toll over time: each source kind's dated counts, parts left out.
    assert ledger.chart.lines == {
        "anonymous official": [(0, 12)],
        "government": [(0, 145), (1, 145), (2, 160)],
        "medical": [(1, 50)],
    }
    assert "government" in ledger.chart.legend.text()


def test_the_rule_chosen_last_is_the_one_coded(analyst_window: MainWindow, qtbot: QtBot) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    rule = ledger.summary.rule
    rule.setCurrentIndex(rule.findData("ucdp"))
    rule.setCurrentIndex(rule.findData("acled"))  # before the worker has coded UCDP
    qtbot.waitUntil(lambda: not ledger.queue.jobs, timeout=READ_MS)
    assert ledger.ledger is not None
    assert ledger.ledger.rule == "acled"
    assert ledger.summary.numbers("deaths") == ("157", "157", "180")
    assert "conservative" in ledger.summary.text.text()
    assert all(button.isEnabled() for button in ledger.exports.values())


def _export(ledger: LedgerWindow, qtbot: QtBot, kind: str, path: Path) -> None:
    """Export as the button does once a file is chosen, and wait for the worker."""
    assert ledger.export_to(kind, path) is not None
    qtbot.waitUntil(lambda: not ledger.queue.jobs, timeout=READ_MS)


def test_the_exports_are_the_ledger_as_the_command_line_writes_it(
    analyst_window: MainWindow, qtbot: QtBot, orvan: tuple[Path, list[int]], tmp_path: Path
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    out = tmp_path / "out"
    out.mkdir()
    (out / "entries.csv").write_text("an older export\n", encoding="utf-8")
    _export(ledger, qtbot, "csv", out / "entries.csv")
    assert ledger.written.text() == f"Wrote {out / 'entries.csv'}"
    _export(ledger, qtbot, "json", out / "ledger.json")
    ledger.summary.rule.setCurrentIndex(ledger.summary.rule.findData("ucdp"))
    qtbot.waitUntil(lambda: not ledger.queue.jobs, timeout=READ_MS)  # the tolls coded anew
    _export(ledger, qtbot, "summary", out / "tolls.csv")
    db = open_project(orvan[0])
    try:
        acled, ucdp = build_ledger(db), build_ledger(db, rule="ucdp")
    finally:
        db.conn.close()
    assert (out / "entries.csv").read_text(encoding="utf-8") == entries_csv(acled)
    # As `annotator ledger --json` prints it, character for character.
    printed = json.dumps(as_json(acled), indent=2, ensure_ascii=False) + "\n"
    assert (out / "ledger.json").read_text(encoding="utf-8") == printed
    assert (out / "tolls.csv").read_text(encoding="utf-8") == summary_csv(ucdp)
    # Written through a temporary file, renamed: nothing else is left in the folder.
    assert sorted(p.name for p in out.iterdir()) == ["entries.csv", "ledger.json", "tolls.csv"]
    assert all(button.isEnabled() for button in ledger.exports.values())


def test_an_export_that_cannot_be_written_says_so_and_leaves_nothing(
    analyst_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    _export(ledger, qtbot, "csv", tmp_path / "no such folder" / "entries.csv")
    boxes = [box for box in ledger.findChildren(QMessageBox) if box.isVisible()]
    assert [box.windowTitle() for box in boxes] == ["The ledger was not exported"]
    assert (
        boxes[0]
        .text()
        .endswith(f"No such file or directory: '{tmp_path / 'no such folder' / 'entries.csv'}'")
    )
    assert not (tmp_path / "no such folder").exists()
    assert ledger.written.text() == ""
    boxes[0].close()
    assert ledger.exports["csv"].isEnabled()


def test_double_clicking_a_figure_or_a_claim_opens_its_span(
    analyst_window: MainWindow, qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    tree = ledger.view.figures
    minister = next(i for i in ledger.view.figure_items() if i.text(1) == "160 militants")
    tree.scrollToItem(minister)
    _double_click(qtbot, tree, tree.visualItemRect(minister).center())
    window = analyst_window
    assert window.editor is not None
    assert window.editor.doc_id == orvan[1][2]
    assert window.selected is not None
    assert window.selected.id == minister.data(0, Qt.ItemDataRole.UserRole)[1]
    assert window.selected.text_in(window.editor.document.text) == "160 militants"
    claims = ledger.view.claims
    cell = claims.visualItemRect(claims.item(0, 1))  # type: ignore[arg-type]
    _double_click(qtbot, claims, cell.center())
    assert window.selected is not None
    assert window.selected.label == "CLAIM"
    assert window.selected.text_in(window.editor.document.text) == (
        "its forces took part in the operation"
    )


def test_with_several_annotators_the_window_asks_whose_work_it_reads(
    qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    path, ids = orvan
    db = open_project(path)
    bob = ensure_annotator(db, "bob")
    add_span(db, ids[0], bob, Span(0, 15, "CLAIM", "claim", attrs={"modality": "asserted"}))
    db.conn.close()
    window = show(qtbot, MainWindow(path, "analyst"), (1200, 800))
    try:
        ledger = open_ledger(window, qtbot)
        assert ledger.notice.text() == CHOOSE
        assert ledger.events.rowCount() == 0
        assert not ledger.exports["csv"].isEnabled()
        box = ledger.annotator
        assert [box.itemText(i) for i in range(box.count())] == ["Choose…", "analyst", "bob"]
        box.setCurrentIndex(box.findData("analyst"))
        box.activated.emit(box.currentIndex())
        wait_for_reading(window, qtbot)
        assert ledger.notice.isHidden()
        assert ledger.events.item(0, 0).text() == EVENT  # type: ignore[union-attr]
        assert [box.itemText(i) for i in range(box.count())] == ["analyst", "bob"]
        assert box.currentText() == "analyst"
        assert ledger.exports["csv"].isEnabled()
        assert ledger.summary.numbers("deaths") == ("157", "157", "180")
    finally:
        close_window(window)
    assert window.ledger_jobs.ledger_window is None  # closed with the main window


def test_the_chart_says_when_no_figure_is_dated(qtbot: QtBot) -> None:
    from annotator.ui.charts.toll_chart import NO_DATES, TollChart

    chart = TollChart()
    qtbot.addWidget(chart)
    chart.show_timeline({"witness": []})
    assert chart.lines == {}
    assert chart.message.text() == NO_DATES
    assert not chart.message.isHidden()


def test_refresh_reads_what_was_edited_since(
    analyst_window: MainWindow, qtbot: QtBot, orvan: tuple[Path, list[int]]
) -> None:
    ledger = open_ledger(analyst_window, qtbot)
    window = analyst_window
    window.open_document(orvan[1][3])
    window.tabs.setCurrentWidget(window.document_panel)
    date = window.document_panel.report.date
    date.setFocus()
    qtbot.keyClicks(date, "2026-03-13")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert _column(ledger, 1)[-1] == "Orvan Radio"  # as read before
    qtbot.mouseClick(ledger.refresh, Qt.MouseButton.LeftButton)
    wait_for_reading(window, qtbot)
    # Dated now, and the earliest: first, no longer flagged.
    assert _column(ledger, 0) == ["2026-03-13", "2026-03-14", "2026-03-15", "2026-03-16"]
    assert _column(ledger, 1)[0] == "Orvan Radio"
    assert ledger.current_event() == EVENT
