"""Importing fuzzed files into a project: documents or reasons, never a crash or a bad span.

After every import the project is checked: each span lies inside its document's text
(counted by SQLite and again in Python code points, as the window and the writers
count), each relation joins two spans of one document and annotator, the project holds
nothing the window itself would refuse (a span twice, a link to itself, twice, or of a
type the schema does not allow between those labels), and nothing came from nowhere.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.formats.readers import MAX_TEXT_LENGTH, ImportRecord, read_file
from annotator.jobs.importing import ImportReport, import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import connect, initialise
from tests.fuzz_strategies import FUZZ, csv_file, jsonl_bytes, txt_bytes

_FILES = st.lists(
    st.one_of(
        jsonl_bytes().map(lambda data: (".jsonl", data)),
        jsonl_bytes().map(lambda data: (".jsonl", data)),
        csv_file().map(lambda file: (".csv", file[0])),
        txt_bytes().map(lambda data: (".txt", data)),
    ),
    min_size=1,
    max_size=3,
)


def check_project(db: Database, schema: LabelSchema, records: Sequence[ImportRecord]) -> None:
    """The project's invariants after an import of ``records`` (what the files held)."""
    for span_id, start, end, text in db.execute(
        "SELECT s.id, s.char_start, s.char_end, d.text FROM spans s "
        "JOIN documents d ON d.id = s.doc_id"
    ):
        assert isinstance(start, int)
        assert isinstance(end, int)
        assert 0 <= start < end <= len(text), (span_id, start, end, len(text))
    outside = db.execute(
        "SELECT count(*) FROM spans s JOIN documents d ON d.id = s.doc_id "
        "WHERE NOT (0 <= s.char_start AND s.char_start < s.char_end "
        "AND s.char_end <= length(d.text))"
    ).fetchone()[0]
    assert outside == 0
    orphans = db.execute(
        "SELECT r.id FROM relations r "
        "LEFT JOIN spans h ON h.id = r.head AND h.doc_id = r.doc_id "
        "AND h.annotator_id = r.annotator_id "
        "LEFT JOIN spans c ON c.id = r.child AND c.doc_id = r.doc_id "
        "AND c.annotator_id = r.annotator_id "
        "WHERE h.id IS NULL OR c.id IS NULL"
    ).fetchall()
    assert orphans == []
    # What the window itself guarantees: no span twice, and links only of a type the
    # schema allows between those labels, never from a span to itself, never twice.
    twice = db.execute(
        "SELECT count(*) FROM spans GROUP BY doc_id, annotator_id, char_start, char_end, label "
        "HAVING count(*) > 1"
    ).fetchall()
    assert twice == []
    links = db.execute(
        "SELECT r.label, h.label, c.label, r.head, r.child FROM relations r "
        "JOIN spans h ON h.id = r.head JOIN spans c ON c.id = r.child"
    ).fetchall()
    for label, head, child, head_id, child_id in links:
        assert label in {kind.name for kind in schema.relations_between(head, child)}
        assert head_id != child_id
    assert len(links) == len({(h, c, label) for label, _, _, h, c in links})
    assert db.execute("SELECT count(*) FROM documents WHERE trim(text) = ''").fetchone()[0] == 0
    # Every stored span was in a record with the same text, offsets and label.
    offered = {
        (record.text, span.start, span.end, span.label)
        for record in records
        for span in record.spans
    }
    stored = db.execute(
        "SELECT d.text, s.char_start, s.char_end, s.label FROM spans s "
        "JOIN documents d ON d.id = s.doc_id"
    ).fetchall()
    assert {tuple(row) for row in stored} <= offered
    texts = {record.text for record in records}
    assert {row[0] for row in db.execute("SELECT text FROM documents")} <= texts
    for (value,) in db.execute("SELECT meta FROM documents"):
        assert isinstance(json.loads(value), dict)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def check_report(report: ImportReport, paths: Sequence[Path], records: int) -> None:
    assert report.imported + report.duplicates == records
    for rejection in report.rejections:
        assert rejection.source in {str(p) for p in paths}
        assert rejection.reason.strip()


@settings(FUZZ, max_examples=200)
@given(files=_FILES)
def test_fuzzed_files_import_or_say_why_and_store_only_sound_spans(
    files: list[tuple[str, bytes]], schema: LabelSchema, blank: Pipeline
) -> None:
    db = connect(":memory:")
    initialise(db, schema)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, (suffix, data) in enumerate(files):
            path = Path(folder) / f"file{number}{suffix}"
            path.write_bytes(data)
            paths.append(path)
        records = [item for p in paths for item in read_file(p) if isinstance(item, ImportRecord)]
        report = import_files(db, paths, pipeline=blank)
        check_report(report, paths, len(records))
        check_project(db, schema, records)
        stored = {row[0] for row in db.execute("SELECT text FROM documents")}
        assert stored == {record.text for record in records}
        # A second import of the same files adds nothing and still breaks nothing.
        again = import_files(db, paths, pipeline=blank)
        assert again.imported == 0
        check_project(db, schema, records)
    db.conn.close()


def _huge(kind: str, size: int) -> tuple[str, bytes]:
    """A file holding one article of ``size`` characters on a single line."""
    words = ("word " * (size // 5 + 1))[:size]
    if kind == "jsonl":
        record = {
            "text": words,
            "spans": [{"start": size - 4, "end": size, "label": "PERSON"}],
            "_annotator_id": "alice",
        }
        return ".jsonl", (json.dumps(record) + "\n").encode()
    if kind == "csv":
        return ".csv", f"title,text\nLong one,{words}\n".encode()
    return ".txt", words.encode()


@pytest.mark.parametrize("kind", ["jsonl", "csv", "txt"])
def test_a_line_of_several_megabytes_is_rejected_with_its_length_and_the_rest_imported(
    kind: str, tmp_path: Path, db: Database, schema: LabelSchema, blank: Pipeline
) -> None:
    suffix, data = _huge(kind, 3_000_000)
    big = tmp_path / f"big{suffix}"
    big.write_bytes(data)
    small = tmp_path / "small.txt"
    small.write_text("Short one\n\nA normal article.\n", encoding="utf-8")
    report = import_files(db, [big, small], pipeline=blank)
    assert report.imported == 1
    [rejection] = report.rejections
    assert rejection.source == str(big)
    # 3,000,000 characters, less a trailing space in the plain-text file.
    assert re.fullmatch(
        r"the text is (3,000,000|2,999,999) characters long; "
        r"an article can have at most 1,000,000",
        rejection.reason,
    )
    assert db.execute("SELECT title FROM documents").fetchall() == [("Short one",)]
    check_project(db, schema, [i for i in read_file(small) if isinstance(i, ImportRecord)])


def test_the_longest_article_allowed_is_imported_and_analysed_with_its_spans(
    tmp_path: Path, db: Database, schema: LabelSchema, blank: Pipeline
) -> None:
    size = MAX_TEXT_LENGTH
    assert size <= blank.nlp.max_length  # what the readers let in, spaCy can analyse
    suffix, data = _huge("jsonl", size)
    path = tmp_path / f"long{suffix}"
    path.write_bytes(data)
    report = import_files(db, [path], pipeline=blank)
    assert (report.imported, report.rejections) == (1, [])
    assert report.analysed == 1
    assert db.execute("SELECT char_start, char_end FROM spans").fetchall() == [(size - 4, size)]
    records = [i for i in read_file(path) if isinstance(i, ImportRecord)]
    check_project(db, schema, records)


def test_links_and_spans_the_window_would_refuse_are_reported_not_stored(
    tmp_path: Path, db: Database, schema: LabelSchema, blank: Pipeline
) -> None:
    """What the fuzzing found: the import stored what the editor never makes."""
    text = "Officials said 12 people died, including 3 children."
    figure, part, said = (
        {"start": text.index(w), "end": text.index(w) + len(w), "label": label}
        for w, label in (("12 people", "CASUALTY"), ("3 children", "CASUALTY"), ("said", "CUE"))
    )
    twin = {**part, "attrs": {"best": 3}}

    def link(head: dict[str, object], child: dict[str, object], label: str) -> object:
        ends = [{k: span[k] for k in ("start", "end", "label")} for span in (head, child)]
        return {"head_span": ends[0], "child_span": ends[1], "label": label}

    record = {
        "text": text,
        "_annotator_id": "alice",
        "spans": [figure, part, said, dict(part), twin],
        "relations": [
            link(part, figure, "SUBSET_OF"),  # kept
            link(part, figure, "SUBSET_OF"),  # the same again: kept once
            link(figure, figure, "SUBSET_OF"),  # to itself
            link(part, figure, "ATTRIBUTED_TO"),  # not between two figures
            link(figure, said, "NOT_A_LINK"),  # no such type
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = import_files(db, [path], pipeline=blank)
    assert [r.reason for r in report.rejections] == [
        "span 5: the same span as span 2 with other attributes; the first one's were kept",
        "relation 3: it links a span to itself",
        "relation 4: the schema has no ATTRIBUTED_TO from CASUALTY to CASUALTY",
        "relation 5: the schema has no NOT_A_LINK from CASUALTY to CUE",
    ]
    assert db.execute("SELECT label, char_start FROM spans ORDER BY char_start").fetchall() == [
        ("CUE", text.index("said")),
        ("CASUALTY", text.index("12")),
        ("CASUALTY", text.index("3 children")),
    ]
    assert db.execute("SELECT label FROM relations").fetchall() == [("SUBSET_OF",)]
    records = [i for i in read_file(path) if isinstance(i, ImportRecord)]
    check_project(db, schema, records)
