"""Review mode: auto-merge on first open, the units list, and one-key adjudication.

The reviewer's layer is gold: the window's usual controller edits it like any layer.
This object adds what only a reviewer does, each decision one undoable session step.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QInputDialog, QWidget
from sqlite_utils import Database

from annotator.review.adjudication import (
    accept_version,
    auto_merge,
    reject_unit,
    undo_accept,
    undo_reject,
)
from annotator.review.gold import compared_annotators
from annotator.review.unit_attributes import describe_differences
from annotator.review.units import Unit, UnitKind, document_units, next_disagreement
from annotator.store.annotations import spans_of
from annotator.store.editing import DocumentEditor
from annotator.ui.article.view import ArticleView
from annotator.ui.editing.controller import EditingController
from annotator.ui.review.panes import ReviewPanes
from annotator.ui.review.units_panel import UnitsPanel

AUTO_MERGE_KEY = "review/auto_merge"
MIN_VOTES_KEY = "review/min_votes"  # 0: unanimous


class ReviewStatus(Protocol):
    """The status bar, as review mode uses it."""

    def say(self, message: str, /) -> None: ...

    def set_review(self, open_units: int, units: int, /) -> None: ...


class ReviewHost(Protocol):
    """What review mode uses of the window (the main window; no import of it here)."""

    @property
    def db(self) -> Database: ...

    @property
    def editor(self) -> DocumentEditor | None: ...

    @property
    def controller(self) -> EditingController: ...

    @property
    def status(self) -> ReviewStatus: ...

    @property
    def view(self) -> ArticleView: ...

    @property
    def units_panel(self) -> UnitsPanel: ...

    @property
    def review_panes(self) -> ReviewPanes: ...

    def window(self) -> QWidget: ...


class ReviewController(QObject):
    """What only a reviewer does: merge agreement, step through units, decide them."""

    def __init__(self, window: ReviewHost) -> None:
        super().__init__()
        self.w = window
        self.compared: list[int] = []
        self.names: dict[int, str] = {}

    # -- opening -------------------------------------------------------------------------

    def auto_merge_enabled(self) -> bool:
        return bool(QSettings().value(AUTO_MERGE_KEY, True, type=bool))

    def toggle_auto_merge(self) -> None:
        enabled = not self.auto_merge_enabled()
        QSettings().setValue(AUTO_MERGE_KEY, enabled)
        self.w.status.say(
            "Agreement is merged into gold on first open"
            if enabled
            else "Nothing is merged into gold automatically"
        )

    def ask_min_votes(self) -> None:
        current = QSettings().value(MIN_VOTES_KEY, 0, type=int)
        votes, ok = QInputDialog.getInt(
            self.w.window(),
            "Votes needed",
            "Merge a unit into gold when at least this many annotators chose it (0: all of them):",
            current if isinstance(current, int) else 0,
            0,
            99,
        )
        if ok:
            QSettings().setValue(MIN_VOTES_KEY, votes)

    def before_open(self, doc_id: int) -> None:
        """Merge what the annotators agree on into gold, the first time only."""
        settings = QSettings()
        if self.auto_merge_enabled():
            votes = settings.value(MIN_VOTES_KEY, 0, type=int)
            merged = auto_merge(
                self.w.db, doc_id, min_votes=votes if isinstance(votes, int) and votes else None
            )
            if merged:
                self.w.status.say(f"{merged} units the annotators agree on were merged into gold")

    def after_open(self, doc_id: int) -> None:
        db = self.w.db
        self.compared = compared_annotators(db, doc_id, finished_only=False)
        rows = db.execute("SELECT id, name FROM annotators WHERE kind = 'human'").fetchall()
        self.names = {int(i): str(n) for i, n in rows}
        editor = self.w.editor
        assert editor is not None
        layers = [
            (self.names.get(who, str(who)), spans_of(db, doc_id, who)) for who in self.compared
        ]
        self.w.review_panes.show_document(editor.document.text, layers)
        self.refresh_units()

    def refresh_units(self) -> None:
        editor = self.w.editor
        if editor is None:
            return
        units = document_units(self.w.db, editor.doc_id, self.compared or None)
        self.w.units_panel.show_units(units, self.names)
        open_units = sum(1 for u in units if u.needs_decision)
        self.w.status.set_review(open_units, len(units))

    # -- keys ----------------------------------------------------------------------------

    def step(self, backwards: bool = False) -> None:
        """Select the next (previous) open unit, wrapping around at the end (the start)."""
        panel = self.w.units_panel
        found = next_disagreement(panel.units, panel.table.currentIndex().row(), backwards)
        wrapped = found is None
        if found is None:  # open units may remain above (below): start again from there
            found = next_disagreement(panel.units, len(panel.units) if backwards else -1, backwards)
        if found is None:
            self.w.status.say("No disagreement left in this document")
            return
        panel.select(found)  # shows the unit and says what it is
        if wrapped:
            where = "last" if backwards else "first"
            self.w.status.say(f"Wrapped to the {where} disagreement. {self._told(found)}")

    def next_disagreement(self) -> None:
        self.step()

    def previous_disagreement(self) -> None:
        self.step(backwards=True)

    def show_unit(self, row: int) -> None:
        """Scroll the gold article to a unit and say what it is."""
        unit = self.w.units_panel.units[row]
        start = end = None
        if unit.kind is UnitKind.SPAN:
            _, _, start, end = unit.span_key
        elif unit.kind is UnitKind.RELATION:
            _, head, _ = unit.relation_key
            start, end = head[2], head[3]
        if start is not None and end is not None:
            self.w.view.select_range(start, end)
        self.w.status.say(self._told(row))

    def _told(self, row: int) -> str:
        """What the status bar says of a unit: its state, what it is, who has it."""
        unit = self.w.units_panel.units[row]
        who = ", ".join(self.names.get(a, "?") for a in unit.versions)
        differences = describe_differences(unit.versions, self.names, unit.differing)
        return (
            f"{unit.state_text}: {unit.description} ({who}). "
            + "".join(f"{line}. " for line in differences)
            + "Alt+number accepts that annotator's version, R rejects it"
        )

    def _unit(self) -> Unit | None:
        unit = self.w.units_panel.current()
        if unit is None:
            self.w.status.say("Choose a unit first: D goes to the next disagreement")
        return unit

    def accept(self, position: int) -> None:
        """Accept the version of the ``position``-th compared annotator (1-based)."""
        unit, editor = self._unit(), self.w.editor
        if unit is None or editor is None:
            return
        if not 1 <= position <= len(self.compared):
            self.w.status.say(f"There is no annotator {position} in this document")
            return
        who = self.compared[position - 1]
        if who not in unit.versions:
            self.w.status.say(f"{self.names.get(who, who)} has no version of this unit")
            return
        db, doc_id, compared = self.w.db, editor.doc_id, self.compared or None
        self.w.controller.run(
            lambda s: s.adjudicate(
                f"Accept {self.names.get(who, who)}'s {unit.description}",
                lambda: accept_version(db, doc_id, unit, who, annotator_ids=compared),
                lambda edit: undo_accept(db, edit),
            )
        )

    def reject(self) -> None:
        unit, editor = self._unit(), self.w.editor
        if unit is None or editor is None:
            return
        db, doc_id = self.w.db, editor.doc_id
        self.w.controller.run(
            lambda s: s.adjudicate(
                f"Reject {unit.description}",
                lambda: reject_unit(db, doc_id, unit),
                lambda edit: undo_reject(db, edit),
            )
        )
