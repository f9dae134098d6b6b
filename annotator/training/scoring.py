"""Precision, recall and F1 of predicted spans against gold, exact and by overlap.

Shared by training (the held-out evaluation of a model) and the suggesters' benchmark:
both score the same way, so their figures can stand side by side. Pure functions over
plain values: no spaCy, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["exact", "overlap"]
MODES: tuple[Mode, ...] = ("exact", "overlap")


@dataclass(frozen=True)
class Item:
    """A labelled span: code-point offsets into the document text, end exclusive."""

    start: int
    end: int
    label: str
    attrs: Mapping[str, object] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int, str]:
        """Start, end and label: what identifies the span."""
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class Score:
    """Counts of matches and the precision, recall and F1 they give (0.0 when undefined)."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Score:
        """The score of ``tp`` true positives, ``fp`` false positives, ``fn`` misses."""
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(tp, fp, fn, precision, recall, f1)

    @property
    def gold(self) -> int:
        """How many gold items were scored."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """How many predicted items were scored."""
        return self.tp + self.fp


def combine(scores: Iterable[Score]) -> Score:
    """Micro-average: the score of all the counts added together."""
    tp = fp = fn = 0
    for score in scores:
        tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
    return Score.from_counts(tp, fp, fn)


def selected(items: Sequence[Item], label: str, where: Mapping[str, object] | None) -> list[int]:
    """Positions of the ``label`` items whose attributes have the values ``where`` gives."""
    return [
        i
        for i, item in enumerate(items)
        if item.label == label
        and all(item.attrs.get(name) == value for name, value in (where or {}).items())
    ]


def _overlap(a: Item, b: Item) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_spans(
    gold: Sequence[Item],
    predicted: Sequence[Item],
    label: str,
    mode: Mode,
    *,
    where: Mapping[str, object] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one matches between gold and predicted spans of ``label``.

    Returns (gold position, predicted position) pairs. Under ``exact`` a pair must have the
    same start and end; under ``overlap`` the ranges must share at least one character,
    and the pairs with the largest overlap relative to their union are taken first (ties:
    earlier gold span, then earlier prediction). ``where`` keeps only spans whose
    attributes have the given values, on both sides.
    """
    gold_ids = selected(gold, label, where)
    pred_ids = selected(predicted, label, where)
    candidates: list[tuple[float, int, int]] = []
    for g in gold_ids:
        for p in pred_ids:
            a, b = gold[g], predicted[p]
            if mode == "exact":
                if (a.start, a.end) == (b.start, b.end):
                    candidates.append((1.0, g, p))
            else:
                shared = _overlap(a, b)
                if shared:
                    union = max(a.end, b.end) - min(a.start, b.start)
                    candidates.append((shared / union, g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, g, p in candidates:
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        pairs.append((g, p))
    return sorted(pairs)


def score_spans(
    gold: Sequence[Item],
    predicted: Sequence[Item],
    label: str,
    mode: Mode,
    *,
    where: Mapping[str, object] | None = None,
) -> Score:
    """Precision, recall and F1 of the predicted ``label`` spans of one document."""
    pairs = match_spans(gold, predicted, label, mode, where=where)
    tp = len(pairs)
    return Score.from_counts(
        tp,
        len(selected(predicted, label, where)) - tp,
        len(selected(gold, label, where)) - tp,
    )
