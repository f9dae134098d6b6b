"""`annotator ledger`: the command lines issue 17 names, on a project file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.ledger.ledger import as_json, build_ledger
from annotator.store.db import open_project
from tests.ledger.orvan import EVENT, write_reports


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    """A project file holding the four Orvan reports, marked by one analyst."""
    path = tmp_path / "orvan.annotator"
    db = open_project(path, new_schema=schema)
    write_reports(db)
    db.conn.close()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["ledger", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_the_documented_shape_as_json_dumps_would_print_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "--db", str(project), "--json")
    assert code == 0
    db = open_project(project)
    expected = as_json(build_ledger(db))
    db.conn.close()
    # orjson prints it; the standard library's indented form, character for character.
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    data = json.loads(out)
    assert data["version"] == 1
    assert [e["event"] for e in data["events"]] == [EVENT]
    assert data["events"][0]["summary"]["deaths"]["best"] == 157


def test_csv_rows_and_the_coded_summary_under_each_rule(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "--db", str(project), "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert {r["entry"] for r in rows} == {"figure", "claim"}
    assert any("revised" in r["disagreements"] for r in rows)
    tolls = {}
    for rule in ("acled", "ucdp"):
        code, out, _err = _run(capsys, "--db", str(project), "--csv", "--summary", "--rule", rule)
        assert code == 0
        deaths = next(r for r in csv.DictReader(io.StringIO(out)) if r["outcome"] == "deaths")
        assert deaths["rule"] == rule
        tolls[rule] = int(deaths["best"])
    assert tolls == {"acled": 157, "ucdp": 168}


def test_one_event_as_text_and_an_unknown_event_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "--db", str(project), "--event", EVENT)
    assert code == 0
    assert out.startswith("rule: acled: ")
    assert f"== {EVENT} (4 reports)" in out
    assert "!! revised: " in out
    assert "undated (!)" in out  # the report without a date, flagged
    code, out, err = _run(capsys, "--db", str(project), "--event", "Nowhere", "--json")
    assert code == 1
    assert "no event 'Nowhere'" in err
    assert out == ""  # nothing a script would take for a ledger


def test_whose_work_must_be_said_when_several_annotated(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_project(project)
    write_reports(db, "bob")
    db.conn.close()
    code, out, err = _run(capsys, "--db", str(project), "--json")
    assert (code, out) == (2, "")
    assert "say whose work the ledger reads (--annotator): analyst, bob" in err
    code, out, _err = _run(capsys, "--db", str(project), "--json", "--annotator", "bob")
    assert code == 0
    assert json.loads(out)["events"][0]["event"] == EVENT
