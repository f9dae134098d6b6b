"""The `annotator` command: import, stats, new, help, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import EXIT_BROKEN_PIPE, main
from tests.conftest import SAMPLE_DOCS
from tests.formats.iob2_check import check_conll


def test_import_then_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.annotator"
    assert main(["import", "--db", str(db), *map(str, SAMPLE_DOCS[:2])]) == 0
    out = capsys.readouterr().out
    assert "2 imported" in out
    assert "core_web_sm" in out
    assert main(["stats", "--db", str(db), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 2
    assert sum(row["count"] for row in stats["spans"] if row["kind"] == "model") > 20
    assert main(["stats", "--db", str(db)]) == 0
    assert "documents: 2" in capsys.readouterr().out


def test_import_reports_rejections_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "A fine article."}\nnot json\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(
        ["import", "--no-nlp", "--db", str(tmp_path / "p.annotator"), str(good), str(empty)]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "1 imported" in captured.out
    assert "2 rejected" in captured.out
    assert f"rejected: {good}:2:" in captured.err
    assert f"rejected: {empty}: " in captured.err


def test_errors_are_one_line_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_project = tmp_path / "notes.annotator"
    not_a_project.write_text("hello\n" * 100, encoding="utf-8")
    assert main(["stats", "--db", str(not_a_project)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert main(["import", "--db", str(tmp_path / "x.annotator"), "missing.txt"]) == 2
    assert "no such file or folder: missing.txt" in capsys.readouterr().err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no such project"):
        main(["stats", "--debug", "--db", str(tmp_path / "absent.annotator")])


def test_new_creates_a_project_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "n.annotator"
    assert main(["new", "--db", str(db)]) == 0
    assert "news schema" in capsys.readouterr().out
    assert main(["new", "--db", str(db)]) == 2


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["gui"],
        ["import"],
        ["stats"],
        ["new"],
        ["suggest"],
        ["export"],
        ["merge"],
        ["agreement"],
    ],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: annotator" in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("annotator ")


def test_suggest_writes_one_record_per_document_and_stores_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.annotator"
    assert main(["import", "--no-nlp", "--db", str(db), *map(str, SAMPLE_DOCS[:2])]) == 0
    out = tmp_path / "suggestions.jsonl"
    assert main(["suggest", "--db", str(db), "--out", str(out)]) == 0
    assert "suggestions for 2 documents" in capsys.readouterr().out
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    for record in records:
        text = record["text"]
        labels = {span["label"] for span in record["spans"]}
        assert {"QUOTE", "SOURCE", "CUE"} <= labels
        for span in record["spans"]:
            token_start = record["tokens"][span["token_start"]]
            token_end = record["tokens"][span["token_end"]]
            assert (token_start["start"], token_end["end"]) == (span["start"], span["end"])
            assert text[span["start"] : span["end"]].strip() == text[span["start"] : span["end"]]
        for relation in record["relations"]:
            assert relation["label"] in {"ATTRIBUTED_TO", "HAS_CUE", "SUBSET_OF"}
            assert record["tokens"][relation["head"]]["start"] == relation["head_span"]["start"]
    assert main(["stats", "--db", str(db), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    kinds = {row["kind"] for row in stats["spans"]}
    assert "suggester" in kinds


def test_new_with_a_broken_schema_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = tmp_path / "mine.toml"
    schema.write_text(
        '[[layers]]\nname = "ner"\n\n[[labels]]\nname = "PERSON"\nlayer = "ner"\n'
        'colour = "#ffc48a"\nkey = "1"\n\n[[labels]]\nname = "ORG"\nlayer = "ner"\n'
        'colour = "#9ecbf0"\nkey = "1"\n',
        encoding="utf-8",
    )
    db = tmp_path / "n.annotator"
    assert main(["new", "--db", str(db), "--schema", str(schema)]) == 2
    err = capsys.readouterr().err
    assert "mine.toml: line 14: label ORG: key '1' is taken by label PERSON" in err
    assert not db.exists()  # never half-configured
    schema.write_text(schema.read_text(encoding="utf-8").replace('key = "1"\n', "", 1))
    assert main(["new", "--db", str(db), "--schema", str(schema)]) == 0
    assert main(["stats", "--db", str(db)]) == 0


def test_export_every_format_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotated = tmp_path / "in.jsonl"
    text = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar."
    start = text.index("at least")
    annotated.write_text(
        json.dumps(
            {
                "text": text,
                "answer": "accept",
                "_annotator_id": "alice",
                "spans": [
                    {"start": 0, "end": 17, "label": "PERSON"},
                    {
                        "start": start,
                        "end": start + 22,
                        "label": "CASUALTY",
                        "attrs": {"outcome": "killed", "min": 145, "best": 145},
                    },
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "p.annotator"
    assert main(["import", "--db", str(db), str(annotated)]) == 0
    for fmt in ("jsonl", "conll", "conllu", "spacy"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
        if fmt == "conll":
            check_conll(out.read_text(encoding="utf-8"))
    assert "exported alice's annotations: 1 in" in capsys.readouterr().out
    ner = tmp_path / "ner.conll"
    assert (
        main(["export", "--db", str(db), "--format", "conll", "--layers", "ner", "--out", str(ner)])
        == 0
    )
    check_conll(ner.read_text(encoding="utf-8"))
    lines = [line.split() for line in ner.read_text(encoding="utf-8").splitlines() if line]
    assert lines[0] == ["-DOCSTART-", "-X-", "-X-", "O"]
    assert all(len(line) == 4 for line in lines)
    assert [line[3] for line in lines[1:4]] == ["B-PERSON", "I-PERSON", "I-PERSON"]
    assert (
        main(
            [
                "export",
                "--db",
                str(db),
                "--format",
                "conll",
                "--layers",
                "ner,bogus",
                "--out",
                str(ner),
            ]
        )
        == 2
    )
    assert "unknown layer bogus" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["schema"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(
    command: list[str], tmp_path: Path
) -> None:
    """`annotator stats ... | head`: no "error: [Errno 32] Broken pipe" (issue 12)."""
    db = tmp_path / "p.annotator"
    assert main(["new", "--db", str(db)]) == 0
    argv = [*command, "--db", str(db)]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes a byte
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == EXIT_BROKEN_PIPE == 141


@pytest.mark.slow
def test_stats_piped_into_head_is_quiet(tmp_path: Path) -> None:
    """The same through a shell, with a reader that quits after one line, as users do.

    The table has thousands of rows, far more than a pipe holds, so `stats` is still
    writing when head has gone.
    """
    labels = [f"L{i}" for i in range(3000)]
    toml = '[schema]\nname = "many"\n\n[[layers]]\nname = "ner"\n' + "".join(
        f'\n[[labels]]\nname = "{label}"\nlayer = "ner"\ncolour = "#ffc48a"\n' for label in labels
    )
    (tmp_path / "many.toml").write_text(toml, encoding="utf-8")
    db = tmp_path / "p.annotator"
    assert main(["new", "--db", str(db), "--schema", str(tmp_path / "many.toml")]) == 0
    text = " ".join(label.lower() for label in labels)
    spans, at = [], 0
    for label in labels:
        spans.append({"start": at, "end": at + len(label), "label": label})
        at += len(label) + 1
    record = {"text": text, "_annotator_id": "alice", "spans": spans}
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["import", "--no-nlp", "--db", str(db), str(tmp_path / "in.jsonl")]) == 0
    command = f"'{sys.executable}' -m annotator stats --db '{db}' | head -n 1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.stdout == "documents: 1\n"
    assert result.stderr == ""
    assert result.returncode == EXIT_BROKEN_PIPE


def test_export_without_tokens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--no-tokens leaves the tokens out of the JSONL (issue 12), and it imports again."""
    text = "Gen. Ahmed Zubaïr said at least 145 militants were killed in Kandar."
    source = tmp_path / "in.jsonl"
    record = {
        "text": text,
        "answer": "accept",
        "_annotator_id": "alice",
        "spans": [{"start": 0, "end": 17, "label": "PERSON"}],
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "p.annotator"
    assert main(["import", "--no-nlp", "--db", str(db), str(source)]) == 0
    full, bare = tmp_path / "full.jsonl", tmp_path / "bare.jsonl"
    export = ["export", "--db", str(db), "--format", "jsonl"]
    assert main([*export, "--out", str(full)]) == 0
    assert main([*export, "--no-tokens", "--out", str(bare)]) == 0
    [with_tokens] = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
    [without] = [json.loads(line) for line in bare.read_text(encoding="utf-8").splitlines()]
    assert "tokens" in with_tokens
    assert "tokens" not in without
    assert without == {key: value for key, value in with_tokens.items() if key != "tokens"}
    assert without["spans"][0]["token_end"] == 2  # spans still say which tokens
    assert bare.stat().st_size < full.stat().st_size / 2
    again = tmp_path / "again.annotator"
    assert main(["import", "--no-nlp", "--db", str(again), str(bare)]) == 0
    back = tmp_path / "back.jsonl"
    assert main(["export", "--db", str(again), "--format", "jsonl", "--out", str(back)]) == 0
    assert back.read_bytes() == full.read_bytes()
    capsys.readouterr()
    conll = ["export", "--db", str(db), "--format", "conll", "--no-tokens"]
    assert main([*conll, "--out", str(tmp_path / "x.conll")]) == 2
    assert "--no-tokens is for --format jsonl" in capsys.readouterr().err
