"""`annotator agreement` on a hand-worked example: two annotators, one article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.review.agreement_report import agreement_report
from annotator.review.merge import merge_projects
from annotator.store.db import connect
from tests.conftest import project_from_record

TEXT = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar."


def _span(words: str, label: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


ALICE = [_span("Ahmed Zubaïr", "PERSON"), _span("at least 145 militants", "CASUALTY")]
BOB = [
    _span("Gen. Ahmed Zubaïr", "PERSON"),
    _span("at least 145 militants", "CASUALTY"),
    _span("Kandar", "GPE"),
]


def _project(
    folder: Path,
    schema: LabelSchema,
    blank: Pipeline,
    who: str,
    spans: list[dict[str, Any]],
    stance: str,
) -> Path:
    record = {
        "text": TEXT,
        "spans": spans,
        "_annotator_id": who,
        "answer": "accept",
        "fields": {"stance": [{"target": "the ceasefire", "value": stance}]},
    }
    return project_from_record(folder / f"{who}.annotator", schema, blank, record)


@pytest.fixture
def review(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    projects = [
        _project(tmp_path, schema, blank, "alice", ALICE, "favor"),
        _project(tmp_path, schema, blank, "bob", BOB, "against"),
    ]
    path = tmp_path / "review.annotator"
    merge_projects(connect(path), projects)
    return path


def test_span_scores_worked_by_hand(review: Path) -> None:
    report = agreement_report(connect(review))
    assert report["annotators"] == ["alice", "bob"]
    (pair,) = report["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("alice", "bob", 1)
    exact = pair["spans"]["exact"]["micro"]
    # Exact: only the casualty figure is the same; alice has 2 spans, bob 3.
    # P = 1/3, R = 1/2, F1 = 2*1 / (2*1 + 2 + 1) = 0.4
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 2, 1)
    assert exact["precision"] == pytest.approx(1 / 3)
    assert exact["recall"] == pytest.approx(0.5)
    assert exact["f1"] == pytest.approx(0.4)
    # Overlap: the two PERSON spans overlap too: P = 2/3, R = 1, F1 = 4 / 5.
    overlap = pair["spans"]["overlap"]
    assert overlap["micro"]["f1"] == pytest.approx(0.8)
    assert overlap["labels"]["GPE"]["fp"] == 1
    assert report["per_document"][0]["f1_overlap"] == pytest.approx(0.8)


def test_token_kappa_worked_by_hand(review: Path) -> None:
    report = agreement_report(connect(review))
    # 13 tokens. ner layer: alice O P P O O O O O O O O O O; bob P P P O O O O O O O O GPE O.
    # p_o = 11/13; p_e = (2/13)(3/13) + (11/13)(9/13) = 105/169;
    # kappa = (143 - 105) / (169 - 105) = 38/64.
    assert report["tokens"]["ner"]["kappa"] == pytest.approx(38 / 64)
    assert report["tokens"]["ner"]["percent"] == pytest.approx(11 / 13)
    assert report["tokens"]["ner"]["distribution"] == {"O": 20, "PERSON": 5, "GPE": 1}
    assert report["tokens"]["casualty"]["kappa"] == pytest.approx(1.0)


def test_stance_and_the_json_of_the_command(
    review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agreement", "--db", str(review), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {
        "version",
        "label",
        "annotators",
        "documents",
        "pairs",
        "tokens",
        "fields",
        "attributes",
        "gold",
        "per_document",
    }
    stance = report["fields"]["stance"]
    assert (stance["units"], stance["percent"]) == (1, 0.0)  # favor vs against
    assert stance["distribution"] == {"against": 1, "favor": 1}
    assert main(["agreement", "--db", str(review), "--label", "PERSON"]) == 0
    out = capsys.readouterr().out
    assert "alice vs bob, 1 documents both finished" in out
    assert "PERSON" in out
    assert "0.000/0.000/0.000" in out  # exact: the PERSON spans differ by "Gen."


def test_a_value_one_left_empty_disagrees_in_the_report(
    tmp_path: Path, schema: LabelSchema, blank: Pipeline
) -> None:
    # Issue 12, item 6: alice gave the figure a maximum and named a second stance target;
    # bob left both empty. Both finished the article, so that is disagreement, not agreement.
    figure = _span("at least 145 militants", "CASUALTY")
    projects = []
    for who, attrs, stance in (
        (
            "alice",
            {"qualifier": "at least", "max": 150},
            [("the ceasefire", "favor"), ("the army", "against")],
        ),
        ("bob", {"qualifier": "at least"}, [("the ceasefire", "favor")]),
    ):
        record = {
            "text": TEXT,
            "spans": [{**figure, "attrs": attrs}],
            "_annotator_id": who,
            "answer": "accept",
            "fields": {"stance": [{"target": t, "value": v} for t, v in stance]},
        }
        projects.append(project_from_record(tmp_path / f"{who}.annotator", schema, blank, record))
    path = tmp_path / "review.annotator"
    merge_projects(connect(path), projects)
    report = agreement_report(connect(path))
    maximum = report["attributes"]["CASUALTY.max"]
    assert (maximum["pairs"], maximum["percent"]) == (1, 0.0)  # was: nothing to compare
    assert report["attributes"]["CASUALTY.qualifier"]["percent"] == 1.0
    assert report["attributes"]["CASUALTY.best"]["percent"] is None  # nobody gave one
    stance = report["fields"]["stance"]
    # The ceasefire: favor and favor; the army: against and nothing.
    assert (stance["units"], stance["percent"]) == (2, 0.5)
    assert stance["distribution"] == {"favor": 2, "(empty)": 1, "against": 1}
