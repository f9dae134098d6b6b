"""The window's background work: import, pre-annotation, export, agreement and the model.

Each runs as a Job on the window's serial queue (annotator/ui/jobs/queue.py) with its
progress and cancel button in the status bar; this class starts them and takes their
results and failures back to the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator.core.words import counted
from annotator.session.changes import Changes
from annotator.store.db import ProjectError, transaction
from annotator.training.models import TrainedModel, choose_model, chosen_model
from annotator.ui.common import settings
from annotator.ui.common.errors import show_error
from annotator.ui.dialogs.export_dialog import ExportDialog
from annotator.ui.dialogs.import_dialog import ImportDialog
from annotator.ui.jobs import tasks as jobs_ui
from annotator.ui.jobs.queue import Job
from annotator.ui.review.agreement_window import AgreementWindow
from annotator.ui.training.models_dialog import ModelsDialog
from annotator.ui.training.train_dialog import TrainDialog

if TYPE_CHECKING:  # the exporters import spaCy, which the window never loads itself
    from annotator.jobs.analysis_process import AnalysisOutcome
    from annotator.jobs.exporting import ExportRequest, ExportResult
    from annotator.jobs.import_options import ImportOptions
    from annotator.jobs.importing import ImportReport
    from annotator.ui.window.host import MainWindowHost


class WindowJobs(QObject):
    """Starts the window's jobs and handles what they report."""

    def __init__(self, window: MainWindowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.agreement_window: AgreementWindow | None = None
        self.train_window: TrainDialog | None = None
        self.models_window: ModelsDialog | None = None

    def show_agreement(self) -> None:
        """Compute the agreement report in the background, then show it."""
        job = jobs_ui.agreement_job(self.w.db_path)
        job.signals.finished.connect(self._agreement_ready)
        job.signals.failed.connect(self.job_failed)
        self.w.status.track(job)
        self.w.queue.submit(job)

    def _agreement_ready(self, report: dict[str, Any]) -> None:
        self.agreement_window = AgreementWindow(report, self.w.window())
        self.agreement_window.document_requested.connect(self.w.open_document)
        self.agreement_window.show()

    def start_preannotation(self) -> None:
        """Have the model analyse what it has not seen, in a child process."""
        if self.w.read_only:  # the analyses are stored in the project
            return
        job = jobs_ui.preannotation_job(self.w.db_path)
        job.signals.finished.connect(self._preannotation_finished)
        job.signals.failed.connect(self._analysis_failed)
        self.w.status.track(job)
        self.w.queue.submit(job)

    def _preannotation_finished(self, result: AnalysisOutcome) -> None:
        self.w.model_info = result.model
        if result.model.name:  # "" when nothing was ever analysed (an empty project)
            self.w.status.set_model(result.model.name, result.model.notice)
        if result.model.notice:
            self.w.status.say(result.model.notice)
        elif result.doc_ids:
            analysed = counted(len(result.doc_ids), "document")
            self.w.status.say(f"{result.model.name} analysed {analysed}")
        self.analysis_finished(result.doc_ids)

    def import_dialog(self) -> None:
        """File > Import: files or folders, their format and labels, then the import."""
        w = self.w
        dialog = ImportDialog(w.schema, w.db_path, w.annotator, w.window())
        if dialog.exec() == ImportDialog.DialogCode.Accepted and dialog.paths():
            self.import_paths(dialog.paths(), dialog.options())

    def export_dialog(self) -> None:
        dialog = ExportDialog(self.w.db, self.w.schema, self.w.db_path.parent, self.w.window())
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_to(dialog.request())

    def export_to(self, request: ExportRequest) -> None:
        """Export in the background; the status bar shows progress and a cancel button."""
        job = jobs_ui.export_job(self.w.db_path, request)
        job.signals.finished.connect(self._export_finished)
        job.signals.failed.connect(self.job_failed)
        self.w.status.track(job)
        self.w.queue.submit(job)

    def _export_finished(self, result: ExportResult) -> None:
        message = result.summary()
        if result.nothing:
            self.w.status.say(message)
            show_error(
                self.w.window(),
                "Nothing was exported",
                message,
                "No file was written. To export every document, whatever its status, "
                "choose Documents: all in the export dialog.",
                warning=True,
            )
            return
        self.w.status.say(message)
        warnings = result.warnings()
        if warnings:
            show_error(
                self.w.window(),
                "Export finished with warnings",
                message,
                "The files are complete; the warnings say what they could not hold.",
                "\n".join(warnings),
                warning=True,
            )

    def _analysis_failed(self, message: str, details: str) -> None:
        self.w.status.say("The spaCy analysis stopped; annotating goes on without it")
        show_error(
            self.w.window(),
            "The spaCy analysis stopped",
            "Entities and suggestions could not be computed for the remaining documents.",
            "Your annotations are safe, and documents analysed so far keep their entities. "
            f"To see the error in full, run: annotator analyse --db {self.w.db_path}",
            f"{message}\n\n{details}",
            warning=True,
        )

    def job_failed(self, message: str, details: str) -> None:
        show_error(
            self.w.window(),
            "The job failed",
            message,
            "Nothing was written. Check the folder can be written to, then try again.",
            details,
        )

    def _import_failed(self, message: str, details: str) -> None:
        self.w.doc_model.reload()  # what was imported before the error is there
        self.w.update_progress()
        show_error(
            self.w.window(),
            "The import stopped",
            message,
            "The documents imported before the error are kept; importing the same files "
            "again skips them. Check the file named above, then import again.",
            details,
        )

    def import_paths(self, files: list[Path], options: ImportOptions | None = None) -> None:
        """Import in the background; the model analyses the new documents afterwards."""
        job = jobs_ui.import_job(self.w.db_path, files, self.w.annotator, options)
        job.signals.finished.connect(self.import_finished)
        job.signals.failed.connect(self._import_failed)
        self.w.status.track(job)
        self.w.queue.submit(job)

    def import_finished(self, report: ImportReport) -> None:
        self.w.doc_model.reload()
        self.w.select_current_in_list()
        self.w.update_progress()
        self.w.status.say(report.summary())  # e.g. which annotator got spans with no name
        if report.rejections:
            shown = "\n".join(str(r) for r in report.rejections[:5])
            more = len(report.rejections) - 5
            show_error(
                self.w.window(),
                "Some files or lines were not imported",
                f"{report.summary()}.\n\n{shown}" + (f"\n… and {more} more" if more > 0 else ""),
                "Everything else was imported. Correct the lines named (file:line: reason), "
                "then import those files again: documents already in the project are skipped.",
                "\n".join(str(r) for r in report.rejections),
                warning=True,
            )
        if self.w.editor is None and self.w.doc_model.rowCount():
            self.w.open_row(0)
        self.start_preannotation()

    def analysis_finished(self, doc_ids: list[int]) -> None:
        """The model analysed documents: show entities in the open one, recount the list."""
        if self.w.editor is not None and self.w.editor.doc_id in doc_ids:
            self.w.controller.reload()
        self.w.doc_model.refresh_all()

    # -- the trained model ---------------------------------------------------------------

    def run(self, job: Job) -> None:
        """Queue ``job`` with its progress and cancel button in the status bar."""
        self.w.status.track(job)
        self.w.queue.submit(job)

    def train_dialog(self) -> None:
        """Model > Train…: the dialog, brought back as it was while a training runs."""
        if self.w.read_only:
            return
        if self.train_window is None:
            w = self.w
            self.train_window = TrainDialog(w.db, w.schema, w.db_path, self.run, w.window())
            self.train_window.trained.connect(self._model_trained)
        self.train_window.show()
        self.train_window.raise_()
        self.train_window.activateWindow()

    def _model_trained(self, model: TrainedModel) -> None:
        try:
            with transaction(self.w.db):
                choose_model(self.w.db, "")  # a model just trained is used: the newest
        except ProjectError as exc:  # another program writing: the choice stays as it was
            self.w.status.say(f"Model {model.name} trained, but not put in use: {exc}")
            return
        self.w.status.say(f"Model {model.name} trained: held-out F1 {model.card.f1:.2f}")
        self.show_trained_model()
        if self.models_window is not None:
            self.models_window.reload()
        self.start_model_suggestions(chosen_model(self.w.db, self.w.db_path))

    def models_dialog(self) -> None:
        """Model > Models…: list, choose and delete models; the confidence threshold."""
        w = self.w
        if self.models_window is None:
            self.models_window = ModelsDialog(
                w.db,
                w.db_path,
                settings.model_threshold(),
                read_only=w.read_only,
                parent=w.window(),
            )
            self.models_window.model_changed.connect(self._model_changed)
            self.models_window.threshold_changed.connect(self.set_threshold)
        else:
            self.models_window.reload()
        self.models_window.show()
        self.models_window.raise_()
        self.models_window.activateWindow()

    def _model_changed(self, model: TrainedModel | None) -> None:
        self.show_trained_model()
        self.start_model_suggestions(model)

    def show_trained_model(self) -> None:
        """Name the model in use (if any) in the status bar."""
        self.w.status.set_trained(chosen_model(self.w.db, self.w.db_path))

    def start_model_suggestions(self, model: TrainedModel | None) -> None:
        """Have ``model`` suggest in every document, in a child process."""
        if model is None or self.w.read_only:
            return
        job = jobs_ui.model_suggest_job(self.w.db_path, model.path)
        job.signals.finished.connect(lambda count: self._model_suggested(model, count))
        job.signals.failed.connect(
            lambda message, details: self._suggest_failed(model, f"{message}\n\n{details}")
        )
        self.run(job)

    def _suggest_failed(self, model: TrainedModel, details: str) -> None:
        show_error(
            self.w.window(),
            "The model's suggestions stopped",
            f"Model {model.name} could not suggest in every document.",
            "Your annotations are safe, and the suggestions stored so far are kept. To see "
            f"the error in full, run: annotator suggest --db {self.w.db_path} "
            f"--model {model.path} --no-rules",
            details,
            warning=True,
        )

    def _model_suggested(self, model: TrainedModel, documents: int) -> None:
        """Show the model's suggestions in the open document; recount the list."""
        self.w.status.say(f"Model {model.name} suggested in {counted(documents, 'document')}")
        if self.w.editor is not None:
            self.w.controller.reload()
        self.w.doc_model.refresh_all()

    def set_threshold(self, value: float) -> None:
        """Remember the threshold and apply it to the open documents at once."""
        settings.set_model_threshold(value)
        self.w.project.min_score = value
        controller = self.w.controller
        session = controller.session
        if session is not None:  # the article repaints; the suggestion count recounts
            controller.publish(session, Changes(session.doc_id, suggestions=True))
