"""CoNLL column files: a token a line, tags in columns, blank lines between sentences.

The CoNLL-2003 layout is ``WORD POS CHUNK NER`` with a ``-DOCSTART- -X- -X- O`` line
before each document; two-column ``WORD TAG`` files (.iob, .bio) and files with several
entity columns read the same way. Columns are split on tabs when the line has one, else
on runs of spaces. Lines starting with ``#`` are comments (CoNLL-U's ``# text = …``)
unless they have as many columns as the token lines and end in a tag: then they are a
token such as ``#MeToo``.

Tag columns: every column after the first whose values are mostly ``O`` or a prefix
(B-, I-, E-, S-, L-, U-) and a label. Each one gives its own spans, labels alone (the
chunk column of CoNLL-2003 gives NP, VP…; the importer refuses labels the schema lacks).
The scheme is found per column, over the whole file:

- BIOES / BILOU when any E- or L- occurs (L = E, U = S; an S- or U- is a one-token
  chunk in every scheme);
- IOB1 when an I- starts a chunk somewhere and every B- sits between two chunks of one
  type (the original CoNLL-2003 data);
- IOB2 otherwise: an I-X must follow B-X or I-X.

A broken chunk (an I- following nothing in IOB2, an E- or I- without its B- in BIOES, a
B- never closed by E-, a tag that is no tag) is left out with a Rejection naming the
line; the rest of the document still imports.

The text is rebuilt: tokens joined by one space, sentences by a newline, a document per
``-DOCSTART-`` (the whole file when there is none). Annotator's own CoNLL export
(annotator/formats/conll.py) reads back with the same tags.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from annotator.formats.encoding import Decoded
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    Rejection,
    title_from_text,
)
from annotator.formats.readers import read_decoded

SUFFIXES = (".conll", ".conll03", ".iob", ".bio", ".bioes")
DOCSTART = "-DOCSTART-"
OUTSIDE = "O"

_TAG = re.compile(r"([BIESLU])-(\S+)")
_IOB1, _IOB2, _BIOES = "IOB1", "IOB2", "BIOES"
# A column is a tag column when at least this share of its values are tags: a few
# mistyped tags ("X-PER") are reported, not taken for a column of words or POS tags.
_TAG_SHARE = 0.5
_WIDTH_SAMPLE = 1000  # token lines that decide the file's column count


@dataclass(slots=True)
class _Sentence:
    lines: list[int]  # of its tokens
    cells: list[list[str]]  # a token's columns; a line of the wrong width gets O tags


@dataclass
class _Doc:
    line: int  # the -DOCSTART- line, or the first token line
    last: int = 0
    sentences: list[_Sentence] = field(default_factory=list)


def read_conll(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield a record per document of the CoNLL file ``path`` and a rejection per problem."""
    source = str(path)
    decoded = read_decoded(path)
    if isinstance(decoded, Rejection):
        yield decoded
        return
    lines = decoded.text.split("\n")
    width = _width(lines)
    docs, problems = _documents(lines, width) if width is not None else ([], [])
    if width is None or not docs:
        yield Rejection(source, None, "no token lines: nothing to import")
        return
    yield from (Rejection(source, line, reason) for line, reason in problems)
    columns = _tag_columns(docs, width)
    annotator = annotator_of(path, options)
    for number, doc in enumerate(docs, start=1):
        yield from _document(doc, number, columns, decoded, path, annotator)


def _cells(line: str) -> list[str]:
    """The columns of a line: split on tabs if it has one, else on runs of spaces."""
    if "\t" not in line:
        return line.split()
    cells = [cell.strip() for cell in line.split("\t")]
    return cells if any(cells) else []


def _width(lines: list[str]) -> int | None:
    """The column count of most token lines (of the first few), or None without any."""
    counts: Counter[int] = Counter()
    for line in lines:
        cells = _cells(line)
        if cells and not cells[0].startswith(("#", DOCSTART)):
            counts[len(cells)] += 1
            if counts.total() >= _WIDTH_SAMPLE:
                break
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=4096)
def _parse(tag: str) -> tuple[str, str]:
    """(prefix, label) of a tag, L- read as E- and U- as S-; ("O", "") for O and ("?",
    "") for what is no tag. A file has few distinct tags, so this is cached."""
    if tag == OUTSIDE:
        return OUTSIDE, ""
    match = _TAG.fullmatch(tag)
    if match is None:
        return "?", ""
    prefix, label = match.groups()
    return {"L": "E", "U": "S"}.get(prefix, prefix), label


def _is_tag(value: str) -> bool:
    return _parse(value)[0] != "?"


def _documents(lines: list[str], width: int) -> tuple[list[_Doc], list[tuple[int, str]]]:
    """The documents of the file, and the lines whose tags cannot be read."""
    docs: list[_Doc] = []
    problems: list[tuple[int, str]] = []
    sentence = _Sentence([], [])
    padding = [OUTSIDE] * (width - 1)

    def close() -> None:
        nonlocal sentence
        if sentence.lines:
            if not docs:
                docs.append(_Doc(sentence.lines[0]))
            docs[-1].sentences.append(sentence)
            docs[-1].last = sentence.lines[-1]
            sentence = _Sentence([], [])

    for number, line in enumerate(lines, start=1):
        cells = line.split() if "\t" not in line else _cells(line)  # no call on the common path
        if len(cells) == width and cells[0] and cells[0][0] not in "#-":
            sentence.lines.append(number)  # the common case first: a token line
            sentence.cells.append(cells)
        elif not cells:
            close()
        elif cells[0] == DOCSTART:
            close()
            docs.append(_Doc(number))
        elif cells[0].startswith("#") and not (len(cells) == width and _is_tag(cells[-1])):
            continue  # a comment
        elif not cells[0]:
            problems.append((number, "the word column is empty: the line is left out"))
        else:
            if len(cells) != width:
                problems.append(
                    (
                        number,
                        f"{len(cells)} columns where the other token lines have {width}: "
                        f"read as the word {cells[0]!r} with no tags",
                    )
                )
                cells = [cells[0], *padding]
            sentence.lines.append(number)
            sentence.cells.append(cells)
    close()
    return [doc for doc in docs if doc.sentences], problems


def _column(docs: list[_Doc], column: int) -> list[str]:
    """Every tag of ``column`` through the file, an O between sentences."""
    tags: list[str] = []
    for doc in docs:
        for sentence in doc.sentences:
            tags += [cells[column] for cells in sentence.cells]
            tags.append(OUTSIDE)
    return tags


def _tag_columns(docs: list[_Doc], width: int) -> dict[int, str]:
    """The tag columns (0-based) and each one's scheme."""
    found: dict[int, str] = {}
    breaks = sum(len(doc.sentences) for doc in docs)  # the O _column puts between sentences
    for column in range(1, width):
        tags = _column(docs, column)
        values = Counter(tags)
        share = sum(count for value, count in values.items() if _is_tag(value)) - breaks
        if share >= _TAG_SHARE * (len(tags) - breaks):
            found[column] = _scheme(tags, values)
    return found


def _scheme(tags: list[str], values: Counter[str]) -> str:
    """BIOES, IOB1 or IOB2 for a column's ``tags`` (through the file) and their counts."""
    if any(_parse(value)[0] == "E" for value in values):
        return _BIOES
    i_starts = False
    previous = ""  # the label of the tag before, "" after O
    for tag in tags:
        if tag == OUTSIDE:
            previous = ""
            continue
        prefix, label = _parse(tag)
        if label != previous:
            if prefix == "B":
                return _IOB2  # a B- starts a chunk after something else: not IOB1
            i_starts = i_starts or prefix == "I"
        previous = label
    return _IOB1 if i_starts else _IOB2


def _document(
    doc: _Doc,
    number: int,
    columns: dict[int, str],
    decoded: Decoded,
    path: Path,
    annotator: str | None,
) -> Iterator[ImportRecord | Rejection]:
    source = str(path)
    invalid = decoded.invalid_reason(doc.line, doc.last) if decoded.invalid else None
    if invalid is not None:
        yield Rejection(source, doc.line, f"document {number}: {invalid}")
        return
    texts: list[str] = []
    spans: list[RawSpan] = []
    offset = 0
    for sentence in doc.sentences:
        words = [cells[0] for cells in sentence.cells]
        starts = list(accumulate([len(word) + 1 for word in words], initial=offset))
        offset = starts.pop()
        for column, scheme in columns.items():
            tags = [cells[column] for cells in sentence.cells]
            if tags.count(OUTSIDE) == len(tags):
                continue
            chunks, problems = _chunks(tags, sentence.lines, column + 1, scheme)
            yield from (Rejection(source, line, reason) for line, reason in problems)
            spans += [RawSpan(starts[a], starts[b] + len(words[b]), lab) for a, b, lab in chunks]
        texts.append(" ".join(words))
    text = "\n".join(texts)
    if len(text) > MAX_TEXT_LENGTH:
        yield Rejection(
            source,
            doc.line,
            f"document {number} is {len(text):,} characters long; "
            f"an article can have at most {MAX_TEXT_LENGTH:,}",
        )
        return
    yield ImportRecord(
        text=text,
        title=title_from_text(text),
        meta={"source_file": path.name, "document": number},
        source=source,
        line=doc.line,
        spans=tuple(spans),
        annotator=annotator,
    )


def _chunks(
    tags: list[str], lines: list[int], column: int, scheme: str
) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """(first, last, label) of the chunks of one column (1-based) through one sentence,
    and (line, why) of those left out. Local state, not objects: this runs per token."""
    chunks: list[tuple[int, int, str]] = []
    problems: list[tuple[int, str]] = []
    bioes, iob1 = scheme == _BIOES, scheme == _IOB1
    label: str | None = None  # of the open chunk
    first = last = 0  # its first and last token
    skipping: str | None = None  # the label of a broken chunk being left out

    def end() -> None:
        # IOB chunks end where the next tag is not theirs; a BIOES chunk must end with E-.
        if label is None:
            return
        if not bioes:
            chunks.append((first, last, label))
            return
        problems.append(
            (
                lines[first],
                f"column {column}: B-{label} is never closed by E-{label} (BIOES): "
                f"this {label} is left out",
            )
        )

    for index, tag in enumerate(tags):
        prefix, name = _parse(tag)
        if prefix == "I" and name == label:
            last = index
            continue
        if skipping == name and prefix in "IE":  # the rest of a broken chunk
            skipping = name if prefix == "I" else None
            continue
        skipping = None
        if prefix == "E" and name == label:
            chunks.append((first, index, name))
            label = None
            continue
        end()
        label = None
        if prefix == "B" or (prefix == "I" and iob1):
            label, first, last = name, index, index
        elif prefix == "S":
            chunks.append((index, index, name))
        elif prefix == "?":
            problems.append(
                (
                    lines[index],
                    f"column {column}: {tag!r} is not a tag (O, or B-, "
                    "I-, E-, S-, L- or U- and a label): read as O",
                )
            )
        elif prefix != OUTSIDE:  # an I- or E- that follows nothing of its label
            skipping = name if prefix == "I" else None
            before = f"B-{name}" if bioes else f"B-{name} or I-{name}"
            problems.append(
                (
                    lines[index],
                    f"column {column}: {tag} does not follow {before} ({scheme}): "
                    f"this {name} is left out",
                )
            )
    end()
    return chunks, problems
