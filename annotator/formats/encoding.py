"""Turn the bytes of a text file of unknown encoding into text, or say plainly why not.

Articles arrive from newsroom exports, old Windows tools and scrapers, so the encoding is
rarely declared. The order of the checks matters: cheap, certain answers (byte order marks,
strict UTF-8) come before guessing, and guessing is biased towards Windows-1252 because that
is what Western newsroom text that is not UTF-8 almost always is.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not usable text; the message says why in words a user understands."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded file content (newlines already normalised to ``\\n``) and the codec used."""

    text: str
    encoding: str


# UTF-32 LE's mark starts with UTF-16 LE's, so the longer marks must be tried first.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# More control characters than this share of the content and it is not prose.
_MAX_CONTROL_SHARE = 0.1

_ASCII_LETTER = re.compile("[A-Za-z]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Punctuation that legitimately sits between two letters in Western text (don’t, l·l).
_INWORD_PUNCTUATION = frozenset("’‘‚“”„–—·…\u00ad")


def normalise_newlines(text: str) -> str:
    """Return ``text`` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n`` and no leading BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def newline_offset_map(original: str) -> Callable[[int], int]:
    """Map offsets into ``original`` to offsets into ``normalise_newlines(original)``.

    Normalising drops a leading BOM and the \\r of every \\r\\n, so an offset moves left by
    the number of dropped characters before it.
    """
    dropped: list[int] = [0] if original.startswith("\ufeff") else []
    start = 1 if dropped else 0
    while (found := original.find("\r\n", start)) >= 0:
        dropped.append(found)
        start = found + 2
    return lambda offset: offset - bisect_left(dropped, offset)


def decode_text(data: bytes) -> Decoded:
    """Decode the bytes of a text file whose encoding is unknown.

    Raises :class:`DecodeError` with a message such as "empty file", "binary file (NUL bytes
    at byte 1234)" or "could not detect the text encoding" when the bytes are not usable text.
    """
    if not data:
        raise DecodeError("empty file")
    decoded = _decode_marked(data) or _decode_utf16_unmarked(data)
    if decoded is None:
        _check_binary_bytes(data)
        decoded = _decode_unmarked(data)
    text, encoding = decoded
    _check_binary_text(text)
    text = normalise_newlines(text)
    if not text.strip():
        raise DecodeError("empty file")
    return Decoded(text, encoding)


def _decode_marked(data: bytes) -> tuple[str, str] | None:
    for bom, codec, name in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            text = data[len(bom) :].decode(codec)
        except UnicodeDecodeError as exc:
            if name == "UTF-32":
                # FF FE 00 00 may just as well be UTF-16 LE starting with a NUL character.
                continue
            raise DecodeError(
                f"the file is marked as {name} but is not valid {name} "
                f"(at byte {exc.start + len(bom)})"
            ) from None
        return text, "utf-8-sig" if codec == "utf-8" else codec
    return None


def _decode_utf16_unmarked(data: bytes) -> tuple[str, str] | None:
    # UTF-16 without a byte order mark is only recognisable by mostly-Latin text, where the
    # high byte of nearly every character is zero; anything less clear-cut is left to the
    # binary check, which would reject the NUL bytes.
    if len(data) < 2 or len(data) % 2:
        return None
    pairs = len(data) // 2
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    if odd_zeros > 0.4 * pairs and even_zeros < 0.05 * pairs:
        codec = "utf-16-le"
    elif even_zeros > 0.4 * pairs and odd_zeros < 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _check_binary_bytes(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError(f"binary file (NUL bytes at byte {nul})")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise DecodeError("binary file (too many control characters)")


def _check_binary_text(text: str) -> None:
    if "\x00" in text:
        raise DecodeError("binary file (NUL characters in the text)")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise DecodeError("binary file (too many control characters)")


def _decode_unmarked(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Python's cp1252 refuses the five undefined bytes, so success means "could be".
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    # charset-normalizer guesses badly on short Western text (cp1250 for curly quotes, even
    # UTF-16 for "café"), so a cp1252 reading that looks like Western prose wins outright.
    if western is not None and _looks_western(western):
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is not None:
        if "cp1252" in best.could_be_from_charset and western is not None:
            return western, "cp1252"
        text = str(best)
        if _encodable(text):
            return text, codecs.lookup(best.encoding).name
    if western is not None and not _CONTROL_CHARS.search(western):
        return western, "cp1252"
    raise DecodeError("could not detect the text encoding")


def _looks_western(text: str) -> bool:
    """Whether a cp1252 reading of the bytes looks like prose in a Western language.

    Text in another single-byte code page read as cp1252 gives either mostly accented letters
    (Cyrillic, Greek) or symbols stuck inside words ("Za¿ó³æ" for Polish "Zażółć").
    """
    ascii_letters = len(text) - len(_ASCII_LETTER.sub("", text))
    accented = 0
    last = len(text) - 1
    for match in _NON_ASCII.finditer(text):
        char = match.group()
        if char.isalpha():
            accented += 1
            continue
        if char in _INWORD_PUNCTUATION:
            continue
        pos = match.start()
        if 0 < pos < last and text[pos - 1].isalpha() and text[pos + 1].isalpha():
            return False
    return accented < ascii_letters


def _encodable(text: str) -> bool:
    # Some guessed codecs (UTF-7, for one) can yield lone surrogates, which nothing can store.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
