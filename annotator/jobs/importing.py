"""Importing files into a project: read, store, then tokenize or pre-annotate what is new."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.schema import LabelSchema
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.foreign.registry import WEB_PAGE_SUFFIXES, files_of, read_foreign
from annotator.formats.readers import SUPPORTED_SUFFIXES, ImportRecord, Rejection, read_file
from annotator.jobs.import_annotations import store_annotations
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.import_report import DEFAULT_IMPORTER, ImportReport
from annotator.store.db import project_schema, transaction
from annotator.store.documents import NewDocument, docs_without_analysis, insert_documents

# Re-exported: the command line, the window and the tests take the report from here.
__all__ = ["DEFAULT_IMPORTER", "ImportOptions", "ImportReport", "import_files"]

if TYPE_CHECKING:  # spaCy takes a second to import; an import without NLP never needs it
    from annotator.nlp.loading import Pipeline

BATCH = 500


def _store_batch(
    db: Database,
    batch: Sequence[ImportRecord],
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
) -> None:
    with transaction(db):
        new_ids = insert_documents(
            db, [NewDocument(r.title, r.text, dict(r.meta), r.source) for r in batch]
        )
        annotators: dict[str, int] = {}  # of this transaction only: a rollback loses new ones
        for record, new_id in zip(batch, new_ids, strict=True):
            if new_id is None:
                report.duplicates += 1
            else:
                report.imported += 1
                report.new_ids.append(new_id)
            if record.annotated or record.suggestions:
                store_annotations(db, record, new_id, schema, options, report, annotators)


@contextmanager
def _bulk_writing(db: Database) -> Iterator[None]:
    """The connection's page cache made large enough for a batch while it is stored.

    SQLite's 2 MB cache cannot hold the pages a batch of hundreds of documents changes: it
    writes them to the WAL half-way through the transaction, many of them twice. With 64 MB
    each goes out once, at the commit: half the writes for a brat corpus. The cache goes
    back to SQLite's default (which store/db.py keeps) when the import ends.
    """
    db.conn.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        db.conn.execute("PRAGMA cache_size = -2000")


def read_records(
    paths: Iterable[Path],
    report: ImportReport,
    options: ImportOptions | None = None,
    annotator: str | None = None,
) -> Iterable[ImportRecord]:
    """Every good record of every file; rejections go to the report.

    With a format (``--format brat``, say) the paths are read as that tool's files; else
    each file by its extension, a folder standing for the files in it it can read.
    """
    options = options or ImportOptions()
    read = ReadOptions(
        annotator=None
        if report.default_annotator == DEFAULT_IMPORTER
        else report.default_annotator,
        annotator_from=options.annotator_from,
    )
    items: Iterable[ImportRecord | Rejection]
    if options.format is not None:
        items = read_foreign(paths, options.format, read)
    else:
        items = _by_extension(paths, read)
    for item in items:
        if isinstance(item, Rejection):
            report.rejections.append(item)
        else:
            yield item


def _by_extension(
    paths: Iterable[Path], options: ReadOptions
) -> Iterator[ImportRecord | Rejection]:
    """Annotator's own files (.txt, .jsonl, .csv) and saved web pages, by extension."""
    for file, _ in files_of(paths, SUPPORTED_SUFFIXES + WEB_PAGE_SUFFIXES):
        if file.suffix.lower() in WEB_PAGE_SUFFIXES:
            yield from read_foreign([file], "html", options)
        else:
            yield from read_file(file)


def import_files(
    db: Database,
    paths: Sequence[Path],
    *,
    pipeline: Pipeline | None,
    annotator: str | None = None,
    control: Control | None = None,
    n_process: int = 1,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import ``paths``; documents are committed in batches, then analysed by ``pipeline``.

    With no pipeline (``--no-nlp``) only the documents are stored: tokens, entities and
    suggestions come later, when the window or ``annotator analyse`` runs the model, so
    that a large corpus goes in at thousands of documents a second. The blank pipeline
    stores tokens and sentences only. Cancelling keeps what was committed; the window
    pre-annotates the rest later. With a pipeline, documents of the project still to
    analyse (imported without NLP, or by an import stopped during its analysis) are
    analysed too, and the report counts them. ``options``: another tool's format, label
    renames, whose work the annotations are and what status they get.
    """
    options = options or ImportOptions()
    control = control or Control()
    schema = project_schema(db)
    report = ImportReport(default_annotator=annotator or DEFAULT_IMPORTER)
    batch: list[ImportRecord] = []
    control.progress(0, 0, "Reading files")
    with _bulk_writing(db):
        for record in read_records(paths, report, options, annotator):
            batch.append(record)
            if len(batch) >= BATCH:
                _store_batch(db, batch, schema, options, report)
                batch.clear()
                control.progress(0, 0, f"Read {report.imported + report.duplicates} documents")
                control.check()
        _store_batch(db, batch, schema, options, report)
    if pipeline is not None:
        _analyse(db, pipeline, schema, control, report, n_process)
    return report


def _analyse(
    db: Database,
    pipeline: Pipeline,
    schema: LabelSchema,
    control: Control,
    report: ImportReport,
    n_process: int,
) -> None:
    """Analyse the new documents and any the project still has to analyse."""
    from annotator.jobs.preannotate import preannotate

    # Not only the new ids: an import stopped during its analysis left documents that a
    # second import of the same files finds "already in the project" and would skip.
    pending = docs_without_analysis(db, model=pipeline.has_entities)
    new = set(report.new_ids)
    report.model = pipeline.name
    report.analysed_earlier = sum(1 for doc_id in pending if doc_id not in new)
    report.analysed = preannotate(db, pipeline, pending, schema, control, n_process=n_process)
