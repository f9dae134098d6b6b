"""What the window's helpers (menus, View menu, jobs, settings) use of the main window.

A protocol, so that none of them imports the main window: the imports of ``ui/`` form
no circle (tests/ui/test_import_circles.py). ``MainWindow`` is its one implementation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenuBar, QScrollArea, QSplitter, QToolBar
from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.session.project import Project
from annotator.store.editing import DocumentEditor
from annotator.ui.article.palette import LabelPalette, Legend, SuggestionCount
from annotator.ui.article.view import ArticleView
from annotator.ui.dialogs.host import WindowHost
from annotator.ui.editing.controller import EditingController
from annotator.ui.panels.document_list import DocListModel, FilterBox
from annotator.ui.panels.span_list import SpanTable
from annotator.ui.review.controller import ReviewController
from annotator.ui.review.panes import ReviewPanes
from annotator.ui.window.status_bar import StatusBar

if TYPE_CHECKING:  # the analysis imports spaCy, which the window never loads itself
    from annotator.jobs.analysis_process import ModelInfo


class JobStarter(Protocol):
    """The window's background jobs, as the menus start them (window/jobs.py)."""

    def import_dialog(self) -> None: ...

    def export_dialog(self) -> None: ...

    def show_agreement(self) -> None: ...

    def train_dialog(self) -> None: ...

    def models_dialog(self) -> None: ...

    def job_failed(self, message: str, details: str, /) -> None: ...


class LedgerStarter(Protocol):
    """The claims ledger, as the menus open it (window/ledger_jobs.py)."""

    def show_ledger(self) -> None: ...


class TeamSyncer(Protocol):
    """A team project's background sync, as the menus start it (window/team_sync.py)."""

    @property
    def linked(self) -> bool:
        """The project belongs to a team."""

    @property
    def syncs(self) -> bool:
        """The project is synced from this window (linked, and writable)."""

    def sync_now(self) -> None: ...


class Restorable(Protocol):
    """The View menu's controls, put back as the window was last closed."""

    def restore(self) -> None: ...


class MainWindowHost(WindowHost, Protocol):
    """The main window: its project, its widgets, and what its menus do."""

    def window(self) -> QMainWindow:
        """The main window as Qt knows it."""

    def another(self, path: Path, annotator: str, *, review: bool = False) -> MainWindowHost:
        """A new window on ``path``; raises ``ProjectError`` or ``OSError``."""

    @property
    def status(self) -> StatusBar: ...

    @property
    def project(self) -> Project: ...

    @property
    def db(self) -> Database: ...

    @property
    def schema(self) -> LabelSchema: ...

    @property
    def read_only(self) -> str: ...

    @property
    def editor(self) -> DocumentEditor | None: ...

    @property
    def review(self) -> ReviewController | None: ...

    @property
    def controller(self) -> EditingController: ...

    @property
    def jobs(self) -> JobStarter: ...

    @property
    def team_sync(self) -> TeamSyncer: ...

    @property
    def ledger_jobs(self) -> LedgerStarter: ...

    @property
    def view_controls(self) -> Restorable: ...

    @property
    def model_info(self) -> ModelInfo | None: ...

    @model_info.setter
    def model_info(self, info: ModelInfo | None) -> None: ...

    # The widgets the helpers reach: laid out by the window, named here.
    @property
    def view(self) -> ArticleView: ...

    @property
    def span_list(self) -> SpanTable: ...

    @property
    def filter_box(self) -> FilterBox: ...

    @property
    def doc_model(self) -> DocListModel: ...

    @property
    def legend(self) -> Legend: ...

    @property
    def suggestion_label(self) -> SuggestionCount: ...

    @property
    def label_palette(self) -> LabelPalette: ...

    @property
    def review_panes(self) -> ReviewPanes: ...

    @property
    def splitter(self) -> QSplitter: ...

    @property
    def middle(self) -> QSplitter: ...

    @property
    def tabs_area(self) -> QScrollArea: ...

    # What the menus do.
    def label_triggered(self) -> None: ...

    def link_triggered(self) -> None: ...

    def accept_version(self) -> None: ...

    def show_guidelines(self) -> None: ...

    def edit_attributes(self) -> None: ...

    def open_document(self, doc_id: int, /) -> None: ...

    def open_row(self, row: int, /) -> None: ...

    def select_current_in_list(self) -> None: ...

    def update_progress(self) -> None: ...

    # The QMainWindow underneath.
    def menuBar(self) -> QMenuBar: ...

    def addToolBar(self, title: str, /) -> QToolBar: ...

    def addAction(self, action: QAction, /) -> None: ...

    def saveGeometry(self) -> QByteArray: ...

    def saveState(self, version: int = 0) -> QByteArray: ...

    def restoreGeometry(self, geometry: QByteArray | bytes, /) -> bool: ...

    def restoreState(self, state: QByteArray | bytes, version: int = 0) -> bool: ...

    def size(self) -> QSize: ...
