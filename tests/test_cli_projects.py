"""The command line on damaged, read-only and old projects, and `annotator schema`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.store.db import open_project, project_schema
from annotator.store.migrations import SCHEMA_VERSION
from tests.core.test_suggesters import without_quote
from tests.project_files import Snapshot, project_at_version, read_only, without


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own: what a user sees on the terminal."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _schema_of(path: Path) -> LabelSchema:
    db = open_project(path)
    try:
        return project_schema(db)
    finally:
        db.conn.close()


@pytest.mark.parametrize("content", [b"", b"not a project at all\n"], ids=["empty", "text"])
def test_a_file_that_is_not_a_project_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "p.annotator"
    path.write_bytes(content)
    before = Snapshot.of(path)
    assert main(["stats", "--db", str(path)]) == 2
    assert main(["import", "--no-nlp", "--db", str(path), str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert all(line.startswith("annotator: error:") and str(path) in line for line in err)
    assert Snapshot.of(path) == before


def test_stats_and_export_read_a_read_only_project_and_import_is_refused(
    tmp_path: Path, schema: LabelSchema
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = project_at_version(folder / "p.annotator", SCHEMA_VERSION, schema)
    text = tmp_path / "new.txt"
    text.write_text("Title\n\nA new article.\n", encoding="utf-8")
    out = tmp_path / "out.conll"
    before = Snapshot.of(path)
    with read_only(path):
        stats = _run("stats", "--db", str(path))
        export = _run("export", "--db", str(path), "--format", "conll", "--out", str(out))
        imported = _run("import", "--no-nlp", "--db", str(path), str(text))
    assert stats.returncode == 0, stats.stderr
    assert "documents: 1" in stats.stdout
    assert "open read-only, because the file cannot be written" in stats.stderr
    assert export.returncode == 0, export.stderr
    assert "B-PERSON" in out.read_text(encoding="utf-8")
    assert imported.returncode == 2
    assert "cannot be changed, because the file cannot be written" in imported.stderr
    assert "Traceback" not in imported.stderr
    assert Snapshot.of(path) == before


def test_a_command_on_an_old_project_says_where_the_backup_is(
    tmp_path: Path, schema: LabelSchema
) -> None:
    path = project_at_version(tmp_path / "old.annotator", 1, schema)
    result = _run("stats", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert f"upgraded from version 1 to {SCHEMA_VERSION}" in result.stderr
    assert str(tmp_path / "old.annotator.v1.bak") in result.stderr


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    return project_at_version(tmp_path / "p.annotator", SCHEMA_VERSION, schema)


def test_schema_prints_the_projects_schema(
    project: Path, schema: LabelSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--db", str(project)]) == 0
    assert parse_schema(capsys.readouterr().out) == schema


def test_schema_set_refuses_orphans_then_keeps_them_when_asked(
    project: Path, schema: LabelSchema, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new schema drops PERSON (alice has one) and renames QUOTE to STATEMENT."""
    new_toml = tmp_path / "new.toml"
    new_toml.write_text(
        without(schema.source, "labels", "PERSON").replace('"QUOTE"', '"STATEMENT"'),
        encoding="utf-8",
    )
    args = ["schema", "--db", str(project), "--set", str(new_toml), "--rename", "QUOTE=STATEMENT"]
    assert main([*args, "--dry-run"]) == 1
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "PERSON: alice 1 spans" in captured.out
    assert "QUOTE -> STATEMENT: alice 1 spans" in captured.out
    assert "annotator: refused:" in captured.err
    assert "--keep-orphans" in captured.err
    assert _schema_of(project) == schema  # refused: nothing changed

    assert main([*args, "--keep-orphans"]) == 0
    assert "now uses the news schema (change 1" in capsys.readouterr().out
    assert _schema_of(project).label("STATEMENT") is not None
    assert main(["stats", "--db", str(project)]) == 0
    stats = capsys.readouterr().out
    assert "PERSON" in stats  # kept
    assert "STATEMENT" in stats
    out = tmp_path / "alice.jsonl"
    assert main(["export", "--db", str(project), "--format", "jsonl", "--out", str(out)]) == 0
    assert "labelled PERSON, which the project's schema no longer has" in capsys.readouterr().err
    assert '"PERSON"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--rename", "QUOTE"], "write OLD=NEW"),
        (["--rename", "NOPE=PERSON"], "no label or link type NOPE"),
    ],
)
def test_schema_set_with_a_bad_rename_is_an_error(
    project: Path,
    schema: LabelSchema,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    new_toml = tmp_path / "same.toml"
    new_toml.write_text(schema.source, encoding="utf-8")
    assert main(["schema", "--db", str(project), "--set", str(new_toml), *extra]) == 2
    assert message in capsys.readouterr().err


QUOTE_GAP = (
    "warning: The quote suggester proposes QUOTE, SOURCE and CUE in the attribution layer; "
    "this schema has no QUOTE label, so none of its suggestions fit this schema.\n"
)


def test_new_with_a_schema_lacking_quote_warns_and_makes_the_project(
    tmp_path: Path, schema: LabelSchema
) -> None:
    toml = tmp_path / "no-quotes.toml"
    toml.write_text(without_quote(schema.source), encoding="utf-8")
    path = tmp_path / "p.annotator"
    result = _run("new", "--db", str(path), "--schema", str(toml))
    assert result.returncode == 0, result.stderr
    assert result.stderr == QUOTE_GAP
    assert f"created {path} with the news schema" in result.stdout
    assert _schema_of(path).label("QUOTE") is None
    assert _schema_of(path).label("CLAIM") is not None


def test_schema_set_warns_of_what_the_new_schema_cannot_hold(
    tmp_path: Path, schema: LabelSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator"
    assert main(["new", "--db", str(path)]) == 0
    assert capsys.readouterr().err == ""  # the default schema holds every suggestion
    toml = tmp_path / "no-quotes.toml"
    toml.write_text(without_quote(schema.source), encoding="utf-8")
    assert main(["schema", "--db", str(path), "--set", str(toml)]) == 0
    captured = capsys.readouterr()
    assert "now uses the news schema" in captured.out
    assert captured.err == QUOTE_GAP
