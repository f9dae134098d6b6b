"""CoNLL-U (https://universaldependencies.org/format.html) with the layers' IOB2 tags in MISC.

Each document starts a new document (``# newdoc id``); its first sentence also carries
the document's comments::

    # newdoc id = 7
    # title = Storm hits coast
    # annotator = ana
    # status = done
    # stance = Hamas: against; UN: favor
    # note = Checked against the agency wire.
    # sent_id = 7-1
    # text = Gen. Ahmed Zubaïr said: ...
    1	Gen.	Gen.	PROPN	NNP	Number=Sing	3	compound	_	NER=B-PERSON

Comments:

- ``title`` and ``annotator`` are left out when empty. Every comment value is put on one
  line (runs of whitespace, newlines included, become one space).
- Each document field is written as ``# <name> = <value>``, in the order of
  ``ExportDoc.fields``; empty values (None, "", []) are left out. A list of
  ``{"target", "value"}`` pairs (the stance field) is written readably as
  ``target: value; target: value`` (split on "; ", then on the last ": ") when no
  target contains ";" and no value contains ":" or ";". A string or number is written
  as it is. Anything else, or a target list that can't be written readably, is JSON
  (so it starts with "[" or "{"). A field whose name is one of the comments this
  writer uses itself (``text``, ``title``...) is written as ``field_<name>``.
- ``# text`` is the sentence's text with each run of whitespace made one space, so it
  matches the FORMs joined according to ``SpaceAfter=No``.

Columns: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC. LEMMA, UPOS, XPOS and FEATS
come from the syntax, ``_`` when missing. Without syntax HEAD and DEPREL are ``_``, as
the format allows for unparsed text. DEPREL is spaCy's label in lower case (``ROOT``
becomes ``root``). DEPS is always ``_``.

HEAD is made into a valid tree for each sentence, as readers and validators require:

- a token whose head is itself (spaCy's root) gets HEAD 0 and DEPREL ``root``;
- a token whose head lies outside its sentence (the sentence splitter and the parser
  can disagree) is attached to the sentence's root, keeping its relation;
- when a sentence has more than one root, the one spaCy labelled ``ROOT`` stays root and
  the others are attached to it as ``dep`` (UD's unspecified relation);
- a cycle (possible only in hand-made syntax) is broken the same way.

MISC holds ``SpaceAfter=No`` when no whitespace follows the token, then one
``Layer=TAG`` entry per exported layer with a tag on the token, in the order of the
layers: ``NER=B-PERSON|Casualty=I-CASUALTY``. The key is the layer's name with a capital
first letter, but ``ner`` is written ``NER``. Overlapping spans of one layer are handled
as in CoNLL: see ``iob.layer_columns``. As in CoNLL, no sentence ends inside a span of an
exported layer (``ExportDoc.sentences``): the two sentences become one, with one root.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from annotator.core.exported import ExportDoc
from annotator.core.model import Syntax
from annotator.formats.iob import (
    OUTSIDE,
    check_layers,
    check_syntax,
    column_text,
    layer_columns,
    one_line,
)
from annotator.formats.write_report import WriteReport

EMPTY = "_"
ROOT = "root"
# The relation UD uses when nothing more precise can be said.
UNSPECIFIED = "dep"
# Comment keys this writer (or the format) uses; a document field must not shadow them.
_RESERVED = frozenset(
    [
        *("newdoc", "newdoc id", "newpar", "newpar id", "sent_id", "text", "global.columns"),
        *("title", "annotator", "status"),
    ]
)
_UNSAFE_IN_KEY = re.compile(r"[\s=|]")


def write_conllu(docs: Iterable[ExportDoc], out: IO[str], layers: Sequence[str]) -> WriteReport:
    """Write ``docs`` to ``out`` as CoNLL-U, the layers' IOB2 tags in the MISC column.

    Documents are written one at a time as they come. A document without tokens has no
    sentence to carry its comments, so it is left out and not counted in the report's
    ``documents``. Raises ValueError when a layer is named twice or a document's syntax
    does not line up with its tokens.
    """
    layers = check_layers(layers)
    keys = [misc_key(layer) for layer in layers]
    report = WriteReport()
    for doc in docs:
        check_syntax(doc)
        sentences = doc.sentences(layers)
        if not sentences:
            continue
        columns, skipped = layer_columns(doc, layers)
        for number, sentence in enumerate(sentences, start=1):
            lines = [*_doc_comments(doc)] if number == 1 else []
            first, last = doc.tokens[sentence[0]], doc.tokens[sentence[-1]]
            lines.append(f"# sent_id = {doc.doc_id}-{number}")
            lines.append(f"# text = {one_line(doc.text[first.start : last.end])}")
            tree = _tree(doc.syntax, sentence) if doc.syntax is not None else None
            for local, i in enumerate(sentence):
                misc = [] if doc.whitespace_after(i) else ["SpaceAfter=No"]
                misc += [
                    f"{key}={column[i]}"
                    for key, column in zip(keys, columns, strict=True)
                    if column[i] != OUTSIDE
                ]
                lines.append("\t".join(_row(doc, i, local, tree, misc)))
            out.write("\n".join(lines) + "\n\n")
        report.documents += 1
        report.skipped.update(skipped)
    return report


def misc_key(layer: str) -> str:
    """The MISC key of a layer's tags: ``NER`` for ``ner``, else ``Casualty`` style."""
    key = "NER" if layer == "ner" else layer[:1].upper() + layer[1:]
    return _UNSAFE_IN_KEY.sub("_", key) or EMPTY


def _row(
    doc: ExportDoc,
    i: int,
    local: int,
    tree: list[tuple[int, str]] | None,
    misc: list[str],
) -> list[str]:
    """The ten columns of token ``i``, the ``local``-th (0-based) of its sentence."""
    token = doc.tokens[i]
    form = column_text(doc.text[token.start : token.end])
    syntax = doc.syntax
    if syntax is None or tree is None:
        return [str(local + 1), form, *[EMPTY] * 7, "|".join(misc) or EMPTY]
    head, deprel = tree[local]
    return [
        str(local + 1),
        form,
        column_text(syntax.lemma[i]),
        column_text(syntax.pos[i]),
        column_text(syntax.tag[i]),
        column_text(syntax.morph[i]),
        str(head),
        deprel,
        EMPTY,
        "|".join(misc) or EMPTY,
    ]


def _tree(syntax: Syntax, sentence: range) -> list[tuple[int, str]]:
    """(HEAD, DEPREL) of each token of ``sentence``: 1-based within it, 0 for its one root."""
    heads: list[int] = []
    deprels: list[str] = []
    for i in sentence:
        head = syntax.head[i]
        inside = head != i and head in sentence
        heads.append(head - sentence.start + 1 if inside else 0)
        deprels.append(column_text(syntax.dep[i].lower()) if syntax.dep[i] else UNSPECIFIED)
    roots = [k for k, head in enumerate(heads) if head == 0]
    spacy_roots = [k for k in roots if deprels[k] == ROOT]
    # With no candidate at all every head points inside the sentence, so there is a cycle:
    # the token labelled ROOT, or else the first token, becomes the root.
    root = (spacy_roots or roots or [deprels.index(ROOT) if ROOT in deprels else 0])[0]
    heads[root] = 0
    for k in roots:
        if k != root:
            heads[k] = root + 1
    for k in range(len(heads)):
        seen: set[int] = set()
        j = k
        while heads[j] != 0 and j not in seen:
            seen.add(j)
            j = heads[j] - 1
        if heads[j] != 0:  # j was reached twice: it is on a cycle
            heads[j] = root + 1
    return [
        (head, ROOT if k == root else (UNSPECIFIED if deprel == ROOT else deprel))
        for k, (head, deprel) in enumerate(zip(heads, deprels, strict=True))
    ]


def _doc_comments(doc: ExportDoc) -> Iterator[str]:
    yield f"# newdoc id = {doc.doc_id}"
    for key, value in [
        ("title", doc.title),
        ("annotator", doc.annotator),
        ("status", doc.status),
    ]:
        if one_line(value):
            yield f"# {key} = {one_line(value)}"
    for name, value in doc.fields.items():
        text = field_text(value)
        if text:
            key = _UNSAFE_IN_KEY.sub("_", name) or EMPTY
            yield f"# {'field_' + key if key in _RESERVED else key} = {text}"


def field_text(value: Any) -> str:
    """A document field's value as one comment line ("" when there is nothing to write)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(_readable_target(item) for item in value):
        return "; ".join(f"{one_line(i['target'])}: {one_line(i['value'])}" for i in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _readable_target(item: Any) -> bool:
    """Whether ``item`` is a {"target", "value"} pair that reads back unambiguously."""
    if not isinstance(item, dict) or set(item) != {"target", "value"}:
        return False
    target, value = item["target"], item["value"]
    return (
        isinstance(target, str)
        and isinstance(value, str)
        and bool(one_line(target))
        and bool(one_line(value))
        and ";" not in target
        and not any(c in value for c in ":;")
    )
