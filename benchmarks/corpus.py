"""Deterministic synthetic corpora built from the sample articles."""

from __future__ import annotations

import json
import random
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
