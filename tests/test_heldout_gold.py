"""The held-out gold standard (benchmarks/heldout/) is well formed.

The same checks as tests/test_eval_suggesters.py makes of sample_docs/gold.jsonl, applied
to the held-out articles. The suggesters are not run here: the held-out set is only for
measuring them (see benchmarks/heldout/README.md).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from annotator import paths
from benchmarks.eval_suggesters import load_gold
from tests.test_eval_suggesters import (
    _record_for,
    check_gold_conventions,
    check_gold_links,
    check_gold_record,
    check_scores_perfectly,
)

HELDOUT = Path(__file__).resolve().parent.parent / "benchmarks" / "heldout"
GOLD = HELDOUT / "gold.jsonl"
ARTICLES = sorted(HELDOUT.glob("*.txt"))


@cache
def _gold_records() -> tuple[dict[str, Any], ...]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines)


def test_the_held_out_set_is_there_and_separate_from_the_samples() -> None:
    assert len(ARTICLES) == 4
    samples = sorted(paths.sample_docs_dir().glob("*.txt"))
    assert {p.name for p in ARTICLES}.isdisjoint(p.name for p in samples)
    sample_texts = {p.read_text(encoding="utf-8") for p in samples}
    for path in ARTICLES:
        assert path.read_text(encoding="utf-8") not in sample_texts, path.name


def check_article_format(path: Path, words: tuple[int, int]) -> None:
    """An article file in the samples' format: headline, blank line, one paragraph a line."""
    raw = path.read_bytes()
    assert b"\r" not in raw
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    lines = text[:-1].split("\n")
    assert lines[0].strip()
    assert lines[1] == ""
    body = lines[2:]
    # one paragraph a line, separated by exactly one blank line
    assert all(line.strip() for line in body[0::2]), path.name
    assert all(line == "" for line in body[1::2]), path.name
    assert " (Wire) — " in body[0]
    assert words[0] <= len(text.split()) <= words[1], path.name


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem[:2] for p in ARTICLES])
def test_article_follows_the_sample_file_format(path: Path) -> None:
    check_article_format(path, (400, 900))


def test_gold_has_one_line_per_article_in_file_order() -> None:
    records = _gold_records()
    assert [r["meta"]["file"] for r in records] == [p.name for p in ARTICLES]
    for record in records:
        assert record["answer"] == "accept"
        assert record["_annotator_id"] == "gold"
        assert set(record) >= {"text", "meta", "spans", "relations"}


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[p.stem[:2] for p in ARTICLES])
def test_gold_document_is_well_formed(index: int) -> None:
    record = _gold_records()[index]
    check_gold_record(record, _record_for(HELDOUT / record["meta"]["file"]))


def test_gold_follows_the_sample_conventions() -> None:
    check_gold_conventions(_gold_records())


def test_gold_quotes_have_sources_and_sources_have_something() -> None:
    check_gold_links(GOLD)


def test_the_held_out_gold_scores_perfectly_against_itself() -> None:
    docs = load_gold(GOLD)
    assert [d.name for d in docs] == [p.name for p in ARTICLES]
    check_scores_perfectly(docs)
