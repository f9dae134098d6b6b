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
from annotator.store.db import transaction
from annotator.store.documents import docs_without_analysis, save_analysis, texts
from annotator.store.suggestions import store_model_proposal, store_proposal
from annotator.training.predict import ModelSuggester

BATCH_SIZE = 64  # documents stored per transaction
#: Texts spaCy parses at a time. 64 held 640 MB at the peak for articles of ~600 words;
#: 16 holds 310 MB and parses as fast.
NLP_BATCH = 16

#: Stores what ``prepare`` worked out for one document; run inside the batch's transaction.
Write = Callable[[], None]


def for_each_doc(
    db: Database,
    pipeline: Pipeline,
    doc_ids: Sequence[int],
    prepare: Callable[[int, Doc], Write],
    control: Control | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> int:
    """Parse the documents in batches; ``prepare`` each, then store a batch in one commit.

    The work (tokens, entities, suggestions) is done before the batch's transaction
    begins, so the write lock is held only while rows are written: a window annotating
    the same project meanwhile never waits more than a few milliseconds. Returns how
    many were handled. Cancelling stops after a committed batch.
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
    pending: list[Write] = []
    parsed = analyse(pipeline.nlp, feed(), batch_size=NLP_BATCH, n_process=n_process)
    for spacy_doc in parsed:
        pending.append(prepare(waiting.popleft(), spacy_doc))
        done += 1
        if len(pending) >= batch_size or done == total:
            _store(db, pending)
            control.progress(done, total, f"Analysed {done} of {total} documents")
            control.check()
    _store(db, pending)  # texts that vanished meanwhile leave ``done`` short of ``total``
    return done


def _store(db: Database, pending: list[Write]) -> None:
    if pending:
        with transaction(db):
            for write in pending:
                write()
        pending.clear()


def preannotate(
    db: Database,
    pipeline: Pipeline,
    doc_ids: Sequence[int],
    schema: LabelSchema,
    control: Control | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    trained: ModelSuggester | None = None,
) -> int:
    """Store tokens, sentences, entities and suggestions for the documents; returns the count.

    ``trained``: the project's trained model, whose suggestions are stored beside the
    rules' (documents imported after a training get them at once).

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

    def prepare(doc_id: int, spacy_doc: Doc) -> Write:
        analysis = doc_to_analysis(spacy_doc, model)
        entities = doc_entities(spacy_doc, known) if model_id is not None else []
        proposal = suggest(spacy_doc) if with_suggestions else None
        learned = trained.propose(spacy_doc) if trained is not None and with_suggestions else None

        def write() -> None:
            save_analysis(db, doc_id, analysis)
            if model_id is not None:
                db.execute(
                    "DELETE FROM spans WHERE doc_id = ? AND annotator_id = ?", [doc_id, model_id]
                )
                add_spans(db, doc_id, model_id, entities)
            if proposal is not None:
                store_proposal(db, doc_id, proposal)
            if learned is not None and trained is not None:
                store_model_proposal(db, doc_id, learned, trained.origin_name)

        return write

    return for_each_doc(
        db, pipeline, doc_ids, prepare, control, batch_size=batch_size, n_process=n_process
    )


def preannotate_project(
    db: Database,
    pipeline: Pipeline,
    schema: LabelSchema,
    control: Control | None = None,
    *,
    n_process: int = 1,
    trained: ModelSuggester | None = None,
) -> list[int]:
    """Analyse every document the pipeline has not seen; returns their ids."""
    pending = docs_without_analysis(db, model=pipeline.has_entities)
    preannotate(db, pipeline, pending, schema, control, n_process=n_process, trained=trained)
    return pending
