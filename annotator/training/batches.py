"""Examples in batches (spaCy's ``minibatch`` has no type hints)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from spacy.training import Example

T = TypeVar("T")


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in consecutive batches of ``size`` (the last may be shorter)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batches_by_size(examples: Sequence[Example], tokens: int) -> Iterator[list[Example]]:
    """Consecutive batches of about ``tokens`` tokens (an Example longer than that alone)."""
    batch: list[Example] = []
    size = 0
    for example in examples:
        if batch and size + len(example.predicted) > tokens:
            yield batch
            batch, size = [], 0
        batch.append(example)
        size += len(example.predicted)
    if batch:
        yield batch
