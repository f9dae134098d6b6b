"""Reading article files into import records, and rejecting bad input with a clear reason."""

from __future__ import annotations

import codecs
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.readers import ImportRecord, RawSpan, Rejection, read_file


def read(path: Path) -> tuple[list[ImportRecord], list[Rejection]]:
    records: list[ImportRecord] = []
    rejections: list[Rejection] = []
    for item in read_file(path):
        if isinstance(item, ImportRecord):
            records.append(item)
        else:
            rejections.append(item)
    return records, rejections


def write_jsonl(path: Path, *objects: object) -> Path:
    path.write_text("".join(json.dumps(obj) + "\n" for obj in objects), encoding="utf-8")
    return path


# --- plain text -------------------------------------------------------------------------


def test_txt_first_line_is_title_and_stays_the_texts_headline(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(
        b"\r\n  Storm hits coast  \r\n\r\nWinds reached 120 km/h.\r\nRoads closed.\r\n\r\n"
    )
    [record], rejections = read(path)
    assert rejections == []
    assert record.title == "Storm hits coast"
    # The headline is the text's first paragraph, annotatable like the rest.
    assert record.text == "Storm hits coast\n\nWinds reached 120 km/h.\nRoads closed."
    assert record.meta == {"source_file": "article.txt"}
    assert record.source == str(path)
    assert record.line is None


def test_txt_with_old_mac_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(b"Title\rBody one\rBody two\r")
    [record], _ = read(path)
    assert (record.title, record.text) == ("Title", "Title\n\nBody one\nBody two")


def test_one_line_txt_is_still_a_document(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("  Just one line.  \n", encoding="utf-8")
    [record], _ = read(path)
    assert record.title == record.text == "Just one line."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Headline\nThe mayor’s “offer” was naïve, said a café owner.", "utf-8"),
        ("Headline\nThe mayor’s “offer” was naïve, said a café owner.", "utf-8-sig"),
        ("Headline\nThe mayor’s “offer” was naïve, said a café owner.", "utf-16"),
        ("Headline\nThe mayor’s “offer” was naïve, said a café owner.", "cp1252"),
    ],
)
def test_txt_in_common_encodings(tmp_path: Path, data: str, encoding: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data.encode(encoding))
    [record], _ = read(path)
    assert record.text == "Headline\n\nThe mayor’s “offer” was naïve, said a café owner."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ],
    ids=["empty", "whitespace", "png"],
)
def test_unusable_txt_is_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    records, [rejection] = read(path)
    assert records == []
    assert reason in rejection.reason
    assert str(rejection).startswith(f"{path}: ")


def test_unsupported_suffix_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF-1.4")
    records, [rejection] = read(path)
    assert records == []
    assert "unsupported file type '.pdf'" in rejection.reason


def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root reads anything regardless of permissions; a folder is unreadable as a file.
        path = tmp_path / "folder.txt"
        path.mkdir()
    else:
        path = tmp_path / "secret.txt"
        path.write_text("Title\nBody", encoding="utf-8")
        path.chmod(0)
    try:
        records, [rejection] = read(path)
    finally:
        if path.is_file():
            path.chmod(0o600)
    assert records == []
    assert rejection.reason.startswith("cannot read: ")
    assert rejection.line is None


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    _, [rejection] = read(tmp_path / "gone.jsonl")
    assert rejection.reason == "cannot read: the file does not exist"


# --- JSONL --------------------------------------------------------------------------------


def test_jsonl_malformed_line_is_reported_and_good_lines_imported(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(
        '{"text": "First article."}\n'
        "\n"
        '{"text": "Second article.", "meta": {"title": "Second"}}\n'
        '{"text": "broken", \n'
        '{"text": "Fourth article.", "title": "Fourth"}\n',
        encoding="utf-8",
    )
    records, [rejection] = read(path)
    assert [(r.text, r.title, r.line) for r in records] == [
        ("First article.", "First article.", 1),
        ("Second article.", "Second", 3),
        ("Fourth article.", "Fourth", 5),
    ]
    assert rejection.line == 4
    assert "not valid JSON" in rejection.reason
    assert str(rejection).startswith(f"{path}:4: not valid JSON")


def test_jsonl_prodigy_spans_annotator_and_answer(tmp_path: Path) -> None:
    text = "Police said 12 people died in Springfield."
    path = write_jsonl(
        tmp_path / "prodigy.jsonl",
        {
            "text": text,
            "meta": {"source": "wire", "title": "Deaths"},
            "spans": [
                {"start": 12, "end": 14, "label": "CASUALTY", "token_start": 2, "token_end": 2},
                {"start": 30, "end": 41, "label": "GPE", "attrs": {"kind": "city"}, "layer": "ner"},
            ],
            "_annotator_id": "news-ner-alice",
            "answer": "accept",
        },
    )
    [record], rejections = read(path)
    assert rejections == []
    assert record.meta == {"source": "wire", "title": "Deaths"}
    assert record.title == "Deaths"
    assert record.annotator == "news-ner-alice"
    assert record.answer == "accept"
    assert record.spans == (
        RawSpan(12, 14, "CASUALTY", token_start=2, token_end=2),
        RawSpan(30, 41, "GPE", attrs={"kind": "city"}, layer="ner"),
    )
    assert [text[s.start : s.end] for s in record.spans] == ["12", "Springfield"]


def test_jsonl_session_id_is_used_when_no_annotator_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", {"text": "Hello.", "_session_id": "ds-bob"})
    [record], _ = read(path)
    assert record.annotator == "ds-bob"


@pytest.mark.parametrize(
    ("span", "reason"),
    [
        (
            {"start": 0, "end": 140, "label": "X"},
            "span 2: end 140 is beyond the end of the text (20 characters)",
        ),
        ({"start": 9, "end": 4, "label": "X"}, "span 2: start 9 is not before end 4"),
        ({"start": -1, "end": 4, "label": "X"}, "span 2: start -1 is negative"),
        (
            {"start": True, "end": 4, "label": "X"},
            "span 2: start must be a whole number, found true",
        ),
        ({"start": 0, "end": 4.0, "label": "X"}, "span 2: end must be a whole number"),
        ({"start": 0, "end": 4}, "span 2: label is missing"),
        ({"start": 0, "end": 4, "label": "  "}, "span 2: label is empty"),
        ({"end": 4, "label": "X"}, "span 2: start is missing"),
        ({"start": 0, "end": 4, "label": "X", "attrs": [1]}, "span 2: attrs must be an object"),
        ({"start": 0, "end": 4, "label": "X", "text": "Bob"}, "does not match the text"),
        ("GPE", "span 2: expected an object"),
    ],
)
def test_jsonl_line_with_an_invalid_span_is_rejected(
    tmp_path: Path, span: object, reason: str
) -> None:
    good = {"start": 0, "end": 5, "label": "PERSON"}
    path = write_jsonl(
        tmp_path / "spans.jsonl",
        {"text": "Alice met the mayor.", "spans": [good, span]},
        {"text": "Next line still imports."},
    )
    [record], [rejection] = read(path)
    assert record.text == "Next line still imports."
    assert rejection.line == 1
    assert reason in rejection.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('"just a string"', "expected a JSON object"),
        ('{"title": "no text"}', 'no "text" field'),
        ('{"text": 42}', '"text" must be a string'),
        ('{"text": " \\n "}', "text is empty"),
        ('{"text": "a\\u0000b"}', "text contains NUL characters"),
        ('{"text": "a\\ud800b"}', "broken character"),
        ('{"text": "ok", "meta": "x"}', '"meta" must be an object'),
        ('{"text": "ok", "spans": {"start": 0}}', '"spans" must be a list'),
        ('{"text": "ok", "answer": "maybe"}', '"answer" must be accept, reject or ignore'),
        ('{"text": "ok", "_annotator_id": 7}', '"_annotator_id" must be a string'),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
    ids=lambda value: value[:30],
)
def test_jsonl_bad_records_are_rejected(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    records, [rejection] = read(path)
    assert records == []
    assert reason in rejection.reason


def test_jsonl_offsets_are_code_points_with_emoji_and_combining_marks(tmp_path: Path) -> None:
    text = "Fans 🎉 cheered Zoe\u0301 in Malmö."
    start = text.index("Zoe")
    path = write_jsonl(
        tmp_path / "emoji.jsonl",
        {"text": text, "spans": [{"start": start, "end": start + 4, "label": "PERSON"}]},
    )
    [record], _ = read(path)
    [span] = record.spans
    assert record.text[span.start : span.end] == "Zoe\u0301"


def test_jsonl_spans_survive_crlf_normalisation(tmp_path: Path) -> None:
    text = "Title\r\nAlice spoke.\r\nBob left."
    spans = [
        {"start": text.index("Alice"), "end": text.index("Alice") + 5, "label": "PERSON"},
        {"start": text.index("Bob"), "end": text.index("Bob") + 3, "label": "PERSON"},
    ]
    path = write_jsonl(tmp_path / "crlf.jsonl", {"text": text, "spans": spans})
    [record], _ = read(path)
    assert record.text == "Title\nAlice spoke.\nBob left."
    assert [record.text[s.start : s.end] for s in record.spans] == ["Alice", "Bob"]


def test_jsonl_long_first_line_makes_a_short_single_line_title(tmp_path: Path) -> None:
    text = "word " * 100 + "\nsecond line"
    [record], _ = read(write_jsonl(tmp_path / "long.jsonl", {"text": text, "title": " \n "}))
    assert len(record.title) <= 120
    assert "\n" not in record.title
    assert record.title.startswith("word word")


def test_jsonl_title_with_newlines_is_flattened(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", {"text": "Body.", "meta": {"title": "Two\nlines"}})
    [record], _ = read(path)
    assert record.title == "Two lines"


def test_huge_jsonl_line_is_imported(tmp_path: Path) -> None:
    text = "All work and no play. " * 45_000  # 990,000 characters: just under the limit
    [record], _ = read(write_jsonl(tmp_path / "huge.jsonl", {"text": text}))
    assert record.text == text


# --- CSV ----------------------------------------------------------------------------------


def test_csv_text_title_and_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + b"Title,Text,Outlet,Date\r\n"
        + b'"Storm","Winds rose.\r\nRoads closed, too.",Daily,2024-01-02\r\n'
        + b"Quiet day,Nothing happened.,Weekly,\r\n"
    )
    records, rejections = read(path)
    assert rejections == []
    assert [(r.title, r.text, r.meta, r.line) for r in records] == [
        ("Storm", "Winds rose.\nRoads closed, too.", {"Outlet": "Daily", "Date": "2024-01-02"}, 2),
        ("Quiet day", "Nothing happened.", {"Outlet": "Weekly", "Date": ""}, 4),
    ]


def test_csv_without_title_column_titles_from_text(tmp_path: Path) -> None:
    path = tmp_path / "notitle.csv"
    path.write_text("text\nFirst line of story\nSecond story\n", encoding="utf-8")
    records, _ = read(path)
    assert [r.title for r in records] == ["First line of story", "Second story"]


def test_csv_without_text_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("headline,body\nA,B\n", encoding="utf-8")
    records, [rejection] = read(path)
    assert records == []
    assert rejection.reason == 'no "text" column (columns found: headline, body)'


def test_csv_row_with_empty_text_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text('title,text\nOne,"multi\nline"\nTwo,   \nThree,Third story\n', encoding="utf-8")
    records, [rejection] = read(path)
    assert [r.title for r in records] == ["One", "Three"]
    assert (rejection.line, rejection.reason) == (4, "the text cell is empty")
    assert str(rejection) == f"{path}:4: the text cell is empty"


def test_semicolon_csv_from_excel_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("Titel;Text\r\nCafé;Er sagte „nein“, oder?\r\n".encode("cp1252"))
    [record], rejections = read(path)
    assert rejections == []
    assert (record.text, record.meta) == ("Er sagte „nein“, oder?", {"Titel": "Café"})


def test_tab_separated_csv(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text("text\tsection\nA story, with commas.\tWorld\n", encoding="utf-8")
    [record], _ = read(path)
    assert (record.text, record.meta) == ("A story, with commas.", {"section": "World"})


def test_csv_with_only_a_header_says_there_is_nothing_to_import(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("title,text\n\n", encoding="utf-8")
    records, [rejection] = read(path)
    assert records == []
    assert "no articles" in rejection.reason


def test_csv_row_with_too_many_cells_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "shifted.csv"
    path.write_text("title,text\nA,Some text, unquoted\nB,Fine\n", encoding="utf-8")
    records, [rejection] = read(path)
    assert [r.title for r in records] == ["B"]
    assert rejection.line == 2
    assert "3 cells but the header has 2 columns" in rejection.reason


def test_csv_with_a_very_long_article(tmp_path: Path) -> None:
    text = "x" * 300_000
    path = tmp_path / "long.csv"
    path.write_text(f"text\n{text}\n", encoding="utf-8")
    [record], _ = read(path)
    assert record.text == text


# --- a UTF-8 file with a few invalid bytes ----------------------------------------------

GOOD_TEXT = "Kandar — the minister said “we will stay”"


def test_jsonl_line_with_invalid_utf8_is_rejected_and_the_others_keep_their_text(
    tmp_path: Path,
) -> None:
    start = GOOD_TEXT.index("the minister")
    good = {
        "text": GOOD_TEXT,
        "spans": [{"start": start, "end": len(GOOD_TEXT), "label": "CLAIM"}],
    }
    first = (json.dumps(good, ensure_ascii=False) + "\n").encode("utf-8")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(first + b'{"text": "Caf\xe9 owners agreed."}\n{"text": "Third."}\n')
    records, [rejection] = read(path)
    assert [r.text for r in records] == [GOOD_TEXT, "Third."]
    [span] = records[0].spans
    assert GOOD_TEXT[span.start : span.end] == "the minister said “we will stay”"
    offset = len(first) + len(b'{"text": "Caf')
    assert str(rejection) == (
        f"{path}:2: invalid UTF-8 byte 0xE9 at byte {offset} (the rest of the file is "
        "UTF-8): correct it and import again"
    )


def test_csv_row_with_invalid_utf8_is_rejected_at_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    data = (
        "title,text\nGood,“We will stay” he said.\n".encode()
        + b'Bad,"A story on two lines,\nthe second with caf\xe9 in it."\n'
        + "Fine,The last one — ok.\n".encode()
    )
    path.write_bytes(data)
    records, [rejection] = read(path)
    assert [r.text for r in records] == ["“We will stay” he said.", "The last one — ok."]
    assert rejection.line == 3
    offset = data.index(b"\xe9")
    assert f"invalid UTF-8 byte 0xE9 at byte {offset}" in rejection.reason


def test_csv_header_with_invalid_utf8_rejects_the_file_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(b"title,text,r\xe9gion\n" + "A,“Quoted” text,north\n".encode())
    records, [rejection] = read(path)
    assert records == []
    assert rejection.line == 1
    assert rejection.reason.startswith("the header row: invalid UTF-8 byte 0xE9 at byte 12")


def test_txt_with_invalid_utf8_is_rejected_with_line_and_byte_not_garbled(
    tmp_path: Path,
) -> None:
    path = tmp_path / "article.txt"
    data = f"Headline\n\n{GOOD_TEXT}.\n".encode() + b"The caf\xe9 closed.\n"
    path.write_bytes(data)
    records, [rejection] = read(path)
    assert records == []
    offset = data.index(b"\xe9")
    assert str(rejection) == (
        f"{path}:4: invalid UTF-8 byte 0xE9 at byte {offset} "
        "(the rest of the file is UTF-8): correct it and import again"
    )


# --- any bytes at all ---------------------------------------------------------------------

_SPAN = st.fixed_dictionaries(
    {"start": st.integers(-2, 40), "end": st.integers(-2, 40), "label": st.text(max_size=3)}
)
_JSONL_BYTES = st.lists(
    st.fixed_dictionaries(
        {"text": st.text(max_size=30)}, optional={"spans": st.lists(_SPAN, max_size=3)}
    ),
    max_size=4,
).map(lambda objs: "\n".join(json.dumps(o) for o in objs).encode("utf-8"))
_ANY_BYTES = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
    st.text(st.characters(codec="cp1252"), max_size=200).map(lambda s: s.encode("cp1252")),
    st.text(max_size=100).map(lambda s: s.encode("utf-16")),
    _JSONL_BYTES,
)


@settings(max_examples=100, deadline=None)
@given(data=_ANY_BYTES)
def test_any_bytes_never_raise_and_records_are_sound(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".txt", ".jsonl", ".csv"):
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            for item in read_file(path):
                if isinstance(item, Rejection):
                    assert item.reason
                    continue
                assert item.text.strip()
                assert "\r" not in item.text
                assert "\n" not in item.title
                item.text.encode("utf-8")  # storable: no lone surrogates
                for span in item.spans:
                    assert 0 <= span.start < span.end <= len(item.text)
