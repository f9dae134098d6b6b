"""Annotators: the people (and models) whose layers a project holds."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.store.db import project_uid, transaction


def ensure_annotator(
    db: Database, name: str, *, kind: str = "human", uid: str | None = None
) -> int:
    """Id of the annotator ``name`` of this project (or of the project ``uid``, for an
    annotator merged in from elsewhere), adding them on first use."""
    if uid is None:
        uid = project_uid(db) if kind != "model" else ""
    row = db.execute(
        "SELECT id FROM annotators WHERE name = ? AND project_uid = ? AND kind = ?",
        [name, uid, kind],
    ).fetchone()
    if row is not None:
        return int(row[0])
    with transaction(db):
        # Another window may have added them since the look-up above: take theirs.
        db.execute(
            "INSERT INTO annotators (name, project_uid, kind) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [name, uid, kind],
        )
        row = db.execute(
            "SELECT id FROM annotators WHERE name = ? AND project_uid = ? AND kind = ?",
            [name, uid, kind],
        ).fetchone()
    return int(row[0])


def annotator_names(db: Database, *, kind: str = "human") -> dict[int, str]:
    rows = db.execute("SELECT id, name FROM annotators WHERE kind = ? ORDER BY id", [kind])
    return {int(r[0]): str(r[1]) for r in rows}
