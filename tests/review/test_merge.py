"""Merging annotators' projects into a review project."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.cli import main
from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.review.merge import MergeError, merge_projects
from annotator.store.annotators import ensure_annotator
from annotator.store.db import connect, initialise, project_uid
from annotator.store.editing import DocumentEditor
from annotator.store.listing import doc_ids
from tests.conftest import SAMPLE_DOCS


def _project(path: Path, schema: LabelSchema, blank: Pipeline, docs: list[Path], who: str) -> Path:
    """A project of ``docs`` in which ``who`` labelled the first word of each and linked."""
    db = connect(path)
    initialise(db, schema)
    import_files(db, docs, pipeline=blank)
    person = ensure_annotator(db, who)
    for doc_id in doc_ids(db):
        editor = DocumentEditor(db, schema, person, doc_id)
        first, second = editor.tokens.tokens[0], editor.tokens.tokens[2]
        quote = editor.create(first.start, first.end, "QUOTE")
        source = editor.create(second.start, second.end, "SOURCE")
        assert quote
        assert source
        assert quote.id
        assert source.id
        editor.link(quote.id, source.id, "ATTRIBUTED_TO")
        editor.set_field("note", f"{who} was here")
        editor.set_status(Status.DONE)
    db.conn.close()
    return path


def _layers(db: Database) -> list[tuple[str, str, int, int, int]]:
    """(annotator, document hash, spans, relations, fields) for every layer, sorted."""
    count = "(SELECT count(*) FROM {} x WHERE x.doc_id = s.doc_id AND x.annotator_id = a.id)"
    rows = db.execute(
        f"SELECT a.name || '@' || a.project_uid, d.hash, {count.format('spans')}, "
        f"{count.format('relations')}, {count.format('doc_fields')} "
        "FROM doc_states s JOIN annotators a ON a.id = s.annotator_id "
        "JOIN documents d ON d.id = s.doc_id"
    )
    return sorted(rows.fetchall())


@pytest.fixture
def two(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> tuple[Path, Path]:
    alice = _project(tmp_path / "alice.annotator", schema, blank, SAMPLE_DOCS[:5], "alice")
    bob = _project(tmp_path / "bob.annotator", schema, blank, SAMPLE_DOCS[3:], "bob")
    return alice, bob


def test_merge_matches_documents_by_text_and_lists_partial_ones(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    review = connect(tmp_path / "review.annotator")
    report = merge_projects(review, list(two))
    assert len(doc_ids(review)) == len(SAMPLE_DOCS)  # 5 + 5 with 2 shared
    assert report.documents_added == len(SAMPLE_DOCS)
    assert report.layers == 10
    assert report.annotators == ["alice", "bob"]
    assert len(report.partial()) == len(SAMPLE_DOCS) - 2
    layers = _layers(review)
    assert all((spans, links, fields) == (2, 1, 1) for _, _, spans, links, fields in layers)
    shared = [h for h in {x[1] for x in layers} if sum(1 for y in layers if y[1] == h) == 2]
    assert len(shared) == 2
    assert review.execute("SELECT count(*) FROM analyses").fetchone()[0] == len(SAMPLE_DOCS)


def test_merging_again_changes_nothing(two: tuple[Path, Path], tmp_path: Path) -> None:
    review = connect(tmp_path / "review.annotator")
    merge_projects(review, list(two))
    before = (_layers(review), doc_ids(review))
    merge_projects(review, list(two))
    merge_projects(review, [two[0]])
    assert (_layers(review), doc_ids(review)) == before


def test_two_people_with_the_same_name_stay_apart(
    tmp_path: Path, schema: LabelSchema, blank: Pipeline
) -> None:
    first = _project(tmp_path / "a.annotator", schema, blank, SAMPLE_DOCS[:2], "alice")
    second = _project(tmp_path / "b.annotator", schema, blank, SAMPLE_DOCS[:2], "alice")
    uids = {project_uid(connect(first)), project_uid(connect(second))}
    assert len(uids) == 2
    review = connect(tmp_path / "review.annotator")
    merge_projects(review, [first, second])
    people = review.execute(
        "SELECT name, project_uid FROM annotators WHERE kind = 'human' ORDER BY project_uid"
    ).fetchall()
    assert [p[0] for p in people] == ["alice", "alice"]
    assert {p[1] for p in people} == uids
    assert len(_layers(review)) == 4


def test_a_project_with_another_schema_is_refused(
    two: tuple[Path, Path], tmp_path: Path, blank: Pipeline, schema: LabelSchema
) -> None:
    cue = next(label.colour for label in schema.labels if label.name == "CUE")
    other = parse_schema(schema.source.replace(f'colour = "{cue}"', 'colour = "#ffe3a4"'))
    odd = connect(tmp_path / "odd.annotator")
    initialise(odd, other)
    odd.conn.close()
    review = connect(tmp_path / "review.annotator")
    merge_projects(review, [two[0]])
    before = _layers(review)
    with pytest.raises(MergeError, match=r"odd\.annotator uses another label schema"):
        merge_projects(review, [tmp_path / "odd.annotator"])
    assert _layers(review) == before


def test_merge_command(
    two: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = tmp_path / "review.annotator"
    assert main(["merge", "--db", str(review), *map(str, two)]) == 0
    out = capsys.readouterr().out
    assert "2 projects merged: 8 new documents, 10 annotator layers, annotators alice, bob" in out
    assert out.count("  only in ") == len(SAMPLE_DOCS) - 2
    assert main(["merge", "--db", str(review), str(tmp_path / "nowhere.annotator")]) == 2
    assert "no such project" in capsys.readouterr().err
