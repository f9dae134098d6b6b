"""What a model learns from: the project's finished documents, as plain data.

Gold where a reviewer adjudicated the document; otherwise the layer of every annotator
who marked it done (the same text twice, when two people finished it: the split by text
hash keeps both copies on one side). Nothing here needs spaCy or Qt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.store.annotations import spans_of
from annotator.store.annotators import annotator_names
from annotator.store.relations import get_fields

#: Layers a model never learns: the entities come from the spaCy pipeline itself.
UNTRAINED_LAYERS = frozenset({"ner"})


@dataclass(frozen=True)
class TrainingSpan:
    """One labelled stretch of text, in code points."""

    start: int
    end: int
    label: str
    layer: str


@dataclass(frozen=True)
class TrainingDoc:
    """One finished document as one person (or the gold standard) annotated it."""

    doc_id: int
    text: str
    spans: tuple[TrainingSpan, ...]
    fields: dict[str, str] = field(default_factory=dict)
    by: str = ""

    @property
    def text_hash(self) -> str:
        """What the held-out split is decided on: the same text always falls one side."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Source:
    """Whose work to learn from: gold only, one annotator, or the default (None, False)."""

    annotator: str | None = None
    gold: bool = False

    def describe(self) -> str:
        """In words, for the model's card."""
        if self.gold:
            return "gold"
        return self.annotator or "gold where adjudicated, otherwise every annotator's done work"


def _finished(db: Database, kind: str) -> dict[int, list[int]]:
    """Document ids each annotator of ``kind`` marked done."""
    by_doc: dict[int, list[int]] = {}
    rows = db.execute(
        "SELECT s.doc_id, s.annotator_id FROM doc_states s JOIN annotators a "
        "ON a.id = s.annotator_id WHERE a.kind = ? AND s.status = ? "
        "ORDER BY s.doc_id, s.annotator_id",
        [kind, Status.DONE.value],
    )
    for doc_id, annotator_id in rows:
        by_doc.setdefault(int(doc_id), []).append(int(annotator_id))
    return by_doc


def _layers_wanted(schema: LabelSchema, layers: Sequence[str]) -> set[str]:
    known = {layer.name for layer in schema.layers} - UNTRAINED_LAYERS
    return known & set(layers) if layers else known


def fixed_fields(schema: LabelSchema) -> list[str]:
    """Document fields with a fixed set of values (stance): a text classifier learns them."""
    return [f.name for f in schema.fields if f.kind == "enum" and f.values]


def training_docs(
    db: Database, schema: LabelSchema, layers: Sequence[str] = (), source: Source = Source()
) -> list[TrainingDoc]:
    """The finished documents to learn from, one per (document, annotator) pair."""
    wanted = _layers_wanted(schema, layers)
    fields = fixed_fields(schema)
    gold = _finished(db, "gold")
    humans = {} if source.gold else _finished(db, "human")
    names = annotator_names(db, kind="human")
    chosen: dict[int, list[int]] = {}
    for doc_id in sorted(set(gold) | set(humans)):
        if source.annotator is not None:
            people = [a for a in humans.get(doc_id, []) if names.get(a) == source.annotator]
            chosen[doc_id] = people
        else:
            chosen[doc_id] = gold.get(doc_id) or humans.get(doc_id, [])
    texts = dict(
        db.execute(
            f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(chosen))})",
            list(chosen),
        ).fetchall()
        if chosen
        else []
    )
    return list(_docs(db, chosen, texts, wanted, fields, names))


def _docs(
    db: Database,
    chosen: dict[int, list[int]],
    texts: dict[int, str],
    wanted: set[str],
    fields: list[str],
    names: dict[int, str],
) -> Iterable[TrainingDoc]:
    for doc_id, annotators in chosen.items():
        for annotator_id in annotators:
            spans = tuple(
                TrainingSpan(s.start, s.end, s.label, s.layer)
                for s in spans_of(db, doc_id, annotator_id)
                if s.layer in wanted
            )
            values = get_fields(db, doc_id, annotator_id)
            kept = {name: str(values[name]) for name in fields if isinstance(values.get(name), str)}
            yield TrainingDoc(doc_id, texts[doc_id], spans, kept, names.get(annotator_id, "gold"))
