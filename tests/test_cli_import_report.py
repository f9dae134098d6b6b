"""What `annotator import` tells the user: invalid bytes, default annotator, analysis (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.nlp.loading import Pipeline
from annotator.store.annotators import annotator_names
from annotator.store.db import open_project
from annotator.store.documents import docs_without_analysis, get_document
from annotator.store.listing import doc_ids
from tests.conftest import SAMPLE_DOCS

GOOD_TEXT = "Kandar — the minister said “we will stay”"


def test_a_stray_byte_is_rejected_with_its_place_and_the_rest_imports_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mixed.jsonl"
    data = (
        json.dumps({"text": GOOD_TEXT}, ensure_ascii=False).encode("utf-8")
        + b'\n{"text": "Caf\xe9 owners agreed."}\n'
    )
    source.write_bytes(data)
    project = tmp_path / "p.annotator"
    code = main(["import", "--no-nlp", "--db", str(project), str(source)])
    captured = capsys.readouterr()
    assert code == 1
    offset = data.index(b"\xe9")
    assert f"rejected: {source}:2: invalid UTF-8 byte 0xE9 at byte {offset}" in captured.err
    assert "1 imported, 1 rejected" in captured.out
    db = open_project(project)
    assert [get_document(db, i).text for i in doc_ids(db)] == [GOOD_TEXT]


def test_spans_without_annotator_id_are_said_to_go_to_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "spans.jsonl"
    records = [
        {"text": "Alice spoke to Bob.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]},
        {"text": "Bob left.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]},
    ]
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert main(["import", "--no-nlp", "--db", str(project), str(source)]) == 0
    out = capsys.readouterr().out
    assert "2 spans from 2 records without _annotator_id were saved as annotator 'imported'" in out
    assert "imported" in annotator_names(open_project(project)).values()


@pytest.mark.slow
def test_import_with_nlp_analyses_documents_left_unanalysed_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Pipeline
) -> None:
    project = tmp_path / "p.annotator"
    files = [str(f) for f in SAMPLE_DOCS[:2]]
    # Documents stored, none analysed: what --no-nlp leaves, and an import killed while
    # the model was analysing (documents are committed before the analysis begins).
    assert main(["import", "--no-nlp", "--db", str(project), *files]) == 0
    capsys.readouterr()
    assert main(["import", "--db", str(project), *files]) == 0
    out = capsys.readouterr().out
    assert (
        f"0 imported, 2 already in the project; 2 analysed with {model.name} "
        "(2 of them left unanalysed earlier)"
    ) in out
    assert docs_without_analysis(open_project(project), model=True) == []
