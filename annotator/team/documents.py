"""Documents into the hub: every document of a project (``team import`` builds one from the
files with the ordinary import, so every format and every check of ``annotator import``
applies), matched by text hash so that importing the same files twice adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.team.hub import Conn

BATCH = 500


def upload_documents(conn: Conn, source: Database, control: Control | None = None) -> int:
    """Copy the project's documents (text and metadata) to the hub; how many were new."""
    control = control or Control()
    total = int(source.execute("SELECT count(*) FROM documents").fetchone()[0])
    added = 0
    rows = source.execute(
        "SELECT hash, title, text, meta, source, n_words, imported_at FROM documents ORDER BY id"
    )
    done = 0
    while batch := rows.fetchmany(BATCH):
        control.check()
        control.progress(done, total, f"Sending documents to the hub ({done:,} of {total:,})")
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO documents (hash, title, text, meta, source, n_words, imported_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (hash) DO NOTHING",
                batch,
            )
            added += cur.rowcount
        done += len(batch)
    control.progress(total, total, f"{added:,} new documents on the hub")
    return added
