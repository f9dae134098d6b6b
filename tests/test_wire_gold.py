"""The wire-copy gold standards (benchmarks/wire/dev and benchmarks/wire/heldout) are well formed.

The same checks as tests/test_eval_suggesters.py makes of sample_docs/gold.jsonl: every
offset lands on its text, labels, attributes and relations fit the schema, casualty
numbers fit their qualifiers. The suggesters are not run here: the held-out set is only
for measuring them (see benchmarks/wire/heldout/README.md).
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
from tests.test_heldout_gold import check_article_format

WIRE = Path(__file__).resolve().parent.parent / "benchmarks" / "wire"
SETS = ("dev", "heldout")
ARTICLES = {name: sorted((WIRE / name).glob("*.txt")) for name in SETS}
DOCUMENTS = [(name, index) for name in SETS for index in range(len(ARTICLES[name]))]


@cache
def _gold_records(name: str) -> tuple[dict[str, Any], ...]:
    lines = (WIRE / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines)


def test_both_sets_are_there_and_share_nothing_with_the_other_texts() -> None:
    assert len(ARTICLES["dev"]) >= 8
    assert len(ARTICLES["heldout"]) >= 6
    others = [
        *paths.sample_docs_dir().glob("*.txt"),
        *(WIRE.parent / "heldout").glob("*.txt"),
    ]
    seen = {p.read_text(encoding="utf-8") for p in others}
    for path in ARTICLES["dev"] + ARTICLES["heldout"]:
        text = path.read_text(encoding="utf-8")
        assert text not in seen, path.name
        seen.add(text)


@pytest.mark.parametrize("path", ARTICLES["dev"] + ARTICLES["heldout"], ids=lambda p: p.stem[:12])
def test_article_follows_the_sample_file_format(path: Path) -> None:
    check_article_format(path, (200, 900))


@pytest.mark.parametrize("name", SETS)
def test_gold_has_one_line_per_article_in_file_order(name: str) -> None:
    records = _gold_records(name)
    assert [r["meta"]["file"] for r in records] == [p.name for p in ARTICLES[name]]
    for record in records:
        assert record["answer"] == "accept"
        assert record["_annotator_id"] == "gold"
        assert set(record) >= {"text", "meta", "spans", "relations"}


@pytest.mark.parametrize(
    ("name", "index"), DOCUMENTS, ids=[f"{n}-{i + 1:02}" for n, i in DOCUMENTS]
)
def test_gold_document_is_well_formed(name: str, index: int) -> None:
    record = _gold_records(name)[index]
    check_gold_record(record, _record_for(WIRE / name / record["meta"]["file"]))


@pytest.mark.parametrize("name", SETS)
def test_gold_follows_the_sample_conventions(name: str) -> None:
    check_gold_conventions(_gold_records(name))
    check_gold_links(WIRE / name / "gold.jsonl")


@pytest.mark.parametrize("name", SETS)
def test_every_headline_is_the_first_paragraph_and_is_annotated(name: str) -> None:
    """The importer keeps the headline as the text's first paragraph; its figures count."""
    for record in _gold_records(name):
        headline = record["text"].split("\n\n", 1)[0]
        assert headline == record["meta"]["title"]
        assert any(s["end"] <= len(headline) for s in record["spans"]), record["meta"]["file"]


@pytest.mark.parametrize("name", SETS)
def test_the_gold_scores_perfectly_against_itself(name: str) -> None:
    check_scores_perfectly(load_gold(WIRE / name / "gold.jsonl"))
