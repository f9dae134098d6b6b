"""Importing another tool's corpus: labels mapped or refused, annotators, status, round trips.

The readers of each format have tests of their own (tests/formats/foreign/); these go
through the importer and the command line into a real project.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.jobs.import_options import ImportOptions, parse_label_map
from annotator.jobs.importing import import_files
from annotator.review.agreement_report import agreement_report
from annotator.store.annotations import get_status, spans_of
from annotator.store.annotators import annotator_names
from annotator.store.db import connect, initialise, open_project
from annotator.store.relations import relations_of

FIXTURES = Path(__file__).parent.parent / "fixtures"
BRAT = FIXTURES / "brat"
PEOPLE = ["--map", "Organization=ORG,Person=PERSON,Location=GPE"]

#: A schema that holds what the brat storm article marks, events as relations.
STORM_SCHEMA = """
[schema]
name = "storm"
version = 1

[[layers]]
name = "entities"
title = "Entities"

[[layers]]
name = "events"
title = "Events"

[[labels]]
name = "Location"
layer = "entities"
colour = "#cfe8cf"
[[labels]]
name = "Person"
layer = "entities"
colour = "#e8d9cf"
[[labels]]
name = "Organization"
layer = "entities"
colour = "#cfd9e8"
[[labels]]
name = "Storm"
layer = "entities"
colour = "#e8e8cf"
[[labels]]
name = "Report"
layer = "events"
colour = "#e8cfe0"
[[labels]]
name = "Damage"
layer = "events"
colour = "#dccfe8"
[[labels]]
name = "Die"
layer = "events"
colour = "#f0d0d0"

[[relations]]
name = "Part-of"
heads = ["Location"]
children = ["Location"]
[[relations]]
name = "Equiv"
heads = ["Storm"]
children = ["Storm"]
[[relations]]
name = "Cause"
heads = ["Damage"]
children = ["Storm"]
[[relations]]
name = "Place"
heads = ["Damage", "Die"]
children = ["Location"]
[[relations]]
name = "Reporter-Arg"
heads = ["Report"]
children = ["Organization"]
[[relations]]
name = "Event-Arg"
heads = ["Report"]
children = ["Damage"]
[[relations]]
name = "Agent"
heads = ["Die"]
children = ["Storm"]
[[relations]]
name = "Victim"
heads = ["Die"]
children = ["Person"]
"""


def _project(path: Path, schema: LabelSchema) -> Database:
    db = connect(path)
    initialise(db, schema)
    return db


def _spans(db: Database, who: str) -> list[tuple[str, str, dict[str, object]]]:
    names = {name: i for i, name in annotator_names(db).items()}
    text = str(db.execute("SELECT text FROM documents").fetchone()[0])
    return sorted(
        (s.label, text[s.start : s.end], dict(s.attrs)) for s in spans_of(db, 1, names[who])
    )


def _links(db: Database, who: str) -> list[tuple[str, str, str, dict[str, object]]]:
    """(label, head words, child words, attributes) of someone's links."""
    names = {name: i for i, name in annotator_names(db).items()}
    text = str(db.execute("SELECT text FROM documents").fetchone()[0])
    spans = {s.id: text[s.start : s.end] for s in spans_of(db, 1, names[who])}
    return sorted(
        (r.label, spans[r.head], spans[r.child], dict(r.attrs))
        for r in relations_of(db, 1, names[who])
    )


def test_labels_are_renamed_by_the_map_and_the_others_refused_and_counted(
    tmp_path: Path, schema: LabelSchema
) -> None:
    db = _project(tmp_path / "p.annotator", schema)
    options = ImportOptions(
        "brat", parse_label_map(["Organization=ORG,Person=PERSON"]), annotator_from="filename"
    )
    report = import_files(db, [BRAT / "corpus_files"], pipeline=None, options=options)
    assert report.imported == 1
    assert _spans(db, "bob") == [("ORG", "city council", {}), ("PERSON", "Grégory Doucet", {})]
    # Neither in the schema nor mapped: bob's Location, alice's Member-of link.
    assert report.refused_labels == {"Location": 1, "Member-of": 1}
    assert sorted((Path(r.source).name, r.reason) for r in report.rejections) == [
        ("a1_alice.ann", "relation 1: the schema has no Member-of from PERSON to ORG"),
        ("a1_bob.ann", "span 2: label 'Location' is not in the project's schema"),
    ]
    assert "labels not in the schema, refused: " in report.summary()


def test_one_folder_per_annotator_gives_each_their_layer_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annotator"
    code = main(
        [
            "import", "--db", str(project), "--no-nlp", "--format", "brat", *PEOPLE,
            "--annotator-from", "folder", "--status", "done", str(BRAT / "corpus_folders"),
        ]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1  # what the schema cannot hold is refused, and said
    assert "a1.ann: relation 1: the schema has no Member-of from PERSON to ORG" in err
    assert "a2.ann: span 1: label 'Facility' is not in the project's schema" in err
    db = open_project(project)
    names = {name: i for i, name in annotator_names(db).items()}
    assert {"alice", "bob"} <= set(names)
    assert _spans(db, "alice") == [
        ("ORG", "city council of Lyon", {}),
        ("PERSON", "Grégory Doucet", {}),
    ]
    assert _spans(db, "bob") == [
        ("GPE", "Lyon", {}),
        ("ORG", "city council", {}),
        ("PERSON", "Grégory Doucet", {}),
    ]
    assert get_status(db, 1, names["alice"]).value == "done"
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2  # a1 once, a2


def test_the_file_name_names_the_annotator(tmp_path: Path, schema: LabelSchema) -> None:
    db = _project(tmp_path / "p.annotator", schema)
    options = ImportOptions("brat", parse_label_map(PEOPLE[1:]), annotator_from="filename")
    report = import_files(db, [BRAT / "corpus_files"], pipeline=None, options=options)
    assert [r.reason for r in report.rejections] == [
        "relation 1: the schema has no Member-of from PERSON to ORG"
    ]
    assert report.imported == 1  # one article, two people's work on it
    assert _spans(db, "alice")[0] == ("ORG", "city council of Lyon", {})
    assert ("GPE", "Lyon", {}) in _spans(db, "bob")


def test_a_two_annotator_brat_corpus_gives_the_hand_computed_token_alpha(
    tmp_path: Path, schema: LabelSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    """alice: PERSON Ann, PERSON Bob, GPE Lyon; bob misses Bob. Tokens: Ann met Bob in Lyon.

    Pairs per token (P,P) (O,O) (P,O) (O,O) (G,G): n = 10, n_P = 3, n_O = 5, n_G = 2,
    o_PP + o_OO + o_GG = 2 + 4 + 2 = 8, so alpha = 1 - 9 (10 - 8) / (100 - 38) = 22/31.
    """
    corpus = tmp_path / "corpus"
    for who, lines in {
        "alice": ["T1\tPerson 0 3\tAnn", "T2\tPerson 8 11\tBob", "T3\tLocation 15 19\tLyon"],
        "bob": ["T1\tPerson 0 3\tAnn", "T2\tLocation 15 19\tLyon"],
    }.items():
        (corpus / who).mkdir(parents=True)
        (corpus / who / "meeting.txt").write_text("Ann met Bob in Lyon", encoding="utf-8")
        (corpus / who / "meeting.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    args = ["import", "--db", str(project), "--no-nlp", "--format", "brat", *PEOPLE]
    args += ["--annotator-from", "folder", "--status", "done", str(corpus)]
    assert main(args) == 0, capsys.readouterr().err
    report = agreement_report(open_project(project))  # no merge needed
    alpha = report["tokens"]["ner"]["alpha"]
    assert alpha == pytest.approx(22 / 31)


def test_brat_to_annotator_to_jsonl_to_annotator_keeps_every_span_link_and_attribute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = parse_schema(STORM_SCHEMA)
    first = _project(tmp_path / "first.annotator", schema)
    report = import_files(
        first, [BRAT / "news" / "storm.ann"], pipeline=None, annotator="alice",
        options=ImportOptions("brat"),
    )  # fmt: skip
    assert report.imported == 1
    kept = _spans(first, "alice")
    links = _links(first, "alice")
    assert ("Location", "north", {"fragment": "1/2", "Confidence": "Low"}) in kept
    assert ("Cause", "tore", "Storm Ciarán", {"event": "Damage"}) in links
    assert len(links) == 13  # every R, every event role, every Equiv pair
    first.conn.close()
    out = tmp_path / "alice.jsonl"
    assert main(["export", "--db", str(tmp_path / "first.annotator"), "--format", "jsonl",
                 "--status", "all", "--annotator", "alice", "--out", str(out)]) == 0  # fmt: skip
    second = _project(tmp_path / "second.annotator", schema)
    again = import_files(second, [out], pipeline=None)
    assert again.rejections == []
    assert _spans(second, "alice") == kept
    assert _links(second, "alice") == links
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert line["_annotator_id"] == "alice"


def test_a_bad_map_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annotator"
    code = main(["import", "--db", str(project), "--no-nlp", "--format", "brat",
                 "--map", "Organization", str(BRAT / "news")])  # fmt: skip
    assert code == 2
    assert "--map: 'Organization' is not OLD=NEW" in capsys.readouterr().err
    assert not project.exists()


def test_anything_refused_makes_the_import_exit_1_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annotator"
    code = main(["import", "--db", str(project), "--no-nlp", "--format", "brat",
                 str(BRAT / "news" / "storm.ann")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1  # the default schema's labels are PERSON, ORG, GPE, …
    assert "storm.ann: span 1: label 'Storm' is not in the project's schema" in err
    assert "storm.ann: relation 1: one of its spans was not imported" in err


def _tagged(path: Path) -> list[tuple[str, ...]]:
    """(token, the four layers' tags) of each token line of an exported CoNLL file."""
    rows = [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(row[0], *row[3:]) for row in rows if len(row) > 3 and row[0] != "-DOCSTART-"]


def test_conll_in_and_conll_out_give_the_same_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    golden = Path(__file__).parent.parent / "formats" / "golden" / "small.conll"
    project, out = str(tmp_path / "p.annotator"), tmp_path / "out.conll"
    args = ["import", "--db", project, "--no-nlp", "--format", "conll", "--status", "done"]
    assert main([*args, str(golden)]) == 0, capsys.readouterr().err
    assert main(["export", "--db", project, "--format", "conll", "--out", str(out)]) == 0
    assert _tagged(out) == _tagged(golden)
    assert len(_tagged(golden)) > 20


def test_label_studio_annotations_per_person_and_predictions_as_suggestions(
    tmp_path: Path, schema: LabelSchema
) -> None:
    from annotator.store.suggestions import suggested

    db = _project(tmp_path / "p.annotator", schema)
    options = ImportOptions("labelstudio", parse_label_map(["PER=PERSON,LOC=GPE"]))
    report = import_files(
        db, [FIXTURES / "labelstudio" / "export.json"], pipeline=None, options=options
    )
    names = {name: i for i, name in annotator_names(db).items()}
    assert {"ana@example.org", "ls-user-2", "ls-user-3"} <= set(names)
    assert get_status(db, 1, names["ls-user-3"]).value == "skipped"  # a cancelled annotation
    assert ("PERSON", "Zoë Müller", {}) in _spans(db, "ana@example.org")
    assert report.suggested == 2  # two tasks came with predictions
    pending = suggested(db, 1, names["ana@example.org"]).spans
    assert sorted(s.label for s in pending) == ["ORG", "PERSON"]
    assert {s.origin.value for s in pending} == {"model"}
    assert "QUOTE" not in report.refused_labels  # the news schema has it
    # Accepted in a session as any suggestion is: copied into the person's layer.
    from annotator.session.project import Project

    session = Project(tmp_path / "p.annotator", db, "ls-user-3").session(1)  # no spans yet
    person = next(s for s in session.editor.suggestions.values() if s.label == "PERSON")
    session.accept([person])
    assert ("PERSON", "Zoë Müller") in {
        (s.label, session.text[s.start : s.end]) for s in session.editor.spans.values()
    }
    assert person.id not in session.editor.suggestions
    assert any("field 'sentiment' is not in the project's schema" in r.reason
               for r in report.rejections)  # fmt: skip
