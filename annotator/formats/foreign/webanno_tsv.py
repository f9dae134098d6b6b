"""Reading WebAnno TSV 3.x, the tab-separated format WebAnno and INCEpTION export.

As INCEpTION reads it (its user guide's "WebAnno TSV 3.3 File format"), the text is each
sentence's ``#Text=`` lines placed at the offset of its first token (a sentence without them is
rebuilt from its tokens). The format does not say what lay between sentences: a gap of one
becomes a line break, a longer one a paragraph break and spaces. Offsets count UTF-16 units
(Java's) and become code points; a span over a token that is not the text at its offsets is
turned down.

Span layers give spans: the ``value`` feature (DKPro's named entities) or else the first
feature with a value is the label (else the layer's short name), the others attributes. Chain
layers (coreference) give a span per link, labelled with its ``referenceType``, and a relation
to the next link, labelled with its ``referenceRelation``. Relation layers give relations
between spans of their ``BT_`` layer, from the governor (the unit the ``BT_`` column names) to
the dependent (the row's). Slot features give relations from the slot's owner to each filler,
labelled with the role. DKPro's per-token lemma, stem and morphology are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from annotator.formats.encoding import (
    newline_offset_map,
    normalise_newlines,
)
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import ImportRecord, RawSpan, Rejection, title_from_text
from annotator.formats.jsonl_links import RawRelation
from annotator.formats.readers import read_decoded

SUFFIXES = (".tsv",)

_FORMAT = re.compile(r"#FORMAT=WebAnno TSV 3\.(\d+)")
_KINDS = {"#T_SP=": "span", "#T_CH=": "chain", "#T_RL=": "relation"}
_STACK = re.compile(r"(?<!\\)\|")  # stacked annotations in one cell
_SLOTS = re.compile(r"(?<!\\);")  # a slot feature's fillers
_SUFFIX = re.compile(r"(?<!\\)\[(\d+)(?:_(\d+))?\]$")  # disambiguation or chain id
_CHAIN = re.compile(r"(?<!\\)->(\d+)-(\d+)$")  # referenceRelation->CHAIN-LINK
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each
_VALUE_ESCAPE = re.compile(r"\\(->|[\\\[\]|_;tn*])")
_TEXT_ESCAPE = re.compile(r"\\([\\tnfrb\x00-\x07\x0e-\x1f])")
_JAVA_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\\tnfrb'\"])")  # TSV 3.0 and 3.1
_CONTROL = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b"}
_ANY = "uima.tcas.Annotation"  # an untyped slot: any annotation may fill it
# What DKPro Core attaches to every token: properties, not annotations anyone would import.
_TOKEN_PROPERTIES = (".type.Lemma", ".type.Stem", ".type.morph.MorphologicalFeatures")


Attrs = dict[str, object]


class _FileProblem(Exception):  # the file cannot be read on: (line, why)
    pass


@dataclass(frozen=True, slots=True)
class _Column:
    layer: str
    kind: str  # span, chain or relation
    role: str  # feature, none (a layer without features), slot, target, base, type or link
    name: str = ""
    target: str = ""  # the layer a base or slot column points into


@dataclass(eq=False, slots=True)
class _Anno:
    layer: str
    kind: str
    begin: int  # UTF-16 units
    end: int
    lines: list[int]  # of the rows it covers
    values: dict[str, str] = field(default_factory=dict)
    # Relation ends and slot fillers: (label, layer, unit id, disambiguation id).
    links: list[tuple[str, str, str, int]] = field(default_factory=list)


def read_webanno(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield the document of a WebAnno TSV 3 file with its annotations, and rejections."""
    source = str(path)
    decoded = read_decoded(path)
    if isinstance(decoded, Rejection):
        yield decoded
        return
    if decoded.invalid:  # one document: imported whole or not at all
        first, last = decoded.invalid[0], decoded.invalid[-1]
        yield Rejection(source, first.line, decoded.invalid_reason(first.line, last.line) or "")
        return
    lines = decoded.text.split("\n")
    head = _FORMAT.fullmatch(lines[0].strip())
    if head is None:
        why = "not a WebAnno TSV 3 file: its first line should be #FORMAT=WebAnno TSV 3.3"
        yield Rejection(source, 1, why)
        return
    columns, body = _columns(lines)
    reader = _Reader(columns, int(head[1]))
    try:
        for number in range(body, len(lines)):
            reader.line(number + 1, lines[number])
        text, spans, relations = reader.finish()
    except _FileProblem as exc:
        yield Rejection(source, *exc.args)
        return
    yield from (Rejection(source, line, why) for line, why in reader.problems)
    if not text.strip():
        yield Rejection(source, None, "no text: the file has no #Text lines or tokens")
        return
    meta: dict[str, object] = {"source_file": path.name}
    if path.parent.parent.name == "annotation":  # INCEpTION: annotation/DOCUMENT/USER.tsv
        meta["document"] = path.parent.name
    who = _annotator(path, options)
    yield ImportRecord(
        text, title_from_text(text), meta, source, None, spans, who, relations=relations
    )


def _annotator(path: Path, options: ReadOptions) -> str | None:
    """The user INCEpTION's project export names in the file name, else the options' one."""
    chosen = ReadOptions(None, options.annotator_from, options.root)  # without the fallback
    who = annotator_of(path, chosen) if options.annotator_from else None
    return who or (path.stem if path.parent.parent.name == "annotation" else options.annotator)


def _columns(lines: list[str]) -> tuple[list[_Column], int]:
    """The columns the header declares, and the index of the first line after it."""
    columns: list[_Column] = []
    for number in range(1, len(lines)):
        kind = _KINDS.get(lines[number][:6])
        if kind is None:
            return columns, number
        # Like INCEpTION, ignore empty declarations ("Layer|" declares no feature).
        layer, *decls = [d for d in lines[number][6:].split("|") if d] or ["?"]
        if not decls:
            columns.append(_Column(layer, kind, "none"))
        for i, decl in enumerate(decls):
            after_role = i > 0 and decls[i - 1].startswith("ROLE_")
            if kind == "relation" and decl.startswith("BT_"):
                columns.append(_Column(layer, kind, "base", target=decl[3:]))
            elif kind == "span" and decl.startswith("ROLE_"):
                name = decl.split("_")[1].partition(":")[2]
                target = decls[i + 1] if i + 1 < len(decls) else _ANY
                columns.append(_Column(layer, kind, "slot", name, target))
            elif kind == "span" and after_role:
                columns.append(_Column(layer, kind, "target"))
            elif kind == "chain":
                role = "link" if decl == "referenceRelation" else "type"
                columns.append(_Column(layer, kind, role, "referenceType"))
            else:
                columns.append(_Column(layer, kind, "feature", decl))
    return columns, len(lines)


class _Reader:
    """The body of one file: text, units, annotations, as INCEpTION's reader builds them."""

    def __init__(self, columns: list[_Column], minor: int) -> None:
        self.columns = columns
        # Chain links first: they create the annotations that the type column describes.
        self.order = sorted(range(len(columns)), key=lambda i: columns[i].role != "link")
        self.features: dict[str, list[str]] = {}
        for column in columns:
            if column.role in ("feature", "type"):
                self.features.setdefault(column.layer, []).append(column.name)
        self.escape = _JAVA_ESCAPE if minor <= 1 else _TEXT_ESCAPE
        self.pieces: list[str] = []
        self.units16 = 0  # length of the text so far in UTF-16 units
        self.pending: list[str] | None = None  # the #Text lines of the coming sentence
        self.fresh = True  # the next token starts a sentence
        self.texted = False  # the current sentence's text came from #Text lines
        # How a row with nothing in any annotation column ends, with its trailing tab or not.
        self.empty = ("\t_" * len(columns) + "\t", "\t_" * len(columns))
        self.rows: list[tuple[int, int, int, str]] = []
        self.units: dict[str, dict[str, list[_Anno]]] = {}
        self.annos: list[_Anno] = []
        self.ids: dict[int, _Anno] = {}
        self.chains: dict[tuple[str, int, int], _Anno] = {}
        self.problems: list[tuple[int | None, str]] = []
        self.index: dict[_Anno, int] = {}  # each imported span's position
        self.spans = {c.layer for c in columns if c.kind != "relation"} | {_ANY}

    def line(self, number: int, line: str) -> None:
        if line.startswith("#Text="):
            self.pending = [*(self.pending or []), self.escape.sub(_unescape_text, line[6:])]
        elif not line or line.isspace():
            self.fresh, self.texted = True, False
        elif self.texted and self.pending is None and line.endswith(self.empty):
            return  # most tokens: nothing on them, and their sentence's text is in place
        elif not line.startswith("#"):  # #Sentence.id and comments carry nothing to import
            self.row(number, line.split("\t"))

    def row(self, number: int, cells: list[str]) -> None:
        first, _, last = cells[1].partition("-") if len(cells) > 2 else ("", "", "")
        found = first.isdecimal() and last.isdecimal()
        if found:
            begin, end = int(first), int(last)
            if "." not in cells[0]:  # sub-tokens lie inside their token
                self.place(number, begin, end, cells[2])
            self.rows.append((number, begin, end, cells[2]))
        if not found or len(cells) < 3 + len(self.columns):
            want = f"{3 + len(self.columns)} tab-separated columns, ID and begin-end"
            self.problems.append((number, f"not a token row: expected {want}"))
            return
        uid = cells[0]
        self.units[uid] = {}
        unit = (uid, begin, end, number)
        for i in self.order:
            column, cell = self.columns[i], cells[3 + i]
            if cell == "_" or column.role == "target":
                continue
            slot = column.role == "slot" and 4 + i < len(cells)
            fillers = _STACK.split(cells[4 + i]) if slot else []
            for index, value in enumerate(_STACK.split(cell) if "|" in cell else [cell]):
                if column.role == "link":
                    self.link(column, unit, value)
                else:
                    filler = fillers[index] if index < len(fillers) else "_"
                    self.cell(column, unit, index, value, filler)

    def place(self, number: int, begin: int, end: int, token: str) -> None:
        """Add the sentence starting at this token, or the token if no #Text gave it."""
        if self.pending is not None:
            piece, self.pending, breaking = "\n".join(self.pending), None, True
            self.texted = True
        elif end > self.units16:
            piece, breaking = token, self.fresh
        else:
            return
        gap = begin - self.units16
        if gap < 0:
            why = f"the text here starts at {begin}, inside the text before (up to {self.units16})"
            raise _FileProblem(number, why)
        between = "\n" * min(gap, 2) + " " * max(gap - 2, 0) if breaking and self.pieces else ""
        self.pieces += [between or " " * gap, piece]
        self.units16 += gap + len(piece) + len(_ASTRAL.findall(piece))
        self.fresh = False

    def at(self, column: _Column, unit: tuple[str, int, int, int], index: int, ref: int) -> _Anno:
        """The annotation a cell describes: stacked ``index`` on this unit, or by its id."""
        uid, begin, end, line = unit
        stack = self.units[uid].setdefault(column.layer, [])
        if index < len(stack):
            return stack[index]
        anno = self.ids.get(ref) if ref else None
        if anno is not None and anno.layer == column.layer:
            anno.end = end  # a multi-token span goes on
            anno.lines.append(line)
        else:
            anno = _Anno(column.layer, column.kind, begin, end, [line])
            self.annos.append(anno)
            if ref and column.kind == "span":
                self.ids[ref] = anno
        stack.append(anno)
        return anno

    def cell(
        self, column: _Column, unit: tuple[str, int, int, int], index: int, value: str, filler: str
    ) -> None:
        suffix = _SUFFIX.search(value) if value.endswith("]") else None
        ref = int(suffix[1]) if suffix and column.kind == "span" else 0
        if suffix and column.role != "base":
            value = value[: suffix.start()]
        anno = self.at(column, unit, index, ref)
        if column.role == "base":  # governor's unit[source id_target id]
            source, target = (int(n or 0) for n in suffix.groups()) if suffix else (0, 0)
            uid = value[: suffix.start()] if suffix else value
            anno.links += [("", column.target, uid, source), ("", column.target, unit[0], target)]
        elif column.role == "slot":
            for role, filled in zip(_SLOTS.split(value), _SLOTS.split(filler), strict=False):
                found = _SUFFIX.search(filled)
                uid = filled[: found.start()] if found else filled
                label = column.name if role == "*" else _unescape(role)
                if uid not in ("*", "_"):
                    anno.links.append((label, column.target, uid, int(found[1]) if found else 0))
        elif column.role != "none" and value != "*":
            anno.values[column.name] = _unescape(value)

    def link(self, column: _Column, unit: tuple[str, int, int, int], value: str) -> None:
        """A chain link: the same chain and link number on several rows is one span."""
        uid, begin, end, line = unit
        found = _CHAIN.search(value)
        if found is None:
            self.problems.append((line, f"the chain link {value!r} has no ->CHAIN-LINK number"))
            return
        key = (column.layer, int(found[1]), int(found[2]))
        anno = self.chains.get(key)
        if anno is None:
            anno = self.chains[key] = _Anno(column.layer, "chain", begin, end, [line])
            self.annos.append(anno)
        else:
            anno.end = end
            anno.lines.append(line)
        self.units[uid].setdefault(column.layer, []).append(anno)
        if value[: found.start()] != "*":
            anno.values["referenceRelation"] = _unescape(value[: found.start()])

    def finish(self) -> tuple[str, tuple[RawSpan, ...], tuple[RawRelation, ...]]:
        if self.pending is not None:  # a last sentence without tokens is text all the same
            self.place(0, self.units16 + bool(self.pieces), 0, "")
        raw = "".join(self.pieces)
        astral = [m.start() + n for n, m in enumerate(_ASTRAL.finditer(raw))]

        def point(unit: int) -> int | None:  # UTF-16 offset -> code point, None mid-pair
            before = bisect_left(astral, unit) if astral else 0
            return None if before and astral[before - 1] == unit - 1 else unit - before

        bad: dict[int, str] = {}
        for number, begin, end, token in self.rows:
            start, stop = point(begin), point(end)
            found = raw[start:stop] if start is not None and stop is not None else None
            if found != token:
                bad[number] = f"the token {token!r} is not the text at {begin}-{end} ({found!r})"
        remap = newline_offset_map(raw)
        spans: list[RawSpan] = []
        for anno in self.annos:
            if anno.kind == "relation" or anno.layer.endswith(_TOKEN_PROPERTIES):
                continue
            label, attrs = self.label(anno)
            start, stop = point(anno.begin), point(anno.end)
            wrong = next((f"line {n}: {bad[n]}" for n in anno.lines if n in bad), "") if bad else ""
            if start is None or stop is None:
                wrong = wrong or "it splits a character"
            elif not wrong and (start := remap(start)) < (stop := remap(stop)):
                self.index[anno] = len(spans)
                spans.append(RawSpan(start, stop, label, attrs=attrs))
                continue
            why = f"{label} ({_short(anno.layer)}) not imported: {wrong or 'it covers no text'}"
            self.problems.append((anno.lines[0], why))
        return normalise_newlines(raw), tuple(spans), tuple(self.relations())

    def label(self, anno: _Anno) -> tuple[str, Attrs]:
        """The ``value`` feature (DKPro's name for the label) or the first with a value, else
        the layer's short name; the other features as attributes."""
        names = self.features.get(anno.layer, [])
        values: Attrs = {n: anno.values[n] for n in names if anno.values.get(n)}
        if not values:
            return _short(anno.layer), {}
        return str(values.pop("value" if "value" in values else next(iter(values)))), values

    def relations(self) -> Iterator[RawRelation]:
        for anno in self.annos:
            ends = [(name, self.resolve(at, uid, ref)) for name, at, uid, ref in anno.links]
            if anno.kind == "relation":
                label, attrs = self.label(anno)
                head, child = (ends[0][1], ends[1][1]) if len(ends) == 2 else (None, None)
                yield from self.relation(anno, label, head, child, attrs)
            elif anno.kind == "span":
                for label, filler in ends:
                    yield from self.relation(anno, label, anno, filler, {})
        links = sorted(self.chains.items(), key=lambda item: item[0])
        for (key, first), (next_key, second) in pairwise(links):
            if key[:2] == next_key[:2]:  # the same chain: link N to link N + 1
                label = first.values.get("referenceRelation") or _short(key[0])
                yield from self.relation(first, label, first, second, {})

    def relation(
        self, anno: _Anno, label: str, head: _Anno | None, child: _Anno | None, attrs: Attrs
    ) -> Iterator[RawRelation]:
        found = [self.index.get(end, -1) if end else -1 for end in (head, child)]
        if min(found) >= 0:
            yield RawRelation(found[0], found[1], label, attrs)
        else:
            ends = anno.links[0][1] if anno.links else anno.layer
            what = "a span not imported" if ends in self.spans else f"a {_short(ends)}, no span"
            why = f"{label} ({_short(anno.layer)}) not imported: one of its ends is {what}"
            self.problems.append((anno.lines[0], why))

    def resolve(self, layer: str, uid: str, ref: int) -> _Anno | None:
        """The annotation a relation end or slot filler names: by id, else the unit's one."""
        if ref:
            return self.ids.get(ref)
        stacks = self.units.get(uid, {})
        if stacks.get(layer):
            return stacks[layer][0]
        if layer == _ANY:
            return next((s[0] for s in stacks.values() if s and s[0].kind != "relation"), None)
        return None


def _short(layer: str) -> str:
    return layer.rsplit(".", 1)[-1]


def _unescape(value: str) -> str:
    return _VALUE_ESCAPE.sub(lambda m: _CONTROL.get(m[1], m[1]), value) if "\\" in value else value


def _unescape_text(found: re.Match[str]) -> str:
    code = found[1]  # \uXXXX (TSV 3.0 and 3.1 only) or a single character
    return chr(int(code[1:], 16)) if len(code) == 5 else _CONTROL.get(code, code)
