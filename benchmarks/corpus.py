"""Deterministic synthetic corpora built from the sample articles."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

from annotator import paths


def _paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(paths.sample_docs_dir().glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 2)[2]
        found.extend(p for p in body.split("\n\n") if p.strip())
    return found


def articles(count: int, *, seed: int = 7, paragraphs: int = 9) -> list[tuple[str, str]]:
    """``count`` distinct (title, text) pairs of about 500-700 words each."""
    pool = _paragraphs()
    rng = random.Random(seed)
    made = []
    for i in range(count):
        chosen = rng.sample(pool, paragraphs)
        made.append((f"Synthetic report {i + 1}", f"Report {i + 1}.\n\n" + "\n\n".join(chosen)))
    return made


def long_article(words: int, *, seed: int = 11) -> str:
    """One article of at least ``words`` words, paragraphs drawn from the samples."""
    pool = _paragraphs()
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        paragraph = rng.choice(pool)
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts)


def write_jsonl(path: Path, docs: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for title, text in docs:
            out.write(json.dumps({"text": text, "meta": {"title": title}}, ensure_ascii=False))
            out.write("\n")
    return path


def long_project(path: Path, words: int, spans: int, labels: Sequence[str]) -> int:
    """A project at ``path`` with one long article, its tokens, and ``spans`` spans.

    The spans (of ``labels`` in turn, in each label's layer) sit on every so many
    tokens, in the layer of annotator "bench", who has opened the document already.
    Returns the document's id.
    """
    from annotator.core.model import Span, Status
    from annotator.core.schema_toml import load_schema
    from annotator.jobs.importing import import_files
    from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline
    from annotator.store.annotations import add_spans, set_status
    from annotator.store.annotators import ensure_annotator
    from annotator.store.db import open_project
    from annotator.store.documents import get_analysis
    from annotator.store.listing import doc_ids

    schema = load_schema(paths.default_schema_path())
    db = open_project(path, new_schema=schema)
    source = write_jsonl(path.with_suffix(".jsonl"), [("Long article", long_article(words))])
    import_files(db, [source], pipeline=Pipeline(blank_pipeline(), BLANK))
    (doc_id,) = doc_ids(db)
    analysis = get_analysis(db, doc_id)
    assert analysis is not None
    me = ensure_annotator(db, "bench")
    layers = {label.name: label.layer for label in schema.labels}
    step = max(2, len(analysis.tokens) // spans)  # leaves free tokens between them
    chosen = analysis.tokens[::step][:spans]
    with db.conn:
        add_spans(
            db,
            doc_id,
            me,
            (
                Span(t.start, t.end, labels[i % len(labels)], layers[labels[i % len(labels)]])
                for i, t in enumerate(chosen)
            ),
        )
    set_status(db, doc_id, me, Status.IN_PROGRESS, seeded=True)
    db.conn.close()
    return doc_id
