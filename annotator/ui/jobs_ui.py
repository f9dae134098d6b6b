"""The window's background jobs: pre-annotation and import, each in a worker.

spaCy is imported inside the jobs, in the worker thread: importing it takes about a
second, which the window must not wait for at startup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.schema import LabelSchema
from annotator.ui.workers import Job

if TYPE_CHECKING:
    from annotator.jobs.exporting import ExportRequest, ExportResult
    from annotator.jobs.importing import ImportReport
    from annotator.nlp.loading import Pipeline


@dataclass(frozen=True)
class PreannotationResult:
    pipeline: Pipeline
    doc_ids: list[int]


def preannotation_job(db_path: Path, pipeline: Pipeline | None, schema: LabelSchema) -> Job:
    """A job that loads the model if need be, then analyses what it has not seen."""

    def work(db: Database, control: Control) -> PreannotationResult:
        from annotator.jobs.preannotate import preannotate_project
        from annotator.nlp.loading import load_pipeline

        loaded = pipeline
        if loaded is None:
            control.progress(0, 0, "Loading the spaCy model…")
            loaded = load_pipeline()
            control.check()
        return PreannotationResult(loaded, preannotate_project(db, loaded, schema, control))

    return Job("Pre-annotation", db_path, work)


def import_job(db_path: Path, files: Sequence[Path], annotator: str) -> Job:
    """A job that stores the files' documents with tokens; entities follow in another."""

    def work(db: Database, control: Control) -> ImportReport:
        from annotator.jobs.importing import import_files
        from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline

        return import_files(
            db,
            files,
            pipeline=Pipeline(blank_pipeline(), BLANK),
            annotator=annotator,
            control=control,
        )

    return Job("Import", db_path, work)


def export_job(db_path: Path, request: ExportRequest) -> Job:
    """A job that writes an export; files appear only when it has finished."""

    def work(db: Database, control: Control) -> ExportResult:
        from annotator.jobs.exporting import export

        return export(db, request, control)

    return Job("Export", db_path, work)


def agreement_job(db_path: Path) -> Job:
    """A job that computes the agreement report (seconds on a large review project)."""

    def work(db: Database, control: Control) -> dict[str, object]:
        from annotator.review.report import agreement_report

        control.progress(0, 0, "Computing agreement…")
        return agreement_report(db)

    return Job("Agreement", db_path, work)
