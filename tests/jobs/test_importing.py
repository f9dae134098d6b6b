"""Importing files into a project: documents, annotations, rejections, pre-annotation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.control import Cancelled, Control
from annotator.core.model import Origin, Status, text_hash
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import get_status, spans_of
from annotator.store.annotators import annotator_names
from annotator.store.documents import docs_without_analysis, get_analysis, get_document, id_for_hash
from annotator.store.editing import DocumentEditor
from annotator.store.listing import doc_ids
from tests.conftest import SAMPLE_DOCS

ARTICLE = "“We will not retreat,” said Gen. Ahmed Zubaïr. At least 145 militants were killed."


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


def test_sample_docs_import_with_tokens_and_entities(db: Database, model: Pipeline) -> None:
    report = import_files(db, SAMPLE_DOCS, pipeline=model)
    assert report.imported == len(SAMPLE_DOCS) >= 6
    assert report.rejections == []
    first = get_document(db, doc_ids(db)[0])
    assert first.title.startswith("Valdoria and Kandar")
    analysis = get_analysis(db, first.id)
    assert analysis is not None
    assert len(analysis.tokens) > 300
    assert len(analysis.sent_starts) > 10
    entity_count = db.execute("SELECT count(*) FROM spans WHERE origin = 'model'").fetchone()[0]
    assert entity_count > 100


def test_importing_the_same_files_again_adds_nothing(db: Database, blank: Pipeline) -> None:
    import_files(db, SAMPLE_DOCS[:3], pipeline=blank)
    report = import_files(db, SAMPLE_DOCS[:3], pipeline=blank)
    assert (report.imported, report.duplicates) == (0, 3)
    assert len(doc_ids(db)) == 3


def test_no_nlp_import_stores_tokens_and_sentences_only(db: Database, blank: Pipeline) -> None:
    import_files(db, SAMPLE_DOCS[:1], pipeline=blank)
    (doc_id,) = doc_ids(db)
    analysis = get_analysis(db, doc_id)
    assert analysis is not None
    assert analysis.model == ""
    assert len(analysis.sent_starts) > 5
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_jsonl_spans_become_the_annotators_and_accept_marks_done(
    db: Database, blank: Pipeline, tmp_path: Path
) -> None:
    start = ARTICLE.index("Ahmed")
    path = _jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "text": ARTICLE,
                "meta": {"source": "wire"},
                "answer": "accept",
                "_annotator_id": "carol",
                "spans": [
                    {"start": start, "end": start + 12, "label": "PERSON"},
                    {"start": 0, "end": 22, "label": "QUOTE"},
                ],
            },
            {"text": "A second article without annotations.", "meta": {}},
        ],
    )
    report = import_files(db, [path], pipeline=blank, annotator="dave")
    assert report.imported == 2
    assert report.annotated == 1
    assert not report.rejections
    carol = next(i for i, n in annotator_names(db).items() if n == "carol")
    doc_id = doc_ids(db)[0]
    spans = spans_of(db, doc_id, carol)
    assert [(ARTICLE[s.start : s.end], s.label, s.layer, s.origin) for s in spans] == [
        ("“We will not retreat,”", "QUOTE", "attribution", Origin.HUMAN),
        ("Ahmed Zubaïr", "PERSON", "ner", Origin.HUMAN),
    ]
    assert get_status(db, doc_id, carol) is Status.DONE
    assert get_document(db, doc_id).meta == {"source": "wire"}
    # Importing the same annotated file again does not double carol's spans.
    import_files(db, [path], pipeline=blank)
    assert len(spans_of(db, doc_id, carol)) == 2


def test_unknown_labels_are_reported_and_the_rest_is_kept(
    db: Database, blank: Pipeline, tmp_path: Path
) -> None:
    path = _jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "text": ARTICLE,
                "spans": [
                    {"start": 0, "end": 22, "label": "QUOTE"},
                    {"start": 27, "end": 31, "label": "VERB"},
                ],
            },
        ],
    )
    report = import_files(db, [path], pipeline=blank, annotator="dave")
    assert report.imported == 1
    assert [str(r) for r in report.rejections] == [
        f"{path}:1: span 2: label 'VERB' is not in the project's schema"
    ]
    assert db.execute("SELECT label FROM spans").fetchall() == [("QUOTE",)]


def test_bad_files_are_reported_by_name_and_line_and_good_ones_imported(
    db: Database, blank: Pipeline, tmp_path: Path
) -> None:
    (tmp_path / "utf16.txt").write_bytes("Headline\n\nKestria’s “army” said.".encode("utf-16"))
    (tmp_path / "cp1252.txt").write_bytes("Title\n\n\x93Quoted\x94 in Bogot\xe1.".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    (tmp_path / "lines.jsonl").write_text(
        '{"text": "Good line one."}\n{"text": broken\n{"text": "Good line three."}\n',
        encoding="utf-8",
    )
    files = sorted(tmp_path.iterdir())
    report = import_files(db, files, pipeline=blank)
    texts = {get_document(db, i).text for i in doc_ids(db)}
    assert texts == {
        "Headline\n\nKestria’s “army” said.",
        "Title\n\n“Quoted” in Bogotá.",
        "Good line one.",
        "Good line three.",
    }
    reasons = {Path(r.source).name: (r.line, r.reason) for r in report.rejections}
    assert set(reasons) == {"empty.txt", "binary.txt", "lines.jsonl"}
    assert reasons["lines.jsonl"][0] == 2
    assert "binary" in reasons["binary.txt"][1]
    assert "empty" in reasons["empty.txt"][1]


def test_cancelling_keeps_what_was_committed(db: Database, model: Pipeline) -> None:
    seen: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(done)

    control = Control(progress=progress, cancelled=lambda: len(seen) > 2)
    with pytest.raises(Cancelled):
        import_files(db, SAMPLE_DOCS, pipeline=model, control=control)
    assert len(doc_ids(db)) == len(SAMPLE_DOCS)  # documents were committed before the NLP


def test_editor_snaps_saves_and_sees_model_entities(db: Database, model: Pipeline) -> None:
    import_files(db, SAMPLE_DOCS[:1], pipeline=model)
    from annotator.core.schema import LabelSchema
    from annotator.store.annotators import ensure_annotator
    from annotator.store.db import project_schema

    schema: LabelSchema = project_schema(db)
    alice = ensure_annotator(db, "alice")
    editor = DocumentEditor(db, schema, alice, doc_ids(db)[0])
    assert editor.spans, "the model's entities are in alice's layer when she opens it"
    text = editor.document.text
    at = text.index("Negotiators")
    span = editor.create(at + 2, at + 8, "CLAIM")  # mid-word selection
    assert span is not None
    assert text[span.start : span.end] == "Negotiators"
    assert any(s.id == span.id for s in spans_of(db, editor.doc_id, alice))


def test_a_stray_byte_rejects_its_line_and_leaves_the_others_text_and_spans_intact(
    db: Database, blank: Pipeline, tmp_path: Path
) -> None:
    # Issue 12, item 3: one Windows-1252 byte on line 2 turned line 1 into Cyrillic mojibake.
    text = "Kandar — the minister said “we will stay”"
    start = text.index("the minister")
    first = json.dumps(
        {"text": text, "spans": [{"start": start, "end": len(text), "label": "CLAIM"}]},
        ensure_ascii=False,
    ).encode("utf-8")
    path = tmp_path / "mixed.jsonl"
    data = first + b'\n{"text": "Caf\xe9 owners agreed."}\n'
    path.write_bytes(data)
    report = import_files(db, [path], pipeline=blank, annotator="dave")
    assert report.imported == 1
    offset = data.index(b"\xe9")
    assert [str(r) for r in report.rejections] == [
        f"{path}:2: invalid UTF-8 byte 0xE9 at byte {offset} "
        "(the rest of the file is UTF-8): correct it and import again"
    ]
    doc_id = id_for_hash(db, text_hash(text))  # the same identity as in every other project
    assert doc_id is not None
    dave = next(i for i, n in annotator_names(db).items() if n == "dave")
    [claim] = spans_of(db, doc_id, dave)
    assert text[claim.start : claim.end] == "the minister said “we will stay”"


def _unnamed_and_named(tmp_path: Path) -> Path:
    quote = {"start": 0, "end": 22, "label": "QUOTE"}
    person = {
        "start": ARTICLE.index("Ahmed"),
        "end": ARTICLE.index("Ahmed") + 12,
        "label": "PERSON",
    }
    return _jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"text": ARTICLE, "spans": [quote, person]},
            {
                "text": "Second article, one span.",
                "spans": [{"start": 0, "end": 6, "label": "CLAIM"}],
            },
            {
                "text": "Carol's article.",
                "spans": [{"start": 0, "end": 5, "label": "PERSON"}],
                "_annotator_id": "carol",
            },
            {"text": "Not annotated at all."},
        ],
    )


def test_summary_says_which_annotator_got_spans_without_annotator_id(
    db: Database, tmp_path: Path
) -> None:
    report = import_files(db, [_unnamed_and_named(tmp_path)], pipeline=None)
    assert report.summary() == (
        "4 imported, 3 with annotations; 3 spans from 2 records without _annotator_id "
        "were saved as annotator 'imported'"
    )
    imported = next(i for i, n in annotator_names(db).items() if n == "imported")
    assert (
        db.execute("SELECT count(*) FROM spans WHERE annotator_id = ?", [imported]).fetchone()[0]
        == 3
    )
    # Imported again: nothing is saved, and the summary does not claim otherwise.
    again = import_files(db, [_unnamed_and_named(tmp_path)], pipeline=None)
    assert again.summary() == "0 imported, 4 already in the project"


def test_summary_names_the_annotator_chosen_for_spans_without_annotator_id(
    db: Database, tmp_path: Path
) -> None:
    report = import_files(db, [_unnamed_and_named(tmp_path)], pipeline=None, annotator="dave")
    assert "3 spans from 2 records without _annotator_id were saved as annotator 'dave'" in (
        report.summary()
    )


@pytest.mark.slow
def test_import_with_nlp_analyses_what_a_stopped_import_left_and_says_so(
    db: Database, model: Pipeline
) -> None:
    # Issue 12, item 12. Documents stored but not analysed: what an import with NLP killed
    # during its analysis leaves (its documents are committed before the analysis starts),
    # and what --no-nlp leaves.
    import_files(db, SAMPLE_DOCS[:3], pipeline=None)
    left = docs_without_analysis(db, model=True)
    assert len(left) == 3
    # The same files and one more, imported with NLP: all four get analysed.
    report = import_files(db, SAMPLE_DOCS[:4], pipeline=model)
    assert report.summary() == (
        f"1 imported, 3 already in the project; 4 analysed with {model.name} "
        "(3 of them left unanalysed earlier)"
    )
    assert docs_without_analysis(db, model=True) == []
    for doc_id in left:
        analysis = get_analysis(db, doc_id)
        assert analysis is not None
        assert analysis.model == model.name
    # And once nothing is left, it says that rather than "analysed".
    assert import_files(db, SAMPLE_DOCS[:4], pipeline=model).summary() == (
        f"0 imported, 4 already in the project; no document needed analysing with {model.name}"
    )
