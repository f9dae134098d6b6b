"""`annotator suggest`: run the suggesters over a project and write what they propose."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from spacy.tokens import Doc
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.formats.records import atomic_writer, doc_record, write_line
from annotator.jobs.preannotate import Write, for_each_doc
from annotator.nlp.analysis import doc_to_analysis
from annotator.nlp.loading import Pipeline
from annotator.store.documents import get_document
from annotator.store.listing import doc_ids
from annotator.store.suggestions import store_proposal


def suggest_project(
    db: Database, pipeline: Pipeline, out: Path, control: Control | None = None
) -> int:
    """Store fresh suggestions for every document and write them to ``out`` as JSONL.

    Lines come in document order, one per document, in the export's span and relation
    form with ``_annotator_id`` "suggester". Returns the number of documents.
    """
    from annotator.nlp.suggest import suggest

    with atomic_writer(out) as stream:

        def prepare(doc_id: int, spacy_doc: Doc) -> Write:
            proposal = suggest(spacy_doc)
            document = get_document(db, doc_id)
            tokens = doc_to_analysis(spacy_doc, pipeline.name).tokens
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
            return partial(store_proposal, db, doc_id, proposal)

        return for_each_doc(db, pipeline, doc_ids(db), prepare, control)
