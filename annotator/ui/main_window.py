"""The annotation window: document list, article, label palette and span list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span, Status
from annotator.review.gold import gold_annotator
from annotator.store.annotators import annotator_names, ensure_annotator
from annotator.store.db import ProjectError, open_project, opened, project_schema
from annotator.store.editing import DocumentEditor
from annotator.store.listing import progress
from annotator.ui import jobs_ui, settings
from annotator.ui.article_view import ArticleView
from annotator.ui.casualty_panel import CasualtyPanel
from annotator.ui.controller import DocumentController
from annotator.ui.doc_list import DocListModel, DocTable, FilterBox
from annotator.ui.document_panel import DocumentPanel
from annotator.ui.errors import show_error
from annotator.ui.guidelines import GuidelinesDialog
from annotator.ui.icons import icon
from annotator.ui.label_style import layer_marks
from annotator.ui.links_panel import LinksPanel
from annotator.ui.menus import build_menus, new_project_dialog
from annotator.ui.palette import LabelPalette, Legend
from annotator.ui.plain_text import plain_tooltip
from annotator.ui.review_controller import ReviewController
from annotator.ui.review_panes import ReviewPanes
from annotator.ui.span_list import SpanListModel, SpanTable
from annotator.ui.span_panel import SpanPanel
from annotator.ui.status import StatusBar
from annotator.ui.units_panel import UnitsPanel
from annotator.ui.view_menu import ViewControls
from annotator.ui.window_jobs import WindowJobs
from annotator.ui.workers import JobQueue

if TYPE_CHECKING:  # the exporters import spaCy, which the window never loads itself
    from annotator.jobs.analysis_process import ModelInfo


class MainWindow(QMainWindow):
    """One project, one annotator."""

    # Made by build_menus (menus.py), which decides every shortcut.
    import_action: QAction
    undo_action: QAction
    redo_action: QAction
    delete_action: QAction
    done_action: QAction
    label_actions: dict[str, QAction]
    link_actions: list[QAction]
    suggestion_actions: list[QAction]
    editing_actions: list[QAction]  # everything that writes: disabled when read-only
    label_palette: LabelPalette
    view_controls: ViewControls  # zoom, theme and panels (view_menu.py)

    def __init__(self, db_path: Path, annotator: str, *, review: bool = False) -> None:
        super().__init__()
        self.db_path = db_path
        self.db = open_project(db_path)
        # Why the project cannot be written ("" when it can): then every editing action
        # is disabled, and the title and the status bar say so.
        self.read_only = opened(self.db).read_only
        if review and self.read_only:
            self.db.conn.close()
            raise ProjectError(
                f"{db_path} is open read-only, because {self.read_only}, and review mode "
                "writes the gold layer; copy the project to a folder you can write to"
            )
        self.schema = project_schema(self.db)
        self.annotator = annotator
        # A reviewer edits the gold layer; everything else works as for an annotator.
        if self.read_only:  # reading never adds the annotator: a newcomer sees no layer
            names = annotator_names(self.db)
            self.annotator_id = next((i for i, n in names.items() if n == annotator), 0)
        else:
            self.annotator_id = (
                gold_annotator(self.db) if review else ensure_annotator(self.db, annotator)
            )
        self.review: ReviewController | None = ReviewController(self) if review else None
        self.colours = {label.name: label.colour for label in self.schema.labels}
        self.undo_group = QUndoGroup(self)
        self.controller = DocumentController(self, self.undo_group)
        self.queue = JobQueue(self)
        self.jobs = WindowJobs(self)
        self._guidelines: GuidelinesDialog | None = None
        #: The model that analysed the documents, once the first pre-annotation has run.
        self.model_info: ModelInfo | None = None

        self.setWindowTitle(
            f"{db_path.stem}{' (read-only)' if self.read_only else ''} — Annotator"
            + (" — review" if review else "")
        )
        self.setWindowIcon(icon("label"))
        self._build_widgets()
        build_menus(self)
        self.status = StatusBar(self, "gold (review)" if review else annotator, db_path.name)
        self.setStatusBar(self.status)
        self.status.cancel_requested.connect(self.queue.cancel_all)
        settings.restore_window(self)  # geometry, splitters, zoom, panels: as last closed
        settings.remember_project(db_path)
        if self.read_only:
            self._lock_editing()
        self.doc_model.reload()
        self._update_progress()
        if self.doc_model.rowCount():
            self.open_row(0)
        # The day's backup (store/backup.py) in the background: the window is usable meanwhile.
        if not self.read_only:  # it writes beside the project
            backup = jobs_ui.backup_job(db_path)
            backup.signals.failed.connect(self.jobs.job_failed)
            self.queue.submit(backup)
        notes = opened(self.db).notes(db_path)
        if notes:  # read-only, or upgraded with a backup: until the next message
            self.status.showMessage("; ".join(notes))

    def _lock_editing(self) -> None:
        """A read-only project: disable whatever writes; reading and exporting still work."""
        for action in self.editing_actions:
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
        self.filter_box = FilterBox()
        self.filter_box.filter_changed.connect(self._apply_filter)
        self.doc_model = DocListModel(self.db, self.annotator_id)
        self.doc_model.setParent(self)  # Qt owns it: never collected from another thread
        if self.review is not None:
            self.doc_model.status_names = {"todo": "not started", "done": "adjudicated"}
        self.doc_table = DocTable(self.doc_model)
        self.doc_table.clicked.connect(self._doc_clicked)
        self.doc_table.activated.connect(self._doc_clicked)

        left = QWidget()
        left.setMinimumWidth(260)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.filter_box)
        left_layout.addWidget(self.doc_table)

        self.title_label = QLabel()
        self.title_label.setObjectName("docTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # titles are never markup
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.legend = Legend(self.colours, self.schema)
        self.view = ArticleView()
        self.view.set_colours(self.colours, layer_marks(self.schema))
        self.view.clicked.connect(self.controller.text_clicked)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 6, 6, 6)
        centre_layout.setSpacing(4)
        centre_layout.addWidget(self.title_label)
        centre_layout.addWidget(self.legend)
        centre_layout.addWidget(self.view, 1)

        self.span_model = SpanListModel(self.colours)
        self.span_model.setParent(self)
        self.span_list = SpanTable(self.span_model)
        self.span_list.clicked.connect(self.controller.span_row_clicked)
        self.span_list.activated.connect(self.controller.span_row_clicked)
        self.span_panel = SpanPanel(self.schema)
        self.span_panel.attribute_changed.connect(self.controller.set_attribute)
        self.span_panel.unlink_requested.connect(self.controller.unlink)
        self.span_panel.span_requested.connect(self.controller.select_span_id)
        self.links_panel = LinksPanel(self.schema)
        self.links_panel.link_selected.connect(self.controller.select_link)
        self.links_panel.unlink_requested.connect(self.controller.unlink)
        self.links_panel.attribute_changed.connect(self.controller.set_relation_attribute)
        self.casualty_panel = CasualtyPanel()
        self.casualty_panel.span_requested.connect(self.controller.select_span_id)
        self.document_panel = DocumentPanel(self.schema)
        self.document_panel.field_changed.connect(self.controller.set_field)
        self.document_panel.status_changed.connect(self.controller.set_status)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self.controller.refresh_visible_panel)
        for widget, title in (
            (self.span_panel, "Span"),
            (self.span_list, "Spans"),
            (self.links_panel, "Links"),
            (self.casualty_panel, "Casualties"),
            (self.document_panel, "Document"),
        ):
            self.tabs.addTab(widget, title)
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestionCount")
        # The panels sit under the article, as wide as it: the casualty table needs room.
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(centre)
        # Parented even when unused: a parentless widget left to Python's garbage collector
        # can be deleted from a worker thread, which crashes Qt.
        self.review_panes = ReviewPanes(self.view, self.colours)
        self.review_panes.setParent(self)
        self.review_panes.hide()
        self.units_panel = UnitsPanel()
        self.units_panel.setParent(self)
        self.units_panel.hide()
        if self.review is not None:
            self.middle.addWidget(self.review_panes)
            self.tabs.insertTab(0, self.units_panel, "Units")
            self.tabs.setCurrentIndex(0)
            self.units_panel.unit_selected.connect(self.review.show_unit)
        # The tabs in a scroll area: a splitter keeps a pane as tall as its minimum, and
        # the tabs' minimum (their tallest page's) grew when a hidden panel filled up, so
        # the article jumped as its tab was shown. Now a page taller than the pane scrolls.
        self.tabs_area = QScrollArea()
        self.tabs_area.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs_area.setWidgetResizable(True)
        self.tabs_area.setWidget(self.tabs)
        self.middle.addWidget(self.tabs_area)
        self.middle.setStretchFactor(0, 1)
        self.middle.setSizes([300, 460, 200] if self.review is not None else [520, 250])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.middle)  # the label palette joins once actions exist
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

    # -- the open document ---------------------------------------------------------------

    @property
    def editor(self) -> DocumentEditor | None:
        return self.controller.editor

    @property
    def selected(self) -> Span | None:
        return self.controller.selected

    def _label_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.controller.apply_label(str(action.data()))

    def apply_label(self, label: str) -> None:
        self.controller.apply_label(label)

    def _link_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            kind = action.data()
            self.controller.start_link(kind if isinstance(kind, str) else None)

    def switch_mode(self) -> MainWindow:
        """Open the same project in the other mode (annotating or reviewing) in its place."""
        other = self.present(MainWindow(self.db_path, self.annotator, review=self.review is None))
        self.close()
        return other

    def present(self, other: MainWindow) -> MainWindow:
        """Show ``other`` as a window of its own, as large as this one, freed when closed."""
        other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other.resize(self.size())
        other.show()
        return other

    def accept_version(self) -> None:
        """Review: accept the version of the annotator the action's number names."""
        action = self.sender()
        if self.review is not None and isinstance(action, QAction):
            self.review.accept(int(action.data()))

    def _edit_attributes(self) -> None:
        self.tabs.setCurrentWidget(self.span_panel)
        self.span_panel.form.focus_first()

    def document_edited(self, message: str) -> None:
        """After every saved change: recount the list and progress, say what was saved."""
        if self.editor is not None:
            self.doc_model.refresh_doc(self.editor.doc_id)
        self._update_progress()
        if self.review is not None:
            self.review.refresh_units()
        self.status.say(message)

    # -- documents -----------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        self.doc_model.set_filter(text)
        self._select_current_in_list()
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
            self.controller.save_failed(doc_id, "opening the document", exc, "")
            self._select_current_in_list()
            return
        self.doc_model.refresh_doc(doc_id)
        self._select_current_in_list()
        self.view.setFocus()

    def _select_current_in_list(self) -> None:
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

    def _step(self, delta: int, *, skip_done: bool = False) -> bool:
        rows = self.doc_model.rowCount()
        current = self.doc_model.row_of(self.editor.doc_id) if self.editor else -1
        start = -1 if current is None else current
        for step in range(1, rows + 1):
            row = (start + delta * step) % rows
            if skip_done and self.doc_model.status(row) in (Status.DONE, Status.SKIPPED):
                continue
            if row != current:
                self.open_row(row)
                return True
        return False

    def next_document(self) -> None:
        self._step(+1)

    def previous_document(self) -> None:
        self._step(-1)

    def done_and_next(self) -> None:
        if self.editor is None:
            return
        try:
            self.editor.set_status(Status.DONE)
        except ProjectError as exc:  # stay on the document: it is not done yet
            self.controller.save_failed(self.editor.doc_id, "Mark done", exc, "")
            return
        self.doc_model.refresh_doc(self.editor.doc_id)
        self._update_progress()
        title = self.editor.document.title
        if self._step(+1, skip_done=True):
            self.status.say(f"Marked “{title}” done")
        else:
            self.document_panel.show_document(self.editor)
            self.status.say("Marked done. Every document is done or skipped.")

    def _update_progress(self) -> None:
        done, total = progress(self.db, self.annotator_id)
        self.status.set_progress(done, total)

    # -- jobs ----------------------------------------------------------------------------

    def start_preannotation(self) -> None:
        """Have the model analyse, in the background, what it has not seen."""
        self.jobs.start_preannotation()

    def new_project_dialog(self) -> None:
        new_project_dialog(self)

    def open_project_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open project",
            str(self.db_path.parent),
            "Annotator projects (*.annotator);;All files (*)",
        )
        if name:
            settings.chose_project(Path(name))  # chosen in the window: remembered as last
            self.open_project_window(Path(name))

    def open_project_window(self, path: Path) -> MainWindow | None:
        """Open another project in a window of its own."""
        try:
            window = MainWindow(path, self.annotator)
        except (ProjectError, OSError) as exc:
            show_error(
                self,
                "Cannot open the project",
                str(exc),
                "Nothing was changed. Check the file is an Annotator project that you can "
                "read, then open it again (File > Open Recent).",
            )
            return None
        self.present(window).start_preannotation()
        return window

    def show_guidelines(self) -> None:
        if self._guidelines is None:
            self._guidelines = GuidelinesDialog(self.schema, self)
        self._guidelines.show()
        self._guidelines.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self)
        self.document_panel.flush()  # a note typed a moment ago is saved too
        self.queue.cancel_all()
        self.queue.wait()
        self.db.conn.close()
        super().closeEvent(event)
