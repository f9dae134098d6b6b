"""Hostile input: SQL, markup, NUL, right-to-left overrides, astral characters, huge strings.

Documents carrying them are imported with the command line, read back from the project,
exported as JSONL, imported into a second project and exported again: every value comes
back exactly, no table is lost, and what cannot be stored is rejected with its line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from annotator.cli import main
from annotator.store.annotations import spans_of
from annotator.store.annotators import annotator_names
from annotator.store.db import open_project
from annotator.store.documents import get_document
from annotator.store.relations import get_fields

#: Each is used as a title, inside a text, as meta keys and values, as an annotator's
#: name and as attribute and field values.
HOSTILE = [
    "'); DROP TABLE spans;--",
    'Robert"); DROP TABLE documents; SELECT ("',
    "' OR '1'='1' -- ; DELETE FROM annotators",
    "%s %d {0} {name} ? :name @x $1",
    "<script>alert('x')</script>",
    "<b>bold</b> <i>it</i> <a href='http://example.com'>link</a> &amp; &lt;tag&gt; &#x41;",
    "<!DOCTYPE html><html><body><h1>Big</h1><img src=x onerror=alert(1)></body></html>",
    "<qt><font color=red>rich</font></qt>",
    "\u202eevil\u202c \u200fRTL\u200e \u2066isolate\u2069 مرحبا שלום",
    "😀 👩‍👩‍👧 𝕏𝔸 \U0001f4a9 e\u0301 \ufeff zero\u200bwidth",
    "back\\slash \\n \\u0000 `tick`",
    "x" * 100_000,
]
NUL = "nul\x00inside"


def _record(number: int, hostile: str) -> dict[str, Any]:
    text = f"Article {number}. {hostile} Officials said 12 people died."
    figure = text.index("12 people")
    return {
        "text": text,
        "meta": {
            "title": f"{hostile} {number}"[:200_000],
            hostile: hostile,
            "nested": {"list": [hostile, NUL, None, 2**70, 1.5]},
            NUL: "a NUL in a key",
        },
        "_annotator_id": f"{hostile}{number % 3}",
        "answer": "accept",
        "spans": [
            {
                "start": 0,
                "end": len(f"Article {number}"),
                "label": "CLAIM",
                "attrs": {"type": "other", "note": hostile, "nul": NUL},
            },
            {
                "start": figure,
                "end": figure + 9,
                "label": "CASUALTY",
                "attrs": {"outcome": "killed", "best": 12, "source_text": hostile},
            },
        ],
        "fields": {"note": hostile, "stance": [{"target": hostile, "value": "none"}]},
    }


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _tables(db: Database) -> dict[str, int]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _export_all(db_path: Path, names: list[str], folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Each annotator's layer exported with the command line, by their (hostile) name."""
    exported = {}
    for number, name in enumerate(names):
        out = folder / f"{number}.jsonl"
        argv = ["export", "--db", str(db_path), "--format", "jsonl"]  # their finished ones
        assert main([*argv, "--annotator", name, "--out", str(out)]) == 0
        exported[name] = _lines(out)
    return exported


@pytest.mark.slow
def test_hostile_values_round_trip_exactly_and_leave_the_tables_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [_record(n, hostile) for n, hostile in enumerate(HOSTILE)]
    rejected = [
        {"text": NUL, "meta": {"title": "NUL in the text"}},
        {"text": "A text.", "spans": [{"start": 0, "end": 1, "label": HOSTILE[0]}]},
        {"text": "Another.", "spans": [{"start": 0, "end": 1, "label": HOSTILE[4]}]},
    ]
    source = tmp_path / "hostile.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*records, *rejected]),
        encoding="utf-8",
    )
    first = tmp_path / "first.annotator"
    assert main(["new", "--db", str(first)]) == 0
    db = open_project(first)
    before = set(_tables(db))
    db.conn.close()

    assert main(["import", "--no-nlp", "--db", str(first), str(source)]) == 1
    err = capsys.readouterr().err
    last = len(records)
    assert f"rejected: {source}:{last + 1}: text contains NUL characters" in err
    assert f"rejected: {source}:{last + 2}: span 1: label '{HOSTILE[0]}' is not in" in err
    assert f"rejected: {source}:{last + 3}: span 1: label '{HOSTILE[4]}' is not in" in err

    db = open_project(first)
    tables = _tables(db)
    assert set(tables) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every record is a document (the two with unknown labels too, without those spans).
    assert tables["documents"] == len(records) + 2
    assert tables["spans"] == 2 * len(records)
    names = {name for name in annotator_names(db).values() if name != "imported"}
    assert names == {r["_annotator_id"] for r in records}
    by_name = {name: who for who, name in annotator_names(db).items()}
    for record in records:
        row = db.execute("SELECT id FROM documents WHERE text = ?", [record["text"]]).fetchone()
        doc_id = row[0]
        document = get_document(db, doc_id)
        assert document.text == record["text"]
        assert document.title == record["meta"]["title"]
        assert document.meta == record["meta"]
        who = by_name[record["_annotator_id"]]
        spans = sorted(spans_of(db, doc_id, who), key=lambda s: s.start)
        assert [(s.start, s.end, s.label, s.attrs) for s in spans] == [
            (s["start"], s["end"], s["label"], s["attrs"]) for s in record["spans"]
        ]
        assert get_fields(db, doc_id, who) == record["fields"]
    db.conn.close()

    exported = _export_all(first, sorted(names), tmp_path)
    by_text = {line["text"]: line for lines in exported.values() for line in lines}
    for record in records:
        line = by_text[record["text"]]
        assert line["_annotator_id"] == record["_annotator_id"]
        assert line["meta"] == record["meta"]
        assert [(s["start"], s["end"], s["label"], s["attrs"]) for s in line["spans"]] == [
            (s["start"], s["end"], s["label"], s["attrs"]) for s in record["spans"]
        ]
        assert line["fields"] == record["fields"]

    # The export imports into a new project and exports to the very same records.
    second = tmp_path / "second.annotator"
    again = [tmp_path / f"{n}.jsonl" for n in range(len(names))]
    assert main(["import", "--no-nlp", "--db", str(second), *map(str, again)]) == 0
    second_folder = tmp_path / "second"
    second_folder.mkdir()
    assert _export_all(second, sorted(names), second_folder) == exported
