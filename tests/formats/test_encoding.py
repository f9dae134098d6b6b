"""Decoding files of unknown encoding into the text a reader would expect to see."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.encoding import (
    DecodeError,
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
