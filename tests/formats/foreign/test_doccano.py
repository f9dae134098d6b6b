"""Reading doccano's exports: spans, relations, categories, annotators, and what is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.formats.foreign.doccano import SUFFIXES, doccano_annotator, read_doccano
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, Rejection
from tests.formats.foreign.reading import split

FIXTURES = Path(__file__).parents[2] / "fixtures" / "doccano"
EXAMPLES = FIXTURES / "doccano_examples"
KYIV = "🇺🇦 Kyiv, 3 May: Ukraine's foreign minister Olena Marchuk met EU envoy Pierre Duval in Kyiv."


def read(
    path: Path, options: ReadOptions | None = None
) -> tuple[list[ImportRecord], list[Rejection]]:
    return split(read_doccano(path, options or ReadOptions()))


def read_clean(path: Path, options: ReadOptions | None = None) -> list[ImportRecord]:
    records, rejections = read(path, options)
    assert rejections == []
    return records


def words(record: ImportRecord) -> list[tuple[str, str]]:
    """(covered words, label) of each span."""
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def links(record: ImportRecord) -> list[tuple[str, str, str]]:
    """(head words, label, child words) of each relation."""
    spans, text = record.spans, record.text
    return [
        (
            text[spans[r.head].start : spans[r.head].end],
            r.label,
            text[spans[r.child].start : spans[r.child].end],
        )
        for r in record.relations
    ]


def write(tmp_path: Path, lines: list[object], name: str = "ana.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_suffixes() -> None:
    assert SUFFIXES == (".jsonl", ".json")


# --- sequence labelling, one file per user ------------------------------------------------


def test_each_users_file_gives_that_users_spans() -> None:
    alice = read_clean(FIXTURES / "sequence_labeling" / "alice.jsonl")
    bob = read_clean(FIXTURES / "sequence_labeling" / "bob.jsonl")
    assert [r.annotator for r in alice] == ["alice"] * 3
    assert [r.annotator for r in bob] == ["bob"] * 3
    assert [r.text for r in alice] == [r.text for r in bob]
    assert alice[0].text == KYIV
    assert alice[0].title == KYIV
    assert words(alice[0]) == [
        ("Kyiv", "GPE"),
        ("Olena Marchuk", "PERSON"),
        ("EU", "ORG"),
        ("Pierre Duval", "PERSON"),
        ("Kyiv", "GPE"),
    ]
    assert words(bob[0]) == [("Olena Marchuk", "PERSON"), ("EU", "ORG")]
    assert words(bob[2]) == [("Friday", "DATE")]
    # doccano writes every example into every user's file: one nobody labelled brings
    # its text only, no annotations of alice's.
    assert words(alice[2]) == []
    assert not alice[2].annotated
    assert [r.line for r in alice] == [1, 2, 3]


def test_utf16_offsets_after_an_emoji_land_on_their_words() -> None:
    [first, *_] = read_clean(FIXTURES / "sequence_labeling" / "alice.jsonl")
    raw = json.loads((FIXTURES / "sequence_labeling" / "alice.jsonl").read_text().split("\n")[0])
    start, end, _ = raw["label"][0]
    assert (start, end) == (5, 9)  # the flag is 2 code points, 4 UTF-16 code units
    assert KYIV[start:end] != "Kyiv"  # read as code points they would miss the word
    assert (first.spans[0].start, first.spans[0].end) == (3, 7)


def test_crlf_in_a_text_is_normalised_and_spans_follow() -> None:
    second = read_clean(FIXTURES / "sequence_labeling" / "alice.jsonl")[1]
    assert "\r" not in second.text
    assert second.text.startswith("Floods in Valencia displaced 3,000 people on Thursday.\n")
    assert words(second) == [("Valencia", "GPE"), ("Marta Ribas", "PERSON")]


def test_other_keys_go_to_meta_without_nulls() -> None:
    first, second, _ = read_clean(FIXTURES / "sequence_labeling" / "alice.jsonl")
    assert first.meta == {
        "id": 1,
        "url": "https://example.org/news/kyiv-talks",  # pandas wrote it as https:\/\/…
        "Comments": ["Check the envoy's name."],
        "source_file": "alice.jsonl",
    }
    assert second.meta == {"id": 2, "source_file": "alice.jsonl"}  # "url": null, "Comments": []


# --- the relation form ------------------------------------------------------------------------


def test_relation_form_links_entities_by_id() -> None:
    first, second = read_clean(FIXTURES / "relations" / "admin.jsonl")
    assert first.annotator == "admin"  # doccano's administrator is a user like any other
    assert words(first) == [
        ("Gen. Ahmed Zubaïr", "SOURCE"),
        ("said", "CUE"),
        ('"At least 12 civilians died in Gaza."', "QUOTE"),
        ("Gaza", "GPE"),
    ]
    assert links(first) == [
        ('"At least 12 civilians died in Gaza."', "ATTRIBUTED_TO", "Gen. Ahmed Zubaïr"),
        ("said", "INTRODUCES", '"At least 12 civilians died in Gaza."'),
    ]
    assert first.meta["Comments"] == [{"id": 5, "comment": "Figure not confirmed by the ministry."}]
    assert words(second) == [("Rafah", "GPE"), ("Tuesday", "DATE"), ("Karim Haddad", "PERSON")]
    assert second.relations == ()


def test_doccanos_own_examples() -> None:
    options = ReadOptions(annotator="ana")
    labelled = read_clean(EXAMPLES / "sequence_labeling.jsonl", options)
    assert [words(r) for r in labelled] == [
        [("EU", "ORG"), ("German", "MISC")],
        [("Peter Blackburn", "PERSON")],
        [("Obama", "PERSON")],
    ]
    assert {r.annotator for r in labelled} == {"ana"}
    # Written over many lines, as doccano's export dialog shows it: read as one example.
    [related] = read_clean(EXAMPLES / "relation_extraction.jsonl")
    assert related.line == 1
    assert links(related) == [
        ("Google", "foundedAt", "September 4, 1998"),
        ("Google", "foundedBy", "Larry Page"),
        ("Google", "foundedBy", "Sergey Brin"),
    ]
    classified = read_clean(EXAMPLES / "text_classification.json")
    assert [r.fields for r in classified] == [
        {"category": ["negative"]},
        {"category": ["positive"]},
        {"category": ["positive"]},
    ]
    first, _ = read_clean(EXAMPLES / "intent_detection.jsonl")
    assert first.fields == {"category": ["flight"]}
    assert words(first)[1] == ("Tacoma", "City")


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["all.jsonl", "all.json"])
def test_categories_go_to_a_field_and_all_names_no_annotator(name: str) -> None:
    records = read_clean(FIXTURES / "classification" / name)
    assert [r.fields for r in records] == [
        {"category": ["economy", "politics"]},
        {"category": ["war"]},
        {},
    ]
    assert records[0].text == "Parliament passed the budget after a night of talks."
    assert {r.annotator for r in records} == {None}  # a collaborative project's merged file
    assert records[1].meta["Comments"] == ["Also politics?"]
    # JSONL names each example's line; the JSON export is one line, so there is none.
    assert [r.line for r in records] == ([1, 2, 3] if name.endswith("l") else [None] * 3)


# --- who annotated -------------------------------------------------------------------------


def test_annotator_rule(tmp_path: Path) -> None:
    assert doccano_annotator(Path("export/alice.jsonl"), ReadOptions()) == "alice"
    assert doccano_annotator(Path("export/admin.jsonl"), ReadOptions()) == "admin"
    assert doccano_annotator(Path("export/all.jsonl"), ReadOptions()) is None
    assert doccano_annotator(Path("export/unknown.jsonl"), ReadOptions()) is None  # 1.5-1.6
    assert doccano_annotator(Path("export/all.jsonl"), ReadOptions(annotator="ana")) == "ana"
    assert doccano_annotator(Path("export/alice.jsonl"), ReadOptions(annotator="ana")) == "ana"
    folder = tmp_path / "ben"
    folder.mkdir()
    copied = Path(shutil.copy(FIXTURES / "classification" / "all.jsonl", folder))
    options = ReadOptions(annotator_from="folder", root=tmp_path)
    assert {r.annotator for r in read_clean(copied, options)} == {"ben"}


# --- older doccano ---------------------------------------------------------------------------


def test_doccano_1_5_data_key_and_1_x_meta_object(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {"id": 3, "data": "Floods hit Valencia.", "label": [[11, 19, "GPE"]], "source": "wire"},
            {
                "id": 4,
                "text": "Aid reached Gaza.",
                "meta": {"title": "Aid arrives", "url": None},
                "annotation_approver": "admin",
                "labels": [[12, 16, "GPE"]],
            },
        ],
    )
    first, second = read_clean(path)
    assert words(first) == [("Valencia", "GPE")]
    assert first.meta == {"id": 3, "source": "wire", "source_file": "ana.jsonl"}
    assert words(second) == [("Gaza", "GPE")]
    assert second.title == "Aid arrives"
    assert second.meta == {
        "title": "Aid arrives",
        "id": 4,
        "annotation_approver": "admin",
        "source_file": "ana.jsonl",
    }


# --- what is refused ----------------------------------------------------------------------------


def test_hostile_lines_are_named_and_the_rest_imports() -> None:
    path = FIXTURES / "hostile" / "carol.jsonl"
    records, rejections = read(path)
    assert [(r.line, r.reason) for r in rejections] == [
        (
            1,
            '"label" item 2 (DATE): end 80 is beyond the end of the text (36 characters); '
            "this span is left out",
        ),
        (2, "not valid JSON: Invalid control character at (column 34)"),
        (
            3,
            "\"label\" item 1 (EVENT): start 1 falls inside the character '🚚' (offsets are "
            "read as doccano counts them, in UTF-16 code units); this span is left out",
        ),
        (4, '"label" item 1 (X): start 10 is not before end 5; this span is left out'),
        (
            4,
            '"label" item 2: the label must be a name, found the number 42; this span is left out',
        ),
        (
            5,
            '"entities" item 2 (GPE): end 99 is beyond the end of the text (28 characters); '
            "this span is left out",
        ),
        (5, "relation 1 (LOCATED_IN): to_id 951 is an entity left out above; left out"),
        (6, "expected a JSON object {...}, found a string"),
        (7, 'no "text" field'),
    ]
    assert all(r.source == str(path) for r in rejections)
    assert [(r.line, words(r)) for r in records] == [
        (1, [("Rafah", "GPE")]),
        (3, [("Rafah", "GPE")]),
        (4, []),
        (5, [("Karim Haddad", "PERSON")]),
    ]
    assert records[3].relations == ()


def test_an_offset_past_an_emojis_text_counts_utf16_units(tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": "Rafah 🚚", "label": [[0, 9, "GPE"]]}])
    [record], [rejection] = read(path)
    assert rejection.reason == (
        '"label" item 1 (GPE): end 9 is beyond the end of the text (8 UTF-16 code units); '
        "this span is left out"
    )
    assert record.spans == ()


def test_a_relation_to_no_entity(tmp_path: Path) -> None:
    line = {
        "text": "Haddad spoke.",
        "entities": [{"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 6}],
        "relations": [{"id": 2, "from_id": 1, "to_id": 9, "type": "SAID"}, "bad"],
    }
    [record], rejections = read(write(tmp_path, [line]))
    assert [r.reason for r in rejections] == [
        "relation 1 (SAID): to_id 9 is no entity's id here; left out",
        "relation 2: expected an object, found a string; left out",
    ]
    assert words(record) == [("Haddad", "PERSON")]


def test_invalid_utf8_rejects_only_its_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"text": "Zubaïr spoke in Gaza.", "label": [[16, 20, "GPE"]]}, ensure_ascii=False
        ),
        json.dumps({"text": "Aid XX arrived.", "label": []}),
        json.dumps({"text": "Rafah burns.", "label": [[0, 5, "GPE"]]}),
    ]
    data = "\n".join(lines).encode().replace(b"XX", b"\xff")
    path = tmp_path / "ana.jsonl"
    path.write_bytes(data)
    records, [rejection] = read(path)
    assert [r.text for r in records] == ["Zubaïr spoke in Gaza.", "Rafah burns."]
    assert rejection.line == 2
    assert rejection.reason.startswith("invalid UTF-8 byte 0xFF")


def test_empty_missing_and_broken_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert [r.reason for r in read(empty)[1]] == ["empty file"]
    assert [r.reason for r in read(tmp_path / "gone.jsonl")[1]] == [
        "cannot read: the file does not exist"
    ]
    broken = tmp_path / "all.json"
    broken.write_text('[{"text": "Aid arrived.", "label": []}, {"text": ', encoding="utf-8")
    [rejection] = read(broken)[1]
    assert rejection.line is None
    assert rejection.reason.startswith("not valid JSON: Expecting value (line 1, column")
    assert rejection.reason.endswith(": nothing in the file is read")
    broken.write_text('[{"text": "Aid arrived."}] [', encoding="utf-8")
    assert [r.reason for r in read(broken)[1]] == [
        "not valid JSON: more follows the array that holds the examples: "
        "nothing in the file is read"
    ]


def test_text_that_is_not_a_string_or_empty(tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": 42}, {"text": "  "}, {"text": "Ok.", "label": "ORG"}])
    [record], rejections = read(path)
    assert [(r.line, r.reason) for r in rejections] == [
        (1, '"text" must be a string, found the number 42'),
        (2, "text is empty"),
        (3, '"label" must be a list, found a string; left out'),
    ]
    assert record.text == "Ok."
