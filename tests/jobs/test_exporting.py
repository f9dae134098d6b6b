"""Exporting: choosing the layer, splitting, writing atomically, and the JSONL round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.core.control import Cancelled, Control
from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.jobs.exporting import ExportRequest, SplitError, export, parse_split, part_of
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.annotators import ensure_annotator
from annotator.store.db import connect, initialise
from annotator.store.editing import DocumentEditor
from annotator.store.export import ExportError
from annotator.store.listing import doc_ids
from tests.conftest import SAMPLE_DOCS


def _annotate(db: Database, schema: LabelSchema, name: str, count: int) -> list[int]:
    """``name`` accepts every suggestion in the first ``count`` documents, adds fields."""
    who = ensure_annotator(db, name)
    ids = doc_ids(db)[:count]
    for doc_id in ids:
        editor = DocumentEditor(db, schema, who, doc_id)
        for suggestion in list(editor.suggestions.values()):
            if suggestion.id in editor.suggestions:
                editor.accept(suggestion.id)
        editor.set_field("stance", [{"target": "the ceasefire", "value": "favor"}])
        editor.set_field("note", "checked twice")
        editor.set_status(Status.DONE)
    return ids


@pytest.fixture(scope="module")
def annotated(
    tmp_path_factory: pytest.TempPathFactory, model: Pipeline, schema: LabelSchema
) -> Path:
    """A project of the sample articles, three of them done by alice."""
    path = tmp_path_factory.mktemp("export") / "p.annotator"
    db = connect(path)
    initialise(db, schema)
    import_files(db, SAMPLE_DOCS, pipeline=model)
    _annotate(db, schema, "alice", 3)
    db.conn.close()
    return path


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_the_prodigy_fields_and_only_done_documents(
    annotated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "alice.jsonl"
    result = export(connect(annotated), ExportRequest("jsonl", out))
    records = _lines(out)
    assert len(records) == 3 == result.documents[""]
    first = records[0]
    for key in (
        "text",
        "meta",
        "tokens",
        "spans",
        "relations",
        "_input_hash",
        "_task_hash",
        "answer",
        "_annotator_id",
        "status",
        "fields",
    ):
        assert key in first
    assert first["answer"] == "accept"
    assert first["_annotator_id"] == "alice"
    assert first["fields"] == {
        "stance": [{"target": "the ceasefire", "value": "favor"}],
        "note": "checked twice",
    }
    spans = first["spans"]
    assert isinstance(spans, list)
    text = first["text"]
    assert isinstance(text, str)
    tokens = first["tokens"]
    assert isinstance(tokens, list)
    for span in spans:
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
        assert span["layer"] in {"ner", "attribution", "claim", "casualty"}
    assert {s["label"] for s in spans} >= {"QUOTE", "SOURCE", "CASUALTY", "PERSON"}
    assert first["relations"]


def test_jsonl_round_trip_gives_the_same_records(
    annotated: Path, tmp_path: Path, schema: LabelSchema, blank: Pipeline
) -> None:
    first = tmp_path / "first.jsonl"
    export(connect(annotated), ExportRequest("jsonl", first))
    again_db = connect(tmp_path / "again.annotator")
    initialise(again_db, schema)
    report = import_files(again_db, [first], pipeline=blank)
    assert report.rejections == []
    second = tmp_path / "second.jsonl"
    export(again_db, ExportRequest("jsonl", second))
    assert _lines(second) == _lines(first)


def test_layers_restrict_the_spans(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "casualty.jsonl"
    export(connect(annotated), ExportRequest("jsonl", out, layers=("casualty",)))
    for record in _lines(out):
        spans = record["spans"]
        assert isinstance(spans, list)
        assert {s["layer"] for s in spans} <= {"casualty"}


def test_split_is_deterministic_by_document(annotated: Path, tmp_path: Path) -> None:
    split = parse_split("train=0.5,dev=0.25,test=0.25")
    db = connect(annotated)
    a = export(db, ExportRequest("jsonl", tmp_path / "a", status="all", split=split, seed=3))
    b = export(db, ExportRequest("jsonl", tmp_path / "b", status="all", split=split, seed=3))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "dev.jsonl",
        "test.jsonl",
        "train.jsonl",
    ]
    assert a.documents == b.documents
    assert sum(a.documents.values()) == len(SAMPLE_DOCS)
    for part in ("train", "dev", "test"):
        assert (tmp_path / "a" / f"{part}.jsonl").read_bytes() == (
            tmp_path / "b" / f"{part}.jsonl"
        ).read_bytes()
    # The part of a document depends only on its text and the seed.
    assert part_of("abc", 3, split) == part_of("abc", 3, split)
    parts = {part_of(f"doc{i}", 3, split) for i in range(50)}
    assert parts == {"train", "dev", "test"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("train=0.8,dev=0.1", "add up to 0.9"),
        ("train=x", "not NAME=SHARE"),
        ("train=0.5,train=0.5", "new name"),
    ],
)
def test_bad_splits_say_why(text: str, message: str) -> None:
    with pytest.raises(SplitError, match=message):
        parse_split(text)


def test_a_cancelled_export_leaves_no_file(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "folder"
    control = Control(cancelled=lambda: True)
    with pytest.raises(Cancelled):
        export(
            connect(annotated),
            ExportRequest("jsonl", out, status="all", split={"train": 1.0}),
            control,
        )
    assert list(out.iterdir()) == []


def test_which_annotator_must_be_said_when_there_are_several(
    annotated: Path, tmp_path: Path, schema: LabelSchema
) -> None:
    path = tmp_path / "two.annotator"
    path.write_bytes(annotated.read_bytes())
    db = connect(path)
    ensure_annotator(db, "bob")
    with pytest.raises(ExportError, match="choose an annotator with --annotator \\(alice, bob\\)"):
        export(db, ExportRequest("jsonl", tmp_path / "x.jsonl"))
    with pytest.raises(ExportError, match="no gold layer yet"):
        export(db, ExportRequest("jsonl", tmp_path / "x.jsonl", gold=True))
    result = export(db, ExportRequest("jsonl", tmp_path / "bob.jsonl", annotator="bob"))
    # bob finished nothing: no file at all (issue 12: it used to be an empty one).
    assert not (tmp_path / "bob.jsonl").exists()
    assert result.summary() == (
        f"nothing exported: 0 documents are done (by bob, of {len(SAMPLE_DOCS)} in the project)"
    )


TEXT = "Gen. Ahmed Zubaïr said 🙏 that at least 145 militants were killed in Kandar today."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 15),
            st.integers(1, 4),
            st.sampled_from(["PERSON", "QUOTE", "CASUALTY", "CLAIM", "GPE"]),
        ),
        max_size=8,
    )
)
def test_any_valid_spans_survive_the_jsonl_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    schema: LabelSchema,
    blank: Pipeline,
    picks: list[tuple[int, int, str]],
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    db = connect(":memory:")
    initialise(db, schema)
    source = folder / "in.jsonl"
    source.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    import_files(db, [source], pipeline=blank)
    who = ensure_annotator(db, "alice")
    editor = DocumentEditor(db, schema, who, doc_ids(db)[0])
    tokens = editor.tokens.tokens
    for first, width, label in picks:
        last = min(first + width, len(tokens)) - 1
        editor.create(tokens[first].start, tokens[last].end, label)
    editor.set_status(Status.DONE)
    out = folder / "out.jsonl"
    export(db, ExportRequest("jsonl", out))
    again = connect(":memory:")
    initialise(again, schema)
    import_files(again, [out], pipeline=blank)
    back = folder / "back.jsonl"
    export(again, ExportRequest("jsonl", back))
    assert _lines(back) == _lines(out)
    (record,) = _lines(out)
    spans = record["spans"]
    assert isinstance(spans, list)
    assert sorted((s["start"], s["end"], s["label"]) for s in spans) == sorted(
        (s.start, s.end, s.label) for s in editor.spans.values()
    )
