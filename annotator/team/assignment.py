"""Handing documents out: each to ``overlap`` annotators, never twice to one person.

An annotator holds up to ``queue`` documents they have not finished; each sync tops that
up. A document counts toward its overlap for each person who has worked on it (the hub
has their layer) or who was given it less than ``reissue_hours`` ago; a document given out
and left untouched longer is given to someone else, while the first person keeps it (if
they do it after all, the document simply has one more annotation). Assignments are made
under one advisory lock, so ten annotators syncing at once never over-assign a document.
"""

from __future__ import annotations

from annotator.team.hub import Conn, HubInfo

_LOCK = 0x616E6E6F  # the advisory lock's number: any constant the team's hub does not reuse

_OPEN = """
SELECT count(*) FROM assignments a
LEFT JOIN layers l ON l.doc_id = a.doc_id AND l.annotator_id = a.annotator_id
WHERE a.annotator_id = %(me)s AND coalesce(l.status, 'todo') NOT IN ('done', 'skipped')
"""

# Documents in import order that this person was never given and that fewer than
# `overlap` people hold (worked on, or given recently).
_CANDIDATES = """
SELECT d.id FROM documents d
WHERE NOT EXISTS (SELECT 1 FROM assignments m WHERE m.doc_id = d.id AND m.annotator_id = %(me)s)
  AND (
    SELECT count(*) FROM assignments a
    WHERE a.doc_id = d.id AND (
        a.assigned_at > now() - make_interval(secs => %(reissue)s)
        OR EXISTS (SELECT 1 FROM layers l WHERE l.doc_id = a.doc_id
                   AND l.annotator_id = a.annotator_id AND l.status <> 'todo')
    )
  ) < %(overlap)s
ORDER BY d.id
LIMIT %(need)s
"""


def take_work(conn: Conn, annotator_id: int, info: HubInfo) -> int:
    """Top the annotator's unfinished documents up to the team's queue; how many were given."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        args = {
            "me": annotator_id,
            "overlap": info.overlap,
            "reissue": info.reissue_hours * 3600,
        }
        row = conn.execute(_OPEN, args).fetchone()
        need = info.queue - int(row[0] if row else 0)
        if need <= 0:
            return 0
        given = [r[0] for r in conn.execute(_CANDIDATES, {**args, "need": need}).fetchall()]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO assignments (doc_id, annotator_id) VALUES (%s, %s)",
                [(doc, annotator_id) for doc in given],
            )
    return len(given)


def assigned_hashes(conn: Conn, annotator_id: int) -> dict[str, int]:
    """Text hash -> hub document id of every document given to the annotator."""
    rows = conn.execute(
        "SELECT d.hash, d.id FROM assignments a JOIN documents d ON d.id = a.doc_id "
        "WHERE a.annotator_id = %s",
        [annotator_id],
    ).fetchall()
    return {str(h): int(i) for h, i in rows}
