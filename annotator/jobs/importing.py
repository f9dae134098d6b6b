"""Importing files into a project: read, store, then tokenize or pre-annotate what is new."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.model import Origin, Relation, Span, Status, text_hash
from annotator.core.schema import LabelSchema
from annotator.core.words import counted
from annotator.formats.readers import ImportRecord, Rejection, read_file
from annotator.store.annotations import add_spans, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import project_schema, transaction
from annotator.store.documents import (
    NewDocument,
    docs_without_analysis,
    id_for_hash,
    insert_documents,
)
from annotator.store.relations import insert_relations, set_field

if TYPE_CHECKING:  # spaCy takes a second to import; an import without NLP never needs it
    from annotator.nlp.loading import Pipeline

BATCH = 500
#: The annotator of imported annotations that name none.
DEFAULT_IMPORTER = "imported"


@dataclass
class ImportReport:
    """What an import did, for the status bar and the command line."""

    imported: int = 0
    duplicates: int = 0
    annotated: int = 0  # documents that came with someone's annotations
    analysed: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    #: Who gets the annotations of records that name no annotator (no ``_annotator_id``).
    default_annotator: str = DEFAULT_IMPORTER
    unnamed_records: int = 0  # records whose annotations went to ``default_annotator``
    unnamed_spans: int = 0  # and their spans
    #: The pipeline that analysed documents, None for an import without NLP.
    model: str | None = None
    #: Of ``analysed``: documents already in the project that were still to analyse
    #: (an import with --no-nlp, or one whose analysis was stopped).
    analysed_earlier: int = 0

    def reject(self, record: ImportRecord, reason: str) -> None:
        self.rejections.append(Rejection(record.source, record.line, reason))

    def summary(self) -> str:
        """One line for the status bar, the import dialog and the command line."""
        parts = [f"{self.imported} imported"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the project")
        if self.annotated:
            parts.append(f"{self.annotated} with annotations")
        if self.rejections:
            parts.append(f"{len(self.rejections)} rejected")
        notes = [", ".join(parts)]
        if self.unnamed_records:
            notes.append(self._unnamed())
        if self.model is not None:
            notes.append(self._analysis())
        return "; ".join(notes)

    def _unnamed(self) -> str:
        records = counted(self.unnamed_records, "record")
        who = f"annotator '{self.default_annotator}'"
        if not self.unnamed_spans:
            return f"the annotations of {records} without _annotator_id were saved as {who}"
        spans = counted(self.unnamed_spans, "span")
        were = "was" if self.unnamed_spans == 1 else "were"
        return f"{spans} from {records} without _annotator_id {were} saved as {who}"

    def _analysis(self) -> str:
        if not self.analysed:
            return f"no document needed analysing with {self.model}"
        earlier = f" ({self.analysed_earlier} of them left unanalysed earlier)"
        return f"{self.analysed} analysed with {self.model}" + (
            earlier if self.analysed_earlier else ""
        )


def _spans_for(
    record: ImportRecord, schema: LabelSchema, report: ImportReport
) -> tuple[list[Span], dict[int, int]]:
    """The spans whose labels the schema knows, and each one's position in the record.

    A span repeated exactly is kept once, as the window keeps it: links to either copy
    go to the one kept.
    """
    spans: list[Span] = []
    kept: dict[int, int] = {}  # position in the record -> position in ``spans``
    first: dict[tuple[int, int, str], int] = {}  # (start, end, label) -> its first position
    for index, raw in enumerate(record.spans):
        layer = schema.layer_of(raw.label)
        if layer is None:
            report.reject(
                record, f"span {index + 1}: label '{raw.label}' is not in the project's schema"
            )
            continue
        same = first.get((raw.start, raw.end, raw.label))
        if same is not None:
            kept[index] = kept[same]
            if spans[kept[same]].attrs != raw.attrs:
                report.reject(
                    record,
                    f"span {index + 1}: the same span as span {same + 1} with other "
                    "attributes; the first one's were kept",
                )
            continue
        first[(raw.start, raw.end, raw.label)] = index
        kept[index] = len(spans)
        spans.append(Span(raw.start, raw.end, raw.label, layer, Origin.HUMAN, dict(raw.attrs)))
    return spans, kept


def _store_batch(
    db: Database,
    batch: Sequence[ImportRecord],
    schema: LabelSchema,
    default_annotator: str,
    report: ImportReport,
) -> None:
    with transaction(db):
        new_ids = insert_documents(
            db, [NewDocument(r.title, r.text, dict(r.meta), r.source) for r in batch]
        )
        for record, new_id in zip(batch, new_ids, strict=True):
            if new_id is None:
                report.duplicates += 1
            else:
                report.imported += 1
                report.new_ids.append(new_id)
            if record.annotated:
                _store_annotations(db, record, new_id, schema, default_annotator, report)


def _store_annotations(
    db: Database,
    record: ImportRecord,
    new_id: int | None,
    schema: LabelSchema,
    default_annotator: str,
    report: ImportReport,
) -> None:
    doc_id = new_id if new_id is not None else id_for_hash(db, text_hash(record.text))
    assert doc_id is not None
    annotator_id = ensure_annotator(db, record.annotator or default_annotator)
    already = db.execute(
        "SELECT 1 FROM doc_states WHERE doc_id = ? AND annotator_id = ?", [doc_id, annotator_id]
    ).fetchone()
    if already:
        # Importing the same annotated file twice must not double the annotations.
        return
    spans, kept = _spans_for(record, schema, report)
    add_spans(db, doc_id, annotator_id, spans)
    # The annotator had no spans here (no state row): their spans in id order are ours.
    ids = [
        row[0]
        for row in db.execute(
            "SELECT id FROM spans WHERE doc_id = ? AND annotator_id = ? ORDER BY id",
            [doc_id, annotator_id],
        )
    ]
    links = _links(record, schema, spans, kept, ids, report)
    insert_relations(db, doc_id, annotator_id, links)
    for name, value in record.fields.items():
        if schema.field(name) is None:
            report.reject(record, f"field '{name}' is not in the project's schema")
        else:
            set_field(db, doc_id, annotator_id, name, value)
    if record.status is not None:
        status = Status(record.status)
    else:
        status = Status.DONE if record.answer == "accept" else Status.IN_PROGRESS
    set_status(db, doc_id, annotator_id, status, seeded=True)
    report.annotated += 1
    if record.annotator is None:
        report.unnamed_records += 1
        report.unnamed_spans += len(spans)


def _links(
    record: ImportRecord,
    schema: LabelSchema,
    spans: Sequence[Span],
    kept: dict[int, int],
    ids: Sequence[int],
    report: ImportReport,
) -> list[Relation]:
    """The record's relations the window would allow, between the spans stored as ``ids``."""
    links: dict[tuple[int, int, str], tuple[int, Relation]] = {}
    for number, raw in enumerate(record.relations, start=1):
        if raw.head not in kept or raw.child not in kept:
            report.reject(record, f"relation {number}: one of its spans was not imported")
            continue
        # The window's rules for a link: a type the schema allows between the two labels,
        # two different spans, and no link twice.
        head, child = kept[raw.head], kept[raw.child]
        allowed = schema.relations_between(spans[head].label, spans[child].label)
        key = (head, child, raw.label)
        if raw.label not in {kind.name for kind in allowed}:
            report.reject(
                record,
                f"relation {number}: the schema has no {raw.label} from "
                f"{spans[head].label} to {spans[child].label}",
            )
        elif head == child:
            report.reject(record, f"relation {number}: it links a span to itself")
        elif key in links:
            earlier, link = links[key]
            if link.attrs != raw.attrs:
                report.reject(
                    record,
                    f"relation {number}: the same link as relation {earlier} with other "
                    "attributes; the first one's were kept",
                )
        else:
            links[key] = (number, Relation(ids[head], ids[child], raw.label, dict(raw.attrs)))
    return [link for _, link in links.values()]


def read_records(paths: Iterable[Path], report: ImportReport) -> Iterable[ImportRecord]:
    """Every good record of every file; rejections go to the report."""
    for path in paths:
        for item in read_file(path):
            if isinstance(item, Rejection):
                report.rejections.append(item)
            else:
                yield item


def import_files(
    db: Database,
    paths: Sequence[Path],
    *,
    pipeline: Pipeline | None,
    annotator: str | None = None,
    control: Control | None = None,
    n_process: int = 1,
) -> ImportReport:
    """Import ``paths``; documents are committed in batches, then analysed by ``pipeline``.

    With no pipeline (``--no-nlp``) only the documents are stored: tokens, entities and
    suggestions come later, when the window or ``annotator analyse`` runs the model, so
    that a large corpus goes in at thousands of documents a second. The blank pipeline
    stores tokens and sentences only. Cancelling keeps what was committed; the window
    pre-annotates the rest later. With a pipeline, documents of the project still to
    analyse (imported without NLP, or by an import stopped during its analysis) are
    analysed too, and the report counts them.
    """
    control = control or Control()
    schema = project_schema(db)
    report = ImportReport(default_annotator=annotator or DEFAULT_IMPORTER)
    batch: list[ImportRecord] = []
    control.progress(0, 0, "Reading files")
    for record in read_records(paths, report):
        batch.append(record)
        if len(batch) >= BATCH:
            _store_batch(db, batch, schema, annotator or DEFAULT_IMPORTER, report)
            batch.clear()
            control.progress(0, 0, f"Read {report.imported + report.duplicates} documents")
            control.check()
    _store_batch(db, batch, schema, annotator or DEFAULT_IMPORTER, report)
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
