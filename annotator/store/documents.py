"""Documents and their token analyses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import orjson
from sqlite_utils import Database

from annotator.core.model import Analysis, Document, Syntax, Token, text_hash
from annotator.store.db import now

SYNTAX_FIELDS = tuple(f.name for f in fields(Syntax))


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document about to be stored."""

    title: str
    text: str
    meta: dict[str, Any]
    source: str = ""


def insert_documents(db: Database, docs: Sequence[NewDocument]) -> list[int | None]:
    """Store documents, skipping any whose text the project already holds.

    Returns, for each input, its new id or None when it was a duplicate. The caller
    owns the transaction, so a batch goes in with one commit.
    """
    stamp = now()
    ids: list[int | None] = []
    for doc in docs:
        cursor = db.execute(
            "INSERT OR IGNORE INTO documents (hash, title, text, meta, source, n_words, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                text_hash(doc.text),
                doc.title,
                doc.text,
                json.dumps(doc.meta, ensure_ascii=False),
                doc.source,
                len(doc.text.split()),
                stamp,
            ],
        )
        ids.append(cursor.lastrowid if cursor.rowcount == 1 else None)
    return ids


def id_for_hash(db: Database, digest: str) -> int | None:
    row = db.execute("SELECT id FROM documents WHERE hash = ?", [digest]).fetchone()
    return None if row is None else int(row[0])


def get_document(db: Database, doc_id: int) -> Document:
    row = db.execute(
        "SELECT id, title, text, meta FROM documents WHERE id = ?", [doc_id]
    ).fetchone()
    if row is None:
        raise KeyError(f"no document {doc_id}")
    return Document(row[0], row[1], row[2], json.loads(row[3]))


def count_documents(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])


def save_analysis(db: Database, doc_id: int, analysis: Analysis) -> None:
    """Store (or replace) the tokens, sentences and syntax of one document."""
    flat = [offset for token in analysis.tokens for offset in (token.start, token.end)]
    syntax = None
    if analysis.syntax is not None:
        # Not dataclasses.asdict: it deep-copies every item of every list, a few ms a
        # document, which an import of thousands pays in full.
        found = analysis.syntax
        syntax = orjson.dumps({name: getattr(found, name) for name in SYNTAX_FIELDS}).decode()
    db.execute(
        "INSERT OR REPLACE INTO analyses (doc_id, model, tokens, sent_starts, syntax, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            doc_id,
            analysis.model,
            orjson.dumps(flat).decode(),
            orjson.dumps(analysis.sent_starts).decode(),
            syntax,
            now(),
        ],
    )


def get_analysis(db: Database, doc_id: int, *, syntax: bool = False) -> Analysis | None:
    """Tokens and sentences of a document (and its syntax, when asked: exports need it)."""
    row = db.execute(
        f"SELECT tokens, sent_starts, model{', syntax' if syntax else ''} FROM analyses "
        "WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        return None
    flat = orjson.loads(row[0])
    tokens = tuple(map(Token, flat[0::2], flat[1::2]))  # map: export reads millions
    parsed = None
    if syntax and row[3]:
        data = json.loads(row[3])
        parsed = Syntax(**{k: tuple(v) for k, v in data.items()})
    return Analysis(tokens, tuple(json.loads(row[1])), row[2], parsed)


def docs_without_analysis(db: Database, *, model: bool) -> list[int]:
    """Ids of documents not yet tokenized, or (``model=True``) not yet run through a model."""
    condition = "a.doc_id IS NULL" + (" OR a.model = ''" if model else "")
    rows = db.execute(
        f"SELECT d.id FROM documents d LEFT JOIN analyses a ON a.doc_id = d.id "
        f"WHERE {condition} ORDER BY d.id"
    )
    return [int(r[0]) for r in rows]


def texts(db: Database, doc_ids: Iterable[int]) -> Iterable[tuple[int, str]]:
    """(id, text) for each id, fetched one at a time so a large batch stays small in memory."""
    for doc_id in doc_ids:
        row = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is not None:
            yield doc_id, row[0]
