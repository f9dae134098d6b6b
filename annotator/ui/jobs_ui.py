"""The window's background jobs: pre-annotation and import, each in a worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.jobs.control import Control
from annotator.jobs.importing import ImportReport, import_files
from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline, load_pipeline
from annotator.ui.workers import Job


@dataclass(frozen=True)
class PreannotationResult:
    pipeline: Pipeline
    doc_ids: list[int]


def preannotation_job(db_path: Path, pipeline: Pipeline | None, schema: LabelSchema) -> Job:
    """A job that loads the model if need be, then analyses what it has not seen."""
    from annotator.jobs.preannotate import preannotate_project

    def work(db: Database, control: Control) -> PreannotationResult:
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
        return import_files(
            db,
            files,
            pipeline=Pipeline(blank_pipeline(), BLANK),
            annotator=annotator,
            control=control,
        )

    return Job("Import", db_path, work)
