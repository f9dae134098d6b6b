"""spaCy's training loop for one layer's pipeline: epochs until the time is up or it stops
improving on the held-out documents, keeping the best epoch's weights.

spaCy's own ``nlp.initialize`` and ``nlp.update`` do the learning; the loop around them is
ours because the window needs a progress line per epoch, a cancel at any batch, and a
budget in minutes rather than in steps.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Adam, fix_random_seed

from annotator.core.control import Control
from annotator.training.batches import batches_by_size
from annotator.training.examples import Found, found_in, items, paragraph_docs
from annotator.training.recipe import Recipe, span_config
from annotator.training.scoring import Item, Score, combine, score_spans

#: Tokens per update: spaCy's own default batch size is about this.
BATCH_TOKENS = 1000
DROPOUT = 0.2
#: Adam's step: twice spaCy's default, for a model that must learn in a few epochs.
LEARN_RATE = 0.002
#: Epochs without a better held-out score before training stops early.
PATIENCE = 4
MAX_EPOCHS = 60


@dataclass(frozen=True)
class Epoch:
    """What one epoch did: for the progress line and the card."""

    layer: str
    epoch: int
    loss: float
    f1: float
    elapsed: float
    budget: float


@dataclass(frozen=True)
class Trained:
    """A layer's trained pipeline and how it scored on the held-out documents."""

    nlp: Language
    recipe: Recipe
    labels: tuple[str, ...]
    epochs: int
    f1: float
    scores: dict[str, tuple[Score, Score]]  # label -> (overlap, exact)


@dataclass(frozen=True)
class LayerData:
    """One layer's training Examples, and the held-out Examples with their gold items."""

    layer: str
    labels: tuple[str, ...]
    train: Sequence[Example]
    held_out: Sequence[Example]
    gold: Sequence[Sequence[Item]]


def new_pipeline(recipe: Recipe, labels: Sequence[str], vocab: Vocab) -> Language:
    """A fresh layer pipeline sharing ``vocab`` with the documents it will read."""
    nlp = spacy.util.load_model_from_config(
        span_config(recipe), auto_fill=True, validate=True, vocab=vocab
    )
    component = nlp.get_pipe("spans")
    for label in labels:
        component.add_label(label)  # type: ignore[attr-defined]
    return nlp


def evaluate(nlp: Language, data: LayerData, recipe: Recipe) -> dict[str, tuple[Score, Score]]:
    """Overlap and exact scores per label on the held-out Examples, read as the model
    suggests: an entity recogniser paragraph by paragraph."""
    per_label: dict[str, tuple[list[Score], list[Score]]] = {
        label: ([], []) for label in data.labels
    }
    for found, gold in zip(_predicted(nlp, data, recipe), data.gold, strict=True):
        predicted = items(found)
        for label, (overlap, exact) in per_label.items():
            overlap.append(score_spans(gold, predicted, label, "overlap"))
            exact.append(score_spans(gold, predicted, label, "exact"))
    return {label: (combine(o), combine(e)) for label, (o, e) in per_label.items()}


def _predicted(nlp: Language, data: LayerData, recipe: Recipe) -> list[list[Found]]:
    docs = [eg.predicted.copy() for eg in data.held_out]
    if recipe.component != "ner":
        return [found_in(doc, recipe.component) for doc in nlp.pipe(docs)]
    pieces = [paragraph_docs(doc) for doc in docs]
    flat = list(nlp.pipe([piece for doc in pieces for _, piece in doc]))
    found: list[list[Found]] = []
    position = 0
    for doc in pieces:
        spans: list[Found] = []
        for offset, _ in doc:
            spans.extend(
                Found(offset + f.start, offset + f.end, f.label, f.score)
                for f in found_in(flat[position], "ner")
            )
            position += 1
        found.append(spans)
    return found


def micro_f1(scores: dict[str, tuple[Score, Score]]) -> float:
    """Overlap F1 of all labels' counts together."""
    return combine(overlap for overlap, _ in scores.values()).f1


def train_layer(
    data: LayerData,
    recipe: Recipe,
    vocab: Vocab,
    seconds: float,
    report: Callable[[Epoch], None],
    control: Control,
    *,
    seed: int = 0,
) -> Trained:
    """Train ``data.layer`` for at most ``seconds``; the best held-out epoch is kept."""
    started = time.monotonic()
    random.seed(seed)
    fix_random_seed(seed)
    nlp = new_pipeline(recipe, data.labels, vocab)
    optimizer = nlp.initialize(lambda: list(data.train), sgd=Adam(LEARN_RATE))
    examples = list(data.train)
    best: tuple[float, bytes, int, dict[str, tuple[Score, Score]]] | None = None
    epoch = since_best = 0
    while epoch < MAX_EPOCHS and since_best < PATIENCE:
        epoch += 1
        random.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in batches_by_size(examples, BATCH_TOKENS):
            control.check()
            nlp.update(batch, sgd=optimizer, drop=DROPOUT, losses=losses)
        # The averages of the weights over the updates, as spaCy's own training scores
        # and saves them: steadier from one epoch to the next than the last update's.
        with nlp.use_params(optimizer.averages):
            scores = evaluate(nlp, data, recipe) if data.held_out else {}
            f1 = micro_f1(scores) if scores else 0.0
            better = best is None or f1 > best[0]
            weights = nlp.to_bytes() if better else b""
        elapsed = time.monotonic() - started
        report(Epoch(data.layer, epoch, float(losses.get("spans", 0.0)), f1, elapsed, seconds))
        if better:
            best, since_best = (f1, weights, epoch, scores), 0
        elif best is not None and best[0] > 0:  # found nothing yet: not begun to learn
            since_best += 1
        if elapsed + elapsed / epoch > seconds:  # another epoch would overrun the budget
            break
    assert best is not None
    nlp.from_bytes(best[1])
    return Trained(nlp, recipe, data.labels, best[2], best[0], best[3])
