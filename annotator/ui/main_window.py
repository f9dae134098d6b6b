"""The annotation window: document list, article, label palette and span list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span, Status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project, project_schema
from annotator.store.editing import DocumentEditor
from annotator.store.listing import progress
from annotator.ui import jobs_ui
from annotator.ui.actions import label_actions, make_action
from annotator.ui.article_view import ArticleView
from annotator.ui.commands import AddSpan, DeleteSpan, RelabelSpan, describe
from annotator.ui.doc_list import DocListModel, DocTable, FilterBox
from annotator.ui.icons import icon
from annotator.ui.palette import LabelPalette, Legend
from annotator.ui.span_list import SpanListModel, SpanTable
from annotator.ui.status import StatusBar
from annotator.ui.workers import JobQueue

if TYPE_CHECKING:  # both import spaCy, which the window loads in a worker
    from annotator.jobs.importing import ImportReport
    from annotator.nlp.loading import Pipeline


class MainWindow(QMainWindow):
    """One project, one annotator."""

    def __init__(self, db_path: Path, annotator: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.db = open_project(db_path)
        self.schema = project_schema(self.db)
        self.annotator = annotator
        self.annotator_id = ensure_annotator(self.db, annotator)
        self.colours = {label.name: label.colour for label in self.schema.labels}
        self.editor: DocumentEditor | None = None
        self.selected: Span | None = None
        self._editors: dict[int, DocumentEditor] = {}
        self._stacks: dict[int, QUndoStack] = {}
        self.undo_group = QUndoGroup(self)
        self.queue = JobQueue(self)
        self.pipeline: Pipeline | None = None  # loaded by the first pre-annotation job

        self.setWindowTitle(f"{db_path.stem} — Annotator")
        self.setWindowIcon(icon("label"))
        self._build_widgets()
        self._build_actions()
        self.status = StatusBar(self, annotator, db_path.name)
        self.setStatusBar(self.status)
        self.status.cancel_requested.connect(self.queue.cancel_all)
        self.doc_model.reload()
        self._update_progress()
        if self.doc_model.rowCount():
            self.open_row(0)

    # -- building ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.filter_box = FilterBox()
        self.filter_box.filter_changed.connect(self._apply_filter)
        self.doc_model = DocListModel(self.db, self.annotator_id)
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
        self.legend = Legend(self.colours)
        self.view = ArticleView()
        self.view.set_colours(self.colours)
        self.view.clicked.connect(self._text_clicked)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 6, 6, 6)
        centre_layout.setSpacing(4)
        centre_layout.addWidget(self.title_label)
        centre_layout.addWidget(self.legend)
        centre_layout.addWidget(self.view, 1)

        self.span_model = SpanListModel(self.colours)
        self.span_list = SpanTable(self.span_model)
        self.span_list.clicked.connect(self._span_row_clicked)
        self.span_list.activated.connect(self._span_row_clicked)
        self.right = QSplitter(Qt.Orientation.Vertical)  # palette joins once actions exist

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 740, 300])
        self.setCentralWidget(self.splitter)

    def _build_actions(self) -> None:
        self.import_action = make_action(
            self,
            "&Import…",
            self.import_dialog,
            ["Ctrl+I"],
            "import",
            "Import .txt, .jsonl or .csv files",
        )
        quit_action = make_action(self, "&Quit", self.close, ["Ctrl+Q"], "quit")
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(icon("redo"))
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        self.delete_action = make_action(
            self, "&Delete span", self.delete_selected, ["Delete", "Backspace"], "delete"
        )
        filter_action = make_action(
            self, "&Filter documents", self.filter_box.setFocus, ["Ctrl+F"], "filter"
        )
        self.done_action = make_action(
            self,
            "Mark &done and open next",
            self.done_and_next,
            ["Ctrl+Return", "Ctrl+Enter"],
            "done",
        )
        next_action = make_action(self, "&Next document", self.next_document, ["Ctrl+Down"], "next")
        prev_action = make_action(
            self, "&Previous document", self.previous_document, ["Ctrl+Up"], "previous"
        )
        self.label_actions = label_actions(self, self.schema, self._label_triggered)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.delete_action, filter_action):
            edit_menu.addAction(action)
        doc_menu = menus.addMenu("&Document")
        for action in (self.done_action, next_action, prev_action):
            doc_menu.addAction(action)
        label_menu = menus.addMenu("&Label")
        for layer in self.schema.layers:
            section = label_menu.addMenu(layer.title)
            for label in self.schema.labels:
                if label.layer == layer.name:
                    section.addAction(self.label_actions[label.name])

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        groups = [
            [self.import_action],
            [self.undo_action, self.redo_action, self.delete_action],
            [prev_action, next_action, self.done_action],
        ]
        for i, group in enumerate(groups):
            if i:
                toolbar.addSeparator()
            toolbar.addActions(group)

        self.label_palette = LabelPalette(self.schema, self.label_actions)
        self.label_palette.setMinimumWidth(270)
        self.right.addWidget(self.label_palette)
        self.right.addWidget(self.span_list)
        self.right.setSizes([520, 200])

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
        editor = self._editors.get(doc_id)
        if editor is None:
            editor = DocumentEditor(self.db, self.schema, self.annotator_id, doc_id)
            self._editors[doc_id] = editor
            stack = QUndoStack(self.undo_group)
            self._stacks[doc_id] = stack
        else:
            editor.refresh()
        self.editor = editor
        self.undo_group.setActiveStack(self._stacks[doc_id])
        self.selected = None
        self.title_label.setText(editor.document.title)
        self.view.show_text(editor.document.text, editor.spans.values())
        self._refresh_lists()
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
        self.editor.set_status(Status.DONE)
        self.doc_model.refresh_doc(self.editor.doc_id)
        self._update_progress()
        title = self.editor.document.title
        if self._step(+1, skip_done=True):
            self.status.say(f"Marked “{title}” done")
        else:
            self.status.say("Marked done. Every document is done or skipped.")

    def _update_progress(self) -> None:
        done, total = progress(self.db, self.annotator_id)
        self.status.set_progress(done, total)

    # -- spans ---------------------------------------------------------------------------

    def _label_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.apply_label(str(action.data()))

    def apply_label(self, label: str) -> None:
        """Label the selected text, or relabel the selected span."""
        if self.editor is None:
            return
        stack = self._stacks[self.editor.doc_id]
        selection = self.view.selected_range()
        if selection is not None:
            snapped = self.editor.snap(*selection)
            layer = self.schema.layer_of(label)
            if snapped is None or layer is None:
                self.status.say("Nothing to label: the selection holds only spaces")
                return
            if any(
                (s.start, s.end, s.label) == (*snapped, label) for s in self.editor.spans.values()
            ):
                self.status.say(f"That text is already labelled {label}")
                return
            stack.push(AddSpan(self.editor, self, Span(*snapped, label, layer)))
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
        elif self.selected is not None and self.selected.id in self.editor.spans:
            if self.selected.label != label:
                stack.push(RelabelSpan(self.editor, self, self.selected, label))
        else:
            self.status.say("Select some text (or click a span) first, then press a label key")

    def delete_selected(self) -> None:
        if self.editor is None or self.selected is None:
            self.status.say("Click a span to select it, then press Delete")
            return
        self._stacks[self.editor.doc_id].push(DeleteSpan(self.editor, self, self.selected))

    def spans_changed(self, changed: list[Span], select: Span | None, message: str) -> None:
        """Every edit ends here: repaint, relist, and say that it was saved."""
        if self.editor is None:
            return
        self.view.update_spans(self.editor.spans.values(), changed)
        self.span_model.apply(changed, self.editor.spans)
        self.legend.show_counts(self.editor.spans.values())
        self.select_span(select)
        self.doc_model.refresh_doc(self.editor.doc_id)
        self._update_progress()
        self.status.say(message)

    def _refresh_lists(self) -> None:
        assert self.editor is not None
        self.span_model.set_spans(self.editor.document.text, self.editor.ordered())
        self.legend.show_counts(self.editor.spans.values())
        if self.selected is not None and self.selected.id is not None:
            row = self.span_model.row_of(self.selected.id)
            if row is not None:
                self.span_list.setCurrentIndex(self.span_model.index(row))

    def select_span(self, span: Span | None, *, scroll: bool = False) -> None:
        self.selected = span
        self.view.mark_span(span, scroll=scroll)
        row = self.span_model.row_of(span.id) if span and span.id is not None else None
        if row is None:
            self.span_list.clearSelection()
        else:
            self.span_list.setCurrentIndex(self.span_model.index(row))
        if span is not None and self.editor is not None:
            what = describe(span, self.editor.document.text, 60)
            self.status.say(f"{what}: Delete removes it, a label key relabels it")

    def _text_clicked(self, offset: int) -> None:
        if self.editor is None:
            return
        hits = self.editor.spans_at(offset) or self.editor.spans_at(offset - 1)
        if not hits:
            self.select_span(None)
            return
        # Clicking the selected span again picks the next one around it (nested spans).
        if self.selected in hits:
            hits = hits[hits.index(self.selected) + 1 :] + hits[: hits.index(self.selected) + 1]
        self.select_span(hits[0])

    def _span_row_clicked(self, index: QModelIndex) -> None:
        self.select_span(self.span_model.span_at(index.row()), scroll=True)

    # -- jobs ----------------------------------------------------------------------------

    def start_preannotation(self) -> None:
        """Load the model (once) and analyse what it has not seen, in the background."""
        job = jobs_ui.preannotation_job(self.db_path, self.pipeline, self.schema)
        job.signals.finished.connect(self._preannotation_finished)
        self.status.track(job)
        self.queue.submit(job)

    def _preannotation_finished(self, result: jobs_ui.PreannotationResult) -> None:
        self.pipeline = result.pipeline
        self.status.set_model(result.pipeline.name, result.pipeline.notice)
        if result.pipeline.notice:
            self.status.say(result.pipeline.notice)
        elif result.doc_ids:
            self.status.say(f"{result.pipeline.name} analysed {len(result.doc_ids)} documents")
        self.analysis_finished(result.doc_ids)

    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import documents",
            str(Path.home()),
            "Documents (*.txt *.jsonl *.csv);;All files (*)",
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_paths(self, files: list[Path]) -> None:
        """Import in the background; the model analyses the new documents afterwards."""
        job = jobs_ui.import_job(self.db_path, files, self.annotator)
        job.signals.finished.connect(self.import_finished)
        self.status.track(job)
        self.queue.submit(job)

    def import_finished(self, report: ImportReport) -> None:
        self.doc_model.reload()
        self._select_current_in_list()
        self._update_progress()
        if report.rejections:
            shown = "\n".join(str(r) for r in report.rejections[:30])
            more = len(report.rejections) - 30
            QMessageBox.warning(
                self,
                "Some files or lines were not imported",
                f"{report.summary()}.\n\n{shown}" + (f"\n… and {more} more" if more > 0 else ""),
            )
        if self.editor is None and self.doc_model.rowCount():
            self.open_row(0)
        self.start_preannotation()

    def analysis_finished(self, doc_ids: list[int]) -> None:
        """The model analysed documents: show entities in the open one, recount the list."""
        if self.editor is not None and self.editor.doc_id in doc_ids:
            self.editor.refresh()
            self.view.update_spans(self.editor.spans.values())
            self._refresh_lists()
        self.doc_model.refresh_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.queue.cancel_all()
        self.queue.wait()
        self.db.conn.close()
        super().closeEvent(event)
