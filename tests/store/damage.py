"""Real damage, planted with SQL in a project file made by ``annotated.annotated_project``.

Foreign keys are off (as in any other program that writes the file) and CHECK
constraints ignored, so every row below goes in as written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SPAN = (
    "INSERT INTO spans (id, doc_id, annotator_id, layer, label, char_start, char_end, "
    "created_at) VALUES "
)
RELATION = (
    "INSERT INTO relations (id, doc_id, annotator_id, label, head, child, created_at) VALUES "
)

#: Rows pointing at a document (99), an annotator (42) or a span (999) that do not exist.
ORPHANS = (
    SPAN + "(100, 99, 1, 'ner', 'ORG', 0, 5, 'now')",
    SPAN + "(101, 1, 42, 'ner', 'ORG', 0, 5, 'now')",
    RELATION + "(100, 1, 1, 'ATTRIBUTED_TO', 1, 999, 'now')",
    "INSERT INTO doc_states (doc_id, annotator_id, status, updated_at) "
    "VALUES (99, 1, 'done', 'now')",
    "INSERT INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
    "VALUES (1, 42, 'note', '\"x\"', 'now')",
    "INSERT INTO analyses (doc_id, model, tokens, sent_starts, created_at) "
    "VALUES (99, '', '[0, 1]', '[0]', 'now')",
    "INSERT INTO suggestion_decisions (span_id, annotator_id, decision, decided_at) "
    "VALUES (999, 1, 'accept', 'now')",
    "INSERT INTO review_decisions (doc_id, unit, decision, decided_at) "
    "VALUES (99, '[\"span\"]', 'reject', 'now')",
)
#: A link from document 1's quote to document 2's claim, filed under document 1.
CROSSED = (RELATION + "(101, 1, 1, 'ATTRIBUTED_TO', 1, 4, 'now')",)
#: Spans that cannot lie in their text. Document 3 has 44 code points (47 UTF-16 units):
#: an end of 45 fits only if one counts UTF-16. Span 102 has a link, which goes with it.
MISFITS = (
    SPAN + "(102, 3, 1, 'ner', 'GPE', 36, 45, 'now')",
    RELATION + "(102, 3, 1, 'REFERS_TO', 102, 5, 'now')",
    SPAN + "(103, 2, 1, 'claim', 'CLAIM', -1, 4, 'now')",
    SPAN + "(104, 2, 1, 'claim', 'CLAIM', 8, 8, 'now')",
    SPAN + "(105, 2, 1, 'claim', 'CLAIM', 'x', 4, 'now')",
)
BAD_ANALYSES = (
    "UPDATE analyses SET tokens = '[0, 9, 10]' WHERE doc_id = 2",
    "UPDATE analyses SET tokens = '[0, 8, 40, 45]' WHERE doc_id = 3",
)
WRONG_HASH = (
    "UPDATE documents SET hash = 'ffffffffffffffffffffffffffffffffffffffff' WHERE id = 1",
)
#: A title changed behind the search index's back (no trigger follows an UPDATE).
STALE_INDEX = ("UPDATE documents SET title = 'Renamed' WHERE id = 2",)
REPAIRABLE = ORPHANS + CROSSED + MISFITS + BAD_ANALYSES + WRONG_HASH + STALE_INDEX


def plant(path: Path, *statements: str) -> None:
    """Run ``statements`` on the file as another program would, in one transaction."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


def corrupt_page(path: Path, index: str = "spans_by_doc") -> None:
    """Overwrite the root page of ``index`` with garbage, as a failing disk might."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [index]).fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(b"\xff" * size)
