"""A document's report metadata: who published it and when, as the claims ledger reads it.

Both live in ``documents.meta`` beside what the import put there (a web page's site
name, its author, …): ``outlet`` and ``date`` (ISO, ``2026-03-14``). Unlike fields,
they belong to the document, not to one annotator's layer: every layer reads the same.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from annotator.store.db import CHANGED_ELSEWHERE, Gone, transaction

#: The keys the Document tab edits.
REPORT_KEYS = ("outlet", "date")


def _meta(db: Database, doc_id: int) -> dict[str, Any]:
    row = db.execute("SELECT meta FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise Gone(f"the document is not there any more: {CHANGED_ELSEWHERE}")
    meta = json.loads(row[0] or "{}")
    return meta if isinstance(meta, dict) else {}  # an import may have stored anything


def document_meta(db: Database, doc_id: int) -> dict[str, Any]:
    """The document's metadata as stored (an empty dict for none)."""
    return _meta(db, doc_id)


def set_document_meta(db: Database, doc_id: int, key: str, value: Any) -> Any:
    """Set (or with None, remove) one key of a document's metadata; returns the value it
    had. The other keys stay as they were, read and written in one transaction."""
    with transaction(db):
        meta = _meta(db, doc_id)
        before = meta.get(key)
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
        db.execute(
            "UPDATE documents SET meta = ? WHERE id = ?",
            [json.dumps(meta, ensure_ascii=False), doc_id],
        )
    return before
