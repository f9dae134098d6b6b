"""Train a project's model: gather, split, train each layer, score, write the folder.

This runs in a child process (``annotator train``), never in the window's: spaCy's
training holds the interpreter for seconds at a time.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.schema import LabelSchema
from annotator.store.documents import get_analysis
from annotator.training.corpus import Source, TrainingDoc, training_docs
from annotator.training.examples import gold_items, layer_example, overlaps_itself, paragraphs
from annotator.training.fields import TrainedFields, train_fields
from annotator.training.loop import Epoch, LayerData, Trained, train_layer
from annotator.training.models import (
    CurvePoint,
    LabelScore,
    ModelCard,
    TrainedModel,
    models_folder,
    new_model_name,
    write_card,
)
from annotator.training.parsed import doc_from_analysis
from annotator.training.recipe import Recipe
from annotator.training.scoring import combine
from annotator.training.split import CURVE_SHARES, HELD_OUT, first_share, split_by_hash

FIELDS_FOLDER = "fields"
#: A folder being written; renamed to the model's name once complete.
PARTIAL = ".partial"


class NothingToLearn(ValueError):
    """The project has no finished documents with annotations in the chosen layers."""


@dataclass(frozen=True)
class TrainRequest:
    """What to train: which layers, from whose work, for how long, and where to put it."""

    layers: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)
    max_minutes: float = 10.0
    curve: bool = False
    held_out: float = HELD_OUT
    out: Path | None = None  # the models folder; the project's own by default


Say = Callable[[str], None]


@dataclass
class _Corpus:
    train: list[tuple[Doc, TrainingDoc]]
    held_out: list[tuple[Doc, TrainingDoc]]
    layers: dict[str, tuple[str, ...]]  # layer -> labels
    syntax: bool
    vocab: Vocab


def _corpus(db: Database, schema: LabelSchema, request: TrainRequest) -> _Corpus:
    docs = training_docs(db, schema, request.layers, request.source)
    labelled = [d for d in docs if d.spans or d.fields]
    if not labelled:
        raise NothingToLearn(
            "no finished document has annotations to learn from: mark documents done "
            "(or adjudicate them in review) first"
        )
    split = split_by_hash(labelled, request.held_out)
    vocab = spacy.blank("en").vocab
    parsed: dict[int, Doc] = {}
    syntax = True
    for doc in labelled:
        if doc.doc_id not in parsed:
            analysis = get_analysis(db, doc.doc_id, syntax=True)
            if analysis is None:
                parsed[doc.doc_id] = spacy.blank("en", vocab=vocab).make_doc(doc.text)
                syntax = False
            else:
                parsed[doc.doc_id] = doc_from_analysis(vocab, doc.text, analysis)
                syntax = syntax and analysis.syntax is not None
    layers: dict[str, set[str]] = {}
    for doc in split.train:
        for span in doc.spans:
            layers.setdefault(span.layer, set()).add(span.label)
    return _Corpus(
        [(parsed[d.doc_id], d) for d in split.train],
        [(parsed[d.doc_id], d) for d in split.held_out],
        {layer: tuple(sorted(labels)) for layer, labels in sorted(layers.items())},
        syntax,
        vocab,
    )


def _layer_data(corpus: _Corpus, layer: str, recipe: Recipe, share: float = 1.0) -> LayerData:
    train = corpus.train if share >= 1.0 else _share(corpus.train, share)
    examples = [layer_example(t, d, layer, recipe.component) for d, t in train]
    if recipe.component == "ner":
        examples = [piece for example in examples for piece in paragraphs(example)]
    return LayerData(
        layer,
        corpus.layers[layer],
        examples,
        [layer_example(t, d, layer, recipe.component) for d, t in corpus.held_out],
        [gold_items(t, layer) for _, t in corpus.held_out],
    )


def _share(pairs: list[tuple[Doc, TrainingDoc]], share: float) -> list[tuple[Doc, TrainingDoc]]:
    keep = {id(t) for t in first_share([t for _, t in pairs], share)}
    return [(d, t) for d, t in pairs if id(t) in keep]


def _budgets(corpus: _Corpus, seconds: float) -> dict[str, float]:
    """Each layer's share of the time: by how many spans it has, at least a tenth each."""
    counts = {
        layer: sum(1 for _, t in corpus.train for s in t.spans if s.layer == layer)
        for layer in corpus.layers
    }
    total = sum(counts.values()) or 1
    floor = 0.1 / max(1, len(counts))
    shares = {layer: max(floor, n / total) for layer, n in counts.items()}
    norm = sum(shares.values()) or 1.0
    return {layer: seconds * share / norm for layer, share in shares.items()}


def _train_layers(
    corpus: _Corpus,
    seconds: float,
    share: float,
    report: Callable[[Epoch], None],
    control: Control,
) -> dict[str, Trained]:
    trained = {}
    for layer, budget in _budgets(corpus, seconds).items():
        docs = [t for _, t in corpus.train]
        component = "spancat" if overlaps_itself(docs, layer) else "ner"
        recipe = Recipe(component, corpus.syntax)
        data = _layer_data(corpus, layer, recipe, share)
        trained[layer] = train_layer(data, recipe, corpus.vocab, budget, report, control)
    return trained


def _scores(trained: dict[str, Trained]) -> tuple[dict[str, LabelScore], float]:
    scores = {}
    for layer in trained.values():
        for label, (overlap, exact) in layer.scores.items():
            scores[label] = LabelScore(
                overlap.precision,
                overlap.recall,
                overlap.f1,
                exact.f1,
                overlap.gold,
                overlap.predicted,
            )
    overall = combine(o for layer in trained.values() for o, _ in layer.scores.values())
    return scores, overall.f1


def _write(
    folder: Path, trained: dict[str, Trained], fields: TrainedFields | None, card: ModelCard
) -> Path:
    """Write the model beside its final name, then rename: a model folder is whole or absent."""
    partial = folder / f"{card.name}{PARTIAL}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for layer, model in trained.items():
        model.nlp.to_disk(partial / layer)
    if fields is not None:
        fields.nlp.to_disk(partial / FIELDS_FOLDER)
    write_card(partial, card)
    final = folder / card.name
    partial.rename(final)
    return final


def clean_partial(folder: Path, older_than_s: float = 24 * 3600) -> None:
    """Remove folders of trainings that stopped half-way long ago (a kill, a crash)."""
    if not folder.is_dir():
        return
    for path in folder.glob(f"*{PARTIAL}"):
        if time.time() - path.stat().st_mtime > older_than_s:
            shutil.rmtree(path, ignore_errors=True)


def train_project(
    db: Database,
    project: Path,
    schema: LabelSchema,
    request: TrainRequest,
    report: Callable[[Epoch], None],
    say: Say,
    control: Control,
) -> TrainedModel:
    """Train, score and write a new model of the project; returns it (curve included)."""
    started = time.monotonic()
    say("Reading the finished documents…")
    corpus = _corpus(db, schema, request)
    # What is left of the minutes asked for once the documents are read, less a little
    # for scoring and writing the model: the whole run keeps to the minutes asked for.
    seconds = max(request.max_minutes * 60 * 0.97 - (time.monotonic() - started), 1.0)
    fields_s = 0.1 * seconds if any(t.fields for _, t in corpus.train) else 0.0
    trained = _train_layers(corpus, seconds - fields_s, 1.0, report, control)
    say("Training the document fields' classifier…")
    fields = train_fields(corpus.train, corpus.held_out, corpus.vocab, fields_s, control)
    scores, f1 = _scores(trained)
    folder = request.out or models_folder(project)
    clean_partial(folder)
    card = ModelCard(
        name=new_model_name(project if request.out is None else folder / "x"),
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        labels={label: layer for layer, t in trained.items() for label in t.labels},
        fields=fields.values if fields else {},
        source=request.source.describe(),
        documents=len(corpus.train),
        held_out=len(corpus.held_out),
        f1=f1,
        scores=scores,
        field_accuracy=fields.accuracy if fields else {},
        minutes=(time.monotonic() - started) / 60,
        epochs=max((t.epochs for t in trained.values()), default=0),
        recipe="; ".join(f"{layer}: {t.recipe.describe()}" for layer, t in trained.items()),
        base="the installed English pipeline's analyses" if corpus.syntax else "",
    )
    path = _write(folder, trained, fields, card)
    if request.curve:
        card = replace(card, curve=_curve(corpus, seconds, f1, report, say, control))
        write_card(path, card)
    return TrainedModel(path, card)


def _curve(
    corpus: _Corpus,
    seconds: float,
    full_f1: float,
    report: Callable[[Epoch], None],
    say: Say,
    control: Control,
) -> list[CurvePoint]:
    """F1 after training on growing shares of the documents, the same time per document."""
    points = []
    for share in CURVE_SHARES[:-1]:
        say(f"Learning curve: training on {share:.0%} of the documents…")
        trained = _train_layers(corpus, seconds * share, share, report, control)
        documents = len(first_share([t for _, t in corpus.train], share))
        points.append(CurvePoint(share, documents, _scores(trained)[1]))
    points.append(CurvePoint(1.0, len(corpus.train), full_f1))
    return points


def curve_shares() -> Sequence[float]:
    """The shares of the training documents the curve is drawn at."""
    return CURVE_SHARES
