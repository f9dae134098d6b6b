"""A figure marked in a headline is exported like any other, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.cli import main
from annotator.core.model import Span, Status
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import add_span, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import open_project
from annotator.store.documents import get_document


@pytest.fixture
def project(tmp_path: Path, blank: Pipeline, schema: object) -> Path:
    article = tmp_path / "blast.txt"
    article.write_text(
        "Blast at market kills at least 12\n\nA bomb exploded at a market on Friday.\n",
        encoding="utf-8",
    )
    path = tmp_path / "p.annotator"
    db: Database = open_project(path, new_schema=schema)  # type: ignore[arg-type]
    import_files(db, [article], pipeline=blank)
    who = ensure_annotator(db, "alice")
    text = get_document(db, 1).text
    at = text.index("at least 12")
    add_span(
        db,
        1,
        who,
        Span(at, at + 11, "CASUALTY", "casualty", attrs={"outcome": "killed", "min": 12}),
    )
    set_status(db, 1, who, Status.DONE)
    db.conn.close()
    return path


def test_the_headline_figure_is_in_the_jsonl_export(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(project), "--format", "jsonl", "--out", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert record["text"].startswith("Blast at market kills at least 12\n\n")
    [span] = [s for s in record["spans"] if s["label"] == "CASUALTY"]
    assert record["text"][span["start"] : span["end"]] == "at least 12"


def test_the_headline_figure_is_in_the_conll_export(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    assert main(["export", "--db", str(project), "--format", "conll", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    tagged = [line.split()[0] for line in lines if "CASUALTY" in line]
    assert tagged == ["at", "least", "12"]
    words = [line.split()[0] for line in lines if line.strip() and "DOCSTART" not in line]
    assert words[:7] == ["Blast", "at", "market", "kills", "at", "least", "12"]
