"""Decoding files of unknown encoding into the text a reader would expect to see."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.encoding import (
    DecodeError,
    InvalidByte,
    decode_text,
    newline_offset_map,
    normalise_newlines,
)

SENTENCE = "The mayor’s “final offer” was rejected, a café owner said."
PARAGRAPHS = "\n\n".join(
    [
        "The minister’s “final offer” was rejected on Tuesday – unions called it naïve.",
        "Café owners near the station said they were “disappointed” but not surprised.",
        "Prices rose by 12% in the year to March, the statistics office reported — the "
        "fastest rise since the series began, according to the office’s own figures.",
        "“We’ll keep talking,” a spokeswoman said. Façade repairs are due to resume soon.",
    ]
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SENTENCE.encode("utf-8"), SENTENCE),
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), SENTENCE),
        (codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), SENTENCE),
        (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), SENTENCE),
        (SENTENCE.encode("utf-16-le"), SENTENCE),
        (SENTENCE.encode("utf-16-be"), SENTENCE),
        (SENTENCE.encode("utf-32"), SENTENCE),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32"],
)
def test_unicode_encodings_decode_to_the_original_text(data: bytes, expected: str) -> None:
    assert decode_text(data).text == expected


@pytest.mark.parametrize("text", [SENTENCE, PARAGRAPHS, "“Quote”", "café"])
def test_windows_1252_curly_quotes_and_accents_come_out_right(text: str) -> None:
    decoded = decode_text(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_central_european_text_is_not_forced_into_windows_1252() -> None:
    text = "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig. " * 5
    assert decode_text(text.encode("cp1250")).text == text


def test_cyrillic_text_in_windows_1251_is_detected() -> None:
    text = "Привет, как дела? Это тестовый текст на русском языке. " * 5
    assert decode_text(text.encode("cp1251")).text == text


def test_decoded_text_has_unix_newlines_and_no_bom() -> None:
    data = codecs.BOM_UTF8 + b"Title\r\n\r\nFirst line\rsecond line\r\n"
    assert decode_text(data).text == "Title\n\nFirst line\nsecond line\n"


def test_normalise_newlines() -> None:
    assert normalise_newlines("\ufeffa\r\nb\rc\n\r\nd") == "a\nb\nc\n\nd"
    assert normalise_newlines("no breaks") == "no breaks"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\t\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["zero-bytes", "whitespace", "bom-only", "utf16-whitespace"],
)
def test_empty_files_are_refused_as_empty(data: bytes) -> None:
    with pytest.raises(DecodeError, match="empty file"):
        decode_text(data)


def test_png_is_refused_as_binary_with_the_nul_position() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    with pytest.raises(DecodeError, match=r"binary file \(NUL bytes at byte 8\)"):
        decode_text(png)


def test_control_characters_without_nuls_are_refused_as_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_text(bytes(range(1, 32)) * 10 + b"some text")


def test_file_marked_utf8_with_invalid_bytes_says_so() -> None:
    with pytest.raises(DecodeError, match="marked as UTF-8"):
        decode_text(codecs.BOM_UTF8 + b"caf\xe9 au lait")


# The report of issue 12: line 1 good UTF-8, line 2 one Windows-1252 "é".
GOOD_LINE = "Kandar — the minister said “we will stay”"
MOSTLY_UTF8 = (GOOD_LINE + "\r\n").encode("utf-8") + b"Caf\xe9 owners agreed.\n"


def test_utf8_with_one_invalid_byte_stays_utf8_and_names_the_byte() -> None:
    decoded = decode_text(MOSTLY_UTF8)
    assert decoded.encoding == "utf-8"
    assert decoded.text.split("\n")[0] == GOOD_LINE  # not "Kandar тАФ the minister…"
    offset = len((GOOD_LINE + "\r\n").encode("utf-8")) + 3
    assert decoded.invalid == (InvalidByte(offset=offset, line=2, value=0xE9),)
    assert decoded.invalid_reason(1) is None
    assert decoded.invalid_reason(2) == (
        f"invalid UTF-8 byte 0xE9 at byte {offset} (the rest of the file is UTF-8): "
        "correct it and import again"
    )


def test_invalid_bytes_are_counted_per_line_range() -> None:
    data = "“A” — ‘b’\n".encode() + b"one \xe9\nclean\ntwo \xe9\xe8 and \xff\n"
    decoded = decode_text(data)
    assert [(b.line, b.value) for b in decoded.invalid] == [
        (2, 0xE9),
        (4, 0xE9),
        (4, 0xE8),
        (4, 0xFF),
    ]
    assert decoded.invalid_reason(3) is None
    reason = decoded.invalid_reason(3, 4)
    assert reason is not None
    assert reason.startswith(f"invalid UTF-8 byte 0xE9 at byte {data.index(b'two') + 4} and 2 more")


def test_utf8_with_a_bom_and_a_stray_byte_counts_the_bom_in_the_offset() -> None:
    data = codecs.BOM_UTF8 + "“Quote”\n".encode() + b"caf\xe9\n"
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8-sig"
    assert decoded.text.startswith("“Quote”\n")
    assert decoded.invalid == (InvalidByte(data.index(b"\xe9"), 2, 0xE9),)


@pytest.mark.parametrize(
    "text",
    [
        "The caf\u00e9 was closed.\nEverything else is ASCII.",
        # “ÉTÉ”: É followed by ” is, by chance, a valid UTF-8 pair (C9 94); the other
        # accented bytes are not, so the file is still Windows-1252.
        "\u201c\u00c9T\u00c9\u201d, said the na\u00efve caf\u00e9 owner.",
    ],
    ids=["one-accent", "accidental-utf8-pair"],
)
def test_windows_1252_without_valid_utf8_sequences_is_not_taken_for_utf8(text: str) -> None:
    decoded = decode_text(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.invalid) == (text, "cp1252", ())


def test_decode_error_is_a_value_error() -> None:
    assert issubclass(DecodeError, ValueError)


@given(st.text(alphabet="ab\r\n\ufeff", max_size=30))
def test_offset_map_keeps_every_surviving_character_in_place(original: str) -> None:
    normalised = normalise_newlines(original)
    remap = newline_offset_map(original)
    assert remap(len(original)) == len(normalised)
    for offset, char in enumerate(original):
        dropped = (offset == 0 and char == "\ufeff") or original[offset : offset + 2] == "\r\n"
        if not dropped:
            assert normalised[remap(offset)] == ("\n" if char == "\r" else char)
