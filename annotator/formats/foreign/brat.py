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

brat_ann.py reads the lines of the .ann; this module fits them to the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from annotator.formats.encoding import (
    Decoded,
    DecodeError,
    decode_text,
    newline_offset_map,
    normalise_newlines,
)
from annotator.formats.foreign.brat_ann import Ann, TextBound, parse_ann, plain_spans, quote
from annotator.formats.foreign.options import ReadOptions, annotator_of, article_stem
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    Rejection,
    raw_span,
    title_from_text,
)
from annotator.formats.jsonl_links import RawRelation

SUFFIXES: tuple[str, ...] = (".ann",)

_ROLE_NUMBER = re.compile(r"\d+$")
_BLANKS = str.maketrans("\n\t", "  ")


class _Offsets(NamedTuple):
    convert: Callable[[int], int]  # one way of counting the file's offsets, to the text's
    length: int  # the text's length, counted so


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


def _fit(tb: TextBound, offsets: _Offsets, text: str, txt: str) -> list[tuple[int, int]] | str:
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
    return f"the .ann gives the text {quote(tb.text)} but {txt} reads {quote(covered)} there"


def _choose_offsets(ann: Ann, raw: str, text: str) -> _Offsets:
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

    def __init__(self, ann: Ann, source: str) -> None:
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
        plain = offsets.convert is _same
        for ident, tb in self.ann.texts.items():
            if plain and len(tb.fragments) == 1:  # what _fit says of the usual kind, sooner
                ((start, end),) = tb.fragments
                if start < end <= offsets.length and tb.text in (None, text[start:end]):
                    self.of_id[ident] = [len(self.spans)]
                    self.spans.append((start, end, tb.label))
                    self.attrs.append({})
                    continue
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
    if decoded.encoding == "utf-8" and b"\r" not in data:  # the usual: read as it is stored
        return decoded.text, decoded.text
    try:  # "utf-8", not "utf-8-sig": the BOM is kept, to count offsets with it if need be
        raw = data.decode("utf-8" if decoded.encoding == "utf-8-sig" else decoded.encoding)
    except (LookupError, UnicodeDecodeError):
        raw = ""
    # A guessed codec may read differently: then the normalised text is all there is to count.
    return (raw if normalise_newlines(raw) == decoded.text else decoded.text), decoded.text


def _read_ann(path: Path) -> Decoded | Rejection | None:
    """The decoded .ann, or None for an empty one: brat's for a document nobody annotated."""
    try:
        data = path.read_bytes()
        return decode_text(data) if data.strip() else None
    except (OSError, DecodeError) as exc:
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        return Rejection(str(path), None, f"cannot read the annotations: {reason}")


def _annotations(
    ann: Decoded | None, raw: str, text: str, path: Path, txt: str
) -> tuple[list[Rejection], Sequence[RawSpan], tuple[RawRelation, ...]]:
    """What the .ann says of the text: the lines turned down, the spans, the relations."""
    documented, *others = _offset_countings(raw, text)
    if ann is not None and not ann.invalid and not others and documented.convert is _same:
        plain = plain_spans(ann.text, text, documented.length)
        if plain is not None:
            return [], plain, ()
    invalid = ann.invalid_reason if ann is not None and ann.invalid else None
    parsed = parse_ann(ann.text, str(path), invalid) if ann is not None else Ann()
    builder = _Builder(parsed, str(path))
    builder.add_spans(_choose_offsets(parsed, raw, text), text, txt)
    builder.add_events()  # first: an R line may name an event
    builder.add_relations()
    builder.add_marks()
    spans = tuple(
        raw_span(start, end, label, attrs)
        for (start, end, label), attrs in zip(builder.spans, builder.attrs, strict=True)
    )
    problems = sorted(builder.problems, key=lambda problem: problem.line or 0)
    return problems, spans, tuple(builder.relations)


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
    problems, spans, relations = _annotations(ann, raw, text, path, txt.name)
    yield from problems
    yield ImportRecord(
        text=text,
        title=title_from_text(text),
        meta={"source_file": path.name, "text_file": txt.name},
        source=str(path),
        line=None,
        spans=spans,
        annotator=annotator_of(path, options),
        relations=relations,
    )
