"""Changing a project's label schema: renames migrate, orphans are kept or deleted only as
asked, everything is reported and recorded, and exports of orphans still work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.jobs.exporting import ExportRequest, export
from annotator.review.units import UnitKind, unit_id
from annotator.store.annotators import ensure_annotator
from annotator.store.db import project_schema
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.editing import DocumentEditor
from annotator.store.schema_change import (
    Count,
    SchemaChangeError,
    apply_change,
    plan_change,
    schema_history,
)
from tests.project_files import without

TEXT = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def _spans(db: Database) -> list[tuple[str, str, str, int, int, str]]:
    rows = db.execute(
        "SELECT a.name, s.layer, s.label, s.char_start, s.char_end, s.attrs FROM spans s "
        "JOIN annotators a ON a.id = s.annotator_id ORDER BY s.id"
    )
    return [tuple(r) for r in rows]


def _links(db: Database) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT a.name, r.label FROM relations r JOIN annotators a ON a.id = r.annotator_id "
        "ORDER BY r.id"
    )
    return [tuple(r) for r in rows]


@pytest.fixture
def annotated(db: Database, schema: LabelSchema) -> Database:
    """alice and bob each mark a quote (stance: against), its source and its cue, linked."""
    with db.conn:
        (doc_id,) = insert_documents(db, [NewDocument("t", TEXT, {})])
    assert doc_id is not None
    for name in ("alice", "bob"):
        editor = DocumentEditor(db, schema, ensure_annotator(db, name), doc_id)
        quote = editor.create(*_at("“We will not retreat,”"), "QUOTE")
        source = editor.create(*_at("Gen. Ahmed Zubaïr"), "SOURCE")
        cue = editor.create(*_at("said"), "CUE")
        assert None not in (quote, source, cue)
        editor.set_attrs(quote.id, {**quote.attrs, "stance": "against"})
        editor.link(quote.id, source.id, "ATTRIBUTED_TO")
        editor.link(quote.id, cue.id, "HAS_CUE")
    return db


def test_a_renamed_label_takes_its_spans_with_their_attributes(
    annotated: Database, schema: LabelSchema
) -> None:
    new = parse_schema(schema.source.replace('"QUOTE"', '"STATEMENT"'))
    before = _spans(annotated)
    change = plan_change(annotated, new, {"QUOTE": "STATEMENT"})
    assert change.relabelled == [
        Count("QUOTE -> STATEMENT", 1, "alice"),
        Count("QUOTE -> STATEMENT", 1, "bob"),
    ]
    assert not change.has_orphans
    number = apply_change(annotated, change)
    after = _spans(annotated)
    renamed = [(*row[:2], "STATEMENT", *row[3:]) if row[2] == "QUOTE" else row for row in before]
    assert after == renamed  # same offsets, layer and attributes (stance: against)
    assert "ATTRIBUTED_TO" in {label for _, label in _links(annotated)}
    assert project_schema(annotated) == new
    [(recorded, _, report)] = schema_history(annotated)
    assert recorded == number
    assert report["renamed_labels"] == {"QUOTE": "STATEMENT"}


def test_a_label_renamed_into_another_layer_moves_there(
    annotated: Database, schema: LabelSchema
) -> None:
    """CUE becomes CLAIM: the spans move to the claim layer; HAS_CUE, which the new schema
    drops with CUE, is an orphan link type."""
    new = parse_schema(without(without(schema.source, "labels", "CUE"), "relations", "HAS_CUE"))
    change = plan_change(annotated, new, {"CUE": "CLAIM"})
    assert change.orphan_links == [Count("HAS_CUE", 1, "alice"), Count("HAS_CUE", 1, "bob")]
    apply_change(annotated, change, "keep")
    claims = [row for row in _spans(annotated) if row[2] == "CLAIM"]
    assert [(who, layer) for who, layer, *_ in claims] == [("alice", "claim"), ("bob", "claim")]
    assert [label for _, label in _links(annotated)].count("HAS_CUE") == 2  # kept untouched


def test_removing_a_label_is_refused_with_counts_and_changes_nothing(
    annotated: Database, schema: LabelSchema
) -> None:
    new = parse_schema(without(without(schema.source, "labels", "CUE"), "relations", "HAS_CUE"))
    spans, links = _spans(annotated), _links(annotated)
    change = plan_change(annotated, new, {})
    assert change.orphan_spans == [Count("CUE", 1, "alice"), Count("CUE", 1, "bob")]
    assert change.orphan_links == [Count("HAS_CUE", 1, "alice"), Count("HAS_CUE", 1, "bob")]
    text = "\n".join(change.lines())
    assert "CUE: alice 1, bob 1 spans" in text
    assert "HAS_CUE: alice 1, bob 1 links" in text
    with pytest.raises(SchemaChangeError, match="2 spans and 2 links") as error:
        apply_change(annotated, change)
    assert "--keep-orphans" in str(error.value)
    assert "--delete-orphans" in str(error.value)
    assert (_spans(annotated), _links(annotated)) == (spans, links)
    assert project_schema(annotated) == schema
    assert schema_history(annotated) == []


def test_orphans_are_kept_untouched_when_asked(annotated: Database, schema: LabelSchema) -> None:
    new = parse_schema(without(without(schema.source, "labels", "CUE"), "relations", "HAS_CUE"))
    spans, links = _spans(annotated), _links(annotated)
    apply_change(annotated, plan_change(annotated, new, {}), "keep")
    assert (_spans(annotated), _links(annotated)) == (spans, links)
    assert project_schema(annotated) == new
    [(_, _, report)] = schema_history(annotated)
    assert report["orphans"] == "keep"
    assert {(c["what"], c["who"], c["n"]) for c in report["orphan_spans"]} == {
        ("CUE", "alice", 1),
        ("CUE", "bob", 1),
    }


def test_orphans_are_deleted_only_when_asked(annotated: Database, schema: LabelSchema) -> None:
    new = parse_schema(without(without(schema.source, "labels", "CUE"), "relations", "HAS_CUE"))
    spans = _spans(annotated)
    change = plan_change(annotated, new, {})
    apply_change(annotated, change, "delete")
    assert _spans(annotated) == [row for row in spans if row[2] != "CUE"]
    assert sorted({label for _, label in _links(annotated)}) == ["ATTRIBUTED_TO"]
    assert "deleted" in "\n".join(change.lines())


def test_a_removed_attribute_is_kept_in_the_spans_and_reported(
    annotated: Database, schema: LabelSchema
) -> None:
    quote_block = schema.source.index('name = "QUOTE"')
    stance = schema.source.index('[[labels.attributes]]\nname = "stance"', quote_block)
    end = schema.source.index("[[labels.attributes]]", stance + 1)
    new = parse_schema(schema.source[:stance] + schema.source[end:])
    quote = new.label("QUOTE")
    assert quote is not None
    assert [a.name for a in quote.attributes] == ["type", "stance_target"]
    change = plan_change(annotated, new, {})
    assert change.hidden_attributes == [Count("QUOTE.stance", 2)]
    assert "QUOTE.stance: 2 values" in "\n".join(change.lines())
    apply_change(annotated, change)
    stances = [json.loads(row[5]).get("stance") for row in _spans(annotated) if row[2] == "QUOTE"]
    assert stances == ["against", "against"]


def test_values_and_links_the_new_schema_no_longer_allows_are_reported(
    annotated: Database, schema: LabelSchema
) -> None:
    new = parse_schema(
        schema.source.replace(
            'values = ["favor", "against", "neutral", "none"]\ndefault = "none"',
            'values = ["favor", "neutral", "none"]\ndefault = "none"',
        ).replace('heads = ["QUOTE", "CLAIM", "CASUALTY"]', 'heads = ["CLAIM", "CASUALTY"]')
    )
    change = plan_change(annotated, new, {})
    assert change.invalid_values == [Count("QUOTE.stance", 2)]
    assert change.disallowed_links == [Count("ATTRIBUTED_TO: QUOTE -> SOURCE", 2)]
    assert not change.has_orphans


@pytest.mark.parametrize(
    ("renames", "match"),
    [
        ({"NOPE": "PERSON"}, "no label or link type NOPE"),
        ({"QUOTE": "NOPE"}, "the new schema has no label NOPE"),
        ({"HAS_CUE": "NOPE"}, "the new schema has no link type NOPE"),
        ({"QUOTE": "QUOTE"}, "renames a label to itself"),
    ],
)
def test_a_rename_that_cannot_be_done_is_refused(
    annotated: Database, schema: LabelSchema, renames: dict[str, str], match: str
) -> None:
    with pytest.raises(SchemaChangeError, match=match):
        plan_change(annotated, schema, renames)


def test_a_reviewers_rejections_follow_a_renamed_label(
    annotated: Database, schema: LabelSchema
) -> None:
    span_key = ("attribution", "QUOTE", *_at("“We will not retreat,”"))
    annotated.execute(
        "INSERT INTO review_decisions (doc_id, unit, decision, decided_at) "
        "VALUES (1, ?, 'reject', 'now')",
        [unit_id(UnitKind.SPAN, span_key)],
    )
    new = parse_schema(schema.source.replace('"QUOTE"', '"STATEMENT"'))
    apply_change(annotated, plan_change(annotated, new, {"QUOTE": "STATEMENT"}))
    [(unit,)] = annotated.execute("SELECT unit FROM review_decisions").fetchall()
    assert unit == unit_id(UnitKind.SPAN, ("attribution", "STATEMENT", *span_key[2:]))


@pytest.mark.parametrize("fmt", ["jsonl", "conll", "conllu", "spacy"])
def test_a_project_with_orphans_exports_them_with_a_warning(
    annotated: Database, schema: LabelSchema, tmp_path: Path, fmt: str
) -> None:
    new = parse_schema(without(without(schema.source, "labels", "CUE"), "relations", "HAS_CUE"))
    apply_change(annotated, plan_change(annotated, new, {}), "keep")
    out = tmp_path / f"alice.{fmt}"
    result = export(annotated, ExportRequest(fmt, out, annotator="alice", status="all"))
    assert result.documents == {"": 1}
    assert out.stat().st_size > 0
    warnings = "\n".join(result.report.warnings())
    assert "labelled CUE" in warnings
    assert "labelled HAS_CUE" in warnings
    if fmt == "jsonl":
        record = json.loads(out.read_text(encoding="utf-8"))
        assert "CUE" in json.dumps(record)
