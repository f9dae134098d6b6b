"""Reading Label Studio's JSON and JSON-MIN exports: tasks, annotators, spans, predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.foreign.labelstudio import SUFFIXES, read_labelstudio
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, Rejection

FIXTURES = Path(__file__).parents[2] / "fixtures" / "labelstudio"
TEXT = (
    "GENÈVE — Health minister Zoë Müller 🙂 met officials from Médecins Sans Frontières "
    "on Monday, the ministry said. “We need 🚑 access now,” said spokeswoman Aïcha Diallo."
)


def read(path: Path, options: ReadOptions | None = None) -> tuple[list[ImportRecord], list[str]]:
    records: list[ImportRecord] = []
    rejections: list[str] = []
    for item in read_labelstudio(path, options or ReadOptions()):
        if isinstance(item, Rejection):
            rejections.append(str(item))
        else:
            records.append(item)
    return records, rejections


def covered(record: ImportRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def write(tmp_path: Path, tasks: object, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def task(text: str, *results: dict[str, object], **extra: object) -> dict[str, object]:
    annotation = {"id": 1, "completed_by": 5, "result": list(results), "was_cancelled": False}
    return {"id": 9, "data": {"text": text}, "annotations": [annotation], **extra}


def span(text: str, words: str, label: str, rid: str = "a", shift: int = 0) -> dict[str, object]:
    start = text.index(words) + shift
    value = {"start": start, "end": start + len(words), "text": words, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_json_suffix() -> None:
    assert SUFFIXES == (".json",)


def test_one_record_per_annotation_with_its_annotator_and_status() -> None:
    records, rejections = read(FIXTURES / "export.json")
    assert rejections == []
    geneva = [r for r in records if r.meta["task_id"] == 101]
    assert [(r.annotator, r.status) for r in geneva] == [
        ("ana@example.org", "done"),
        ("ls-user-2", "done"),
        ("ls-user-3", "skipped"),  # cancelled: the annotator skipped the task
    ]
    assert {r.text for r in geneva} == {TEXT}
    assert [r.meta["annotation_id"] for r in geneva] == [1001, 1002, 1003]
    assert geneva[0].meta["headline"] == "Minister meets MSF in Geneva"
    assert geneva[0].meta["source_file"] == "export.json"
    assert geneva[0].title.startswith("GENÈVE — Health minister")
    assert geneva[0].line == 2


def test_spans_land_on_their_words_past_accents_and_emoji() -> None:
    records, _ = read(FIXTURES / "export.json")
    ana = records[0]
    assert covered(ana) == [
        ("GENÈVE", "LOC"),
        ("Zoë Müller", "PER"),
        ("Médecins Sans Frontières", "ORG"),
        ("We need 🚑 access now", "QUOTE"),
        ("Aïcha Diallo", "PER"),
    ]
    # A choices result sharing the region's id is that span's attribute.
    assert ana.spans[2].attrs == {"confidence": "certain"}
    assert ana.spans[0].attrs == {}


def test_relations_follow_the_arrow_direction() -> None:
    records, _ = read(FIXTURES / "export.json")
    ana, bea = records[0], records[1]

    def ends(record: ImportRecord) -> list[tuple[str, str, str, dict[str, object]]]:
        words = [record.text[s.start : s.end] for s in record.spans]
        return [(words[r.head], words[r.child], r.label, r.attrs) for r in record.relations]

    assert ends(ana) == [
        ("Zoë Müller", "Médecins Sans Frontières", "met", {}),
        ("Aïcha Diallo", "We need 🚑 access now", "said_by", {}),  # "left": drawn backwards
    ]
    assert ends(bea) == [
        ("Médecins Sans Frontières", "Zoë Müller", "related", {"direction": "bi"}),
    ]


def test_document_choices_and_text_areas_become_fields() -> None:
    records, _ = read(FIXTURES / "export.json")
    assert records[0].fields == {"sentiment": "Neutral", "note": "Follow-up on the Geneva talks."}
    assert records[1].fields == {"sentiment": "Positive"}
    assert records[2].fields == {}


def test_predictions_are_the_first_records_suggestions() -> None:
    records, _ = read(FIXTURES / "export.json")
    first, second = records[0], records[1]
    assert [(first.text[s.start : s.end], s.label) for s in first.suggestions] == [
        ("Zoë Müller", "PER"),
        ("Médecins Sans Frontières", "ORG"),
    ]
    [link] = first.suggestion_relations
    assert (link.head, link.child, link.label) == (0, 1, "met")
    assert second.suggestions == ()
    assert second.suggestion_relations == ()
    assert first.meta["predictions"] == [{"model_version": "ner-2024-02", "score": 0.87}]


def test_task_with_only_predictions_gives_one_record_without_annotator() -> None:
    records, _ = read(FIXTURES / "export.json")
    [dhaka] = [r for r in records if r.meta["task_id"] == 102]
    # Label Studio counts the \r of \r\n: the offsets move back past it.
    assert dhaka.text == (
        "Floods hit Dhaka\nAt least 12 people died in Dhaka on Tuesday, officials said."
    )
    assert dhaka.title == "Floods hit Dhaka"
    assert dhaka.annotator is None
    assert dhaka.status is None
    assert dhaka.spans == ()
    assert [dhaka.text[s.start : s.end] for s in dhaka.suggestions] == ["Dhaka", "Dhaka"]
    assert dhaka.suggestions[1].start == dhaka.text.index("Dhaka", 20)
    lines = (FIXTURES / "export.json").read_text(encoding="utf-8").split("\n")
    assert lines[dhaka.line - 1] == "  {"
    assert '"id": 102' in lines[dhaka.line]


def test_json_min_export() -> None:
    records, rejections = read(FIXTURES / "export_min.json")
    assert rejections == []
    ana, two = records
    assert ana.text == TEXT
    assert covered(ana) == [("Zoë Müller", "PER"), ("Médecins Sans Frontières", "ORG")]
    assert ana.fields == {"sentiment": ["Neutral", "Positive"]}
    assert (ana.annotator, ana.status) == ("ana@example.org", "done")
    assert ana.meta["task_id"] == 101
    assert ana.meta["annotation_id"] == 1001
    assert ana.meta["headline"] == "Minister meets MSF in Geneva"
    assert two.annotator == "ls-user-2"
    assert covered(two) == [("Zoë Müller", "PER")]


def test_utf16_offsets_of_older_exports_are_converted(tmp_path: Path) -> None:
    text = "Rescue 🚁 reached Mosul on Friday."
    # Older Label Studio counted the emoji as two (JavaScript's UTF-16 length).
    path = write(tmp_path, [task(text, span(text, "Mosul", "LOC", shift=1))])
    [record], rejections = read(path)
    assert rejections == []
    assert covered(record) == [("Mosul", "LOC")]


def test_span_whose_text_is_elsewhere_is_turned_down(tmp_path: Path) -> None:
    text = "Talks in Cairo ended on Sunday."
    good = span(text, "Cairo", "LOC", rid="c")
    bad = span(text, "Sunday", "DATE", rid="s", shift=-3)
    path = write(tmp_path, [task(text, good, bad)])
    [record], rejections = read(path)
    assert covered(record) == [("Cairo", "LOC")]
    assert rejections == [
        f"{path}:2: task 9, annotation 1, span s: its text 'Sunday' is not the text at "
        "21-27 ('on Sun')"
    ]


def test_offsets_past_the_end_are_turned_down(tmp_path: Path) -> None:
    text = "Short text."
    result = span(text, "text", "X", rid="z")
    result["value"] = {"start": 6, "end": 40, "labels": ["X"]}
    path = write(tmp_path, [task(text, result)])
    [record], rejections = read(path)
    assert record.spans == ()
    assert rejections == [
        f"{path}:2: task 9, annotation 1, span z: 6-40 is not within the text (11 characters)"
    ]


def test_other_result_types_are_counted_and_named(tmp_path: Path) -> None:
    text = "Photo: crowds in Kyiv."
    box = {"id": "b", "type": "rectanglelabels", "value": {"x": 1, "rectanglelabels": ["Car"]}}
    rating = {"id": "r", "type": "rating", "from_name": "stars", "value": {"rating": 4}}
    path = write(tmp_path, [task(text, span(text, "Kyiv", "LOC"), box, dict(box, id="b2"), rating)])
    [record], rejections = read(path)
    assert covered(record) == [("Kyiv", "LOC")]
    [message] = rejections
    assert message.startswith(f"{path}:2: task 9, annotation 1: results not imported: ")
    assert "2 of type 'rectanglelabels'" in message
    assert "1 of type 'rating'" in message


def test_relation_to_a_span_not_imported_is_turned_down(tmp_path: Path) -> None:
    text = "Police in Lagos said."
    link = {"type": "relation", "from_id": "a", "to_id": "missing", "direction": "right"}
    path = write(tmp_path, [task(text, span(text, "Lagos", "LOC"), link)])
    [record], rejections = read(path)
    assert record.relations == ()
    assert rejections == [
        f"{path}:2: task 9, annotation 1: a relation from a to missing links spans not imported"
    ]


def test_text_found_under_another_data_key(tmp_path: Path) -> None:
    body = "Markets fell in Tokyo."
    result = span(body, "Tokyo", "LOC") | {"to_name": "article"}
    tasks = [
        {
            "id": 3,
            "data": {"title": "Markets", "body": body},
            "annotations": [{"id": 1, "completed_by": 1, "result": [result]}],
        }
    ]
    [record], rejections = read(write(tmp_path, tasks))
    assert rejections == []
    assert record.text == body
    assert record.title == "Markets"
    assert covered(record) == [("Tokyo", "LOC")]
    assert record.meta == {"source_file": "export.json", "task_id": 3, "title": "Markets"} | {
        "annotation_id": 1
    }


def test_annotator_from_the_options_when_the_file_names_none(tmp_path: Path) -> None:
    tasks = [{"id": 1, "data": {"text": "Hello."}, "annotations": [{"result": []}]}]
    [record], _ = read(write(tmp_path, tasks), ReadOptions(annotator="desk"))
    assert record.annotator == "desk"


def test_a_bad_task_does_not_stop_the_others(tmp_path: Path) -> None:
    tasks = [{"id": 1, "data": "oops"}, [1, 2], {"id": 2, "data": {"text": "Fine."}}]
    records, rejections = read(write(tmp_path, tasks))
    assert [r.text for r in records] == ["Fine."]
    path = tmp_path / "export.json"
    assert rejections == [
        f'{path}:2: task 1: "data" must be an object holding the text',
        f"{path}:6: expected a task, a JSON object {{...}}",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"[]", "the export holds no tasks"),
        (b'{"text": "x"}', "not a Label Studio export: expected a JSON list of tasks [...]"),
        (b'[\n{"id": 1,\n "data": }\n]', "3: not valid JSON: Expecting value (column 10)"),
        (
            b'[{"id": 1, "data": {"text": "a"}}] x',
            "1: not valid JSON: expected , or ] after a task",
        ),
    ],
)
def test_unreadable_exports_are_turned_down_whole(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    records, rejections = read(path)
    assert records == []
    assert [r.removeprefix(f"{path}:").removeprefix(" ") for r in rejections] == [reason]


def test_a_task_with_a_byte_that_is_not_utf8_is_turned_down(tmp_path: Path) -> None:
    good = '{"id": 1, "data": {"text": "Caf\u00e9 owners protest."}}'
    path = tmp_path / "export.json"
    path.write_bytes(b"[\n" + good.encode() + b',\n{"id": 2, "data": {"text": "bad \xff byte"}}\n]')
    records, rejections = read(path)
    assert [r.text for r in records] == ["Café owners protest."]
    [message] = rejections
    assert message.startswith(f"{path}:3: invalid UTF-8 byte 0xFF")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.json"
    assert read(path) == ([], [f"{path}: cannot read: the file does not exist"])


def test_a_task_with_a_lone_surrogate_escape_is_turned_down(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        '[{"id": 1, "data": {"text": "Ok \\ud83d\\ude91 fine"}},\n'
        ' {"id": 2, "data": {"text": "Broken \\ud83d here"}}]',
        encoding="utf-8",
    )
    records, rejections = read(path)
    assert [r.text for r in records] == ["Ok 🚑 fine"]
    assert rejections == [f"{path}:2: holds a broken character (a lone surrogate)"]
