"""UIMA CAS XMI (INCEpTION, WebAnno, DKPro Core): the text and its annotations.

An XMI file needs its type system, which the XMI format does not carry: INCEpTION and
DKPro Core's XmiWriter write it as ``TypeSystem.xml`` beside the .xmi (in the zip that
INCEpTION exports per document). It is looked for beside the file and one folder up, so
that several unpacked exports can share one. dkpro-cassis reads both.

The text is the default view's sofa string, newlines normalised. Every annotation of a
type that is not part of the text's analysis (DKPro's segmentation, metadata,
part-of-speech, syntax and document-structure types: tokens, sentences, lemmas, tags on
every word) becomes a span: its label is its ``value`` feature (DKPro's NamedEntity,
INCEpTION's custom layers), else its first string feature that is set, else its type's
short name; its other primitive features become attributes. An annotation with
``Governor`` and ``Dependent`` features (a WebAnno/INCEpTION relation layer) becomes a
relation between the spans at its two ends, labelled the same way. DocumentMetaData gives
the title and the document's id and URI.

Offsets: UIMA counts UTF-16 code units (Java strings), so an emoji counts twice.
dkpro-cassis converts them to code points on loading (checked on its own test file,
where "Transformers" follows an emoji: UTF-16 3-15, code points 2-14), but an offset
it cannot convert (past the end, or between the two halves of an emoji) it keeps as it
is, with a warning only, and it forgets where in the file an annotation was. So the
offsets and lines are read from the XMI here, converted, and checked: an annotation whose
offsets do not fall on the text is turned down with its line, and the rest imported.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.encoding import newline_offset_map, normalise_newlines
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    RawSpan,
    Rejection,
    clean_title,
    title_from_text,
)
from annotator.formats.jsonl_links import RawRelation

SUFFIXES = (".xmi",)
TYPE_SYSTEM_NAMES = ("TypeSystem.xml", "typesystem.xml")

_ANNOTATION = "uima.tcas.Annotation"
_DOCUMENT_ANNOTATION = "uima.tcas.DocumentAnnotation"
_META_DATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
_XMI_ID = "{http://www.omg.org/XMI}id"
_WIDE = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each
# The analysis of the text rather than anybody's annotation of it: a span for each of
# these would put a label on every word.
_NOT_LAYERS = tuple(
    f"{package}."
    for package in (
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type",
        "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type",
        "de.tudarmstadt.ukp.dkpro.core.api.syntax.type",
        "de.tudarmstadt.ukp.dkpro.core.api.transform.type",
        "de.tudarmstadt.ukp.dkpro.core.api.structure.type",
        "org.dkpro.core.api.xml.type",
        "org.dkpro.core.api.pdf.type",
    )
)
_NOT_FEATURES = frozenset({"sofa", "begin", "end", "Governor", "Dependent"})
_META_FEATURES = {
    "documentId": "document_id",
    "documentUri": "document_uri",
    "collectionId": "collection_id",
    "language": "language",
}

CAS = Any  # dkpro-cassis has no type hints
TypeSystem = Any


class XmiError(ValueError):
    """The file cannot be read as XMI; the message says why, ``line`` where if known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


def read_xmi(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield the document of the XMI file ``path``, after a rejection per annotation refused."""
    source = str(path)
    try:
        data = path.read_bytes()
        if not data.strip():
            raise XmiError("empty file")
        typesystem = _typesystem(path)
        positions = _positions(data)
        cas = _load_cas(data, typesystem)
    except OSError as exc:
        yield Rejection(source, None, f"cannot read: {exc.strerror or exc}")
        return
    except XmiError as exc:
        yield Rejection(source, exc.line, str(exc))
        return
    sofa = cas.sofa_string or ""
    text = normalise_newlines(sofa)
    if not text.strip():
        yield Rejection(source, None, "the document has no text")
        return
    if len(text) > MAX_TEXT_LENGTH:
        reason = f"the text is {len(text):,} characters long; an article can have at most "
        yield Rejection(source, None, reason + f"{MAX_TEXT_LENGTH:,}")
        return
    reader = _Annotations(typesystem, positions, _offset_map(sofa), len(text))
    spans, relations, problems = reader.read(cas.select(_ANNOTATION))
    for line, reason in problems:
        yield Rejection(source, line, reason)
    metadata = _metadata(cas)
    title = clean_title(str(metadata.pop("title", ""))) or title_from_text(text)
    yield ImportRecord(
        text=text,
        title=title,
        meta={"source_file": path.name, **metadata},
        source=source,
        line=None,
        spans=tuple(spans),
        annotator=_annotator(path, options),
        relations=tuple(relations),
    )


def _typesystem(path: Path) -> TypeSystem:
    """The type system beside ``path`` or one folder up, loaded once per distinct file."""
    for folder in (path.parent, path.parent.parent):
        for name in TYPE_SYSTEM_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return _load_typesystem(candidate.read_bytes(), candidate)
    raise XmiError(
        "no TypeSystem.xml beside the file or in the folder above: INCEpTION and DKPro "
        "Core write it next to the .xmi (unpack the whole exported zip)"
    )


_TYPESYSTEMS: dict[bytes, TypeSystem] = {}
_KEPT_TYPESYSTEMS = 8  # a project export repeats the same one in every document's folder


def _load_typesystem(data: bytes, where: Path) -> TypeSystem:
    key = hashlib.sha256(data).digest()
    if key not in _TYPESYSTEMS:
        from cassis import load_typesystem

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # features renamed for Python (self, type)
                loaded = load_typesystem(io.BytesIO(data))
        except Exception as exc:  # cassis fails in many ways on a broken file; all say "broken"
            raise XmiError(f"{where.name} is not a UIMA type system ({exc})") from None
        if len(_TYPESYSTEMS) >= _KEPT_TYPESYSTEMS:
            _TYPESYSTEMS.pop(next(iter(_TYPESYSTEMS)))
        _TYPESYSTEMS[key] = loaded
    return _TYPESYSTEMS[key]


def _positions(data: bytes) -> dict[int, tuple[int, int, int]]:
    """Each annotation's line in the file and its offsets as written, by XMI id."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmiError(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    found: dict[int, tuple[int, int, int]] = {}
    for element in root:
        begin, end, xmi_id = element.get("begin"), element.get("end"), element.get(_XMI_ID)
        if begin is None or end is None or xmi_id is None:
            continue
        try:
            found[int(xmi_id)] = (element.sourceline, int(begin), int(end))
        except ValueError:
            raise XmiError(
                "begin, end and xmi:id must be whole numbers", element.sourceline
            ) from None
    return found


def _load_cas(data: bytes, typesystem: TypeSystem) -> CAS:
    from cassis import load_cas_from_xmi
    from cassis.typesystem import TypeNotFoundError

    try:
        with warnings.catch_warnings():
            # cassis warns of offsets it cannot convert; they are checked here, with lines.
            warnings.simplefilter("ignore")
            return load_cas_from_xmi(io.BytesIO(data), typesystem=typesystem)
    except TypeNotFoundError as exc:
        raise XmiError(
            f"{str(exc).rstrip('!')} in its TypeSystem.xml, which must belong to another "
            "export: use the one that came with this file"
        ) from None
    except KeyError as exc:  # cassis resolves references by looking the ids up
        raise XmiError(
            f"an annotation refers to xmi:id {exc.args[0]}, which is not in the file"
        ) from None
    except Exception as exc:  # cassis fails in many ways on a broken file; all say "broken"
        raise XmiError(f"not a UIMA CAS XMI file that dkpro-cassis can read ({exc})") from None


def _offset_map(sofa: str) -> Callable[[int], int]:
    """Map UTF-16 offsets into ``sofa`` to code points of its normalised text.

    Raises ValueError for an offset between the two halves of a character outside the
    Basic Multilingual Plane (an emoji): no code point offset corresponds to it.
    """
    # Where each such character starts, counted in UTF-16 units (each one counts twice).
    starts = [match.start() + n for n, match in enumerate(_WIDE.finditer(sofa))]
    to_normalised = newline_offset_map(sofa)

    def convert(unit: int) -> int:
        inside = bisect_left(starts, unit - 1)
        if inside < len(starts) and starts[inside] == unit - 1:
            raise ValueError(f"offset {unit} falls between the two halves of a character")
        return to_normalised(unit - bisect_right(starts, unit - 2))

    return convert


class _Annotations:
    """Turns a CAS's annotations into spans and relations, and says which it cannot."""

    def __init__(
        self,
        typesystem: TypeSystem,
        positions: dict[int, tuple[int, int, int]],
        convert: Callable[[int], int],
        length: int,
    ) -> None:
        self.typesystem = typesystem
        self.positions = positions
        self.convert = convert
        self.length = length
        self.kinds: dict[str, str] = {}  # type name -> "span", "relation" or "" (not a layer)
        self.problems: list[tuple[int | None, str]] = []

    def read(
        self, annotations: list[Any]
    ) -> tuple[list[RawSpan], list[RawRelation], list[tuple[int | None, str]]]:
        """The spans and relations of ``annotations``, and (line, why) for each refused."""
        spans: list[RawSpan] = []
        index: dict[int, int] = {}  # XMI id -> position in spans
        links = []
        for fs in sorted(annotations, key=self._position):
            kind = self._kind(fs.type)
            if kind == "relation":
                links.append(fs)
            elif kind == "span" and (span := self._span(fs)) is not None:
                index[fs.xmiID] = len(spans)
                spans.append(span)
        relations = [r for fs in links if (r := self._relation(fs, index)) is not None]
        return spans, relations, self.problems

    def _position(self, fs: Any) -> tuple[int, int]:
        """Where ``fs`` is, as the file says (cassis keeps offsets it cannot convert)."""
        _, begin, end = self.positions.get(fs.xmiID, (None, fs.begin, fs.end))
        return begin, end

    def _kind(self, type_: Any) -> str:
        name = type_.name
        if name not in self.kinds:
            features = {feature.name for feature in type_.all_features}
            if {"Governor", "Dependent"} <= features:
                self.kinds[name] = "relation"
            elif name.startswith(_NOT_LAYERS) or self.typesystem.is_instance_of(
                name, _DOCUMENT_ANNOTATION
            ):
                self.kinds[name] = ""
            else:
                self.kinds[name] = "span"
        return self.kinds[name]

    def _span(self, fs: Any) -> RawSpan | None:
        line, begin, end = self.positions.get(fs.xmiID, (None, fs.begin, fs.end))
        what = f"{_short_name(fs.type)} annotation at {begin}-{end} (UTF-16)"
        try:
            start, stop = self.convert(begin), self.convert(end)
        except ValueError as exc:
            self.problems.append((line, f"{what}: {exc}; it cannot be imported"))
            return None
        if not 0 <= start < stop <= self.length:
            why = "covers no text" if 0 <= start == stop <= self.length else "is outside the text"
            self.problems.append((line, f"{what} {why} ({self.length:,} characters)"))
            return None
        label, attrs = _label_and_attrs(fs, self.typesystem)
        return RawSpan(start, stop, label, attrs=attrs)

    def _relation(self, fs: Any, index: dict[int, int]) -> RawRelation | None:
        line = self.positions.get(fs.xmiID, (None,))[0]
        ends = []
        for role in ("Governor", "Dependent"):
            end = getattr(fs, role, None)
            if end is not None and _short_name(end.type) == "NULL":
                end = None  # XMI's way of writing "nothing" is a reference to cas:NULL
            if end is None or getattr(end, "xmiID", None) not in index:
                self.problems.append((line, _unlinked(fs, role, end)))
                return None
            ends.append(index[end.xmiID])
        label, attrs = _label_and_attrs(fs, self.typesystem)
        return RawRelation(ends[0], ends[1], label, attrs)


def _unlinked(fs: Any, role: str, end: Any) -> str:
    what = f"{_short_name(fs.type)} relation"
    if end is None:
        return f"{what} has no {role}"
    end_type = _short_name(end.type)
    return f"{what}: its {role} is a {end_type} annotation, which was not imported"


def _label_and_attrs(fs: Any, typesystem: TypeSystem) -> tuple[str, dict[str, object]]:
    """The label (``value``, else the first string feature set, else the type) and the rest."""
    values: dict[str, object] = {}
    for feature in fs.type.all_features:
        if feature.name in _NOT_FEATURES or not typesystem.is_primitive(feature.rangeType):
            continue
        value = getattr(fs, feature.name, None)
        if value is not None:
            # cassis renames features called "self" and "type" to "self_" and "type_".
            name = feature.name[:-1] if feature.name in _RENAMED else feature.name
            values[name] = value
    label_feature = "value" if _is_text(values.get("value")) else None
    if label_feature is None:
        label_feature = next((name for name, value in values.items() if _is_text(value)), None)
    if label_feature is None:
        return _short_name(fs.type), values
    label = str(values.pop(label_feature)).strip()
    return label, values


_RENAMED = frozenset({"self_", "type_"})


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _short_name(type_: Any) -> str:
    return str(type_.name).rpartition(".")[2]


def _metadata(cas: CAS) -> dict[str, object]:
    """DocumentMetaData's title (under "title") and the document's id, URI and language."""
    found = cas.select(_META_DATA) if cas.typesystem.contains_type(_META_DATA) else []
    if not found:
        return {}
    meta: dict[str, object] = {}
    title = getattr(found[0], "documentTitle", None)
    if _is_text(title):
        meta["title"] = title
    for feature, key in _META_FEATURES.items():
        value = getattr(found[0], feature, None)
        if _is_text(value) and value != "x-unspecified":
            meta[key] = value
    return meta


def _annotator(path: Path, options: ReadOptions) -> str | None:
    """Who annotated the file: as the options say, else as INCEpTION's project export says.

    The export holds annotation/DOCUMENT/USER.zip beside source/DOCUMENT: unpacked, that
    is USER.xmi in the document's folder, or DOCUMENT.xmi in a USER folder within it.
    Curated documents (curation/DOCUMENT/CURATION_USER.zip) have no single annotator.
    """
    named = annotator_of(path, options)
    if named is not None or options.annotator_from is not None:
        return named
    folders = path.parent.parents
    for depth, user in ((1, path.stem), (2, path.parent.name)):
        if len(folders) <= depth or folders[depth - 1].name != "annotation":
            continue
        document = path.parents[depth - 1].name
        if (folders[depth] / "source").is_dir() and Path(user).stem != Path(document).stem:
            return user
    return None
