"""One event of the ledger: its reports, its figures by outcome and victims, its claims
and the disagreements between them.

Selecting a disagreement selects the figures and claims it names; double-clicking a
figure or a claim asks the main window to open its document with the span selected
(a report: its document).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from annotator.ledger.checks import Disagreement
from annotator.ledger.entries import Claim, Figure, Report
from annotator.ledger.ledger import Event
from annotator.ui.common.filling import filling

WARNING = QColor("#b00020")  # as the Document tab's warnings
ROLE = Qt.ItemDataRole.UserRole
FIGURE_COLUMNS = ("Count", "Figure", "Qualifier", "Source", "Kind", "Outlet", "Date", "Flags")
CLAIM_COLUMNS = ("Modality", "Claim", "Source", "Kind", "Outlet", "Date", "Flags")
#: Where a span's data is kept on its row: (doc id, span id, start, end).
Place = tuple[int, int, int, int]


def _when(report: Report) -> str:
    return report.date.isoformat() if report.date else "undated"


def ledger_table(columns: tuple[str, ...], name: str, stretch: int) -> QTableWidget:
    """A read-only table of whole rows, its columns fitted but ``stretch``, which fills."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _source(entry: Figure | Claim) -> tuple[str, str]:
    if entry.source is None:
        return "(no source)", ""
    return entry.source.text, entry.source.kind or "?"


def _named(d: Disagreement, entries: dict[int, tuple[Figure | Claim, Report]]) -> str:
    """The figures (or claim) a disagreement names, with where each was reported."""
    named = [
        f"“{entry.text}” ({report.outlet or '?'}, {_when(report)})"
        for span in d.spans
        if span in entries
        for entry, report in [entries[span]]
    ]
    return ", ".join(named)


class EventView(QObject):
    """The tables of one event, which the window lays out (window.py)."""

    span_requested = Signal(int, int, int, int)  # document, span id, start, end
    document_requested = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: Event | None = None
        self.reports = ledger_table(("Date", "Outlet", "Title"), "ledgerReports", 2)
        self.reports.itemDoubleClicked.connect(self._open_report)
        self.figures = QTreeWidget()
        self.figures.setObjectName("ledgerFigures")
        self.figures.setHeaderLabels(list(FIGURE_COLUMNS))
        self.figures.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.figures.setRootIsDecorated(False)
        self.figures.setUniformRowHeights(True)
        self.figures.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.figures.itemDoubleClicked.connect(self._open_figure)
        self.claims = ledger_table(CLAIM_COLUMNS, "ledgerClaims", 1)
        self.claims.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.claims.itemDoubleClicked.connect(self._open_claim)
        self.disagreements = QListWidget()
        self.disagreements.setObjectName("ledgerDisagreements")
        self.disagreements.setWordWrap(True)
        self.disagreements.setAlternatingRowColors(True)
        self.disagreements.currentItemChanged.connect(self._highlight)

    # -- showing an event ----------------------------------------------------------------

    def show_event(self, event: Event | None) -> None:
        """Fill every table from ``event`` (None: empty them)."""
        self.shown = event
        reports = {r.doc_id: r for r in event.reports} if event else {}
        flags: dict[int, list[str]] = {}
        for d in event.disagreements if event else []:
            for span in d.spans:
                flags.setdefault(span, []).append(d.kind)
        self._show_reports(event.reports if event else [])
        self._show_figures(event, reports, flags)
        self._show_claims(event.claims if event else [], reports, flags)
        entries: dict[int, tuple[Figure | Claim, Report]] = {}
        every: list[Figure | Claim] = [*event.figures, *event.claims] if event else []
        for entry in every:
            entries[entry.span_id] = (entry, reports[entry.doc_id])
        self._show_disagreements(event.disagreements if event else [], entries)

    def _show_reports(self, reports: list[Report]) -> None:
        with filling(self.reports):
            self._fill_reports(reports)

    def _fill_reports(self, reports: list[Report]) -> None:
        self.reports.setRowCount(len(reports))
        for row, report in enumerate(reports):
            cells = (_when(report), report.outlet or "(outlet unknown)", report.title)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE, report.doc_id)
                if column == 0 and report.date is None:  # listed last, and said so
                    item.setText("⚠ undated")
                    item.setForeground(QBrush(WARNING))
                    item.setToolTip(
                        "No date: listed last, and left out of the toll over time. Set it in "
                        "the Document tab (double-click to open the report)."
                    )
                self.reports.setItem(row, column, item)

    def _show_figures(
        self, event: Event | None, reports: dict[int, Report], flags: dict[int, list[str]]
    ) -> None:
        self.figures.clear()
        if event is not None:
            with filling(self.figures):
                self._fill_figures(event, reports, flags)

    def _fill_figures(
        self, event: Event, reports: dict[int, Report], flags: dict[int, list[str]]
    ) -> None:
        by_id = {f.span_id: f for f in event.figures}
        for (outcome, victims), figures in event.groups().items():
            group = QTreeWidgetItem(self.figures)
            group.setText(0, f"{outcome or '?'} · {victims or '?'} ({len(figures)})")
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(group.font(0))
            font.setBold(True)
            group.setFont(0, font)
            for figure in figures:
                self._figure_row(group, figure, reports[figure.doc_id], by_id, flags)
            group.setExpanded(True)

    def _figure_row(
        self,
        group: QTreeWidgetItem,
        figure: Figure,
        report: Report,
        by_id: dict[int, Figure],
        flags: dict[int, list[str]],
    ) -> None:
        source, kind = _source(figure)
        text = figure.text
        total = by_id.get(figure.part_of) if figure.part_of is not None else None
        if figure.part_of is not None:
            text = f"    ↳ {text}"  # a part, under the total it belongs to
        cells = (
            "–" if figure.count is None else f"{figure.count:,}",
            text,
            figure.qualifier or "",
            source,
            kind,
            report.outlet or "?",
            _when(report),
            ", ".join(flags.get(figure.span_id, [])),
        )
        item = QTreeWidgetItem(group, list(cells))
        item.setData(0, ROLE, (figure.doc_id, figure.span_id, figure.start, figure.end))
        item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = figure.sentence
        if total is not None:
            how = "included in" if figure.part_kind == "included" else "a part of"
            tip = f"{how} “{total.text}”\n\n{tip}"
        item.setToolTip(1, tip)
        if flags.get(figure.span_id):
            item.setForeground(7, QBrush(WARNING))

    def _show_claims(
        self, claims: list[Claim], reports: dict[int, Report], flags: dict[int, list[str]]
    ) -> None:
        with filling(self.claims):
            self._fill_claims(claims, reports, flags)

    def _fill_claims(
        self, claims: list[Claim], reports: dict[int, Report], flags: dict[int, list[str]]
    ) -> None:
        self.claims.setRowCount(len(claims))
        for row, claim in enumerate(claims):
            report = reports[claim.doc_id]
            source, kind = _source(claim)
            denied = claim.modality == "denied"
            cells = (
                "✗ denied" if denied else claim.modality or "?",
                claim.text,
                source,
                kind,
                report.outlet or "?",
                _when(report),
                ", ".join(flags.get(claim.span_id, [])),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE, (claim.doc_id, claim.span_id, claim.start, claim.end))
                item.setToolTip(claim.sentence)
                if denied and column in (0, 6):
                    item.setForeground(QBrush(WARNING))
                self.claims.setItem(row, column, item)

    def _show_disagreements(
        self, found: list[Disagreement], entries: dict[int, tuple[Figure | Claim, Report]]
    ) -> None:
        self.disagreements.clear()
        for d in found:
            about = ", ".join(x for x in (d.outcome, d.victims) if x)
            head = f"{d.kind}{f' ({about})' if about else ''}: {d.message}"
            named = _named(d, entries)
            item = QListWidgetItem(f"{head}\n{named}" if named else head)
            item.setData(ROLE, list(d.spans))
            item.setToolTip(f"Select to mark its rows: {named}")
            self.disagreements.addItem(item)

    # -- highlighting and opening --------------------------------------------------------

    def _highlight(self, current: QListWidgetItem | None) -> None:
        """Select the figures and claims the disagreement names; show the first."""
        spans = set(current.data(ROLE)) if current is not None else set()
        self.figures.clearSelection()
        first: QTreeWidgetItem | None = None
        for item in self.figure_items():
            if item.data(0, ROLE)[1] in spans:
                item.setSelected(True)
                first = first or item
        if first is not None:
            self.figures.scrollToItem(first)
        self.claims.clearSelection()
        for row in range(self.claims.rowCount()):
            if self.claim_place(row)[1] in spans:
                self.claims.selectRow(row)
                self.claims.scrollTo(self.claims.model().index(row, 0))

    def figure_items(self) -> list[QTreeWidgetItem]:
        """Every figure's row, group by group."""
        found = []
        for g in range(self.figures.topLevelItemCount()):
            group = self.figures.topLevelItem(g)
            assert group is not None
            found += [item for i in range(group.childCount()) if (item := group.child(i))]
        return found

    def claim_place(self, row: int) -> Place:
        """The claim on ``row``: (document, span id, start, end)."""
        item = self.claims.item(row, 0)
        assert item is not None
        return tuple(item.data(ROLE))

    def selected_spans(self) -> set[int]:
        """The span ids of the figures and claims selected."""
        figures = {int(item.data(0, ROLE)[1]) for item in self.figures.selectedItems()}
        rows = {index.row() for index in self.claims.selectionModel().selectedRows()}
        return figures | {self.claim_place(r)[1] for r in rows}

    def _open_figure(self, item: QTreeWidgetItem, _column: int) -> None:
        place = item.data(0, ROLE)
        if place:  # a group's row holds none
            self.span_requested.emit(*place)

    def _open_claim(self, item: QTableWidgetItem) -> None:
        self.span_requested.emit(*self.claim_place(item.row()))

    def _open_report(self, item: QTableWidgetItem) -> None:
        self.document_requested.emit(int(item.data(ROLE)))
