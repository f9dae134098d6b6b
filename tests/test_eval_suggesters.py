"""The suggester benchmark: its scoring functions, and the gold standard it scores against.

The suggesters themselves are not run here.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import spacy

from annotator import paths
from annotator.formats.readers import ImportRecord, read_file
from benchmarks.eval_suggesters import (
    AttributeScore,
    GoldDoc,
    Item,
    Link,
    Prediction,
    Report,
    Score,
    combine,
    default_gold_path,
    evaluate,
    format_report,
    load_gold,
    match_spans,
    score_attributes,
    score_relations,
    score_spans,
)

GOLD = default_gold_path()
SAMPLES = sorted(paths.sample_docs_dir().glob("*.txt"))


def q(start: int, end: int, label: str = "QUOTE", **attrs: object) -> Item:
    return Item(start, end, label, attrs)


# --- Score arithmetic ------------------------------------------------------------------


def test_precision_recall_and_f1_worked_by_hand() -> None:
    # 3 right, 1 wrong, 2 missed: P = 3/4, R = 3/5, F1 = 2PR/(P+R) = 0.9/1.35 = 2/3.
    score = Score.from_counts(3, 1, 2)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.6)
    assert score.f1 == pytest.approx(2 / 3)
    assert (score.gold, score.predicted) == (5, 4)


def test_undefined_figures_are_zero() -> None:
    assert Score.from_counts(0, 0, 0) == Score(0, 0, 0, 0.0, 0.0, 0.0)
    assert Score.from_counts(0, 2, 0).precision == 0.0
    assert Score.from_counts(0, 0, 2).recall == 0.0


def test_combine_is_a_micro_average() -> None:
    # Document 1: tp 1, fn 1. Document 2: fp 2. Together tp 1, fp 2, fn 1:
    # P = 1/3, R = 1/2, F1 = 2 tp / (2 tp + fp + fn) = 2/5 (not the mean of per-document F1s).
    total = combine([Score.from_counts(1, 0, 1), Score.from_counts(0, 2, 0)])
    assert (total.tp, total.fp, total.fn) == (1, 2, 1)
    assert total.precision == pytest.approx(1 / 3)
    assert total.recall == pytest.approx(1 / 2)
    assert total.f1 == pytest.approx(2 / 5)
    assert combine([]) == Score(0, 0, 0, 0.0, 0.0, 0.0)


# --- span matching ---------------------------------------------------------------------


def test_exact_needs_the_same_boundaries_overlap_does_not() -> None:
    gold = [q(0, 10)]
    predicted = [q(0, 9)]
    assert score_spans(gold, predicted, "QUOTE", "exact") == Score.from_counts(0, 1, 1)
    assert score_spans(gold, predicted, "QUOTE", "overlap") == Score.from_counts(1, 0, 0)
    assert score_spans(gold, [q(0, 10)], "QUOTE", "exact") == Score.from_counts(1, 0, 0)


def test_touching_spans_do_not_overlap() -> None:
    # End is exclusive: 0-10 and 10-20 share no character.
    assert score_spans([q(0, 10)], [q(10, 20)], "QUOTE", "overlap") == Score.from_counts(0, 1, 1)


def test_labels_must_agree() -> None:
    gold = [q(0, 10)]
    predicted = [q(0, 10, "SOURCE")]
    assert score_spans(gold, predicted, "QUOTE", "overlap") == Score.from_counts(0, 0, 1)
    assert score_spans(gold, predicted, "SOURCE", "overlap") == Score.from_counts(0, 1, 0)


def test_one_prediction_cannot_match_two_gold_spans() -> None:
    gold = [q(0, 10), q(12, 20)]
    predicted = [q(0, 20)]
    assert score_spans(gold, predicted, "QUOTE", "overlap") == Score.from_counts(1, 0, 1)
    # and the other way round: two predictions inside one gold span, one of them counts.
    assert score_spans([q(0, 20)], [q(0, 10), q(12, 20)], "QUOTE", "overlap") == (
        Score.from_counts(1, 1, 0)
    )


def test_the_best_overlapping_pairs_are_matched_first() -> None:
    # Taking pairs in reading order would give gold 0 to prediction 0 and leave gold 1 with
    # nothing; matching the best pairs first finds both.
    gold = [q(0, 10), q(20, 30)]
    predicted = [q(5, 25), q(0, 10)]
    assert match_spans(gold, predicted, "QUOTE", "overlap") == [(0, 1), (1, 0)]
    assert score_spans(gold, predicted, "QUOTE", "overlap") == Score.from_counts(2, 0, 0)


def test_empty_documents() -> None:
    assert score_spans([], [], "QUOTE", "exact") == Score.from_counts(0, 0, 0)
    assert score_spans([q(0, 5)], [], "QUOTE", "overlap") == Score.from_counts(0, 0, 1)
    assert score_spans([], [q(0, 5)], "QUOTE", "overlap") == Score.from_counts(0, 1, 0)
    assert match_spans([], [], "QUOTE", "overlap") == []


def test_where_selects_by_attribute_on_both_sides() -> None:
    gold = [q(0, 10, type="direct"), q(20, 30, type="indirect")]
    predicted = [q(0, 10, type="direct"), q(20, 30, type="direct"), q(40, 50, type="mixed")]
    direct = score_spans(gold, predicted, "QUOTE", "exact", where={"type": "direct"})
    # gold has 1 direct quote; 2 predictions say direct, one of them right.
    assert direct == Score.from_counts(1, 1, 0)
    assert score_spans(gold, predicted, "QUOTE", "exact") == Score.from_counts(2, 1, 0)


# --- attributes and relations ----------------------------------------------------------


def test_casualty_attributes_of_matched_spans() -> None:
    gold = [
        q(0, 18, "CASUALTY", outcome="killed", qualifier="at least", min=145, best=145),
        q(30, 40, "CASUALTY", outcome="injured", qualifier="exact", min=5, max=5, best=5),
        q(50, 60, "CASUALTY", outcome="missing", qualifier="exact", min=2, max=2, best=2),
    ]
    predicted = [
        # overlaps the first; right in everything (max absent on both sides is right).
        q(9, 18, "CASUALTY", outcome="killed", qualifier="at least", min=145, best=145),
        # the second exactly, with the wrong outcome.
        q(30, 40, "CASUALTY", outcome="killed", qualifier="exact", min=5, max=5, best=5),
        # matches nothing, so it is not judged.
        q(70, 80, "CASUALTY", outcome="killed", qualifier="exact", best=1),
    ]
    score = score_attributes(gold, predicted, attributes=("outcome", "best", "max", "qualifier"))
    assert score == AttributeScore(2, {"outcome": 1, "best": 2, "max": 2, "qualifier": 2}, 1)
    assert score.share("outcome") == pytest.approx(0.5)
    assert score.all_share == pytest.approx(0.5)
    assert AttributeScore(0, {}, 0).share("outcome") == 0.0


def test_relations_count_when_both_spans_overlap_match() -> None:
    gold_spans = [q(0, 20), q(22, 26, "SOURCE"), q(27, 31, "CUE"), q(40, 50), q(52, 55, "SOURCE")]
    gold_links = [
        Link(0, 1, "ATTRIBUTED_TO"),
        Link(0, 2, "HAS_CUE"),
        Link(3, 4, "ATTRIBUTED_TO"),
    ]
    # Predictions in another order and with other boundaries.
    predicted_spans = [q(22, 30, "SOURCE"), q(1, 19), q(40, 50), q(60, 65, "SOURCE")]
    predicted_links = [
        Link(1, 0, "ATTRIBUTED_TO"),  # right: both spans overlap-match gold 0 and 1
        Link(2, 3, "ATTRIBUTED_TO"),  # wrong: its source matches no gold span
        Link(1, 0, "HAS_CUE"),  # another label: not scored as ATTRIBUTED_TO
    ]
    attributed = score_relations(
        gold_spans, gold_links, predicted_spans, predicted_links, "ATTRIBUTED_TO"
    )
    assert attributed == Score.from_counts(1, 1, 1)
    cue = score_relations(gold_spans, gold_links, predicted_spans, predicted_links, "HAS_CUE")
    # Its child span is a SOURCE in the prediction and a CUE in the gold.
    assert cue == Score.from_counts(0, 1, 1)


def test_a_gold_relation_is_found_only_once() -> None:
    gold_spans = [q(0, 10), q(12, 15, "SOURCE")]
    predicted_spans = [q(0, 10), q(12, 15, "SOURCE")]
    twice = [Link(0, 1, "ATTRIBUTED_TO"), Link(0, 1, "ATTRIBUTED_TO")]
    score = score_relations(
        gold_spans, [Link(0, 1, "ATTRIBUTED_TO")], predicted_spans, twice, "ATTRIBUTED_TO"
    )
    assert score == Score.from_counts(1, 1, 0)


def test_a_found_figure_counts_as_usable_only_with_outcome_best_and_qualifier_right() -> None:
    text = "x" * 80
    gold = GoldDoc(
        "doc",
        text,
        (
            q(0, 10, "CASUALTY", outcome="killed", qualifier="at least", min=12, best=12),
            q(20, 30, "CASUALTY", outcome="injured", qualifier="exact", min=5, max=5, best=5),
            q(40, 50, "CASUALTY", outcome="killed", qualifier="exact", min=2, max=2, best=2),
            q(60, 70, "QUOTE", type="direct"),
        ),
        (Link(2, 0, "SUBSET_OF"),),
    )
    predicted = Prediction(
        (
            # right in outcome, best and qualifier; min missing does not matter here
            q(0, 10, "CASUALTY", outcome="killed", qualifier="at least", best=12),
            # the wrong outcome
            q(20, 30, "CASUALTY", outcome="killed", qualifier="exact", min=5, max=5, best=5),
            q(40, 50, "CASUALTY", outcome="killed", qualifier="exact", min=2, max=2, best=2),
        ),
        (Link(2, 0, "SUBSET_OF"),),
    )
    report = evaluate([gold], [predicted])
    assert report.casualty_key.matched == 3
    assert report.casualty_key.all_share == pytest.approx(2 / 3)
    assert report.casualty.all_share == pytest.approx(1 / 3)
    assert report.direct_recall == 0.0
    assert report.relations["SUBSET_OF"].f1 == 1.0
    text_report = format_report(report)
    assert "outcome, best, qualifier all right: 0.67" in text_report
    assert "Direct-quote recall (overlap): 0.00" in text_report
    assert report.as_dict()["casualty_attributes"]["outcome+best+qualifier"] == pytest.approx(2 / 3)


def check_scores_perfectly(docs: list[GoldDoc]) -> Report:
    """The gold, given as the prediction, scores perfectly: spans, figures' parts, links."""
    report = evaluate(docs, [Prediction(d.spans, d.links) for d in docs])
    for by_mode in report.spans.values():
        for score in by_mode.values():
            assert (score.fp, score.fn) == (0, 0)
            assert score.f1 == 1.0
    assert report.casualty.all_share == 1.0
    assert all(s.f1 == 1.0 for s in report.relations.values())
    return report


def test_the_gold_scores_perfectly_against_itself_and_the_report_prints() -> None:
    docs = load_gold(GOLD)
    report = check_scores_perfectly(docs)
    text = format_report(report)
    for name in ("QUOTE type=direct", "SOURCE", "CUE", "CASUALTY", "CLAIM", "HAS_CUE"):
        assert name in text
    json.dumps(report.as_dict())

    empty = evaluate(docs, [Prediction((), ()) for _ in docs])
    assert empty.spans["QUOTE"]["overlap"].tp == 0
    assert empty.spans["QUOTE"]["overlap"].fn == report.spans["QUOTE"]["overlap"].tp
    with pytest.raises(ValueError, match="predictions"):
        evaluate(docs, [])


# --- the gold standard is well formed --------------------------------------------------


@cache
def _schema() -> dict[str, Any]:
    with paths.default_schema_path().open("rb") as handle:
        return tomllib.load(handle)


def _labels() -> dict[str, dict[str, Any]]:
    return {label["name"]: label for label in _schema()["labels"]}


def _relations() -> dict[str, dict[str, Any]]:
    return {relation["name"]: relation for relation in _schema()["relations"]}


def _allowed(names: list[str]) -> set[str]:
    """Label names, with "layer:NAME" standing for every label of that layer."""
    found: set[str] = set()
    for name in names:
        if name.startswith("layer:"):
            layer = name.removeprefix("layer:")
            found |= {n for n, label in _labels().items() if label["layer"] == layer}
        else:
            found.add(name)
    return found


def _check_attributes(attrs: dict[str, Any], declared: list[dict[str, Any]], where: str) -> None:
    by_name = {a["name"]: a for a in declared}
    for name, value in attrs.items():
        assert name in by_name, f"{where}: attribute {name!r} is not in the schema"
        kind = by_name[name]["kind"]
        if kind == "enum":
            assert value in by_name[name]["values"], f"{where}: {name}={value!r}"
        elif kind == "multi":
            assert isinstance(value, list), where
            assert set(value) <= set(by_name[name]["values"]), f"{where}: {name}={value!r}"
        elif kind == "int":
            assert isinstance(value, int), f"{where}: {name}"
            assert not isinstance(value, bool), f"{where}: {name}"
        elif kind == "bool":
            assert isinstance(value, bool), f"{where}: {name}"
        else:
            assert isinstance(value, str), f"{where}: {name}"
    for attribute in declared:
        if attribute.get("required"):
            assert attribute["name"] in attrs, f"{where}: {attribute['name']} is required"


@cache
def _gold_records() -> tuple[dict[str, Any], ...]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines)


def _record_for(path: Path) -> ImportRecord:
    (record,) = read_file(path)
    assert isinstance(record, ImportRecord)
    return record


def test_gold_has_one_line_per_sample_in_file_order() -> None:
    records = _gold_records()
    assert [r["meta"]["file"] for r in records] == [p.name for p in SAMPLES]
    for record in records:
        assert record["answer"] == "accept"
        assert record["_annotator_id"] == "gold"
        assert set(record) >= {"text", "meta", "spans", "relations"}


@pytest.mark.parametrize("index", range(len(SAMPLES)), ids=[p.stem[:2] for p in SAMPLES])
def test_gold_document_is_well_formed(index: int) -> None:
    record = _gold_records()[index]
    check_gold_record(record, _record_for(paths.sample_docs_dir() / record["meta"]["file"]))


def check_gold_record(record: dict[str, Any], source: ImportRecord) -> None:
    """A gold line fits its article: offsets, texts, labels, attributes and relations."""
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

    nlp = spacy.blank("en")
    doc = nlp(text)
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


def test_gold_follows_its_own_conventions() -> None:
    check_gold_conventions(_gold_records())


def check_gold_conventions(records: tuple[dict[str, Any], ...]) -> None:
    """Direct quotes keep their marks; casualty numbers fit their qualifiers."""
    for record in records:
        for span in record["spans"]:
            text, attrs = span["text"], span["attrs"]
            if span["label"] == "QUOTE" and attrs["type"] == "direct":
                assert text[0] in '“"', text
                assert text[-1] in '”"', text
            if span["label"] == "QUOTE" and attrs["type"] == "mixed":
                assert any(mark in text for mark in '“"'), text
            if span["label"] == "CASUALTY":
                _check_casualty_numbers(text, attrs)


def _check_casualty_numbers(text: str, attrs: dict[str, Any]) -> None:
    """min, best and max as the conventions in sample_docs/README.md work them out."""
    low, best, high = attrs.get("min"), attrs.get("best"), attrs.get("max")
    assert isinstance(best, int), text
    qualifier = attrs["qualifier"]
    if qualifier == "range":
        assert isinstance(low, int), text
        assert isinstance(high, int), text
        assert low < high, text
        assert best == (low + high) // 2, text
        return
    expected = {
        "exact": (best, best),
        "at least": (best, None),
        "more than": (best + 1, None),
        "up to": (None, best),
        "approx": (None, None),
        "vague": (None, None),
    }[qualifier]
    assert (low, high) == expected, text


def test_gold_quotes_have_sources_and_sources_have_something() -> None:
    check_gold_links(GOLD)


def check_gold_links(gold: Path) -> None:
    """Every quote has a source; every source and cue is linked from something."""
    for doc in load_gold(gold):
        attributed = {r.head for r in doc.links if r.label == "ATTRIBUTED_TO"}
        children = {r.child for r in doc.links}
        for i, span in enumerate(doc.spans):
            if span.label == "QUOTE":
                assert i in attributed, f"{doc.name}: quote {span.key} has no source"
            if span.label in ("SOURCE", "CUE"):
                assert i in children, f"{doc.name}: {span.label} {span.key} links to nothing"


def test_the_application_imports_the_gold_file() -> None:
    records = list(read_file(GOLD))
    assert all(isinstance(r, ImportRecord) for r in records)
    assert len(records) == len(SAMPLES)
    first = records[0]
    assert isinstance(first, ImportRecord)
    assert first.annotator == "gold"
    assert len(first.spans) == len(_gold_records()[0]["spans"])


def test_load_gold_keeps_relations_by_span_position() -> None:
    docs = load_gold(GOLD)
    assert all(isinstance(d, GoldDoc) for d in docs)
    for doc, record in zip(docs, _gold_records(), strict=True):
        assert len(doc.spans) == len(record["spans"])
        assert len(doc.links) == len(record["relations"])
        for link, relation in zip(doc.links, record["relations"], strict=True):
            assert doc.spans[link.head].start == relation["head_span"]["start"]
            assert doc.spans[link.child].label == relation["child_span"]["label"]
