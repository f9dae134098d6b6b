"""Helpers of the team tests: documents on a hub, a person's work, and the agreement check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.model import Status
from annotator.session.project import Project
from annotator.store.db import connect, open_project
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.team_link import read_link, waiting
from annotator.team.documents import upload_documents
from annotator.team.join import join
from annotator.team.sync import sync

ARTICLE = (
    "Officials said at least {n} people were killed in the attack on Tuesday, the ministry "
    "told reporters. “We will rebuild,” the mayor said. Witnesses said the toll could rise."
)


#: ``alice_joins(documents=N, queue=Q)``: a hub of N articles, alice's project joined to it.
AliceJoins = Callable[..., Path]


def documents_on_hub(url: str, count: int) -> None:
    """``count`` distinct articles on the hub, in order."""
    staging = connect(":memory:")
    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.store.db import initialise

    initialise(staging, load_schema(paths.default_schema_path()))
    insert_documents(
        staging,
        [NewDocument(f"Article {n}", ARTICLE.format(n=n), {"n": n}) for n in range(count)],
    )
    staging.conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        upload_documents(conn, staging)
    staging.conn.close()


def join_and_sync(url: str, path: Path, name: str, role: str = "annotator") -> None:
    """``name`` joins the hub into a project at ``path`` and takes their first work."""
    db = join(url, path, name, role=role)
    sync(db)
    db.conn.close()


def sync_project(path: Path, control: Control | None = None) -> None:
    """The project at ``path`` syncs once, as `annotator sync --db` does."""
    db = open_project(path)
    try:
        sync(db, control)
    finally:
        db.conn.close()


def annotate(path: Path, doc_ids: list[int] | None = None, *, done: bool = True) -> list[int]:
    """The person of the project at ``path`` marks a quote, its cue and speaker, links them,
    writes a note and (``done``) finishes, in each given document (all by default), through
    the editing session as the window would. Returns the documents annotated."""
    project = Project.open(path, "")  # a joined project opens as the person who joined
    try:
        ids = doc_ids or [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
        for doc_id in ids:
            _mark(project, doc_id, done=done)
    finally:
        project.close()
    return ids


def _mark(project: Project, doc_id: int, *, done: bool) -> None:
    session = project.session(doc_id)
    text = project.db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    quote_at = text.index("We will rebuild")
    quote = session.label(quote_at, quote_at + len("We will rebuild"), "QUOTE").select
    cue_at = text.index("said", quote_at)
    cue = session.label(cue_at, cue_at + 4, "CUE").select
    source_at = text.index("the mayor")
    source = session.label(source_at, source_at + len("the mayor"), "SOURCE").select
    assert quote is not None
    assert cue is not None
    assert source is not None
    session.link(quote.id, cue.id, "HAS_CUE")
    session.link(quote.id, source.id, "ATTRIBUTED_TO")
    session.set_attribute(quote.id, "type", "direct")
    session.set_field("note", f"checked {doc_id}")
    if done:
        session.set_status(Status.DONE)


def local_rows(db: Database, annotator_id: int) -> dict[str, set[tuple[Any, ...]]]:
    """The project's own layer as comparable rows, documents named by text hash."""
    who = [annotator_id]
    return {
        "spans": set(
            db.execute(
                "SELECT d.hash, s.id, s.layer, s.label, s.char_start, s.char_end, s.attrs "
                "FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.annotator_id = ?",
                who,
            ).fetchall()
        ),
        "relations": set(
            db.execute(
                "SELECT d.hash, r.id, r.label, r.head, r.child, r.attrs "
                "FROM relations r JOIN documents d ON d.id = r.doc_id WHERE r.annotator_id = ?",
                who,
            ).fetchall()
        ),
        "fields": set(
            db.execute(
                "SELECT d.hash, f.name, f.value FROM doc_fields f "
                "JOIN documents d ON d.id = f.doc_id WHERE f.annotator_id = ?",
                who,
            ).fetchall()
        ),
        "states": set(
            db.execute(
                "SELECT d.hash, s.status FROM doc_states s JOIN documents d ON d.id = s.doc_id "
                "WHERE s.annotator_id = ? AND s.status <> 'todo'",
                who,
            ).fetchall()
        ),
    }


def hub_rows(url: str, hub_annotator_id: int) -> dict[str, set[tuple[Any, ...]]]:
    """The same annotator's layer as the hub holds it."""
    who = [hub_annotator_id]
    with psycopg.connect(url) as conn:
        return {
            "spans": set(
                conn.execute(
                    "SELECT d.hash, s.key, s.layer, s.label, s.char_start, s.char_end, s.attrs "
                    "FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.annotator_id = %s",
                    who,
                ).fetchall()
            ),
            "relations": set(
                conn.execute(
                    "SELECT d.hash, r.key, r.label, r.head, r.child, r.attrs FROM relations r "
                    "JOIN documents d ON d.id = r.doc_id WHERE r.annotator_id = %s",
                    who,
                ).fetchall()
            ),
            "fields": set(
                conn.execute(
                    "SELECT d.hash, f.name, f.value FROM doc_fields f "
                    "JOIN documents d ON d.id = f.doc_id WHERE f.annotator_id = %s",
                    who,
                ).fetchall()
            ),
            "states": set(
                conn.execute(
                    "SELECT d.hash, l.status FROM layers l JOIN documents d ON d.id = l.doc_id "
                    "WHERE l.annotator_id = %s AND l.status <> 'todo'",
                    who,
                ).fetchall()
            ),
        }


def assert_agree(url: str, path: Path) -> dict[str, set[tuple[Any, ...]]]:
    """The hub holds exactly the project's own layer, row for row, and nothing waits."""
    db = open_project(path)
    try:
        link = read_link(db)
        assert link is not None
        assert waiting(db) == 0, "changes still waiting to be sent"
        mine = local_rows(db, link.annotator_id)
        theirs = hub_rows(url, link.hub_annotator_id)
    finally:
        db.conn.close()
    assert theirs == mine
    return mine


def write_note(path: Path, doc_id: int, note: str) -> None:
    """The project's person rewrites a document's note (a change of mind, after a sync)."""
    project = Project.open(path, "")  # a joined project opens as the person who joined
    try:
        project.session(doc_id).set_field("note", note)
    finally:
        project.close()
