"""The document list: filter, rows, progress."""

from __future__ import annotations

import re

from sqlite_utils import Database

from annotator.core.model import Origin, Span, Status
from annotator.store.annotations import add_span, add_spans, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.listing import doc_ids, doc_rows, fts_query, progress


def _fill(db: Database) -> list[int]:
    with db.conn:
        ids = insert_documents(
            db,
            [
                NewDocument(
                    "Ceasefire talks in Kandar", "Negotiators met in Orlavik on Sunday.", {}
                ),
                NewDocument(
                    "Market airstrike", "At least 145 militants were killed in Kelvarra.", {}
                ),
                NewDocument(
                    "Cholera in Korvash", "Doctors said the outbreak in Korvash is spreading.", {}
                ),
            ],
        )
    assert all(i is not None for i in ids)
    return [i for i in ids if i is not None]


def test_duplicate_text_is_not_stored_twice(db: Database) -> None:
    _fill(db)
    with db.conn:
        again = insert_documents(
            db, [NewDocument("Other title", "At least 145 militants were killed in Kelvarra.", {})]
        )
    assert again == [None]
    assert len(doc_ids(db)) == 3


def test_filter_matches_words_in_title_or_text_as_prefixes(db: Database) -> None:
    first, second, third = _fill(db)
    assert doc_ids(db, "korvash") == [third]
    assert doc_ids(db, "milit") == [second]  # prefix of "militants"
    assert doc_ids(db, "kandar orlavik") == [first]  # every word must match
    assert doc_ids(db, "nowhere") == []
    assert doc_ids(db, "  ") == [first, second, third]


def test_filter_ignores_fts_syntax_in_user_input(db: Database) -> None:
    first, _, _ = _fill(db)
    assert doc_ids(db, 'kandar" (*') == [first]
    assert doc_ids(db, "kandar OR cholera") == []  # OR is a word here, not an operator
    assert fts_query('a"b') == '"a"* "b"*'


def test_rows_show_status_and_the_annotators_count(db: Database) -> None:
    first, second, _ = _fill(db)
    alice = ensure_annotator(db, "alice")
    model = ensure_annotator(db, "spacy", kind="model")
    with db.conn:
        add_spans(db, second, model, [Span(0, 8, "CARDINAL", origin=Origin.MODEL)])
    add_span(db, first, alice, Span(0, 11, "ORG"))
    add_span(db, first, alice, Span(22, 29, "GPE"))
    set_status(db, first, alice, Status.DONE)
    rows = doc_rows(db, [second, first], alice)
    assert [(r.id, r.status, r.n_spans) for r in rows] == [
        (second, Status.TODO, 1),  # not opened yet: what the model found
        (first, Status.DONE, 2),
    ]
    assert progress(db, alice) == (1, 3)


def _folded_words(text: str) -> set[str]:
    """Words as the full-text index sees them: lower case, accents removed."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return {w.lower() for w in re.findall(r"[^\W_]+", plain)}


def test_search_finds_exactly_the_documents_a_scan_of_the_text_finds(db: Database) -> None:
    from tests.conftest import SAMPLE_DOCS

    paragraphs = [
        p
        for path in SAMPLE_DOCS
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    with db.conn:
        insert_documents(
            db, [NewDocument(f"Paragraph {i}", p, {}) for i, p in enumerate(paragraphs)]
        )
    documents = {
        int(r[0]): _folded_words(f"{r[1]} {r[2]}")
        for r in db.execute("SELECT id, title, text FROM documents")
    }
    for query in ("killed", "kil", "ceasefire talks", "said", "Zubaïr", "zubair", "145", "über"):
        words = _folded_words(query)
        expected = sorted(
            doc_id
            for doc_id, have in documents.items()
            if all(any(h.startswith(w) for h in have) for w in words)
        )
        assert doc_ids(db, query) == expected, query
        assert expected or query == "über", f"{query} should match some paragraph"
