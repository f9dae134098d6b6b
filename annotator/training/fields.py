"""A text classifier for the document fields with fixed values (one per field)."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.vocab import Vocab

from annotator.core.control import Control
from annotator.training.batches import batches as _batches
from annotator.training.corpus import TrainingDoc
from annotator.training.recipe import fields_config

#: What separates a field's name from its value in a category name.
JOIN = "="
EPOCHS = 10


@dataclass(frozen=True)
class TrainedFields:
    """The fields' classifier and its held-out accuracy per field."""

    nlp: Language
    values: dict[str, list[str]]
    accuracy: dict[str, float]


def category(name: str, value: str) -> str:
    """The classifier's category for one field's value."""
    return f"{name}{JOIN}{value}"


def field_values(docs: Sequence[TrainingDoc]) -> dict[str, list[str]]:
    """Each field and the values people gave it, for fields given two values or more."""
    seen: dict[str, set[str]] = {}
    for doc in docs:
        for name, value in doc.fields.items():
            seen.setdefault(name, set()).add(value)
    return {name: sorted(values) for name, values in sorted(seen.items()) if len(values) > 1}


def _example(doc: Doc, fields: dict[str, str], values: dict[str, list[str]]) -> Example:
    cats = {
        category(name, value): float(fields.get(name) == value)
        for name, options in values.items()
        for value in options
    }
    return Example.from_dict(doc, {"cats": cats})


def predict_fields(
    nlp: Language, doc: Doc, values: dict[str, list[str]]
) -> dict[str, tuple[str, float]]:
    """The likeliest value of each field, with its probability."""
    cats = nlp.get_pipe("textcat")(doc.copy()).cats
    best: dict[str, tuple[str, float]] = {}
    for name, options in values.items():
        value = max(options, key=lambda v: cats.get(category(name, v), 0.0))
        best[name] = (value, float(cats.get(category(name, value), 0.0)))
    return best


def train_fields(
    train: Sequence[tuple[Doc, TrainingDoc]],
    held_out: Sequence[tuple[Doc, TrainingDoc]],
    vocab: Vocab,
    seconds: float,
    control: Control,
) -> TrainedFields | None:
    """A multi-label classifier of every field's values; None when nothing can be learned."""
    values = field_values([doc for _, doc in train])
    labelled = [(d, t) for d, t in train if any(name in t.fields for name in values)]
    if not values or not labelled:
        return None
    nlp = spacy.util.load_model_from_config(
        fields_config(exclusive=False), auto_fill=True, validate=True, vocab=vocab
    )
    examples = [_example(d, t.fields, values) for d, t in labelled]
    optimizer = nlp.initialize(lambda: examples)
    started = time.monotonic()
    for _ in range(EPOCHS):
        random.shuffle(examples)
        for batch in _batches(examples, 16):
            control.check()
            nlp.update(batch, sgd=optimizer)
        if time.monotonic() - started > seconds:
            break
    return TrainedFields(nlp, values, _accuracy(nlp, held_out, values))


def _accuracy(
    nlp: Language, held_out: Sequence[tuple[Doc, TrainingDoc]], values: dict[str, list[str]]
) -> dict[str, float]:
    right: dict[str, list[bool]] = {name: [] for name in values}
    for doc, truth in held_out:
        for name, (value, _) in predict_fields(nlp, doc, values).items():
            if name in truth.fields:
                right[name].append(value == truth.fields[name])
    return {name: sum(r) / len(r) for name, r in right.items() if r}
