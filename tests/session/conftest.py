"""A project of two analysed articles, opened by alice, and what its file holds.

Every check of what an operation saved reads the database again (``saved_spans`` and
the others query the tables), never the editor's memory alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Relation, Span, Status
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.nlp.analysis import doc_to_analysis
from annotator.nlp.loading import Pipeline
from annotator.session.document import DocumentSession
from annotator.session.project import Project
from annotator.store.annotations import get_status, spans_of
from annotator.store.db import connect, project_schema, transaction
from annotator.store.documents import NewDocument, insert_documents, save_analysis
from annotator.store.relations import get_fields, relations_of
from annotator.store.suggestions import store_proposal
from tests.review.test_units import Review, build_review

TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."
OTHER = "Officials denied the report on Tuesday, calling it baseless."
QUOTE = "“We will not retreat,”"
SOURCE = "Gen. Ahmed Zubaïr"
CASUALTY = "At least 145 militants"


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    """Where ``words`` stand in ``text``."""
    start = text.index(words)
    return start, start + len(words)


def add_articles(db: Database, blank: Pipeline) -> list[int]:
    """Store TEXT and OTHER with the blank pipeline's tokens; their ids."""
    with transaction(db):
        ids = insert_documents(
            db, [NewDocument("Zubaïr", TEXT, {}), NewDocument("Denial", OTHER, {})]
        )
        for doc_id, text in zip(ids, (TEXT, OTHER), strict=True):
            assert doc_id is not None
            save_analysis(db, doc_id, doc_to_analysis(blank.nlp(text), ""))
    return [doc_id for doc_id in ids if doc_id is not None]


def suggest(
    db: Database,
    doc_id: int,
    spans: list[tuple[str, str]],
    links: tuple[tuple[int, int, str], ...] = (),
) -> None:
    """Store the suggester's proposal: (label, words) spans, links by index into them."""
    schema = project_schema(db)
    proposal = Proposal()
    for name, words in spans:
        found = schema.label(name)
        assert found is not None
        proposal.add(Span(*at(words), name, found.layer, Origin.RULES))
    for head, child, label in links:
        proposal.link(head, child, label)
    with transaction(db):
        store_proposal(db, doc_id, proposal)


@pytest.fixture
def project(db: Database, blank: Pipeline) -> Project:
    """alice's in-memory project holding TEXT (document 1) and OTHER (document 2)."""
    add_articles(db, blank)
    return Project(Path("in-memory.annotator"), db, "alice")


@pytest.fixture
def doc(project: Project) -> DocumentSession:
    """alice's session of TEXT."""
    return project.session(1)


@pytest.fixture
def on_disk(project_path: Path, blank: Pipeline) -> Path:
    """A project file holding TEXT and OTHER, for tests that need two connections."""
    db = connect(project_path)
    add_articles(db, blank)
    db.conn.close()
    return project_path


@pytest.fixture
def review(db: Database, schema: LabelSchema) -> Review:
    """A review project of one article that alice, bob and carol annotated and finished."""
    return build_review(db, schema)


@pytest.fixture
def gold(review: Review) -> DocumentSession:
    """The reviewer's session of that article: the gold layer."""
    reviewer = Project(Path("review.annotator"), review.db, "reviewer", review=True)
    return reviewer.session(review.doc_id)


def label(session: DocumentSession, words: str, name: str) -> Span:
    """Label ``words`` through the session; the span saved."""
    changes = session.label(*at(words, session.text), name)
    assert changes.select is not None
    return changes.select


def sid(item: Span | Relation | None) -> int:
    """The id of a stored span or link."""
    assert item is not None
    assert item.id is not None
    return item.id


def saved_spans(session: DocumentSession) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, words, attributes) of the person's spans, as the database holds them."""
    rows = spans_of(session.editor.db, session.doc_id, session.editor.annotator_id)
    return [(s.label, s.text_in(session.text), s.attrs) for s in rows]


def saved_links(session: DocumentSession) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(label, head words, child words, attributes) of the person's links, from the database."""
    db, who = session.editor.db, session.editor.annotator_id
    words = {s.id: s.text_in(session.text) for s in spans_of(db, session.doc_id, who)}
    return [
        (r.label, words[r.head], words[r.child], r.attrs)
        for r in relations_of(db, session.doc_id, who)
    ]


def saved_fields(session: DocumentSession) -> dict[str, Any]:
    """The person's document fields, from the database."""
    return get_fields(session.editor.db, session.doc_id, session.editor.annotator_id)


def saved_status(session: DocumentSession) -> Status:
    """The person's status of the document, from the database."""
    return get_status(session.editor.db, session.doc_id, session.editor.annotator_id)


def decisions(session: DocumentSession) -> dict[str, str]:
    """The person's decisions on suggestions, by the suggestion's label, from the database."""
    rows = session.editor.db.execute(
        "SELECT s.label, d.decision FROM suggestion_decisions d JOIN spans s ON s.id = d.span_id "
        "WHERE d.annotator_id = ? ORDER BY s.id",
        [session.editor.annotator_id],
    )
    return {str(label): str(decision) for label, decision in rows}
