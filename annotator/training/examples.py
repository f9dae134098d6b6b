"""Training documents as spaCy Examples, and a model's spans read back from a Doc."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.training import Example

from annotator.training.corpus import TrainingDoc, TrainingSpan
from annotator.training.scoring import Item

#: Where a span categoriser keeps its spans in a Doc.
SPANS_KEY = "sc"

Predicted = Callable[[TrainingDoc], Doc]


@dataclass(frozen=True)
class Found:
    """A span a model proposes: code-point offsets, label, and its confidence."""

    start: int
    end: int
    label: str
    score: float


def _token_span(doc: Doc, span: TrainingSpan) -> SpacySpan | None:
    """The tokens ``span`` covers, its edges' whitespace left out (spaCy refuses it)."""
    text = doc.text[span.start : span.end]
    start = span.start + len(text) - len(text.lstrip())
    end = span.end - (len(text) - len(text.rstrip()))
    if end <= start:
        return None
    return doc.char_span(start, end, label=span.label, alignment_mode="expand")


#: The share of a layer's spans overlapping another above which it needs a span
#: categoriser: below it, an entity recogniser learns better and drops the few overlaps.
OVERLAPPING = 0.05


def overlap_share(docs: Sequence[TrainingDoc], layer: str) -> float:
    """The share of ``layer``'s spans that overlap an earlier one of the same document."""
    spans = overlapping = 0
    for doc in docs:
        ordered = sorted((s.start, s.end) for s in doc.spans if s.layer == layer)
        spans += len(ordered)
        reach = -1
        for start, end in ordered:
            overlapping += start < reach
            reach = max(reach, end)
    return overlapping / spans if spans else 0.0


def overlaps_itself(docs: Sequence[TrainingDoc], layer: str) -> bool:
    """Whether ``layer``'s spans overlap one another often enough to need a span categoriser."""
    return overlap_share(docs, layer) > OVERLAPPING


def layer_example(doc: TrainingDoc, predicted: Doc, layer: str, component: str) -> Example:
    """An Example of ``layer``: the predicted Doc's tokens, with the person's spans."""
    reference = predicted.copy()
    reference.ents = ()
    spans = [
        token_span
        for span in doc.spans
        if span.layer == layer
        if (token_span := _token_span(reference, span)) is not None
    ]
    if component == "ner":
        reference.set_ents(_non_overlapping(spans), default="outside")
    else:
        reference.spans[SPANS_KEY] = spans
    predicted = predicted.copy()
    predicted.ents = ()  # the installed pipeline's entities are not this layer's
    return Example(predicted, reference)


def paragraphs(example: Example) -> list[Example]:
    """An entity Example cut at its paragraph breaks (where no entity runs across).

    Shorter Examples mean more updates per epoch: a model learns in fewer epochs.
    """
    reference, predicted = example.reference, example.predicted
    inside: set[int] = set()
    for ent in reference.ents:
        inside.update(range(ent.start, ent.end))
    cuts = [0]
    for token in reference:
        if token.is_space and "\n" in token.text and token.i not in inside:
            cuts.append(token.i + 1)
    cuts.append(len(reference))
    pieces = []
    for start, end in pairwise(cuts):
        if end - start > 1 or (end > start and not reference[start].is_space):
            pieces.append(Example(predicted[start:end].as_doc(), reference[start:end].as_doc()))
    return pieces


def _non_overlapping(spans: list[SpacySpan]) -> list[SpacySpan]:
    """Spans in order, each that overlaps one before it left out (ner cannot hold both)."""
    kept: list[SpacySpan] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= end:
            kept.append(span)
            end = span.end
    return kept


def found_in(doc: Doc, component: str) -> list[Found]:
    """The spans a layer's pipeline put in ``doc``, scored (ner: see predict.py).

    A span categoriser scores every candidate stretch; of those of one label that share
    most of their words, only the surest is kept, so that an unsure model offers one
    suggestion per stretch rather than dozens.
    """
    if component == "ner":
        return [Found(e.start_char, e.end_char, e.label_, 1.0) for e in doc.ents]
    group = doc.spans.get(SPANS_KEY)
    if group is None:
        return []
    scores = group.attrs.get("scores")
    candidates = [
        Found(s.start_char, s.end_char, s.label_, float(scores[i]) if scores is not None else 1.0)
        for i, s in enumerate(group)
    ]
    return _surest(candidates)


def _surest(candidates: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for found in sorted(candidates, key=lambda f: -f.score):
        if not any(k.label == found.label and _shared(k, found) > 0.5 for k in kept):
            kept.append(found)
    return sorted(kept, key=lambda f: (f.start, f.end))


def _shared(a: Found, b: Found) -> float:
    """The share of the shorter span's characters the two have in common."""
    common = min(a.end, b.end) - max(a.start, b.start)
    return max(0, common) / max(1, min(a.end - a.start, b.end - b.start))


def items(found: Sequence[Found]) -> list[Item]:
    """Found spans as the scorer's items."""
    return [Item(f.start, f.end, f.label) for f in found]


def gold_items(doc: TrainingDoc, layer: str) -> list[Item]:
    """The person's spans of ``layer`` as the scorer's items."""
    return [Item(s.start, s.end, s.label) for s in doc.spans if s.layer == layer]


def paragraph_docs(doc: Doc) -> list[tuple[int, Doc]]:
    """The paragraphs of ``doc`` (cut at line breaks) as Docs, with their character offsets.

    The model learned from paragraphs (examples.paragraphs), and a batch of paragraphs
    takes a few dozen steps where the whole article takes a thousand. Built from the
    token attributes: ``Span.as_doc`` cost more than the model itself.
    """
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    tags = [t.tag_ for t in doc]
    lemmas = [t.lemma_ for t in doc]
    breaks = [i + 1 for i, w in enumerate(words) if "\n" in w and not w.strip()]
    pieces = []
    for start, end in pairwise([0, *breaks, len(words)]):
        if end > start and any(w.strip() for w in words[start:end]):
            piece = Doc(
                doc.vocab,
                words=words[start:end],
                spaces=spaces[start:end],
                tags=tags[start:end] if doc.has_annotation("TAG") else None,
                lemmas=lemmas[start:end] if doc.has_annotation("LEMMA") else None,
            )
            pieces.append((doc[start].idx, piece))
    return pieces
