"""The spaCy DocBin (``.spacy``) export: the binary corpus ``spacy train`` reads.

What each exported document holds:

- ``doc.text`` is the document's text exactly. Our tokens leave whitespace out; the
  whitespace is put back the way spaCy's tokenizer writes it: one ``" "`` after a token
  is its trailing space, and any other whitespace between tokens becomes a token of its
  own (``"\\n\\n"`` between paragraphs, the extra ``" "`` of a double space). Character
  offsets therefore mean the same in the Doc as in the project.
- Sentence boundaries, and when the pipeline ran, tags, POS, morphology, lemmas and the
  dependency parse. A whitespace token gets spaCy's usual analysis (``_SP``, ``SPACE``,
  attached to the token before it as ``dep``).
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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.lang.en import English
from spacy.tokens import Doc, DocBin, SpanGroup
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans
from spacy.vocab import Vocab, create_vocab

from annotator.core.exported import ExportDoc, Syntax
from annotator.formats.report import WriteReport

ENTITY_LAYER = "ner"
#: The ``doc.user_data`` keys this writer sets.
USER_DATA_KEYS = ("doc_id", "title", "meta", "annotator", "status", "fields", "relations")

# What spaCy's English pipelines say about a whitespace token.
_SPACE_TAG, _SPACE_POS, _SPACE_DEP = "_SP", "SPACE", "dep"
_ROOT = "ROOT"


@dataclass
class _Words:
    """spaCy's words for a document, and where each of our tokens went among them."""

    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    position: list[int] = field(default_factory=list)  # spaCy index of our token i

    def add_gap(self, gap: str) -> None:
        """Text between tokens: a single leading space is the previous word's trailing
        space (as spaCy's tokenizer does it); whatever else remains is a word of its own."""
        if not gap:
            return
        if gap[0] == " " and self.words:
            self.spaces[-1] = True
            gap = gap[1:]
        if gap:
            self.words.append(gap)
            self.spaces.append(False)


def _words(doc: ExportDoc) -> _Words:
    out = _Words()
    cursor = 0
    for token in doc.tokens:
        if not cursor <= token.start < token.end <= len(doc.text):
            raise ValueError(
                f"document {doc.doc_id}: token {token.start}-{token.end} is empty, out of "
                "order or outside the text"
            )
        out.add_gap(doc.text[cursor : token.start])
        out.position.append(len(out.words))
        out.words.append(doc.text[token.start : token.end])
        out.spaces.append(False)
        cursor = token.end
    out.add_gap(doc.text[cursor:])
    return out


def _sentence_starts(doc: ExportDoc, words: _Words) -> list[int]:
    """spaCy indices starting a sentence. The first sentence starts at the first word,
    even if that is whitespace (our texts don't begin with any, but spaCy would put it
    there too), so the first token's own start is implied rather than added."""
    starts = {0} if words.words else set()
    starts.update(words.position[i] for i in doc.sent_starts if 0 < i < len(words.position))
    return sorted(starts)


def _heads(syntax: Syntax, words: _Words) -> list[int]:
    """Heads in spaCy indices; a whitespace word hangs on the word before it (the first
    word, if it is whitespace, on the one after)."""
    inserted = set(range(len(words.words))) - set(words.position)
    heads = list(range(len(words.words)))
    for i, spacy_i in enumerate(words.position):
        heads[spacy_i] = words.position[syntax.head[i]]
    for spacy_i in inserted:
        if spacy_i > 0:
            heads[spacy_i] = spacy_i - 1
        elif len(words.words) > 1:
            heads[spacy_i] = 1
    return heads


def _valid_parse(heads: list[int], deps: list[str], starts: list[int]) -> bool:
    """Whether every sentence is one tree inside the sentence; repairs ``heads`` in place
    where that is safe.

    The analysis makes a token whose head was a whitespace token a root of its own (it
    keeps its label, not ``ROOT``). Such a token is re-attached to its sentence's real
    root: it cannot be in that root's subtree, so no cycle can arise. Anything else
    (heads crossing sentences, cycles, no single ``ROOT``) makes the parse unusable.
    """
    bounds = [*starts, len(heads)]
    for start, end in itertools.pairwise(bounds):
        roots = [i for i in range(start, end) if heads[i] == i]
        real = [i for i in roots if deps[i] == _ROOT]
        if len(roots) > 1 and len(real) == 1:
            for orphan in roots:
                heads[orphan] = real[0]
            roots = real
        if len(roots) != 1:
            return False
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


def _new_doc(doc: ExportDoc, vocab: Vocab, words: _Words) -> Doc:
    """The Doc with its words, sentences and (where there is one) syntax."""
    starts = _sentence_starts(doc, words)
    sent_starts: list[bool | int | None] = [False] * len(words.words)
    for i in starts:
        sent_starts[i] = True
    syntax = doc.syntax
    if syntax is None or not doc.tokens or not _fits(syntax, len(doc.tokens)):
        # No analysis (or one that does not fit the tokens): words and sentences only.
        return Doc(vocab, words=words.words, spaces=words.spaces, sent_starts=sent_starts)

    def column(values: tuple[str, ...], space: str | None) -> list[str]:
        out = [space if space is not None else word for word in words.words]
        for i, spacy_i in enumerate(words.position):
            out[spacy_i] = values[i]
        return out

    deps = column(syntax.dep, _SPACE_DEP)
    in_range = all(0 <= head < len(doc.tokens) for head in syntax.head)
    heads = _heads(syntax, words) if in_range else []
    parsed = bool(heads) and _valid_parse(heads, deps, starts)
    return Doc(
        vocab,
        words=words.words,
        spaces=words.spaces,
        tags=column(syntax.tag, _SPACE_TAG),
        pos=column(syntax.pos, _SPACE_POS),
        morphs=column(syntax.morph, ""),
        lemmas=column(syntax.lemma, None),  # a whitespace word is its own lemma
        # The parse sets the sentences itself; without it, the sentence starts do.
        heads=heads if parsed else None,
        deps=deps if parsed else None,
        sent_starts=None if parsed else sent_starts,
    )


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


def export_doc_to_spacy(
    doc: ExportDoc, vocab: Vocab, layers: Sequence[str]
) -> tuple[Doc, Counter[str]]:
    """One document as a spaCy Doc (see the module docstring for what goes where), and
    per layer the number of spans it could not hold.

    Spans of layers not in ``layers`` are ignored, as are relations touching them.
    Raises ValueError if the document's tokens are malformed (empty, overlapping, out of
    order or outside the text).
    """
    words = _words(doc)
    sdoc = _new_doc(doc, vocab, words)
    skipped: Counter[str] = Counter()
    groups: dict[str, list[SpacySpan]] = {layer: [] for layer in layers}
    attrs: dict[str, list[dict[str, Any]]] = {layer: [] for layer in layers}
    origins: dict[str, list[str]] = {layer: [] for layer in layers}
    placed: dict[int, list[str | int]] = {}  # position in doc.spans -> [layer, index]
    for position, span in enumerate(doc.spans):
        if span.layer not in groups:
            continue
        made = (
            sdoc.char_span(span.start, span.end, label=span.label)
            if 0 <= span.start < span.end
            else None
        )
        if made is None:
            skipped[span.layer] += 1
            continue
        placed[position] = [span.layer, len(groups[span.layer])]
        groups[span.layer].append(made)
        attrs[span.layer].append(dict(span.attrs))
        origins[span.layer].append(str(span.origin))
    for layer, spans in groups.items():
        sdoc.spans[layer] = SpanGroup(
            sdoc, name=layer, spans=spans, attrs={"attrs": attrs[layer], "origin": origins[layer]}
        )
    if ENTITY_LAYER in groups:
        candidates = groups[ENTITY_LAYER]
        kept = filter_spans(candidates)
        kept_ids = {id(span) for span in kept}
        dropped = [span for span in candidates if id(span) not in kept_ids]
        if dropped:  # a zero count would still be a key, and a warning to the user
            skipped[ENTITY_LAYER] += len(dropped)
        sdoc.set_ents(kept, missing=_missing_runs(sdoc, kept, dropped), default="outside")
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
    return sdoc, skipped


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
