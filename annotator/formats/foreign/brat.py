"""brat standoff files (brat.nlplab.org/standoff.html): ``NAME.ann`` annotates ``NAME.txt``.

- ``T`` text-bound annotations become spans. Annotator's spans are contiguous, so a
  discontinuous one (``T1<TAB>Label 0 5;10 15<TAB>text``) becomes one span per fragment,
  each with the label and ``attrs["fragment"]`` "1/2", "2/2"…; relations, events and
  equivalences naming it attach to its FIRST fragment, attributes and notes to every one.
- ``R`` relations go from ``Arg1`` to ``Arg2``; ``*`` equivalences become one relation per
  consecutive pair; both are labelled with their type.
- ``E`` events become one relation per role, from the trigger span to the argument (for an
  event: its trigger), labelled with the role less trailing digits (``Org-Arg2`` ->
  ``Org-Arg``), ``attrs["event"]`` the event type.
- ``A``/``M`` attributes go into ``attrs`` (binary ones as ``True``), ``#`` notes into
  ``attrs["note"]``, ``N`` normalisations into ``attrs["norm"] = "RefDB:RefID"`` (several
  joined by "; "), of the span (an event's: its trigger's) or relation they name.

Offsets count the code points of the .txt as stored, the \\r of each \\r\\n included and a
byte order mark not. brat's own server, reading with universal newlines, counted \\r\\n as
one character (nlplab/brat#853) and a BOM as one, so when a file's T lines do not match
its text that way, the counting under which most of them match is used instead. A T line
whose text column (fragments joined by a space) disagrees with the text at its offsets is
turned down; one without a text column (or an empty one) is taken as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from annotator.formats.encoding import (
    DecodeError,
    decode_text,
    newline_offset_map,
    normalise_newlines,
)
from annotator.formats.foreign.options import ReadOptions, annotator_of, article_stem
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    RecordError,
    Rejection,
    title_from_text,
)
from annotator.formats.jsonl_links import RawRelation

SUFFIXES: tuple[str, ...] = (".ann",)

_FRAGMENTS = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)\s*")
_PAIR = re.compile(r"(\d+) (\d+)")
_NORM = re.compile(r"(\S+) (\S+) (\S+?):(\S+)\s*")
_ROLE_NUMBER = re.compile(r"\d+$")
_BLANKS = str.maketrans("\n\t", "  ")
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


class _TextBound(NamedTuple):
    line: int
    label: str
    fragments: list[tuple[int, int]]
    text: str | None  # the text column, if there is one


class _Event(NamedTuple):
    line: int
    type: str
    trigger: str
    args: list[tuple[str, str]]  # (role, id)


class _Link(NamedTuple):
    line: int
    ident: str
    type: str
    head: str
    child: str


class _Mark(NamedTuple):  # what an A, M, # or N line says of another annotation: key = value
    line: int
    ident: str
    target: str
    key: str
    value: object


@dataclass
class _Ann:
    texts: dict[str, _TextBound] = field(default_factory=dict)
    events: dict[str, _Event] = field(default_factory=dict)
    links: list[_Link] = field(default_factory=list)
    equivs: list[tuple[int, str, list[str]]] = field(default_factory=list)
    marks: list[_Mark] = field(default_factory=list)
    problems: list[Rejection] = field(default_factory=list)


class _Offsets(NamedTuple):
    convert: Callable[[int], int]  # one way of counting the file's offsets, to the text's
    length: int  # the text's length, counted so


def _quote(text: str) -> str:
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"  # a long one cut short


def _malformed(ident: str) -> RecordError:
    return RecordError(f'{ident}: expected "{ident}<TAB>{_FORMS[ident[0]]}"')


def _role_args(parts: list[str], ident: str) -> list[tuple[str, str]]:
    args = [part.partition(":") for part in parts]
    if not all(role and colon and target for role, colon, target in args):
        raise _malformed(ident)
    return [(role, target) for role, _, target in args]


def _parse_line(ident: str, data: str, tail: str | None, line: int, ann: _Ann) -> None:
    """Add what one annotation line says to ``ann``; RecordError says why it cannot."""
    kind, parts = ident[0], data.split()
    if kind not in _FORMS:
        raise RecordError(
            f"unknown annotation {ident}: brat ids start with T, R, E, A, M, N, # or *"
        )
    if kind == "T" and (found := _FRAGMENTS.fullmatch(data)) is not None:
        fragments = [(int(start), int(end)) for start, end in _PAIR.findall(found.group(2))]
        ann.texts[ident] = _TextBound(line, found.group(1), fragments, tail)
    elif kind == "R" and len(args := _role_args(parts[1:], ident)) == 2:
        ann.links.append(_Link(line, ident, parts[0], args[0][1], args[1][1]))
    elif kind == "E" and parts:
        [(event, trigger), *args] = _role_args(parts, ident)
        ann.events[ident] = _Event(line, event, trigger, args)
    elif kind in "AM" and len(parts) >= 2:
        value: object = " ".join(parts[2:]) or True
        ann.marks.append(_Mark(line, ident, parts[1], parts[0], value))
    elif kind == "#" and len(parts) == 2:
        ann.marks.append(_Mark(line, ident, parts[1], "note", (tail or "").strip()))
    elif kind == "N" and (norm := _NORM.fullmatch(data)) is not None:
        ann.marks.append(_Mark(line, ident, norm.group(2), "norm", f"{norm[3]}:{norm[4]}"))
    elif kind == "*" and len(parts) >= 3:
        ann.equivs.append((line, parts[0], parts[1:]))
    else:
        raise _malformed(ident)


def _parse_ann(text: str, source: str, invalid: Callable[[int], str | None] | None) -> _Ann:
    """Every annotation of an .ann file, and a rejection for each line that is not one."""
    ann, seen = _Ann(), dict[str, int]()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        ident, tab, rest = line.partition("\t")
        data, tab2, tail = rest.partition("\t")
        try:
            if invalid is not None and (reason := invalid(number)) is not None:
                raise RecordError(reason)
            if not tab or not ident or " " in ident:
                raise RecordError(f"not a brat line (ID<TAB>annotation): {_quote(line)}")
            if ident != "*" and ident in seen:
                raise RecordError(f"{ident} is already defined on line {seen[ident]}")
            # An empty text column says nothing to check the offsets against.
            _parse_line(ident, data, tail if tab2 and tail else None, number, ann)
            seen[ident] = number
        except RecordError as exc:
            ann.problems.append(Rejection(source, number, str(exc)))
    return ann


def _same(offset: int) -> int:
    return offset


def _offset_countings(raw: str, text: str) -> list[_Offsets]:
    """The ways the file's offsets may count, the documented one first."""
    body = raw.removeprefix("\ufeff")
    found = [_Offsets(newline_offset_map(body) if "\r\n" in body else _same, len(body))]
    if body is not raw:
        found.append(_Offsets(newline_offset_map(raw), len(raw)))
    if "\r\n" in body:
        found.append(_Offsets(_same, len(text)))
        if body is not raw:
            found.append(_Offsets(lambda offset: max(offset - 1, 0), len(text) + 1))
    return found


def _fit(tb: _TextBound, offsets: _Offsets, text: str, txt: str) -> list[tuple[int, int]] | str:
    """The T line's fragments as offsets into ``text``, or why they do not fit it."""
    fragments = []
    for start, end in tb.fragments:
        if end > offsets.length:
            return f"characters {start}-{end} run past the end of {txt} ({offsets.length} long)"
        fragments.append((offsets.convert(start), offsets.convert(end)))
        if fragments[-1][0] >= fragments[-1][1]:
            return f"characters {start}-{end} of {txt} cover no text"
    if tb.text is None:
        return fragments
    covered = " ".join(text[start:end] for start, end in fragments)
    # A line of the .ann cannot hold a newline or a tab: converters write a space instead.
    if covered == tb.text or covered.translate(_BLANKS) == tb.text:
        return fragments
    return f"the .ann gives the text {_quote(tb.text)} but {txt} reads {_quote(covered)} there"


def _choose_offsets(ann: _Ann, raw: str, text: str) -> _Offsets:
    countings = _offset_countings(raw, text)
    if len(countings) == 1:
        return countings[0]
    checked = [tb for tb in ann.texts.values() if tb.text is not None]

    def score(offsets: _Offsets) -> int:
        return sum(not isinstance(_fit(tb, offsets, text, ""), str) for tb in checked)

    if score(countings[0]) == len(checked):
        return countings[0]
    return max(countings, key=score)  # max keeps the first of equals: the documented one


class _Builder:
    """Turns the parsed annotations into spans and relations, the ids into indices."""

    def __init__(self, ann: _Ann, source: str) -> None:
        self.ann, self.source = ann, source
        self.spans: list[tuple[int, int, str]] = []
        self.attrs: list[dict[str, object]] = []
        self.of_id: dict[str, list[int]] = {}  # T id -> its fragments' spans
        self.relations: list[RawRelation] = []
        self.of_relation: dict[str, RawRelation] = {}
        self.dropped: dict[str, int] = {}  # id -> the line of an annotation turned down
        self.problems = list(ann.problems)

    def reject(self, line: int, reason: str) -> None:
        self.problems.append(Rejection(self.source, line, reason))

    def add_spans(self, offsets: _Offsets, text: str, txt: str) -> None:
        for ident, tb in self.ann.texts.items():
            fragments = _fit(tb, offsets, text, txt)
            if isinstance(fragments, str):
                self.dropped[ident] = tb.line
                self.reject(tb.line, f"{ident}: {fragments}")
                continue
            self.of_id[ident] = list(range(len(self.spans), len(self.spans) + len(fragments)))
            self.spans.extend((start, end, tb.label) for start, end in fragments)
            many = len(fragments) > 1
            for number in range(1, len(fragments) + 1):
                self.attrs.append({"fragment": f"{number}/{len(fragments)}"} if many else {})

    def missing(self, ident: str) -> str:
        if ident in self.dropped:
            return f"{ident}, which was not imported (line {self.dropped[ident]})"
        return f"{ident}, which is not in this file"

    def spans_of(self, ident: str) -> list[int] | None:
        """The spans an id stands for: a T's fragments, an event's trigger's."""
        if ident in self.ann.events:
            ident = self.ann.events[ident].trigger
        return self.of_id.get(ident)

    def link(self, line: int, what: str, head: str, child: str, rel: RawRelation) -> bool:
        """Add ``rel`` from ``head`` to ``child``, or say which of them is missing."""
        heads, children = self.spans_of(head), self.spans_of(child)
        if heads is None or children is None:
            absent = child if heads is not None else head
            self.reject(line, f"{what} names {self.missing(absent)}")
            return False
        self.relations.append(RawRelation(heads[0], children[0], rel.label, rel.attrs))
        return True

    def add_relations(self) -> None:
        for link in self.ann.links:
            rel = RawRelation(0, 0, link.type)
            if self.link(link.line, link.ident, link.head, link.child, rel):
                self.of_relation[link.ident] = rel  # its attrs are the stored relation's
            else:
                self.dropped[link.ident] = link.line
        for line, kind, members in self.ann.equivs:
            present = [m for m in members if self.spans_of(m) is not None]
            for member in members:
                if member not in present:
                    self.reject(line, f"{kind} names {self.missing(member)}")
            for head, child in pairwise(present):
                self.link(line, kind, head, child, RawRelation(0, 0, kind))

    def add_events(self) -> None:
        events = self.ann.events
        for ident, event in events.items():
            if self.spans_of(ident) is None:
                self.reject(event.line, f"{ident}: its trigger is {self.missing(event.trigger)}")
        # All marked first, so that a role naming an event further down says why it is absent.
        self.dropped.update((i, e.line) for i, e in events.items() if self.spans_of(i) is None)
        for ident, event in events.items():
            for role, target in event.args if ident not in self.dropped else ():
                label = _ROLE_NUMBER.sub("", role) or role
                rel = RawRelation(0, 0, label, {"event": event.type})
                self.link(event.line, f"{ident}: role {role}", ident, target, rel)

    def add_marks(self) -> None:
        for mark in self.ann.marks:
            found = self.spans_of(mark.target)
            targets = [self.attrs[i] for i in found] if found is not None else []
            if mark.target in self.of_relation:
                targets = [self.of_relation[mark.target].attrs]
            if not targets:
                self.reject(mark.line, f"{mark.ident}: names {self.missing(mark.target)}")
            for attrs in targets:
                old = attrs.get(mark.key)
                joined = mark.key in ("note", "norm") and old is not None
                sep = "\n" if mark.key == "note" else "; "
                attrs[mark.key] = f"{old}{sep}{mark.value}" if joined else mark.value


def _text_file(path: Path, options: ReadOptions) -> Path | Rejection:
    """The .txt the annotations are of: beside the .ann, or one level up in a folder corpus."""
    name = article_stem(path, options) + ".txt"
    folders = [path.parent]
    if options.annotator_from == "folder" and path.parent != options.root:
        folders.append(path.parent.parent)
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    where = " or ".join(str(folder) for folder in folders)
    return Rejection(str(path), None, f"its text file {name} is missing (looked in {where})")


def _read_text(txt: Path) -> tuple[str, str] | Rejection:
    """The .txt as stored (for counting offsets) and normalised (to import), or why not."""
    try:
        data = txt.read_bytes()
        decoded = decode_text(data)
    except (OSError, DecodeError) as exc:
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        return Rejection(str(txt), None, f"cannot read the text: {reason}")
    if decoded.invalid:
        first, last = decoded.invalid[0].line, decoded.invalid[-1].line
        return Rejection(str(txt), first, decoded.invalid_reason(first, last) or "")
    if (size := len(decoded.text)) > MAX_TEXT_LENGTH:
        too_long = f"the text is {size:,} characters long; the most is {MAX_TEXT_LENGTH:,}"
        return Rejection(str(txt), None, too_long)
    try:  # "utf-8", not "utf-8-sig": the BOM is kept, to count offsets with it if need be
        raw = data.decode("utf-8" if decoded.encoding == "utf-8-sig" else decoded.encoding)
    except (LookupError, UnicodeDecodeError):
        raw = ""
    # A guessed codec may read differently: then the normalised text is all there is to count.
    return (raw if normalise_newlines(raw) == decoded.text else decoded.text), decoded.text


def _read_ann(path: Path) -> _Ann | Rejection:
    try:
        data = path.read_bytes()
        if not data.strip():
            return _Ann()  # brat's own: a document nobody has annotated yet
        decoded = decode_text(data)
    except (OSError, DecodeError) as exc:
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        return Rejection(str(path), None, f"cannot read the annotations: {reason}")
    return _parse_ann(decoded.text, str(path), decoded.invalid_reason if decoded.invalid else None)


def read_brat(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield the article of a brat ``.ann`` file, with its annotations, and its rejections."""
    txt = _text_file(path, options)
    ann = _read_ann(path)
    if isinstance(txt, Rejection) or isinstance(ann, Rejection):
        yield from (problem for problem in (txt, ann) if isinstance(problem, Rejection))
        return
    read = _read_text(txt)
    if isinstance(read, Rejection):
        yield read
        return
    raw, text = read
    builder = _Builder(ann, str(path))
    builder.add_spans(_choose_offsets(ann, raw, text), text, txt.name)
    builder.add_events()  # first: an R line may name an event
    builder.add_relations()
    builder.add_marks()
    yield from sorted(builder.problems, key=lambda problem: problem.line or 0)
    yield ImportRecord(
        text=text,
        title=title_from_text(text),
        meta={"source_file": path.name, "text_file": txt.name},
        source=str(path),
        line=None,
        spans=tuple(
            RawSpan(start, end, label, attrs=attrs)
            for (start, end, label), attrs in zip(builder.spans, builder.attrs, strict=True)
        ),
        annotator=annotator_of(path, options),
        relations=tuple(builder.relations),
    )
