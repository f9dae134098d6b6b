"""The annotation window: document list, article, label palette and the panels.

It lays widgets out and moves between documents. Edits go through the editing
controller (annotator/ui/editing/) to the session (annotator/session/); what changed
comes back as one signal, and every panel shows what concerns it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
)
from sqlite_utils import Database

from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.project import Project
from annotator.store.db import ProjectError
from annotator.store.editing import DocumentEditor
from annotator.ui.article.palette import LabelPalette, SuggestionCount
from annotator.ui.article.pane import ArticlePane
from annotator.ui.article.view import ArticleView
from annotator.ui.common import settings
from annotator.ui.common.icons import icon
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.dialogs.guidelines import GuidelinesDialog
from annotator.ui.dialogs.host import WindowHost
from annotator.ui.editing.busy import WINDOW_BUSY_TIMEOUT_MS
from annotator.ui.editing.controller import EditingController
from annotator.ui.jobs import tasks
from annotator.ui.jobs.queue import JobQueue
from annotator.ui.panels.document_list import DocumentListPane
from annotator.ui.panels.tabs import PanelTabs
from annotator.ui.review.controller import ReviewController
from annotator.ui.review.panes import ReviewPanes
from annotator.ui.review.units_panel import UnitsPanel
from annotator.ui.window.actions import WindowActions
from annotator.ui.window.jobs import WindowJobs
from annotator.ui.window.ledger_jobs import LedgerJobs
from annotator.ui.window.menus import build_menus
from annotator.ui.window.status_bar import StatusBar
from annotator.ui.window.team_sync import TeamSync
from annotator.ui.window.view_menu import build_view_menu

if TYPE_CHECKING:  # the exporters import spaCy, which the window never loads itself
    from annotator.jobs.analysis_process import ModelInfo


class MainWindow(QMainWindow):
    """One project, one annotator (or the reviewer's gold)."""

    splitter: QSplitter  # the document list, the middle, the label palette
    middle: QSplitter  # the article, the review panes, the panels

    def __init__(self, db_path: Path, annotator: str, *, review: bool = False) -> None:
        super().__init__()
        self.db_path = db_path
        # The GUI thread waits a quarter second at most for another program's write lock;
        # an edit refused so is tried again (annotator/ui/editing/busy.py).
        self.project = Project.open(
            db_path, annotator, review=review, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS
        )
        # A team project opens as the person who joined it (and its reviewer, reviewing).
        self.annotator, review = self.project.annotator, self.project.review
        self.project.min_score = settings.model_threshold()  # a trained model's suggestions
        self.review: ReviewController | None = None
        if review:
            self.review = ReviewController(self)
            self.review.setParent(self)
        self.colours = {label.name: label.colour for label in self.schema.labels}
        self.view = ArticleView()
        self.controller = EditingController(self.project, self.view, self)
        self.queue = JobQueue(self)
        self.jobs = WindowJobs(self)
        self.team_sync = TeamSync(self)  # a team project's syncs: a queue of their own
        self._guidelines: GuidelinesDialog | None = None
        #: The model that analysed the documents, once the first pre-annotation has run.
        self.model_info: ModelInfo | None = None
        self.setWindowTitle(
            f"{db_path.stem}{' (read-only)' if self.read_only else ''} — Annotator"
            + (" — review" if review else "")
        )
        self.setWindowIcon(icon("label"))
        self._build_widgets()
        self.commands: WindowActions = build_menus(self)
        assert self.commands.view_menu is not None
        self.view_controls = build_view_menu(self, self.commands.view_menu)
        self.label_palette = LabelPalette(self.schema, self.commands.labels)
        self.label_palette.setMinimumWidth(270)
        self.splitter.addWidget(self.label_palette)
        self.splitter.setSizes([300, 760, 290])
        self.status = StatusBar(self, "gold (review)" if review else self.annotator, db_path.name)
        self.setStatusBar(self.status)
        self._connect()
        # Geometry, splitters, zoom, panels: as last closed.
        settings.restore_window(self, self.splitter, self.middle, reviewing=self.reviewing)
        self.view_controls.restore()
        settings.remember_project(db_path)
        if self.read_only:
            self._lock_editing()
        self._start()

    # -- the project ---------------------------------------------------------------------

    @property
    def db(self) -> Database:
        return self.project.db

    @property
    def schema(self) -> LabelSchema:
        return self.project.schema

    @property
    def annotator_id(self) -> int:
        return self.project.annotator_id

    @property
    def read_only(self) -> str:
        """Why the project cannot be written ("" when it can): then nothing edits."""
        return self.project.read_only

    def _start(self) -> None:
        """List the documents, open the first, back the project up in the background."""
        self.doc_model.reload()
        self.update_progress()
        self.jobs.show_trained_model()
        if self.doc_model.rowCount():
            self.open_row(0)
        if not self.read_only:  # the day's backup writes beside the project
            backup = tasks.backup_job(self.db_path)
            backup.signals.failed.connect(self.jobs.job_failed)
            self.queue.submit(backup)
        self.team_sync.start()
        notes = self.project.notes()
        if notes:  # read-only, or upgraded with a backup: until the next message
            self.status.showMessage("; ".join(notes))

    def _lock_editing(self) -> None:
        """A read-only project: disable whatever writes; reading and exporting still work."""
        for action in self.commands.editing:
            action.setEnabled(False)
        for widget in (
            self.label_palette,
            self.span_panel.form,
            self.links_panel.form,
            self.document_panel,
        ):
            widget.setEnabled(False)
        badge = QLabel("Read-only")
        badge.setObjectName("readOnlyBadge")
        badge.setToolTip(plain_tooltip(f"Nothing can be changed, because {self.read_only}"))
        self.status.insertPermanentWidget(0, badge)

    # -- building ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        documents = DocumentListPane(self.db, self.annotator_id, reviewing=self.reviewing)
        self.filter_box, self.doc_model, self.doc_table = (
            documents.filter_box,
            documents.model,
            documents.table,
        )
        self.article = ArticlePane(self.schema, self.colours, self.view)
        self.title_label, self.legend = self.article.title_label, self.article.legend
        self.suggestion_label = SuggestionCount()
        self.tabs_area = PanelTabs(self.schema, self.colours)
        panels = self.tabs_area
        self.tabs, self.span_model, self.span_list = (
            panels.tabs,
            panels.span_model,
            panels.span_list,
        )
        self.span_panel, self.links_panel = panels.span_panel, panels.links_panel
        self.casualty_panel, self.document_panel = panels.casualty_panel, panels.document_panel
        self.ledger_jobs = LedgerJobs(self, self.document_panel)  # the ledger; outlet, date, event
        # Parented even when unused: a parentless widget left to Python's garbage collector
        # can be deleted from a worker thread, which crashes Qt.
        self.review_panes = ReviewPanes(self.view, self.colours)
        self.review_panes.setParent(self)
        self.review_panes.hide()
        self.units_panel = UnitsPanel()
        self.units_panel.setParent(self)
        self.units_panel.hide()
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(self.article)
        if self.reviewing:
            self.middle.addWidget(self.review_panes)
            panels.put_first(self.units_panel, "Units")
        self.middle.addWidget(self.tabs_area)
        self.middle.setStretchFactor(0, 1)
        self.middle.setSizes([300, 460, 200] if self.reviewing else [520, 250])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(documents)
        self.splitter.addWidget(self.middle)  # the label palette joins once actions exist
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

    def _connect(self) -> None:
        """Each widget's requests to the controller; the controller's news to each view."""
        c = self.controller
        self.filter_box.filter_changed.connect(self._apply_filter)
        self.doc_table.clicked.connect(self._doc_clicked)
        self.doc_table.activated.connect(self._doc_clicked)
        self.view.clicked.connect(c.text_clicked)
        self.span_list.span_requested.connect(c.select_span_id)
        self.span_panel.attribute_changed.connect(c.set_attribute)
        self.span_panel.unlink_requested.connect(c.unlink)
        self.span_panel.span_requested.connect(c.select_span_id)
        self.links_panel.link_selected.connect(c.select_link)
        self.links_panel.unlink_requested.connect(c.unlink)
        self.links_panel.attribute_changed.connect(c.set_relation_attribute)
        self.casualty_panel.span_requested.connect(c.select_span_id)
        self.document_panel.field_changed.connect(c.set_field)
        self.document_panel.status_changed.connect(c.set_status)
        if self.review is not None:
            self.units_panel.unit_selected.connect(self.review.show_unit)
        for view in (
            self.article,
            self.view,
            self.span_model,
            self.legend,
            self.suggestion_label,
            self.links_panel,
            self.casualty_panel,
            self.document_panel,
        ):
            c.changed.connect(view.show_changes)
        c.changed.connect(self._show_changes)
        for shows in (self.view, self.span_list, self.span_panel):
            c.selection_changed.connect(shows.show_selection)
        c.said.connect(self.status.say)
        self.status.cancel_requested.connect(self.queue.cancel_all)

    # -- what changed --------------------------------------------------------------------

    def _show_changes(self, session: DocumentSession, changes: Changes) -> None:
        """The window's own part: the title, the list's row, progress, history, message."""
        if not changes.opened:
            self.doc_model.refresh_doc(session.doc_id)
            self.update_progress()
            if self.review is not None:
                self.review.refresh_units()
        history = session.history
        self.commands.show_history(
            history.undo_text, history.redo_text, writable=not self.read_only
        )
        if changes.message:
            self.status.say(changes.message)

    # -- the open document ---------------------------------------------------------------

    @property
    def editor(self) -> DocumentEditor | None:
        return self.controller.editor

    @property
    def selected(self) -> Span | None:
        return self.controller.selected

    def label_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.controller.apply_label(str(action.data()))

    def apply_label(self, label: str) -> None:
        self.controller.apply_label(label)

    def link_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            kind = action.data()
            self.controller.start_link(kind if isinstance(kind, str) else None)

    def edit_attributes(self) -> None:
        self.tabs.setCurrentWidget(self.span_panel)
        self.span_panel.form.focus_first()

    def window(self) -> MainWindow:
        """Itself: what Qt's ``window()`` gives for a top-level window, typed as such."""
        return self

    @property
    def reviewing(self) -> bool:
        """The window edits gold (review mode)."""
        return self.project.review

    def another(self, path: Path, annotator: str, *, review: bool = False) -> MainWindow:
        """A new window on ``path``; raises ``ProjectError`` or ``OSError``."""
        return MainWindow(path, annotator, review=review)

    def present(self, other: WindowHost) -> WindowHost:
        """Show ``other`` as a window of its own, as large as this one, freed when closed."""
        shown = other.window()
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown.resize(self.size())
        shown.show()
        return other

    def flush_typing(self) -> None:
        """Save text typed a moment ago into the open document's field."""
        self.document_panel.flush()

    def accept_version(self) -> None:
        """Review: accept the version of the annotator the action's number names."""
        action = self.sender()
        if self.review is not None and isinstance(action, QAction):
            self.review.accept(int(action.data()))

    # -- documents -----------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        self.doc_model.set_filter(text)
        self.select_current_in_list()
        self.status.say(f"{self.doc_model.rowCount()} documents match")

    def _doc_clicked(self, index: QModelIndex) -> None:
        self.open_row(index.row())

    def open_row(self, row: int) -> None:
        doc_id = self.doc_model.doc_id(row)
        if doc_id is not None:
            self.open_document(doc_id)

    def open_document(self, doc_id: int) -> None:
        """Show a document; its undo history comes back with it."""
        self.document_panel.flush()  # into the document it was typed for
        try:
            # Opening writes the first time: the model's entities are copied into the
            # annotator's layer (and, reviewing, the agreed units into gold).
            if self.review is not None:
                self.review.before_open(doc_id)
            self.controller.open(doc_id)
            if self.review is not None:
                self.review.after_open(doc_id)
        except ProjectError as exc:
            self.controller.refused("opening the document", exc)
            self.select_current_in_list()
            return
        self.doc_model.refresh_doc(doc_id)
        self.select_current_in_list()
        self.view.setFocus()

    def select_current_in_list(self) -> None:
        """Select the open document's row in the list (none when it is filtered out)."""
        row = self.doc_model.row_of(self.editor.doc_id) if self.editor else None
        if row is None:
            self.doc_table.clearSelection()
            return
        index = self.doc_model.index(row, 0)
        self.doc_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.doc_table.scrollTo(index)

    def update_progress(self) -> None:
        """Recount the documents done for the status bar."""
        done, total = self.project.progress()
        self.status.set_progress(done, total)

    # -- jobs and other windows ----------------------------------------------------------

    def start_preannotation(self) -> None:
        """Have the model analyse, in the background, what it has not seen."""
        self.jobs.start_preannotation()

    def show_guidelines(self) -> None:
        if self._guidelines is None:
            self._guidelines = GuidelinesDialog(self.schema, self)
        self._guidelines.show()
        self._guidelines.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self, self.splitter, self.middle, reviewing=self.reviewing)
        self.document_panel.flush()  # a note typed a moment ago is saved too
        self.controller.retry.clear()
        self.team_sync.stop()
        self.ledger_jobs.stop()
        self.queue.cancel_all()
        self.queue.wait()
        self.project.close()
        super().closeEvent(event)
