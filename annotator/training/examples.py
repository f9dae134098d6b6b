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
    inside = set()
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
            pieces.append(
                Example(predicted[start:end].as_doc(), reference[start:end].as_doc())
            )
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
    """The spans a layer's pipeline put in ``doc`` (scores: 1.0 for ner, see suggest)."""
    if component == "ner":
        return [Found(e.start_char, e.end_char, e.label_, 1.0) for e in doc.ents]
    group = doc.spans.get(SPANS_KEY)
    if group is None:
        return []
    scores = group.attrs.get("scores")
    return [
        Found(s.start_char, s.end_char, s.label_, float(scores[i]) if scores is not None else 1.0)
        for i, s in enumerate(group)
    ]


def items(found: Sequence[Found]) -> list[Item]:
    """Found spans as the scorer's items."""
    return [Item(f.start, f.end, f.label) for f in found]


def gold_items(doc: TrainingDoc, layer: str) -> list[Item]:
    """The person's spans of ``layer`` as the scorer's items."""
    return [Item(s.start, s.end, s.label) for s in doc.spans if s.layer == layer]
