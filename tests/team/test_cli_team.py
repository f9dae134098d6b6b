"""The team's command lines, exactly as the guide gives them, against a real server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import paths
from annotator.cli import main
from benchmarks.pg_cluster import Cluster
from tests.team.work import ARTICLE, annotate


def _articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"article-{n}.txt").write_text(
            f"Headline {n}\n\n{ARTICLE.format(n=n)}\n",
            encoding="utf-8",
        )
    return folder


def test_a_team_from_the_command_line(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = paths.default_schema_path()
    assert main(["team", "create", hub_url, "--schema", str(schema), "--overlap", "2"]) == 0
    assert main(["team", "import", hub_url, str(_articles(tmp_path / "in", 6))]) == 0
    assert "6 new documents" in capsys.readouterr().out
    alice, bob = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    assert main(["team", "join", hub_url, "--db", str(alice), "--annotator", "alice"]) == 0
    assert main(["team", "join", hub_url, "--db", str(bob), "--annotator", "bob"]) == 0
    annotate(alice)
    capsys.readouterr()
    assert main(["sync", "--db", str(alice)]) == 0
    assert "sent 6 documents" in capsys.readouterr().out
    assert main(["team", "status", hub_url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    done = {p["name"]: p["done"] for p in status["annotators"]}
    assert status["documents"] == 6
    assert status["overlap"] == 2
    assert done == {"alice": 6, "bob": 0}
    review = tmp_path / "review.annotator"
    assert main(["merge", "--db", str(review), hub_url]) == 0
    assert "6 annotators' layers received" in capsys.readouterr().out
    assert main(["agreement", "--db", str(review)]) == 0


def test_importing_the_same_files_twice_adds_nothing_and_refusals_exit_1(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["team", "create", hub_url]) == 0
    folder = _articles(tmp_path / "in", 3)
    assert main(["team", "import", hub_url, str(folder)]) == 0
    (folder / "broken.jsonl").write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    assert main(["team", "import", hub_url, str(folder)]) == 1
    captured = capsys.readouterr()
    assert "1 new documents (3 were there already)" in captured.out
    assert "broken.jsonl" in captured.err
    assert ":2" in captured.err


def test_a_hub_that_is_not_there_is_one_line_not_a_wait(
    pg: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://annotator@127.0.0.1:{pg.port + 1}/nowhere"
    code = main(["team", "join", url, "--db", str(tmp_path / "me.annotator"), "--annotator", "me"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: postgresql://annotator@127.0.0.1:")
    assert not (tmp_path / "me.annotator").exists()
    assert main(["team", "create", "mysql://x/y"]) == 2
    assert "postgresql://" in capsys.readouterr().err
