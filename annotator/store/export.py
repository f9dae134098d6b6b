"""Reading one annotator's layer out of a project, document by document, for export."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.exported import ExportDoc
from annotator.core.model import Relation
from annotator.core.tokens import whitespace_tokens
from annotator.store.annotations import get_status, spans_of
from annotator.store.documents import get_analysis, get_document
from annotator.store.relations import get_fields, relations_of


class ExportError(ValueError):
    """The export cannot start (no such annotator, several to choose from, ...)."""


@dataclass(frozen=True)
class Layer:
    """Whose annotations to export: an annotator's, or the adjudicated gold."""

    annotator_id: int
    name: str


def choose_layer(db: Database, annotator: str | None, *, gold: bool = False) -> Layer:
    """The layer to export; with neither a name nor gold, the only annotator there is."""
    if gold:
        row = db.execute("SELECT id, name FROM annotators WHERE kind = 'gold'").fetchone()
        if row is None:
            raise ExportError("the project has no gold layer yet: review creates it")
        return Layer(int(row[0]), str(row[1]))
    rows = db.execute(
        "SELECT id, name FROM annotators WHERE kind = 'human' ORDER BY name"
    ).fetchall()
    names = [str(r[1]) for r in rows]
    if annotator is not None:
        found = [r for r in rows if r[1] == annotator]
        if not found:
            raise ExportError(
                f"no annotator '{annotator}' in the project; annotators: "
                f"{', '.join(names) or 'none'}"
            )
        return Layer(int(found[0][0]), annotator)
    if len(rows) == 1:
        return Layer(int(rows[0][0]), names[0])
    if not rows:
        raise ExportError("nobody has annotated this project yet")
    raise ExportError(f"choose an annotator with --annotator ({', '.join(names)}) or --gold")


def export_ids(db: Database, layer: Layer, statuses: Collection[str] | None) -> list[int]:
    """Documents to export in project order: those with one of ``statuses`` (None: all)."""
    if statuses is None:
        return [int(r[0]) for r in db.execute("SELECT id FROM documents ORDER BY id")]
    marks = ",".join("?" * len(statuses))
    rows = db.execute(
        f"SELECT doc_id FROM doc_states WHERE annotator_id = ? AND status IN ({marks}) "
        "ORDER BY doc_id",
        [layer.annotator_id, *statuses],
    )
    return [int(r[0]) for r in rows]


def export_doc(
    db: Database, doc_id: int, layer: Layer, layers: Collection[str] | None, *, syntax: bool = True
) -> ExportDoc:
    """One document with the layer's spans (of ``layers``; None: all), links and fields.

    ``syntax=False`` skips reading tags and dependencies, for formats that do not write them.
    """
    document = get_document(db, doc_id)
    analysis = get_analysis(db, doc_id, syntax=syntax)
    tokens = analysis.tokens if analysis else tuple(whitespace_tokens(document.text))
    sent_starts = analysis.sent_starts if analysis else (0,)
    spans = [
        s for s in spans_of(db, doc_id, layer.annotator_id) if layers is None or s.layer in layers
    ]
    position = {s.id: i for i, s in enumerate(spans)}
    relations = tuple(
        Relation(position[r.head], position[r.child], r.label, r.attrs)
        for r in relations_of(db, doc_id, layer.annotator_id)
        if r.head in position and r.child in position
    )
    return ExportDoc(
        doc_id=doc_id,
        text=document.text,
        title=document.title,
        meta=document.meta,
        tokens=tokens,
        sent_starts=sent_starts,
        spans=tuple(spans),
        relations=relations,
        fields=get_fields(db, doc_id, layer.annotator_id),
        status=get_status(db, doc_id, layer.annotator_id).value,
        annotator=layer.name,
        syntax=analysis.syntax if analysis else None,
    )


def export_docs(
    db: Database,
    ids: Collection[int],
    layer: Layer,
    layers: Collection[str] | None,
    *,
    syntax: bool = True,
) -> Iterator[ExportDoc]:
    """The documents one at a time: memory stays flat however large the project."""
    for doc_id in ids:
        yield export_doc(db, doc_id, layer, layers, syntax=syntax)
