"""`annotator gui --smoke`: the check an installed copy or a bundle runs on itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.cli import main
from annotator.nlp import loading
from annotator.store.db import open_project
from annotator.store.documents import count_documents
from tests.conftest import SAMPLE_DOCS


def _smoke(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str], str]:
    code = main(["gui", "--db", str(project), "--annotator", "ana", "--smoke"])
    out, err = capsys.readouterr()
    return code, dict(line.split(": ", 1) for line in out.splitlines()), err


@pytest.mark.slow
def test_a_smoke_start_makes_the_project_shows_it_and_runs_the_model(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "first.annotator"
    code, lines, err = _smoke(project, capsys)
    assert code == 0, err
    assert lines["ready"].startswith(f"{len(SAMPLE_DOCS)} documents, window shown in ")
    first = open_project(project)
    title = first.execute("SELECT title FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    assert lines["ready"].endswith(f"first document: {title}")
    assert lines["model"].startswith("en_core_web_sm")
    analysed = first.execute("SELECT count(*) FROM analyses WHERE model LIKE 'en_core_web_sm%'")
    assert analysed.fetchone()[0] == len(SAMPLE_DOCS)
    assert count_documents(first) == len(SAMPLE_DOCS)
    first.conn.close()


@pytest.mark.slow
def test_a_smoke_start_fails_when_the_model_cannot_be_loaded(
    qapp: QApplication,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bundle that left the spaCy model out must not pass its check on the blank pipeline."""
    # The model loads in a child process: packages of the model's names placed first on
    # its path stand for a model that is missing or broken.
    hidden = tmp_path / "hidden"
    for name in loading.DEFAULT_MODELS:
        (hidden / name).mkdir(parents=True)
        (hidden / name / "__init__.py").write_text(
            "raise ImportError('left out of this installation by the test')\n", encoding="utf-8"
        )
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    code, lines, err = _smoke(tmp_path / "p.annotator", capsys)
    assert code == 2
    assert "ready" in lines  # the window itself came up
    assert "model" not in lines
    assert "annotator: smoke start failed:" in err


def test_the_smoke_option_is_hidden_from_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["gui", "--help"])
    shown = capsys.readouterr().out
    assert "--review" in shown
    assert "--smoke" not in shown


def test_a_damaged_project_fails_the_smoke_start_with_one_line(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.annotator"
    broken.write_bytes(b"\x00garbage" * 100)
    assert main(["gui", str(broken), "--smoke"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error:")
    assert "not an Annotator project" in err
    assert len(err.strip().splitlines()) == 1


def test_a_project_file_named_alone_opens_like_db_but_not_beside_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`annotator FILE` is how a desktop opens a double-clicked project (Exec=annotator %f)."""
    first, second = tmp_path / "a.annotator", tmp_path / "b.annotator"
    assert main([str(first), "--db", str(second), "--smoke"]) == 2
    assert "two projects named" in capsys.readouterr().err
    assert not first.exists()
    assert not second.exists()
