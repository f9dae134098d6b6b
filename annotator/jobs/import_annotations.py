"""Storing the annotations that came with an imported document, as the window would.

Labels are renamed by the import's mapping, then checked against the project's schema:
what the schema cannot hold is refused and counted, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import repeat

from sqlite_utils import Database

from annotator.core.model import Origin, Relation, Span, Status, text_hash
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.formats.import_record import ImportRecord, PlainSpans, RawSpan
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.import_report import ImportReport
from annotator.store.annotations import SpanRow, add_span_rows, attrs_json, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import id_for_hash
from annotator.store.relations import insert_relations, set_field
from annotator.store.suggestions import store_proposal

#: The suggester whose suggestions are a model's predictions imported with the documents.
IMPORTED_PREDICTIONS = "imported predictions"


#: A span of the record kept for storing: the span as read, its label renamed, its layer.
_Kept = tuple[RawSpan, str, str]


def _spans_for(
    record: ImportRecord,
    raw_spans: Sequence[RawSpan],
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
) -> tuple[list[_Kept], dict[int, int]]:
    """The spans whose labels the schema knows, and each one's position in the record.

    A span repeated exactly is kept once, as the window keeps it: links to either copy
    go to the one kept.
    """
    spans: list[_Kept] = []
    kept: dict[int, int] = {}  # position in the record -> position in ``spans``
    first: dict[tuple[int, int, str], int] = {}  # (start, end, label) -> its first position
    layers: dict[str, str | None] = {}  # the schema's lookup is a scan: once per label
    renamed = options.label_map.get
    for index, raw in enumerate(raw_spans):
        label = renamed(raw.label, raw.label)
        if label not in layers:
            layers[label] = schema.layer_of(label)
        layer = layers[label]
        if layer is None:
            _refuse(record, index, label, raw.label, report)
            continue
        key = (raw.start, raw.end, label)
        same = first.get(key)
        if same is not None:
            kept[index] = kept[same]
            if raw_spans[same].attrs != raw.attrs:
                report.reject(
                    record,
                    f"span {index + 1}: the same span as span {same + 1} with other "
                    "attributes; the first one's were kept",
                )
            continue
        first[key] = index
        kept[index] = len(spans)
        spans.append((raw, label, layer))
    return spans, kept


def _refuse(record: ImportRecord, index: int, label: str, given: str, report: ImportReport) -> None:
    """Count and report a span whose label (renamed from ``given``) the schema lacks."""
    report.refused_labels[label] += 1
    renamed = f" (renamed from '{given}')" if label != given else ""
    report.reject(
        record,
        f"span {index + 1}: label '{label}'{renamed} is not in the project's schema",
    )


def store_annotations(
    db: Database,
    record: ImportRecord,
    new_id: int | None,
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
    annotators: dict[str, int] | None = None,
) -> None:
    """Store the record's spans, links, fields, status and predictions in its document.

    ``new_id``: the document's id if it was stored just now, None if it was there before.
    ``annotators``: the ids of annotators looked up in this transaction, by name, for the
    next record to find without a query (the caller's: it must not outlive the transaction).
    """
    doc_id = new_id if new_id is not None else id_for_hash(db, text_hash(record.text))
    assert doc_id is not None
    if record.suggestions:
        _store_predictions(db, doc_id, record, schema, options, report)
    if record.annotated:
        name = record.annotator or report.default_annotator
        found = annotators if annotators is not None else {}
        if name not in found:
            found[name] = ensure_annotator(db, name)
        # A document stored just now has nobody's annotations yet: no need to look.
        if new_id is None and _has_state(db, doc_id, found[name]):
            return  # importing the same annotated file twice must not double them
        _store_layer(db, doc_id, found[name], record, schema, options, report)


def _has_state(db: Database, doc_id: int, annotator_id: int) -> bool:
    query = "SELECT 1 FROM doc_states WHERE doc_id = ? AND annotator_id = ?"
    return db.execute(query, [doc_id, annotator_id]).fetchone() is not None


def _store_layer(
    db: Database,
    doc_id: int,
    annotator_id: int,
    record: ImportRecord,
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
) -> None:
    rows = _plain_rows(record, schema, options)
    if rows is not None:
        stored = add_span_rows(db, doc_id, annotator_id, rows)
    else:
        stored = _store_spans(db, doc_id, annotator_id, record, schema, options, report)
    for name, value in record.fields.items():
        if schema.field(name) is None:
            report.reject(record, f"field '{name}' is not in the project's schema")
        else:
            set_field(db, doc_id, annotator_id, name, value)
    if options.status is not None:
        status = options.status
    elif record.status is not None:
        status = Status(record.status)
    else:
        status = Status.DONE if record.answer == "accept" else Status.IN_PROGRESS
    set_status(db, doc_id, annotator_id, status, seeded=True)
    report.annotated += 1
    if record.annotator is None:
        report.unnamed_records += 1
        report.unnamed_spans += stored


def _plain_rows(
    record: ImportRecord, schema: LabelSchema, options: ImportOptions
) -> list[SpanRow] | None:
    """The record's PlainSpans as rows to store, if every one is stored as it is.

    None when a label is refused or a span repeated (the general way reports each by its
    number), or there are links to place. The checks run per label and over whole columns,
    the rows are made in C: no Python step a span.
    """
    spans = record.spans
    if not isinstance(spans, PlainSpans) or record.relations:
        return None
    renamed = {label: options.label(label) for label in set(spans.labels)}
    # The schema's own lookup is a scan a label: a dict of them all costs less than six.
    known = {lab.name: lab.layer for lab in reversed(schema.labels)}  # the first one wins
    if not known.keys() >= set(renamed.values()):
        return None
    layers = {label: known[name] for label, name in renamed.items()}
    labels = spans.labels
    if any(label != name for label, name in renamed.items()):
        labels = tuple(map(renamed.__getitem__, labels))
    if len(set(zip(spans.starts, spans.ends, labels, strict=True))) != len(labels):
        return None
    layer_of = map(layers.__getitem__, spans.labels)
    human, no_attrs = repeat(Origin.HUMAN.value), repeat(attrs_json({}))
    return list(zip(repeat(None), layer_of, labels, spans.starts, spans.ends, human, no_attrs))


def _store_spans(
    db: Database,
    doc_id: int,
    annotator_id: int,
    record: ImportRecord,
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
) -> int:
    """Store the record's spans and links one by one, reporting each refused; returns how many."""
    spans, kept = _spans_for(record, record.spans, schema, options, report)
    human = Origin.HUMAN.value
    add_span_rows(
        db,
        doc_id,
        annotator_id,
        [
            (None, layer, label, raw.start, raw.end, human, attrs_json(raw.attrs))
            for raw, label, layer in spans
        ],
    )
    if record.relations:
        # The annotator had no spans here (no state row): their spans in id order are ours.
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM spans WHERE doc_id = ? AND annotator_id = ? ORDER BY id",
                [doc_id, annotator_id],
            )
        ]
        links = _links(record, schema, spans, kept, ids, options, report)
        insert_relations(db, doc_id, annotator_id, links)
    return len(spans)


def _links(
    record: ImportRecord,
    schema: LabelSchema,
    spans: Sequence[_Kept],
    kept: dict[int, int],
    ids: Sequence[int],
    options: ImportOptions,
    report: ImportReport,
) -> list[Relation]:
    """The record's relations the window would allow, between the spans stored as ``ids``."""
    links: dict[tuple[int, int, str], tuple[int, Relation]] = {}
    for number, found in enumerate(record.relations, start=1):
        raw = replace(found, label=options.label(found.label))
        if raw.head not in kept or raw.child not in kept:
            report.reject(record, f"relation {number}: one of its spans was not imported")
            continue
        # The window's rules for a link: a type the schema allows between the two labels,
        # two different spans, and no link twice.
        head, child = kept[raw.head], kept[raw.child]
        head_label, child_label = spans[head][1], spans[child][1]
        allowed = schema.relations_between(head_label, child_label)
        key = (head, child, raw.label)
        if raw.label not in {kind.name for kind in allowed}:
            if schema.relation(raw.label) is None:
                report.refused_labels[raw.label] += 1
            report.reject(
                record,
                f"relation {number}: the schema has no {raw.label} from "
                f"{head_label} to {child_label}",
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


def _store_predictions(
    db: Database,
    doc_id: int,
    record: ImportRecord,
    schema: LabelSchema,
    options: ImportOptions,
    report: ImportReport,
) -> None:
    """A model's predictions that came with the document, as suggestions to decide."""
    kept_spans, kept = _spans_for(record, record.suggestions, schema, options, report)
    spans = [
        Span(raw.start, raw.end, label, layer, Origin.MODEL, dict(raw.attrs))
        for raw, label, layer in kept_spans
    ]
    proposal = Proposal()
    for span in spans:
        proposal.add(span)
    for raw in record.suggestion_relations:
        label = options.label(raw.label)
        if raw.head in kept and raw.child in kept and kept[raw.head] != kept[raw.child]:
            head, child = spans[kept[raw.head]], spans[kept[raw.child]]
            if label in {r.name for r in schema.relations_between(head.label, child.label)}:
                proposal.link(kept[raw.head], kept[raw.child], label)
                continue
        report.reject(record, f"predicted link {label}: not one the schema allows here")
    store_proposal(db, doc_id, proposal, IMPORTED_PREDICTIONS)
    report.suggested += 1
