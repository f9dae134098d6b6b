"""Code points versus UTF-16: emoji take two units, combining marks one."""

from __future__ import annotations

import pytest

from annotator.core.offsets import Utf16Map, line_starts, utf16_len

TEXTS = [
    "plain ASCII text",
    "Zubaïr said 🙏 thanks 😀😀 end",
    "🙏",
    "e\u0301 combining acute and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 maths letters",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_offset_round_trips(text: str) -> None:
    mapping = Utf16Map(text)
    for offset in range(len(text) + 1):
        assert mapping.from_utf16(mapping.to_utf16(offset)) == offset


@pytest.mark.parametrize("text", TEXTS)
def test_utf16_offsets_match_the_encoded_text(text: str) -> None:
    mapping = Utf16Map(text)
    for offset in range(len(text) + 1):
        assert mapping.to_utf16(offset) == len(text[:offset].encode("utf-16-le")) // 2
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2


def test_offset_inside_a_surrogate_pair_rounds_down_to_the_character() -> None:
    mapping = Utf16Map("a🙏b")
    assert mapping.from_utf16(2) == 1  # between the two halves of 🙏
    assert mapping.from_utf16(3) == 2


def test_line_starts_are_block_starts() -> None:
    text = "first\n\nthird 🙏\nlast"
    starts = line_starts(text)
    assert [text[s:].split("\n")[0] for s in starts] == text.split("\n")
