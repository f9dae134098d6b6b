"""What the rule-based suggesters (or a trained model) propose for one document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.model import Relation, Span


@dataclass
class Proposal:
    """Suggested spans and the relations between them (by index into ``spans``)."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: A trained model's confidence in a span, by its index in ``spans`` (rules give none).
    scores: dict[int, float] = field(default_factory=dict)
    # Lookups for add and link: scanning the lists made long articles quadratic. Change
    # ``spans`` through add and replace only, so that they stay true.
    _index: dict[tuple[int, int, str], int] = field(default_factory=dict, repr=False)
    _linked: set[tuple[int, int, str]] = field(default_factory=set, repr=False)

    def add(self, span: Span) -> int:
        """Add a span (or find the same one already proposed); returns its index."""
        key = (span.start, span.end, span.label)
        if key not in self._index:
            self._index[key] = len(self.spans)
            self.spans.append(span)
        return self._index[key]

    def replace(self, index: int, span: Span) -> None:
        """Put ``span`` in place of the one at ``index`` (the same figure, re-measured)."""
        old = self.spans[index]
        if self._index.get((old.start, old.end, old.label)) == index:
            del self._index[(old.start, old.end, old.label)]
        self.spans[index] = span
        self._index.setdefault((span.start, span.end, span.label), index)

    def link(self, head: int, child: int, label: str) -> None:
        if (head, child, label) not in self._linked:
            self._linked.add((head, child, label))
            self.relations.append(Relation(head, child, label))

    def extend(self, other: Proposal) -> None:
        """Merge another proposal into this one, re-indexing its relations."""
        mapping = [self.add(span) for span in other.spans]
        for index, score in other.scores.items():
            self.scores[mapping[index]] = max(score, self.scores.get(mapping[index], 0.0))
        for relation in other.relations:
            self.link(mapping[relation.head], mapping[relation.child], relation.label)


#: What may stand around a quote's words without making them other words: its marks,
#: final punctuation and spaces ("“We will stay,”" and "We will stay" are one sentence).
_EDGES = "“”‘’\"'«»„‚‹›.,;:!?…—–- \n\t"


def _words(span: Span, text: str) -> tuple[int, int]:
    """The span's extent without the marks and punctuation at its edges."""
    inner = text[span.start : span.end]
    stripped = inner.lstrip(_EDGES)
    start = span.start + len(inner) - len(stripped)
    return start, start + len(stripped.rstrip(_EDGES))


def twins(suggestion: Span, pending: Iterable[Span], text: str) -> list[Span]:
    """The pending suggestions over the same words as ``suggestion`` (itself included).

    A sentence the quote suggester offers as a QUOTE is often offered as a CLAIM too:
    the window shows such twins as one stop, decided with one key.
    """
    words = _words(suggestion, text)
    return [s for s in pending if s.id == suggestion.id or _words(s, text) == words]


def one_per_words(ordered: Sequence[Span], text: str) -> list[Span]:
    """``ordered`` with only the first suggestion over any one stretch of words."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for span in ordered:
        words = _words(span, text)
        if words not in seen:
            seen.add(words)
            kept.append(span)
    return kept


def offered(model: Sequence[Span], rules: Sequence[Span]) -> list[Span]:
    """What is offered when a trained model and the rules both suggest: one per stretch.

    Every model suggestion, and the rules' where the model proposes nothing of that label
    over those words. A rules' span with exactly the model's extent stays (it may carry
    links, a source and a cue, that the model does not propose): the two are twins, one
    stop for the person.
    """
    by_label: dict[str, list[Span]] = {}
    for span in model:
        by_label.setdefault(span.label, []).append(span)
    kept = list(model)
    exact = {(s.start, s.end, s.label) for s in model}
    for span in rules:
        same = by_label.get(span.label, [])
        twin = (span.start, span.end, span.label) in exact
        if twin or not any(s.overlaps(span.start, span.end) for s in same):
            kept.append(span)
    return kept
