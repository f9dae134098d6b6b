"""Joining a hub: a local project linked to it, as an annotator or as the reviewer."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project, project_uid
from annotator.store.documents import count_documents
from annotator.store.team_link import read_link, write_link
from annotator.team.hub import Conn, HubError, HubInfo, connect, read_info
from annotator.team.pull import copy_layers, pull_documents

GOLD_NAME = "gold"  # the gold annotator's name (review/gold.py uses the same)


def _register(conn: Conn, name: str, role: str, uid: str) -> int:
    """The hub's id of the person; joining again from another project takes the layer over."""
    row = conn.execute(
        "INSERT INTO annotators (name, role, project_uid) VALUES (%s, %s, %s) "
        "ON CONFLICT (name, role) DO UPDATE SET project_uid = excluded.project_uid, "
        "joined_at = now() RETURNING id",
        [name, role, uid],
    ).fetchone()
    assert row is not None
    return int(row[0])


def _open_local(path: Path, info: HubInfo, name: str, role: str) -> Database:
    """A new project with the hub's schema, or the one already linked to this hub as NAME."""
    if not path.exists():
        return open_project(path, new_schema=info.schema)
    db = open_project(path, for_writing=True)
    link = read_link(db)
    if link is None and count_documents(db) > 0:
        db.conn.close()
        raise HubError(f"{path} is a project of its own; join the team into a new file")
    if link is not None and (link.hub_uid != info.uid or (link.name, link.role) != (name, role)):
        db.conn.close()
        raise HubError(f"{path} already belongs to a team, as {link.name} ({link.role})")
    return db


def _take_back_own_work(conn: Conn, db: Database, hub_id: int, local_id: int) -> int:
    """Copy the person's layers already on the hub here (joining from a new machine)."""
    rows = conn.execute(
        "SELECT l.doc_id, l.change, d.hash FROM layers l JOIN documents d ON d.id = l.doc_id "
        "WHERE l.annotator_id = %s",
        [hub_id],
    ).fetchall()
    if not rows:
        return 0
    from annotator.core.control import Control

    local = pull_documents(conn, db, {str(r[2]): int(r[0]) for r in rows}, Control())
    docs = {int(r[0]): local[str(r[2])] for r in rows}
    changed = [(int(r[0]), hub_id, int(r[1])) for r in rows]
    copy_layers(conn, db, changed, docs, {hub_id: local_id})
    return len(rows)


def join(url: str, path: Path, name: str, *, role: str = "annotator") -> Database:
    """Link the project at ``path`` (created if missing) to the hub at ``url`` as ``name``.

    A reviewer's pushed layer is gold; an annotator's is their own. What the person
    already did on the hub (from another machine) is brought here first. The caller syncs.
    """
    if not name.strip():
        raise HubError("say who you are: --annotator NAME")
    with connect(url, autocommit=True) as conn:
        info = read_info(conn)
        db = _open_local(path, info, name, role)
        if read_link(db) is not None:
            return db
        hub_id = _register(conn, name, role, project_uid(db))
        if role == "reviewer":
            local_id = ensure_annotator(db, GOLD_NAME, kind="gold")
        else:
            local_id = ensure_annotator(db, name)
        _take_back_own_work(conn, db, hub_id, local_id)
        write_link(
            db,
            hub=url,
            hub_uid=info.uid,
            role=role,
            name=name,
            annotator_id=local_id,
            hub_annotator_id=hub_id,
            schema_version=info.schema_version,
        )
    return db
