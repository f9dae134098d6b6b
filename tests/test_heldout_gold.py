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
import spacy

from annotator import paths
from benchmarks.eval_suggesters import Prediction, evaluate, load_gold
from tests.test_eval_suggesters import (
    _allowed,
    _check_attributes,
    _check_casualty_numbers,
    _labels,
    _record_for,
    _relations,
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


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem[:2] for p in ARTICLES])
def test_article_follows_the_sample_file_format(path: Path) -> None:
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
    assert 400 <= len(text.split()) <= 900, path.name


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
    source = _record_for(HELDOUT / record["meta"]["file"])
    text = record["text"]
    assert text == source.text
    assert record["meta"]["title"] == source.title

    labels = _labels()
    keys = []
    for span in record["spans"]:
        start, end, label = span["start"], span["end"], span["label"]
        where = f"{record['meta']['file']} {start}-{end} {label}"
        assert isinstance(start, int), where
        assert isinstance(end, int), where
        assert 0 <= start < end <= len(text), where
        assert span["text"] == text[start:end], where
        assert span["text"] == span["text"].strip(), f"{where}: starts or ends with whitespace"
        assert label in labels, where
        _check_attributes(span["attrs"], labels[label].get("attributes", []), where)
        keys.append((start, end, label))
    assert [k[0] for k in keys] == sorted(k[0] for k in keys), "spans are sorted by start"
    assert len(set(keys)) == len(keys), "no span twice"

    doc = spacy.blank("en")(text)
    relations = _relations()
    seen = set()
    for relation in record["relations"]:
        label = relation["label"]
        head = relation["head_span"]
        child = relation["child_span"]
        assert label in relations, label
        assert (head["start"], head["end"], head["label"]) in keys, relation
        assert (child["start"], child["end"], child["label"]) in keys, relation
        assert head["label"] in _allowed(relations[label]["heads"]), relation
        assert child["label"] in _allowed(relations[label]["children"]), relation
        for key, span in (("head", head), ("child", child)):
            tokens = doc.char_span(span["start"], span["end"], alignment_mode="expand")
            assert tokens is not None, relation
            assert relation[key] == tokens[0].i, relation
        _check_attributes(relation.get("attrs", {}), relations[label].get("attributes", []), label)
        identity = (label, tuple(head.values()), tuple(child.values()))
        assert identity not in seen, f"relation twice: {relation}"
        seen.add(identity)


def test_gold_follows_the_sample_conventions() -> None:
    for record in _gold_records():
        for span in record["spans"]:
            text, attrs = span["text"], span["attrs"]
            if span["label"] == "QUOTE" and attrs["type"] == "direct":
                assert text[0] in '“"', text
                assert text[-1] in '”"', text
            if span["label"] == "QUOTE" and attrs["type"] == "mixed":
                assert any(mark in text for mark in '“"'), text
            if span["label"] == "CASUALTY":
                _check_casualty_numbers(text, attrs)


def test_gold_quotes_have_sources_and_sources_have_something() -> None:
    for doc in load_gold(GOLD):
        attributed = {r.head for r in doc.links if r.label == "ATTRIBUTED_TO"}
        children = {r.child for r in doc.links}
        for i, span in enumerate(doc.spans):
            if span.label == "QUOTE":
                assert i in attributed, f"{doc.name}: quote {span.key} has no source"
            if span.label in ("SOURCE", "CUE"):
                assert i in children, f"{doc.name}: {span.label} {span.key} links to nothing"


def test_the_held_out_gold_scores_perfectly_against_itself() -> None:
    docs = load_gold(GOLD)
    assert [d.name for d in docs] == [p.name for p in ARTICLES]
    report = evaluate(docs, [Prediction(d.spans, d.links) for d in docs])
    for by_mode in report.spans.values():
        for score in by_mode.values():
            assert (score.fp, score.fn) == (0, 0)
    assert report.casualty.all_share == 1.0
    assert all(s.f1 == 1.0 for s in report.relations.values())
