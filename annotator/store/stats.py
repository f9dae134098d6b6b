"""Counts for `annotator stats`: documents by status, spans by layer, label and author."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def project_stats(db: Database) -> dict[str, Any]:
    """A JSON-ready summary of the project."""
    statuses: dict[str, dict[str, int]] = {}
    for name, status, count in db.execute(
        "SELECT a.name, s.status, count(*) FROM doc_states s "
        "JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name, s.status ORDER BY a.name"
    ):
        statuses.setdefault(name, {})[status] = count
    spans = [
        {
            "annotator": name,
            "kind": kind,
            "layer": layer,
            "label": label,
            "origin": origin,
            "count": count,
        }
        for name, kind, layer, label, origin, count in db.execute(
            "SELECT a.name, a.kind, s.layer, s.label, s.origin, count(*) FROM spans s "
            "JOIN annotators a ON a.id = s.annotator_id "
            "GROUP BY a.name, a.kind, s.layer, s.label, s.origin "
            "ORDER BY a.kind, a.name, s.layer, s.label, s.origin"
        )
    ]
    analysed = dict(
        db.execute(
            "SELECT CASE model WHEN '' THEN 'tokens only' ELSE model END, count(*) "
            "FROM analyses GROUP BY model"
        ).fetchall()
    )
    return {
        "documents": db.execute("SELECT count(*) FROM documents").fetchone()[0],
        "analysed": analysed,
        "status": statuses,
        "spans": spans,
    }
