"""The Document tab's report rows: outlet and date, and the event proposed for the report.

Outlet and date are the document's metadata (not a layer's field): the claims ledger
orders an event's reports by date and names them by outlet. Each is saved when the
person leaves the box or presses Enter, as one undoable step. Under them, what the
ledger reads: a saved web page's site name counts as its outlet, a date it cannot read
makes the report undated.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from annotator.ledger.proposals import Proposal
from annotator.ledger.reading import outlet_of, parse_date

WARNING = "#b00020"  # as the casualty panel's warnings


#: Where the ledger finds the outlet, in its order, and how the line names each.
OUTLET_KEYS = {
    "outlet": "",
    "site": " (the page's site)",
    "site_name": " (the page's site name)",
    "source": " (its source)",
}


def ledger_reading(meta: dict[str, Any]) -> str:
    """What the claims ledger reads of a report's metadata, as rich text (values escaped)."""
    outlet = outlet_of(meta)
    found = next((k for k in OUTLET_KEYS if isinstance(meta.get(k), str) and meta[k].strip()), "")
    said = f"outlet <b>{html.escape(outlet)}</b>{OUTLET_KEYS[found]}" if outlet else "no outlet"
    date = parse_date(meta.get("date"))
    if date is not None:
        when = f"dated <b>{date.day} {date:%B %Y}</b>"
    elif meta.get("date"):
        when = (
            f'<span style="color:{WARNING}">a date it cannot read (write it as 2026-03-14): '
            "the report counts as undated, listed last</span>"
        )
    else:
        when = f'<span style="color:{WARNING}">no date: the report is listed last</span>'
    return f"The ledger reads {said}, {when}."


class ReportMeta(QObject):
    """The outlet and date boxes and the line saying what the ledger reads of them."""

    #: A key ('outlet' or 'date') and its new value (None: cleared).
    changed = Signal(str, object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.outlet = QLineEdit()
        self.outlet.setObjectName("meta-outlet")
        self.outlet.setToolTip("Who published the report: a newspaper, an agency, a site")
        self.date = QLineEdit()
        self.date.setObjectName("meta-date")
        self.date.setPlaceholderText("2026-03-14")
        self.date.setToolTip("When it was published, as YEAR-MONTH-DAY")
        self.reads = QLabel()
        self.reads.setObjectName("ledgerReads")
        self.reads.setTextFormat(Qt.TextFormat.RichText)  # built with every value escaped
        self.reads.setWordWrap(True)
        self._shown: dict[str, str | None] = {}
        self.boxes = {"outlet": self.outlet, "date": self.date}
        for key, box in self.boxes.items():
            box.setProperty("metaKey", key)
            box.editingFinished.connect(self._finished)

    def show_meta(self, meta: dict[str, Any]) -> None:
        """Show a document's outlet and date as stored, and what the ledger reads."""
        for key, box in self.boxes.items():
            value = meta.get(key)
            text = "" if value is None else str(value)
            self._shown[key] = text or None
            if box.text() != text:
                box.setText(text)
        site = outlet_of(meta) if not meta.get("outlet") else ""
        self.outlet.setPlaceholderText(site or "e.g. Meridian Wire")
        self.reads.setText(ledger_reading(meta))

    def flush(self) -> None:
        """Save what was typed and not yet saved (the document changes, the window closes)."""
        for key in self.boxes:
            self._save(key)

    def _finished(self) -> None:
        box = self.sender()
        if isinstance(box, QLineEdit):
            self._save(str(box.property("metaKey")))

    def _save(self, key: str) -> None:
        value = " ".join(self.boxes[key].text().split()) or None
        if key in self._shown and value != self._shown[key]:
            self._shown[key] = value  # once: Enter then leaving the box is one step
            self.changed.emit(key, value)


class ProposalRow(QWidget):
    """'Proposed: EVENT — reasons [Use]' under an empty event field."""

    #: The event name to put in the field.
    use = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("eventProposal")
        self.proposal: Proposal | None = None
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # event names are typed by people
        self.text.setWordWrap(True)
        self.button = QPushButton("Use")
        self.button.setToolTip("Put the proposed event in the field (undo takes it back)")
        self.button.clicked.connect(self._use)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)

    def show_proposal(self, proposal: Proposal | None) -> None:
        self.proposal = proposal
        if proposal is not None:
            self.text.setText(f"Proposed: {proposal.event} — {', '.join(proposal.reasons)}")
            self.text.setToolTip(
                "Other reports of this event share these with this one: check, then Use"
            )

    def _use(self) -> None:
        if self.proposal is not None:
            self.use.emit(self.proposal.event)
