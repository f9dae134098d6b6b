"""The window's background jobs: pre-annotation, import, export, agreement, each in a worker.

The spaCy model runs in a child process (annotator/jobs/analysis_process.py), never in
the window's: the window keeps its memory and its event loop to itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.jobs.analysis_process import AnalysisOutcome, ModelInfo, run_analysis
from annotator.store.annotators import annotator_names
from annotator.store.documents import docs_without_analysis
from annotator.ui.jobs.queue import Job

if TYPE_CHECKING:
    from annotator.jobs.exporting import ExportRequest, ExportResult
    from annotator.jobs.import_options import ImportOptions
    from annotator.jobs.import_scan import LabelScan
    from annotator.jobs.importing import ImportReport
    from annotator.review.merge import MergeReport


def preannotation_job(db_path: Path) -> Job:
    """A job that has the model analyse, in a child process, what it has not seen."""

    def work(db: Database, control: Control) -> AnalysisOutcome:
        if not docs_without_analysis(db, model=True):
            # Nothing to do: no child, no model loaded (seconds of CPU at every opening).
            models = annotator_names(db, kind="model")
            latest = models[max(models)] if models else ""
            return AnalysisOutcome(ModelInfo(latest), [])
        return run_analysis(db_path, control)

    return Job("Pre-annotation", db_path, work)


def import_job(
    db_path: Path,
    files: Sequence[Path],
    annotator: str,
    options: ImportOptions | None = None,
) -> Job:
    """A job that stores the files' documents; the model analyses them in another.

    ``annotator``: who the annotations in the files are by when they do not say (the
    person at the window, unless ``options`` names another way).
    """

    def work(db: Database, control: Control) -> ImportReport:
        from annotator.jobs.importing import import_files

        return import_files(
            db, files, pipeline=None, annotator=annotator, control=control, options=options
        )

    return Job("Import", db_path, work)


def scan_job(db_path: Path, files: Sequence[Path], options: ImportOptions) -> Job:
    """A job that reads files as the import would, to list the labels they use."""

    def work(db: Database, control: Control) -> LabelScan:
        from annotator.jobs.import_scan import scan_labels

        return scan_labels(files, options, control=control)

    return Job("Reading the files", db_path, work)


def export_job(db_path: Path, request: ExportRequest) -> Job:
    """A job that writes an export; files appear only when it has finished."""

    def work(db: Database, control: Control) -> ExportResult:
        from annotator.jobs.exporting import export

        return export(db, request, control)

    return Job("Export", db_path, work)


def agreement_job(db_path: Path) -> Job:
    """A job that computes the agreement report (seconds on a large review project)."""

    def work(db: Database, control: Control) -> dict[str, object]:
        from annotator.review.agreement_report import agreement_report

        control.progress(0, 0, "Computing agreement…")
        return agreement_report(db)

    return Job("Agreement", db_path, work)


def backup_job(db_path: Path) -> Job:
    """A job that makes today's backup of the project, if it has none yet."""

    def work(db: Database, control: Control) -> Path | None:
        from annotator.store.backup import backup_project

        control.check()
        return backup_project(db_path)

    return Job("Backup", db_path, work)


def merge_job(review: Path, sources: Sequence[Path]) -> Job:
    """A job that merges annotators' projects into the review project (made if missing)."""

    def work(db: Database, control: Control) -> MergeReport:
        from annotator.review.merge import merge_projects

        return merge_projects(db, list(sources), control)

    return Job("Merge", review, work)
