"""Which documents train and which are held out to evaluate: decided by the text's hash.

A hash, not a random draw, so the held-out set of a project stays the same from one
training to the next (scores of successive models compare) and two annotators' copies of
one article never sit on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.training.corpus import TrainingDoc

#: The share of distinct texts held out, unless asked otherwise.
HELD_OUT = 0.2
#: The shares of the training documents the learning curve is drawn at.
CURVE_SHARES: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Split:
    """Training documents and held-out documents."""

    train: list[TrainingDoc]
    held_out: list[TrainingDoc]


def _position(doc: TrainingDoc) -> float:
    """Where the text's hash falls in [0, 1)."""
    return int(doc.text_hash[:8], 16) / 2**32


def split_by_hash(docs: Sequence[TrainingDoc], share: float = HELD_OUT) -> Split:
    """Hold out the texts whose hash falls below ``share``; at least one when there are two."""
    held = [d for d in docs if _position(d) < share]
    train = [d for d in docs if _position(d) >= share]
    if not held and len({d.text_hash for d in docs}) > 1:
        lowest = min(docs, key=_position).text_hash
        held = [d for d in docs if d.text_hash == lowest]
        train = [d for d in docs if d.text_hash != lowest]
    return Split(train, held)


def first_share(docs: Sequence[TrainingDoc], share: float) -> list[TrainingDoc]:
    """A fixed part of ``docs`` for the learning curve: smaller shares are subsets of larger."""
    ordered = sorted(docs, key=lambda d: (d.text_hash, d.by))
    return ordered[: max(1, round(len(ordered) * share))]
