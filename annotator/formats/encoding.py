"""Turn the bytes of a text file of unknown encoding into text, or say plainly why not.

Articles arrive from newsroom exports, old Windows tools and scrapers, so the encoding is
rarely declared. The order of the checks matters: cheap, certain answers (byte order marks,
strict UTF-8, UTF-8 but for a few bad bytes) come before guessing, and guessing is biased
towards Windows-1252 because that is what Western newsroom text that is not UTF-8 almost
always is. Text is never altered silently: a file that is UTF-8 but for a few bytes is read
as UTF-8 and the bytes are reported, so the readers can turn down just the lines holding
them instead of decoding the whole file in a code page that garbles every other line.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not usable text; the message says why in words a user understands."""


@dataclass(frozen=True, slots=True)
class InvalidByte:
    """A byte of a UTF-8 file that is not valid UTF-8: where it is, and which it is."""

    offset: int  # from the start of the file, counted from 0 as hex editors do
    line: int  # of the decoded text, counted from 1 as the readers count
    value: int


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded file content (newlines already normalised to ``\\n``) and the codec used.

    ``invalid`` lists the bytes of a file that is UTF-8 but for them (see
    :func:`decode_text`). Each stands in ``text`` as a lone surrogate (Python's
    "surrogateescape": U+DC80 + the byte), which nothing can store, so a reader must turn
    down every line that holds one: :meth:`invalid_reason` says why.
    """

    text: str
    encoding: str
    invalid: tuple[InvalidByte, ...] = ()

    def invalid_reason(self, first_line: int, last_line: int | None = None) -> str | None:
        """Why lines ``first_line`` to ``last_line`` (inclusive) cannot be imported, or None."""
        last = first_line if last_line is None else last_line
        begin = bisect_left(self.invalid, first_line, key=_line_of)
        found = self.invalid[begin : bisect_right(self.invalid, last, key=_line_of)]
        if not found:
            return None
        first = found[0]
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        return (
            f"invalid UTF-8 byte 0x{first.value:02X} at byte {first.offset}{more} "
            "(the rest of the file is UTF-8): correct it and import again"
        )


def _line_of(byte: InvalidByte) -> int:
    return byte.line


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

# What Python's "surrogateescape" decodes an invalid UTF-8 byte to, and what it decodes
# a valid multi-byte UTF-8 sequence to.
_ESCAPED = re.compile("[\udc80-\udcff]")
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
_MULTIBYTE = re.compile("[\x80-\ud7ff\ue000-\U0010ffff]")

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

    A file that is not valid UTF-8 is still taken for UTF-8, its bad bytes listed in
    ``Decoded.invalid``, when it is UTF-8 but for a few bytes: it holds at least as many
    valid multi-byte UTF-8 sequences (curly quotes, dashes, accented letters) as runs of
    invalid bytes. A file in a single-byte code page practically never holds a valid
    multi-byte sequence (an accented letter is one byte, followed by an ASCII one), so a
    Windows-1252 file with a single "é" and otherwise ASCII is not UTF-8 and is decoded as
    Windows-1252; only such files, not UTF-8 at all, go to whole-file detection.

    Raises :class:`DecodeError` with a message such as "empty file", "binary file (NUL bytes
    at byte 1234)" or "could not detect the text encoding" when the bytes are not usable text.
    """
    if not data:
        raise DecodeError("empty file")
    decoded = _decode_marked(data) or _decode_utf16_unmarked(data)
    if decoded is None:
        _check_binary_bytes(data)
        decoded = _decode_unmarked(data)
    raw, encoding = decoded
    _check_binary_text(raw)
    text = normalise_newlines(raw)
    if not text.strip():
        raise DecodeError("empty file")
    invalid: tuple[InvalidByte, ...] = ()
    if encoding in ("utf-8", "utf-8-sig") and _ESCAPED.search(raw):
        invalid = _invalid_bytes(raw, text, len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
    return Decoded(text, encoding, invalid)


def _mostly_utf8(data: bytes) -> str | None:
    """The text, invalid bytes escaped, if ``data`` is UTF-8 but for a few bytes (see above)."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED_RUN.findall(text))
    good = len(_MULTIBYTE.findall(text))
    return text if good >= max(bad, 1) else None


def _invalid_bytes(raw: str, text: str, base: int) -> tuple[InvalidByte, ...]:
    """Where the escaped bytes of ``raw`` were in the file, and on which line of ``text``.

    ``text`` is ``raw`` with newlines normalised, which keeps every escaped byte in order.
    """
    found: list[tuple[int, int]] = []
    offset, previous = base, 0
    for match in _ESCAPED.finditer(raw):
        offset += len(raw[previous : match.start()].encode("utf-8", "surrogateescape"))
        found.append((offset, ord(match.group()) - 0xDC00))
        offset += 1
        previous = match.end()
    lines: list[int] = []
    line, previous = 1, 0
    for match in _ESCAPED.finditer(text):
        line += text.count("\n", previous, match.start())
        previous = match.start()
        lines.append(line)
    return tuple(
        InvalidByte(offset, line, value) for (offset, value), line in zip(found, lines, strict=True)
    )


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
            mostly = _mostly_utf8(data[len(bom) :]) if name == "UTF-8" else None
            if mostly is not None:
                return mostly, "utf-8-sig"
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
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
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
