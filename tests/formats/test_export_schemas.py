"""Exports of a project with a schema of its own (issue 12, item 1).

The writers used to fall back to the news schema's layers (ner, attribution, claim,
casualty) when no --layers was given: a project of events exported all-O columns and
empty span groups, with exit 0 and no warning. Now they write the project's own layers,
and say so when spans are left out because their layer is not among those written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.docbin import read_docbin
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from tests.formats.iob2_check import check_conll, check_conllu

EVENTS_TOML = """\
[schema]
name = "events"
version = 1

[[layers]]
name = "event"
title = "Events"

[[layers]]
name = "place"
title = "Places"

[[labels]]
name = "PROTEST"
layer = "event"
colour = "#cba45f"
key = "p"

[[labels]]
name = "ARREST"
layer = "event"
colour = "#67b5f5"
key = "a"

[[labels]]
name = "CITY"
layer = "place"
colour = "#95baa2"
key = "c"

[[relations]]
name = "HAPPENED_IN"
heads = ["PROTEST", "ARREST"]
children = ["CITY"]
key = "h"
"""
# The same without the place layer: a schema change that leaves CITY spans orphaned.
NO_PLACES_TOML = EVENTS_TOML.split('[[labels]]\nname = "CITY"')[0].replace(
    '[[layers]]\nname = "place"\ntitle = "Places"\n\n', ""
)

TEXT = "Thousands marched in Lyon on Sunday.\n\nPolice arrested twelve protesters there."


def _at(fragment: str, label: str) -> dict[str, object]:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "label": label}


SPANS = [
    _at("Thousands marched", "PROTEST"),
    _at("Lyon", "CITY"),
    _at("Police arrested twelve protesters", "ARREST"),
]
RECORD = {
    "text": TEXT,
    "answer": "accept",
    "_annotator_id": "alice",
    "spans": SPANS,
    "relations": [
        {"head_span": SPANS[0], "child_span": SPANS[1], "label": "HAPPENED_IN"},
    ],
}


def events_project(folder: Path, blank: Pipeline) -> Path:
    """A project made with `annotator new --schema events.toml`, one article done by alice."""
    schema = folder / "events.toml"
    schema.write_text(EVENTS_TOML, encoding="utf-8")
    db_path = folder / "events.annotator"
    assert main(["new", "--db", str(db_path), "--schema", str(schema)]) == 0
    source = folder / "events.jsonl"
    source.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = open_project(db_path, for_writing=True)
    report = import_files(db, [source], pipeline=blank)
    db.conn.close()
    assert report.rejections == []
    return db_path


@pytest.fixture
def project(tmp_path: Path, blank: Pipeline) -> Path:
    return events_project(tmp_path, blank)


def _export(project: Path, fmt: str, out: Path, *extra: str) -> int:
    return main(["export", "--db", str(project), "--format", fmt, "--out", str(out), *extra])


def test_jsonl_has_the_projects_spans_and_links(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert _export(project, "jsonl", out) == 0
    assert capsys.readouterr().err == ""
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    found = [(s["label"], s["layer"], TEXT[s["start"] : s["end"]]) for s in record["spans"]]
    assert sorted(found) == [
        ("ARREST", "event", "Police arrested twelve protesters"),
        ("CITY", "place", "Lyon"),
        ("PROTEST", "event", "Thousands marched"),
    ]
    [link] = record["relations"]
    assert (link["label"], link["head_span"]["label"], link["child_span"]["label"]) == (
        "HAPPENED_IN",
        "PROTEST",
        "CITY",
    )


def test_conll_has_a_column_per_layer_of_the_schema(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.conll"
    assert _export(project, "conll", out) == 0
    assert capsys.readouterr().err == ""  # nothing left out, nothing to warn about
    text = out.read_text(encoding="utf-8")
    check_conll(text)
    rows = [line.split(" ") for line in text.splitlines() if line and line[0] != "-"]
    assert {len(row) for row in rows} == {5}  # token, POS, chunk, event, place
    tagged = {row[0]: row[3:] for row in rows if row[3:] != ["O", "O"]}
    assert tagged == {
        "Thousands": ["B-PROTEST", "O"],
        "marched": ["I-PROTEST", "O"],
        "Lyon": ["O", "B-CITY"],
        "Police": ["B-ARREST", "O"],
        "arrested": ["I-ARREST", "O"],
        "twelve": ["I-ARREST", "O"],
        "protesters": ["I-ARREST", "O"],
    }


def test_conllu_has_the_schemas_layers_in_misc(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.conllu"
    assert _export(project, "conllu", out) == 0
    text = out.read_text(encoding="utf-8")
    check_conllu(text)
    misc = {
        cells[1]: cells[9]
        for cells in (line.split("\t") for line in text.splitlines())
        if len(cells) == 10
    }
    assert misc["Thousands"] == "Event=B-PROTEST"
    assert misc["Lyon"] == "Place=B-CITY"
    assert misc["protesters"] == "Event=I-ARREST"


def test_docbin_has_a_span_group_per_layer_of_the_schema(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.spacy"
    assert _export(project, "spacy", out) == 0
    [doc] = read_docbin(out)
    assert set(doc.spans) == {"event", "place"}
    assert [(s.text, s.label_) for s in doc.spans["event"]] == [
        ("Thousands marched", "PROTEST"),
        ("Police arrested twelve protesters", "ARREST"),
    ]
    assert [(s.text, s.label_) for s in doc.spans["place"]] == [("Lyon", "CITY")]
    assert doc.user_data["relations"] == [
        {"head": ["event", 0], "child": ["place", 0], "label": "HAPPENED_IN", "attrs": {}}
    ]


@pytest.mark.parametrize("fmt", ["conll", "conllu", "spacy"])
def test_spans_of_a_layer_the_schema_lost_are_counted_and_warned_about(
    fmt: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = tmp_path / "no_places.toml"
    changed.write_text(NO_PLACES_TOML, encoding="utf-8")
    assert main(["schema", "--db", str(project), "--set", str(changed), "--keep-orphans"]) == 0
    capsys.readouterr()
    assert _export(project, fmt, tmp_path / f"out.{fmt}") == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "warning: 1 span of the layer 'place', which the project's schema does not have, "
        "left out of this format (JSONL keeps them)"
    ]
    # JSONL writes every span, whatever its layer: nothing left out there.
    assert _export(project, "jsonl", tmp_path / "out.jsonl") == 0
    err = capsys.readouterr().err
    assert "left out" not in err
    assert "labelled CITY, which the project's schema no longer has" in err
