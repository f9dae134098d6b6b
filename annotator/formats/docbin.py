"""The spaCy DocBin (``.spacy``) export: the binary corpus ``spacy train`` reads.

What each exported document holds:

- The words are the project's stored tokens, exactly the tokens of the JSONL export and
  the token lines of the CoNLL files: one tokenization in every format. Whitespace is
  not a token (the stored tokens leave it out, as nobody can annotate it), so a token
  followed by any whitespace gets spaCy's trailing space and ``doc.text`` is the tokens
  joined that way: a paragraph break or a double space reads as one space. Span
  offsets in the Doc are therefore offsets in ``doc.text``; token indices are the same
  as the JSONL's ``token_start`` / ``token_end``.
- Sentence boundaries (``ExportDoc.sentences``: never inside a span of an exported
  layer, as in CoNLL), and when the pipeline ran, tags, POS, morphology, lemmas and the
  dependency parse. Where two sentences were joined, the second one's root is attached
  to the first's as ``dep`` (UD's unspecified relation), so each sentence stays one tree.
- ``doc.ents``: the spans of the ``ner`` layer that do not overlap (``filter_spans``:
  longest first). The others are counted in ``WriteReport.skipped["ner"]``; tokens that
  only a dropped entity covered are left *missing*, not *outside*, so a model is not
  taught that they are no entity.
- ``doc.spans[layer]`` for every exported layer, ``ner`` included, overlaps and all; an
  exported layer with no spans in a document is an empty group (annotated: nothing
  there). A span whose ends fall inside a token cannot be represented and is counted as
  skipped (the editor snaps spans to tokens, so this should not happen).
- ``doc.spans[layer].attrs``: ``{"attrs": [...], "origin": [...]}``, one entry per span
  in group order (span attributes, and ``"human"`` or ``"model"``).
- ``doc.user_data``: ``doc_id``, ``title``, ``meta``, ``annotator``, ``status``,
  ``fields`` (document fields, e.g. stance) and ``relations``: a list of
  ``{"head": [layer, index], "child": [layer, index], "label": str, "attrs": dict}``
  where ``index`` is the span's position in ``doc.spans[layer]``. A relation whose head
  or child was not written is left out.

DocBin stores user data with msgpack and ``DocBin.get_docs`` reads lists back as
tuples; :func:`read_docbin` turns them back into lists.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.lang.en import English
from spacy.tokens import Doc, DocBin, SpanGroup
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans
from spacy.vocab import Vocab, create_vocab

from annotator.core.exported import ExportDoc
from annotator.core.model import Span, Syntax
from annotator.formats.write_report import WriteReport

ENTITY_LAYER = "ner"
#: The ``doc.user_data`` keys this writer sets.
USER_DATA_KEYS = ("doc_id", "title", "meta", "annotator", "status", "fields", "relations")

_ROOT = "ROOT"
# The relation UD (and spaCy's English parser) uses when nothing more precise can be said.
_UNSPECIFIED = "dep"


def _words(doc: ExportDoc) -> tuple[list[str], list[bool]]:
    """The stored tokens as spaCy words, each with a trailing space if whitespace follows."""
    words: list[str] = []
    spaces: list[bool] = []
    cursor = 0
    for i, token in enumerate(doc.tokens):
        if not cursor <= token.start < token.end <= len(doc.text):
            raise ValueError(
                f"document {doc.doc_id}: token {token.start}-{token.end} is empty, out of "
                "order or outside the text"
            )
        words.append(doc.text[token.start : token.end])
        spaces.append(doc.whitespace_after(i))
        cursor = token.end
    return words, spaces


def _valid_parse(heads: list[int], deps: list[str], starts: list[int]) -> bool:
    """Whether every sentence is one tree inside the sentence; repairs ``heads`` and
    ``deps`` in place where that is safe.

    A sentence with several roots gets one: the first labelled ``ROOT`` (or, without one,
    the first root) stays, and the others are attached to it. That covers two sentences
    joined because a span crossed their break (both labelled ``ROOT``: the second becomes
    ``dep``) and a token the analysis made a root because its head was whitespace (it
    keeps its label). A root's subtree can't hold another root, so no cycle can arise.
    Anything else (heads crossing sentences, cycles) makes the parse unusable.
    """
    bounds = [*starts, len(heads)]
    for start, end in itertools.pairwise(bounds):
        roots = [i for i in range(start, end) if heads[i] == i]
        if not roots:
            return False
        root = next((i for i in roots if deps[i] == _ROOT), roots[0])
        for other in roots:
            if other != root:
                heads[other] = root
                if deps[other] == _ROOT:
                    deps[other] = _UNSPECIFIED
        reaches_root: set[int] = set()
        for i in range(start, end):
            path: list[int] = []
            node = i
            while node not in reaches_root:
                if node in path or not start <= node < end:
                    return False
                path.append(node)
                if heads[node] == node:
                    break
                node = heads[node]
            reaches_root.update(path)
    return True


def _fits(syntax: Syntax, size: int) -> bool:
    columns = (syntax.tag, syntax.pos, syntax.morph, syntax.lemma, syntax.head, syntax.dep)
    return all(len(column) == size for column in columns)


def _new_doc(doc: ExportDoc, vocab: Vocab, layers: Sequence[str]) -> Doc:
    """The Doc with its words, sentences and (where there is one) syntax."""
    words, spaces = _words(doc)
    starts = [sentence.start for sentence in doc.sentences(layers)]
    sent_starts: list[bool | int | None] = [False] * len(words)
    for i in starts:
        sent_starts[i] = True
    syntax = doc.syntax
    if syntax is None or not doc.tokens or not _fits(syntax, len(doc.tokens)):
        # No analysis (or one that does not fit the tokens): words and sentences only.
        return Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    heads = list(syntax.head)
    deps = list(syntax.dep)
    in_range = all(0 <= head < len(doc.tokens) for head in heads)
    parsed = in_range and _valid_parse(heads, deps, starts)
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=list(syntax.tag),
        pos=list(syntax.pos),
        morphs=list(syntax.morph),
        lemmas=list(syntax.lemma),
        # The parse sets the sentences itself; without it, the sentence starts do.
        heads=heads if parsed else None,
        deps=deps if parsed else None,
        sent_starts=None if parsed else sent_starts,
    )


def _token_span(starts: list[int], ends: list[int], span: Span) -> range | None:
    """The tokens of a span that begins on a token's start and ends on a token's end."""
    first = bisect_left(starts, span.start)
    last = bisect_left(ends, span.end)
    if first >= len(starts) or last >= len(ends) or first > last:
        return None
    if starts[first] != span.start or ends[last] != span.end:
        return None
    return range(first, last + 1)


def _missing_runs(sdoc: Doc, kept: list[SpacySpan], dropped: list[SpacySpan]) -> list[SpacySpan]:
    """Token runs covered by a dropped entity and by no kept one."""
    covered = {i for span in kept for i in range(span.start, span.end)}
    unknown = sorted({i for span in dropped for i in range(span.start, span.end)} - covered)
    runs: list[SpacySpan] = []
    for i in unknown:
        if runs and runs[-1].end == i:
            runs[-1] = sdoc[runs[-1].start : i + 1]
        else:
            runs.append(sdoc[i : i + 1])
    return runs


def _set_entities(sdoc: Doc, candidates: list[SpacySpan]) -> int:
    """Set ``doc.ents`` from the entity layer's spans; returns how many were dropped."""
    kept = filter_spans(candidates)
    kept_ids = {id(span) for span in kept}
    dropped = [span for span in candidates if id(span) not in kept_ids]
    sdoc.set_ents(kept, missing=_missing_runs(sdoc, kept, dropped), default="outside")
    return len(dropped)


def export_doc_to_spacy(
    doc: ExportDoc, vocab: Vocab, layers: Sequence[str]
) -> tuple[Doc, Counter[str]]:
    """One document as a spaCy Doc (see the module docstring for what goes where), and
    per layer the number of spans it could not hold.

    Spans of layers not in ``layers`` are ignored, as are relations touching them.
    Raises ValueError if the document's tokens are malformed (empty, overlapping, out of
    order or outside the text).
    """
    sdoc = _new_doc(doc, vocab, layers)
    starts = [t.start for t in doc.tokens]
    ends = [t.end for t in doc.tokens]
    skipped: Counter[str] = Counter()
    groups: dict[str, list[SpacySpan]] = {layer: [] for layer in layers}
    attrs: dict[str, list[dict[str, Any]]] = {layer: [] for layer in layers}
    origins: dict[str, list[str]] = {layer: [] for layer in layers}
    placed: dict[int, list[str | int]] = {}  # position in doc.spans -> [layer, index]
    for position, span in enumerate(doc.spans):
        if span.layer not in groups:
            continue
        tokens = _token_span(starts, ends, span)
        if tokens is None:
            skipped[span.layer] += 1
            continue
        made = SpacySpan(sdoc, tokens.start, tokens.stop, label=span.label)
        placed[position] = [span.layer, len(groups[span.layer])]
        groups[span.layer].append(made)
        attrs[span.layer].append(dict(span.attrs))
        origins[span.layer].append(str(span.origin))
    for layer, spans in groups.items():
        sdoc.spans[layer] = SpanGroup(
            sdoc, name=layer, spans=spans, attrs={"attrs": attrs[layer], "origin": origins[layer]}
        )
    if ENTITY_LAYER in groups:
        skipped[ENTITY_LAYER] += _set_entities(sdoc, groups[ENTITY_LAYER])
    sdoc.user_data.update(
        {
            "doc_id": doc.doc_id,
            "title": doc.title,
            "meta": doc.meta,
            "annotator": doc.annotator,
            "status": doc.status,
            "fields": doc.fields,
            "relations": [
                {
                    "head": list(placed[relation.head]),
                    "child": list(placed[relation.child]),
                    "label": relation.label,
                    "attrs": dict(relation.attrs),
                }
                for relation in doc.relations
                if relation.head in placed and relation.child in placed
            ],
        }
    )
    return sdoc, +skipped  # no zero counts: a key is a warning to the user


def english_vocab() -> Vocab:
    """A blank English vocabulary (without building a whole pipeline, which is slower)."""
    return create_vocab("en", English.Defaults)


def write_docbin(
    docs: Iterable[ExportDoc], path: Path, layers: Sequence[str], *, vocab: Vocab | None = None
) -> WriteReport:
    """Write ``docs`` to a ``.spacy`` file at ``path`` with the spans of ``layers``.

    A DocBin keeps every document in memory until it is written at the end: the format
    is one serialised blob, so a corpus cannot be streamed into it. ``vocab`` defaults to
    a blank English one (the vocabulary only holds strings here; ``spacy train`` uses its
    own pipeline's).
    """
    vocab = vocab if vocab is not None else english_vocab()
    report = WriteReport()
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        sdoc, skipped = export_doc_to_spacy(doc, vocab, layers)
        docbin.add(sdoc)
        report.documents += 1
        report.skipped.update(skipped)
    docbin.to_disk(path)
    return report


def _as_lists(value: Any) -> Any:
    """msgpack data as JSON would have it: tuples back to lists, all the way down."""
    if isinstance(value, tuple | list):
        return [_as_lists(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    return value


def read_docbin(path: Path, vocab: Vocab | None = None) -> list[Doc]:
    """The Docs of a ``.spacy`` file, with this writer's user data as lists and dicts.

    Pass the vocabulary of the pipeline the Docs are for; the default is a blank English
    one. (A bare ``Vocab()`` has no lexical attributes: even ``token.is_space`` is False.)
    """
    vocab = vocab if vocab is not None else english_vocab()
    docs = list(DocBin().from_disk(path).get_docs(vocab))
    for doc in docs:
        for key in USER_DATA_KEYS:
            if key in doc.user_data:
                doc.user_data[key] = _as_lists(doc.user_data[key])
    return docs
