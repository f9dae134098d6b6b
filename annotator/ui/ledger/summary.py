"""The coded toll of an event: low / best / high deaths and injuries, by a stated rule.

The rule chooser recodes every event at once (no reading of the project: the figures
are in hand); each number's tooltip names the reports behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.ledger.coding import RULES, Coded
from annotator.ledger.entries import Report

NUMBERS = ("low", "best", "high")
OUTCOMES = ("deaths", "injuries")


def _shown(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


class SummaryBox(QGroupBox):
    """A small table (deaths, injuries × low, best, high, sources), the rule and its text."""

    #: The rule chosen ('acled' or 'ucdp').
    rule_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__("Coded toll")
        self.rule = QComboBox()
        self.rule.setObjectName("ledgerRule")
        for name in RULES:
            self.rule.addItem(name.upper(), name)
        self.rule.setToolTip("How the best estimate is chosen among the reports' figures")
        self.rule.currentIndexChanged.connect(
            lambda _i: self.rule_changed.emit(str(self.rule.currentData()))
        )
        self.table = QTableWidget(len(OUTCOMES), len(NUMBERS) + 1)
        self.table.setObjectName("ledgerSummary")
        self.table.setHorizontalHeaderLabels(["Low", "Best", "High", "Sources"])
        self.table.setVerticalHeaderLabels([o.capitalize() for o in OUTCOMES])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        height = self.table.horizontalHeader().sizeHint().height()
        height += 2 * self.table.verticalHeader().defaultSectionSize() + 4
        self.table.setFixedHeight(height)
        self.text = QLabel()
        self.text.setObjectName("ledgerRuleText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Rule", self.rule)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(self.text, 1)

    def set_rule(self, rule: str) -> None:
        """Show ``rule`` as chosen, without asking for a recoding."""
        self.rule.blockSignals(True)
        self.rule.setCurrentIndex(max(0, self.rule.findData(rule)))
        self.rule.blockSignals(False)
        self.text.setText(f"Best: {RULES[rule]}.")

    def show_summary(self, summary: dict[str, Coded], reports: dict[int, Report]) -> None:
        """One event's coded numbers; ``reports`` names the documents behind each."""
        for row, outcome in enumerate(OUTCOMES):
            coded = summary.get(outcome, Coded())
            for column, number in enumerate(NUMBERS):
                item = QTableWidgetItem(_shown(getattr(coded, number)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                behind = [reports[d] for d in coded.reports.get(number, []) if d in reports]
                if behind:
                    item.setToolTip(
                        "\n".join(
                            f"{r.outlet or '(outlet unknown)'}, "
                            f"{r.date.isoformat() if r.date else 'undated'}: {r.title}"
                            for r in behind
                        )
                    )
                self.table.setItem(row, column, item)
            sources = QTableWidgetItem(str(coded.sources) if coded.sources else "–")
            sources.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, len(NUMBERS), sources)

    def numbers(self, outcome: str) -> tuple[str, str, str]:
        """The low, best and high shown for ``outcome`` ('deaths' or 'injuries')."""
        row = OUTCOMES.index(outcome)
        items = [self.table.item(row, c) for c in range(len(NUMBERS))]
        low, best, high = (item.text() if item is not None else "" for item in items)
        return (low, best, high)
