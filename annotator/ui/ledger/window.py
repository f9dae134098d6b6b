"""The Claims ledger window: events on the left; for the chosen one, its reports, figures,
claims and disagreements, the toll over time and the coded toll; the exports.

The ledger is read in a worker (job.py) and handed to ``show_result``; choosing whose
work it reads, or Refresh, asks the main window for another reading
(``rebuild_requested``). The coding rule recodes what is in hand, in a worker too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.control import Control
from annotator.ledger.coding import coded_summary
from annotator.ledger.ledger import Event, Ledger
from annotator.ui.charts.toll_chart import TollChart
from annotator.ui.common.errors import show_error
from annotator.ui.common.filling import filling
from annotator.ui.jobs.queue import Job, JobQueue
from annotator.ui.ledger.event_view import EventView, ledger_table
from annotator.ui.ledger.exports import EXPORTS, export_text, write_whole
from annotator.ui.ledger.job import LedgerResult
from annotator.ui.ledger.summary import SummaryBox

NO_EVENTS = (
    "No report is placed in an event yet: give each article its event in the Document tab "
    "(the field “Event”), the same name in every report of it."
)


class LedgerWindow(QWidget):
    """The ledger of one project, as last read; double-click an entry to open it."""

    span_requested = Signal(int, int, int, int)  # document, span id, start, end
    document_requested = Signal(int)
    #: Read the ledger again, of this person's work (None: gold, else the only one).
    rebuild_requested = Signal(object)

    def __init__(self, project: Path) -> None:
        super().__init__()
        self.setWindowTitle(f"Claims ledger — {project.stem}")
        self.project = project
        self.result: LedgerResult | None = None
        self.ledger: Ledger | None = None
        self.queue = JobQueue(self)  # the exports: written in a worker
        self.view = EventView(self)
        self.view.span_requested.connect(self.span_requested)
        self.view.document_requested.connect(self.document_requested)
        self.notice = QLabel()
        self.notice.setObjectName("ledgerNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.events = self._events_table()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # event names are typed by people
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.chart = TollChart()
        self.summary = SummaryBox()
        self.summary.rule_changed.connect(self.recode)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        layout.addWidget(self.notice)
        layout.addWidget(self._body(), 1)
        self.resize(1280, 860)

    # -- building ------------------------------------------------------------------------

    def _top_bar(self) -> QHBoxLayout:
        self.annotator = QComboBox()
        self.annotator.setObjectName("ledgerAnnotator")
        self.annotator.setToolTip(
            "Whose work the ledger reads where no reviewer made gold (gold is read first)"
        )
        self.annotator.setMinimumContentsLength(14)
        self.annotator.activated.connect(self._annotator_chosen)
        self.refresh = QPushButton("&Refresh")
        self.refresh.setToolTip("Read the project again (after editing events, outlets, dates)")
        self.refresh.clicked.connect(
            lambda: self.rebuild_requested.emit(self.annotator.currentData())
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Whose work:"))
        bar.addWidget(self.annotator)
        bar.addWidget(self.refresh)
        bar.addStretch(1)
        self.written = QLabel()
        self.written.setObjectName("ledgerWritten")
        self.written.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.written)
        self.exports: dict[str, QPushButton] = {}
        for kind, (text, _ending, _filter) in EXPORTS.items():
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=kind: self.export(k))
            self.exports[kind] = button
            bar.addWidget(button)
        return bar

    def _events_table(self) -> QTableWidget:
        table = ledger_table(("Event", "Reports", "Disagreements"), "ledgerEvents", 0)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.itemSelectionChanged.connect(self._event_chosen)
        return table

    def _body(self) -> QSplitter:
        reports = QWidget()
        column = QVBoxLayout(reports)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.view.reports)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.view.disagreements)
        bottom.addWidget(self.chart)
        bottom.addWidget(self.summary)
        bottom.setSizes([420, 330, 290])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(reports)
        right.addWidget(self.view.figures)
        right.addWidget(self.view.claims)
        right.addWidget(bottom)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(1, 1)
        right.setSizes([170, 250, 80, 330])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.events)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        body.setSizes([330, 950])
        return body

    # -- showing -------------------------------------------------------------------------

    def show_result(self, result: LedgerResult) -> None:
        """Show a ledger just read (or the question it needs answered)."""
        chosen = self.current_event()
        self.result = result
        self.ledger = result.ledger
        self._show_annotators(result)
        if result.ledger is not None:
            self.summary.set_rule(result.ledger.rule)
        for button in self.exports.values():  # not while one is written
            button.setEnabled(result.ledger is not None and not self.queue.jobs)
        events = result.ledger.events if result.ledger is not None else []
        self.notice.setText(
            result.question or (NO_EVENTS if all(e.name == "(no event)" for e in events) else "")
        )
        self.notice.setVisible(bool(self.notice.text()))
        self.events.blockSignals(True)
        self.events.clearSelection()  # selecting below shows the event read just now
        with filling(self.events):
            self._fill_events(events)
        self.events.blockSignals(False)
        names = [e.name for e in events]
        self.events.selectRow(names.index(chosen) if chosen in names else 0)
        if not events:
            self._show_event(None)

    def _fill_events(self, events: list[Event]) -> None:
        self.events.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = (event.name, str(len(event.reports)), str(len(event.disagreements)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.events.setItem(row, column, item)

    def _show_annotators(self, result: LedgerResult) -> None:
        box = self.annotator
        box.clear()
        asking = result.ledger is None and result.annotator is None
        if asking:
            box.addItem("Choose…", None)
        for name in result.annotators:
            box.addItem(name, name)
        if result.annotator is not None:
            box.setCurrentIndex(max(0, box.findData(result.annotator)))
        box.setEnabled(len(result.annotators) > 1 or asking)

    def _annotator_chosen(self, _index: int) -> None:
        name = self.annotator.currentData()
        if name is not None and self.result is not None and name != self.result.annotator:
            self.rebuild_requested.emit(name)

    def current_event(self) -> str | None:
        """The name of the event shown (None: none)."""
        return self.view.shown.name if self.view.shown is not None else None

    def _event_chosen(self) -> None:
        rows = self.events.selectionModel().selectedRows()
        events = self.ledger.events if self.ledger is not None else []
        self._show_event(events[rows[0].row()] if rows and rows[0].row() < len(events) else None)

    def _show_event(self, event: Event | None) -> None:
        self.title.setText(event.name if event is not None else "")
        self.view.show_event(event)
        self.chart.show_timeline(event.timeline() if event is not None else {})
        reports = {r.doc_id: r for r in event.reports} if event is not None else {}
        self.summary.show_summary(event.summary if event is not None else {}, reports)

    def select_event(self, name: str) -> None:
        """Show the event called ``name``."""
        names = [e.name for e in self.ledger.events] if self.ledger is not None else []
        if name in names:
            self.events.selectRow(names.index(name))

    # -- the rule and the exports --------------------------------------------------------

    def recode(self, rule: str) -> Job | None:
        """Code every event's toll by ``rule`` ('acled' or 'ucdp'), in a worker: a few
        tenths of a second for ten thousand articles. The exports wait for it."""
        ledger = self.ledger
        if ledger is None or rule == ledger.rule:
            return None

        def work(_db: object, control: Control) -> tuple[Ledger, Ledger]:
            control.progress(0, 0, "Coding the tolls…")
            events = [replace(e, summary=coded_summary(e.figures, rule)) for e in ledger.events]
            return ledger, Ledger(rule, events)

        saying = f"Coding the tolls by {self.summary.rule.currentText()}…"
        return self._in_worker("Ledger coding", work, self._recoded, self._not_recoded, saying)

    def _recoded(self, result: tuple[Ledger, Ledger]) -> None:
        coded_from, ledger = result
        self._writing("")
        if self.ledger is not coded_from:
            return  # read again meanwhile, by the rule chosen then
        self.ledger = ledger
        self._event_chosen()
        chosen = str(self.summary.rule.currentData())
        if chosen == ledger.rule:
            self.summary.set_rule(ledger.rule)  # its text too
        else:  # the chooser moved on while this was coded
            self.recode(chosen)

    def _not_recoded(self, message: str, details: str) -> None:
        self._writing("")
        show_error(self, "The tolls were not coded", message, "Choose the rule again.", details)

    def export(self, kind: str) -> None:
        """Ask where, then write the ledger as ``kind`` ('csv', 'json' or 'summary')."""
        text, ending, filters = EXPORTS[kind]
        suggested = self.project.with_name(f"{self.project.stem}{ending}")
        name, _ = QFileDialog.getSaveFileName(self, text.rstrip("…"), str(suggested), filters)
        if name:
            self.export_to(kind, Path(name))

    def export_to(self, kind: str, path: Path) -> Job | None:
        """Write the whole ledger (every event, the rule chosen) to ``path``, in a worker."""
        ledger = self.ledger
        if ledger is None:
            return None

        def work(_db: object, control: Control) -> Path:
            control.progress(0, 0, f"Writing {path.name}…")
            write_whole(path, export_text(ledger, kind))
            return path

        saying = f"Writing {path.name}…"
        return self._in_worker("Ledger export", work, self._written, self._not_written, saying)

    def _in_worker(
        self,
        name: str,
        work: Callable[[object, Control], object],
        done: Callable[[Any], None],
        failed: Callable[[str, str], None],
        saying: str,
    ) -> Job:
        """Run ``work`` on the window's queue (it reads no project), saying ``saying``
        meanwhile, with the exports held until it ends."""
        job = Job(name, Path(":memory:"), work)
        job.signals.finished.connect(done)
        job.signals.failed.connect(failed)
        self._writing(saying, busy=True)
        self.queue.submit(job)
        return job

    def _writing(self, text: str, *, busy: bool = False) -> None:
        """Say how the export stands; no other is started while one is written."""
        self.written.setText(text)
        for button in self.exports.values():
            button.setEnabled(not busy and self.ledger is not None)

    def _written(self, path: Path) -> None:
        self._writing(f"Wrote {path}")

    def _not_written(self, message: str, details: str) -> None:
        self._writing("")
        show_error(
            self,
            "The ledger was not exported",
            message,
            "No file was written (one that was there is as it was). Choose a folder you "
            "can write to, with some free space, and export again.",
            details,
        )
