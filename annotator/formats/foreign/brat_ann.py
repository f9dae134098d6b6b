"""The lines of a brat .ann file: what each annotation says, and why a line is none.

brat.py turns what they say into spans and relations. Nearly every .ann of named
entities holds nothing but T lines of one fragment (``T1<TAB>Label 0 5<TAB>text``):
:func:`plain_spans` reads such a file with one regular expression into columns of
labels and offsets, in a fraction of the time the general way takes, to the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import lt, sub
from typing import NamedTuple

import orjson

from annotator.formats.import_record import PlainSpans, RecordError, Rejection

#: A T line of one fragment: id, label, start, end and the text column, if any. What
#: brat.py's parser accepts of such a line and no more (no space after the offsets, say).
_PLAIN = re.compile(r"^(T[^\t\n ]*)\t(\S+) (\d+) (\d+)(?:\t(.*))?$", re.MULTILINE)
_FRAGMENTS = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)\s*")
_PAIR = re.compile(r"(\d+) (\d+)")
_NORM = re.compile(r"(\S+) (\S+) (\S+?):(\S+)\s*")
_FORMS = {  # what each kind of line holds after its id and a tab, as error messages say
    "T": "Label START END<TAB>text",
    "R": "Type Arg1:T1 Arg2:T2",
    "E": "Type:T1 Role:T2 …",
    "A": "Name T1 [Value]",
    "M": "Name T1",
    "N": "Reference T1 Database:ID<TAB>name",
    "#": "AnnotatorNotes T1<TAB>note",
    "*": "Equiv T1 T2 …",
}


class TextBound(NamedTuple):
    """A T line: a label over one or more fragments of the text."""

    line: int
    label: str
    fragments: list[tuple[int, int]]
    text: str | None  # the text column, if there is one


class Event(NamedTuple):
    """An E line: an event, its trigger and its arguments."""

    line: int
    type: str
    trigger: str
    args: list[tuple[str, str]]  # (role, id)


class Link(NamedTuple):
    """An R line: a relation from one annotation to another."""

    line: int
    ident: str
    type: str
    head: str
    child: str


class Mark(NamedTuple):
    """What an A, M, # or N line says of another annotation: ``key`` = ``value``."""

    line: int
    ident: str
    target: str
    key: str
    value: object


@dataclass
class Ann:
    """Every annotation of an .ann file, by kind, and the lines that are none."""

    texts: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    equivs: list[tuple[int, str, list[str]]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    problems: list[Rejection] = field(default_factory=list)


def quote(text: str) -> str:
    """``text`` in quotation marks for a message, a long one cut short."""
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


def _malformed(ident: str) -> RecordError:
    return RecordError(f'{ident}: expected "{ident}<TAB>{_FORMS[ident[0]]}"')


def _role_args(parts: list[str], ident: str) -> list[tuple[str, str]]:
    args = [part.partition(":") for part in parts]
    if not all(role and colon and target for role, colon, target in args):
        raise _malformed(ident)
    return [(role, target) for role, _, target in args]


def _parse_line(ident: str, data: str, tail: str | None, line: int, ann: Ann) -> None:
    """Add what one annotation line says to ``ann``; RecordError says why it cannot."""
    kind, parts = ident[0], data.split()
    if kind not in _FORMS:
        raise RecordError(
            f"unknown annotation {ident}: brat ids start with T, R, E, A, M, N, # or *"
        )
    if kind == "T" and (found := _FRAGMENTS.fullmatch(data)) is not None:
        fragments = [(int(start), int(end)) for start, end in _PAIR.findall(found.group(2))]
        ann.texts[ident] = TextBound(line, found.group(1), fragments, tail)
    elif kind == "R" and len(args := _role_args(parts[1:], ident)) == 2:
        ann.links.append(Link(line, ident, parts[0], args[0][1], args[1][1]))
    elif kind == "E" and parts:
        [(event, trigger), *args] = _role_args(parts, ident)
        ann.events[ident] = Event(line, event, trigger, args)
    elif kind in "AM" and len(parts) >= 2:
        value: object = " ".join(parts[2:]) or True
        ann.marks.append(Mark(line, ident, parts[1], parts[0], value))
    elif kind == "#" and len(parts) == 2:
        ann.marks.append(Mark(line, ident, parts[1], "note", (tail or "").strip()))
    elif kind == "N" and (norm := _NORM.fullmatch(data)) is not None:
        ann.marks.append(Mark(line, ident, norm.group(2), "norm", f"{norm[3]}:{norm[4]}"))
    elif kind == "*" and len(parts) >= 3:
        ann.equivs.append((line, parts[0], parts[1:]))
    else:
        raise _malformed(ident)


def parse_ann(text: str, source: str, invalid: Callable[[int], str | None] | None) -> Ann:
    """Every annotation of an .ann file, and a rejection for each line that is not one."""
    ann, seen = Ann(), dict[str, int]()
    for number, line in enumerate(text.split("\n"), start=1):
        plain = _PLAIN.match(line) if invalid is None else None
        if plain is not None and plain[1] not in seen:  # the usual line, read sooner
            ident, label, start, end, tail = plain.groups()
            ann.texts[ident] = TextBound(number, label, [(int(start), int(end))], tail or None)
            seen[ident] = number
            continue
        if not line.strip():
            continue
        ident, tab, rest = line.partition("\t")
        data, tab2, tail = rest.partition("\t")
        try:
            if invalid is not None and (reason := invalid(number)) is not None:
                raise RecordError(reason)
            if not tab or not ident or " " in ident:
                raise RecordError(f"not a brat line (ID<TAB>annotation): {quote(line)}")
            if ident != "*" and ident in seen:
                raise RecordError(f"{ident} is already defined on line {seen[ident]}")
            # An empty text column says nothing to check the offsets against.
            _parse_line(ident, data, tail if tab2 and tail else None, number, ann)
            seen[ident] = number
        except RecordError as exc:
            ann.problems.append(Rejection(source, number, str(exc)))
    return ann


def _numbers(column: tuple[str, ...]) -> list[int]:
    """A column of offsets (runs of digits) as numbers: read as one JSON list, in C."""
    try:
        found: list[int] = orjson.loads("[" + ",".join(column) + "]")
    except orjson.JSONDecodeError:  # leading zeros, or digits other than 0-9: int() reads them
        return list(map(int, column))
    return found


def plain_spans(ann: str, text: str, length: int) -> PlainSpans | None:
    """The spans of ``ann`` if it holds only plain T lines that all fit ``text``, else None.

    ``length``: how long the text is as the offsets count it, which must be as they count
    ``text`` (brat.py checks: no \\r\\n, no byte order mark). Every check runs over whole
    columns, in C: a Python step a span would cost more than storing the span.
    """
    found = _PLAIN.findall(ann)
    lines = ann.count("\n") + (not ann.endswith("\n"))
    if not found or len(found) != lines:
        return None  # a line of another kind, or a blank one
    idents, labels, begins, finishes, tails = zip(*found, strict=True)
    if len(set(idents)) != lines:
        return None  # an id defined twice
    starts, ends = _numbers(begins), _numbers(finishes)
    if not all(map(lt, starts, ends)) or max(ends) > length:
        return None  # _fit says why
    if "" in tails:  # a line without a text column is taken as it is
        covered = map(text.__getitem__, map(slice, starts, ends))
        if any(tail and seen != tail for seen, tail in zip(covered, tails, strict=True)):
            return None
    # Each text column is the text at its offsets: as long, and the text starts with it there.
    elif list(map(len, tails)) != list(map(sub, ends, starts)) or not all(
        map(text.startswith, tails, starts, ends)
    ):
        return None
    return PlainSpans(labels, starts, ends)
