"""`annotator check`: every kind of damage planted in a real file is reported, and exits 1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import EXIT_ERROR, main
from annotator.core.schema import LabelSchema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.backup import backup_project
from annotator.store.check import analysis_fault, check_project
from annotator.store.db import open_project
from tests.conftest import SAMPLE_DOCS
from tests.full_disk import fill, small_disk
from tests.store import damage
from tests.store.annotated import TEXTS, annotated_project


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    return annotated_project(tmp_path / "news.annotator", schema)


def _check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--db", str(path), *extra])
    return code, capsys.readouterr().out


def test_a_sound_project_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(TEXTS[2]) == 44  # in code points; the last span ends there
    code, out = _check(project, capsys)
    assert code == 0
    assert out.splitlines() == [
        str(project),
        "integrity_check: ok",
        "foreign_key_check: ok",
        "no problems found",
    ]


@pytest.mark.slow
def test_a_project_analysed_by_the_real_model_passes(
    project_path: Path, model: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_project(project_path)
    import_files(db, SAMPLE_DOCS[:3], pipeline=model)  # tokens, sentences, syntax, entities
    db.conn.close()
    assert check_project(project_path).clean
    assert _check(project_path, capsys)[0] == 0


#: What the report says of each row planted by damage.ORPHANS.
ORPHANS = (
    "span 100 (ORG at 0..5 in document 99): document 99 does not exist",
    "span 101 (ORG at 0..5 in document 1): annotator 42 does not exist",
    "link 100 (ATTRIBUTED_TO from span 1 to span 999): span 999 does not exist",
    "status of document 99 for annotator 1: document 99 does not exist",
    "field note of document 1 for annotator 42: annotator 42 does not exist",
    "analysis of document 99: document 99 does not exist",
    "decision on suggestion 999 by annotator 1: span 999 does not exist",
    "review decision in document 99: document 99 does not exist",
)


def test_every_kind_of_damage_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage.plant(project, *damage.REPAIRABLE)
    code, out = _check(project, capsys)
    assert code == 1
    for line in (
        "integrity_check: the file is sound; rows breaking a CHECK or NOT NULL constraint: "
        "3 (below)",
        "foreign_key_check: rows pointing at rows that do not exist: 8",
        "problems: 17 (17 can be repaired)",
        "  link: link 101 (ATTRIBUTED_TO, document 1) joins span 1 of document 1 to span 4 "
        "of document 2  [--repair deletes it]",
        "  span: span 102 (GPE at 36..45 in document 3) does not fit the text of 44 characters"
        "  [--repair deletes it]",
        "  span: span 103 (CLAIM at -1..4 in document 2) does not fit the text of 60 characters"
        "  [--repair deletes it]",
        "  span: span 104 (CLAIM at 8..8 in document 2) does not fit the text of 60 characters"
        "  [--repair deletes it]",
        "  span: span 105 (CLAIM at 'x'..4 in document 2) does not fit the text of 60 characters"
        "  [--repair deletes it]",
        "  analysis: analysis of document 2: its tokens are not pairs of offsets"
        "  [--repair drops it; it is made again]",
        "  analysis: analysis of document 3: token 1 (40..45) does not fit the text of 44 "
        "characters  [--repair drops it; it is made again]",
        "  hash: document 1: stored hash ffffffffffffffffffffffffffffffffffffffff is not its "
        "text's  [--repair recomputes it]",
        "run again with --repair to fix what can be fixed (the project is copied first)",
    ):
        assert line in out.splitlines(), line
    for orphan in ORPHANS:
        assert f"  orphan: {orphan}  [--repair deletes it]" in out.splitlines(), orphan
    assert "  search index: the search index does not match the documents" in out


def test_unknown_labels_and_broken_constraints_are_reported_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage.plant(
        project,
        damage.SPAN + "(100, 2, 1, 'claim', 'RUMOUR', 0, 9, 'now')",
        damage.SPAN + "(101, 2, 1, 'claim', 'RUMOUR', 10, 16, 'now')",
        damage.RELATION + "(100, 2, 1, 'LIKES', 100, 101, 'now')",
        "UPDATE doc_states SET status = 'lost' WHERE doc_id = 2",
    )
    code, out = _check(project, capsys, "--repair")
    assert code == 1
    assert (
        "  label: 2 spans labelled 'RUMOUR', which the schema does not have (the first is "
        "span 100): kept; relabel them or extend the schema" in out.splitlines()
    )
    assert "  label: 1 link of type 'LIKES', which the schema does not have" in out
    assert (
        "  constraint: CHECK constraint failed in doc_states (1 row); fix by hand"
        in out.splitlines()
    )
    assert "none of these can be repaired automatically" in out
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT count(*) FROM spans WHERE label = 'RUMOUR'").fetchone() == (2,)
    conn.close()
    assert not (project.parent / "news.backups").exists()  # nothing to repair, no copy


def test_a_damaged_file_is_reported_with_the_backups_to_restore(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = backup_project(project)
    assert made is not None
    damage.corrupt_page(project)
    code, out = _check(project, capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == "integrity_check: the file itself is damaged:"
    assert any(str(made) in line and "3 documents, 5 spans" in line for line in lines)
    assert "Restore from backup" in out
    assert '".recover"' in out


def test_files_that_are_not_projects_are_errors_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.annotator"
    text.write_text("hello\n" * 50, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for path in (text, other, tmp_path / "missing.annotator"):
        assert main(["check", "--db", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("annotator: error: ")
        assert err.count("\n") == 1
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.annotator", "other.sqlite"]


#: Analyses of the 12-code-point text "Hello world." that must each be caught.
HOSTILE_ANALYSES = [
    ("not json", "[0]", None),
    ('{"a": 1}', "[0]", None),
    ("[0, 5, 6]", "[0]", None),
    ("[0, 5, 6, 13]", "[0]", None),
    ("[-1, 5]", "[0]", None),
    ("[0, 5, 3, 11]", "[0]", None),
    ("[5, 5]", "[0]", None),
    ("[0, 5.5]", "[0]", None),
    ("[0, true]", "[0]", None),
    ('[0, "5"]', "[0]", None),
    ("[0, 5, 6, 12]", "[2]", None),
    ("[0, 5, 6, 12]", "[0, -1]", None),
    ("[0, 5, 6, 12]", '"0"', None),
    ("[0, 5, 6, 12]", "[0]", json.dumps({"tag": ["NN"], "head": [0, 0]})),
    ("[0, 5, 6, 12]", "[0]", json.dumps({"tag": ["NN", "NN"], "head": [0, 2]})),
    ("[0, 5, 6, 12]", "[0]", "[1, 2]"),
    (b"\x80\x81", "[0]", None),
    (None, "[0]", None),
]


@pytest.mark.parametrize(("tokens", "starts", "syntax"), HOSTILE_ANALYSES)
def test_analyses_that_do_not_fit_are_caught(tokens: object, starts: str, syntax: object) -> None:
    assert analysis_fault(tokens, starts, syntax, 12) is not None


def test_an_analysis_that_fits_passes() -> None:
    syntax = json.dumps({"tag": ["UH", "NN"], "head": [1, 1], "dep": ["intj", "ROOT"]})
    assert analysis_fault("[0, 5, 6, 12]", "[0]", syntax, 12) is None
    assert analysis_fault("[]", "[]", None, 0) is None


def test_annotations_kept_by_a_schema_change_are_a_note_not_a_problem(
    project: Path, schema: LabelSchema, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.project_files import without

    smaller = tmp_path / "smaller.toml"
    smaller.write_text(without(schema.source, "labels", "GPE"), encoding="utf-8")
    assert main(["schema", "--db", str(project), "--set", str(smaller), "--keep-orphans"]) == 0
    capsys.readouterr()
    code, out = _check(project, capsys)
    assert code == 0, out
    assert "annotations labelled 'GPE' were kept when the schema dropped the label" in out
    assert "no problems found" in out


def test_a_project_on_a_full_disk_is_not_called_damaged(
    tmp_path: Path, schema: LabelSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk makes SQLite fail to read (no room for the -shm file): `check` says so,
    and that space must be freed, not that a backup must be restored over a sound file."""
    with small_disk(tmp_path / "disk") as disk:
        project = annotated_project(disk / "news.annotator", schema)
        filler = fill(disk)
        code = main(["check", "--db", str(project)])
        out, err = capsys.readouterr()
        assert code == EXIT_ERROR
        assert "the disk is full: free some space and try again" in err
        assert "damaged" not in out + err
        assert "backup" not in out + err
        filler.unlink()  # space freed: the same file passes every check
        assert _check(project, capsys) == (
            0,
            f"{project}\nintegrity_check: ok\nforeign_key_check: ok\nno problems found\n",
        )
