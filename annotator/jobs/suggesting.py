"""`annotator suggest`: store the suggesters' (and a trained model's) proposals; write them.

The rules need the installed pipeline's full parse, so with rules every document is
parsed again. A trained model alone reads the analyses the project stores (tokens, tags,
dependencies): no parsing, a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import IO

from spacy.tokens import Doc
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.model import Token
from annotator.core.suggestions import Proposal
from annotator.formats.records import atomic_writer, doc_record, write_line
from annotator.jobs.preannotate import Write, for_each_doc
from annotator.nlp.analysis import doc_to_analysis
from annotator.nlp.loading import Pipeline
from annotator.store.db import transaction
from annotator.store.documents import get_analysis, get_document
from annotator.store.listing import doc_ids
from annotator.store.suggestions import store_model_proposal, store_proposal
from annotator.training.parsed import doc_from_analysis
from annotator.training.predict import ModelSuggester

#: Documents stored per commit when only the model runs.
BATCH = 20


def suggest_project(
    db: Database,
    pipeline: Pipeline,
    out: Path | None,
    control: Control | None = None,
    *,
    model: ModelSuggester | None = None,
    rules: bool = True,
) -> int:
    """Store fresh suggestions for every document (and write them to ``out`` as JSONL).

    Lines come in document order, one per document, in the export's span and relation
    form with ``_annotator_id`` "suggester". Returns the number of documents.
    """
    with ExitStack() as stack:
        stream = stack.enter_context(atomic_writer(out)) if out is not None else None
        if not rules:
            assert model is not None
            return _model_only(db, model, stream, control or Control())
        return _with_rules(db, pipeline, model, stream, control)


def _with_rules(
    db: Database,
    pipeline: Pipeline,
    model: ModelSuggester | None,
    stream: IO[str] | None,
    control: Control | None,
) -> int:
    from annotator.nlp.suggest import suggest

    def prepare(doc_id: int, spacy_doc: Doc) -> Write:
        proposal = suggest(spacy_doc)
        learned = model.propose(spacy_doc) if model is not None else None
        if stream is not None:
            tokens = doc_to_analysis(spacy_doc, pipeline.name).tokens
            _write(db, stream, doc_id, _both(proposal, learned), tokens)

        def write() -> None:
            store_proposal(db, doc_id, proposal)
            if model is not None and learned is not None:
                store_model_proposal(db, doc_id, learned, model.origin_name)

        return write

    return for_each_doc(db, pipeline, doc_ids(db), prepare, control)


def _model_only(
    db: Database, model: ModelSuggester, stream: IO[str] | None, control: Control
) -> int:
    ids = doc_ids(db)
    vocab = model.vocab
    pending: list[Callable[[], None]] = []
    for done, doc_id in enumerate(ids, start=1):
        document = get_document(db, doc_id)
        analysis = get_analysis(db, doc_id, syntax=True)
        spacy_doc = (
            doc_from_analysis(vocab, document.text, analysis)
            if analysis is not None
            else model.make_doc(document.text)
        )
        learned = model.propose(spacy_doc)
        if stream is not None:
            _write(db, stream, doc_id, learned, analysis.tokens if analysis else ())
        pending.append(partial(store_model_proposal, db, doc_id, learned, model.origin_name))
        if len(pending) >= BATCH or done == len(ids):
            with transaction(db):
                for write in pending:
                    write()
            pending.clear()
            control.progress(done, len(ids), f"Suggested in {done} of {len(ids)} documents")
            control.check()
    return len(ids)


def _both(rules: Proposal, learned: Proposal | None) -> Proposal:
    if learned is None:
        return rules
    both = Proposal()
    both.extend(rules)
    both.extend(learned)
    return both


def _write(
    db: Database, stream: IO[str], doc_id: int, proposal: Proposal, tokens: Sequence[Token]
) -> None:
    document = get_document(db, doc_id)
    write_line(
        stream,
        doc_record(
            document.text,
            {**document.meta, "title": document.title},
            tokens,
            proposal.spans,
            proposal.relations,
            _annotator_id="suggester",
        ),
    )
