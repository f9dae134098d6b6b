"""Pre-annotation: tokens, sentences, a model's entities and the rule-based suggestions."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.schema import LabelSchema
from annotator.nlp.analysis import analyse, doc_entities, doc_to_analysis
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import add_spans
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import docs_without_analysis, save_analysis, texts
from annotator.store.suggestions import store_proposal

BATCH_SIZE = 64


def for_each_doc(
    db: Database,
    pipeline: Pipeline,
    doc_ids: Sequence[int],
    handle: Callable[[int, Doc], None],
    control: Control | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> int:
    """Parse the documents in batches, call ``handle`` on each, commit every batch.

    Returns how many were handled. Cancelling stops after a committed batch.
    """
    control = control or Control()
    # nlp.pipe reads ahead of what it yields (and runs in other processes when asked),
    # so ids wait in a queue in the order their texts went in.
    waiting: deque[int] = deque()

    def feed() -> Iterator[str]:
        for doc_id, text in texts(db, doc_ids):
            waiting.append(doc_id)
            yield text

    total = len(doc_ids)
    control.progress(0, total, f"Analysing with {pipeline.name}")
    done = 0
    try:
        for spacy_doc in analyse(pipeline.nlp, feed(), batch_size=batch_size, n_process=n_process):
            handle(waiting.popleft(), spacy_doc)
            done += 1
            if done % batch_size == 0 or done == total:
                db.conn.commit()
                control.progress(done, total, f"Analysed {done} of {total} documents")
                control.check()
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
    return done


def preannotate(
    db: Database,
    pipeline: Pipeline,
    doc_ids: Sequence[int],
    schema: LabelSchema,
    control: Control | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> int:
    """Store tokens, sentences, entities and suggestions for the documents; returns the count.

    A pipeline without entities (the blank fallback) stores tokens and sentences with
    an empty model name, so that a real model can fill in entities later; suggestions
    need a parser, so they come only from a real model.
    """
    model = pipeline.name if pipeline.has_entities else ""
    known = frozenset(label.name for label in schema.labels)
    model_id = ensure_annotator(db, pipeline.name, kind="model") if model else None
    with_suggestions = "parser" in pipeline.nlp.pipe_names
    if with_suggestions:
        from annotator.nlp.suggest import suggest

    def handle(doc_id: int, spacy_doc: Doc) -> None:
        save_analysis(db, doc_id, doc_to_analysis(spacy_doc, model))
        if model_id is not None:
            db.execute(
                "DELETE FROM spans WHERE doc_id = ? AND annotator_id = ?", [doc_id, model_id]
            )
            add_spans(db, doc_id, model_id, doc_entities(spacy_doc, known))
        if with_suggestions:
            store_proposal(db, doc_id, suggest(spacy_doc))

    return for_each_doc(
        db, pipeline, doc_ids, handle, control, batch_size=batch_size, n_process=n_process
    )


def preannotate_project(
    db: Database, pipeline: Pipeline, schema: LabelSchema, control: Control | None = None
) -> list[int]:
    """Analyse every document the pipeline has not seen; returns their ids."""
    pending = docs_without_analysis(db, model=pipeline.has_entities)
    preannotate(db, pipeline, pending, schema, control)
    return pending
