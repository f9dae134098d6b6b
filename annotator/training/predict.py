"""A trained model's suggestions for one document, with a confidence on each span.

The model reads the Doc the installed pipeline made (its tags and dependencies are the
model's features) and proposes spans as ``Origin.MODEL`` suggestions. spaCy's entity
recogniser gives no probability for a span; its greedy parse, stepped from Python, gives
each move's, and a span is as sure as its least sure move. (A beam search gives span
probabilities too, but took 4 to 8 times as long as the greedy parse here.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.store.suggestions import MODEL_PREFIX
from annotator.training.examples import Found, found_in, paragraph_docs
from annotator.training.fields import predict_fields
from annotator.training.models import TrainedModel
from annotator.training.parsed import doc_from_parse
from annotator.training.project_training import FIELDS_FOLDER

#: The lowest confidence kept at all; the window's threshold hides more.
FLOOR = 0.05


@dataclass
class ModelSuggester:
    """A loaded model: one pipeline per layer, and the fields' classifier if any."""

    model: TrainedModel
    layers: dict[str, Language]
    fields: Language | None = None
    _components: dict[str, str] = field(default_factory=dict)

    @property
    def vocab(self) -> Vocab:
        """The vocabulary the model's pipelines read Docs with."""
        return next(iter(self.layers.values())).vocab if self.layers else Vocab()

    def make_doc(self, text: str) -> Doc:
        """A tokenized Doc of ``text`` (a document the installed pipeline never analysed)."""
        return spacy.blank("en", vocab=self.vocab).make_doc(text)

    @property
    def origin_name(self) -> str:
        """What the window shows as the suggestions' origin."""
        return f"{MODEL_PREFIX}{self.model.name}"

    def propose(self, doc: Doc) -> Proposal:
        """The model's spans in ``doc``, scored: a Doc the installed pipeline just parsed,
        or one rebuilt from the stored analysis (``parsed.doc_from_analysis``)."""
        if doc.has_annotation("DEP"):
            doc = doc_from_parse(doc)
        proposal = Proposal()
        for layer, nlp in self.layers.items():
            for found in self._found(nlp, layer, doc):
                span = Span(found.start, found.end, found.label, layer, Origin.MODEL)
                index = proposal.add(span)
                proposal.scores[index] = max(found.score, proposal.scores.get(index, 0.0))
        return proposal

    def _found(self, nlp: Language, layer: str, doc: Doc) -> list[Found]:
        copy = doc.copy()
        copy.ents = ()
        component = self._components.get(layer, "ner")
        if component != "ner":
            return found_in(nlp(copy), component)
        return _scored_entities(nlp, copy)

    def fields_of(self, doc: Doc) -> dict[str, tuple[str, float]]:
        """The likeliest value of each document field the model learned, with its probability."""
        if self.fields is None:
            return {}
        return predict_fields(self.fields, doc, self.model.card.fields)


def _scored_entities(nlp: Language, doc: Doc) -> list[Found]:
    """The entities of each paragraph, each scored by its least sure step."""
    pieces = paragraph_docs(doc)
    if not pieces:
        return []
    docs = [piece for _, piece in pieces]
    for name, component in nlp.pipeline:
        if name == "spans":
            break
        docs = list(component.pipe(docs))  # type: ignore[attr-defined]
    found: list[Found] = []
    for (offset, _piece), scored in zip(
        pieces, greedy_with_scores(nlp.get_pipe("spans"), docs), strict=True
    ):
        found.extend(
            Found(offset + f.start, offset + f.end, f.label, f.score)
            for f in scored
            if f.score >= FLOOR
        )
    return found


def greedy_with_scores(ner: Any, docs: list[Doc]) -> list[list[Found]]:
    """spaCy's greedy entity parse, stepped from Python to keep each step's probability.

    An entity's score is the lowest probability (a softmax over the moves) of the moves
    that made it: a model unsure where a quote ends says so.
    """
    batch = ner.moves.init_batch(docs)
    model = ner.model.predict(docs)
    sure: list[dict[int, float]] = [{} for _ in docs]
    index = {id(state): n for n, state in enumerate(batch)}
    states = [state for state in batch if not state.is_final()]
    while states:
        scores = model.predict(states)
        shifted = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        best = (shifted.max(axis=1) / shifted.sum(axis=1)).tolist()
        for state, probability in zip(states, best, strict=True):
            sure[index[id(state)]][state.B(0)] = probability
        states = ner.transition_states(states, scores)
    ner.set_annotations(docs, batch)
    model.clear_memory()
    return [
        [
            Found(
                e.start_char,
                e.end_char,
                e.label_,
                min(sure[n].get(i, 1.0) for i in range(e.start, e.end)),
            )
            for e in doc.ents
        ]
        for n, doc in enumerate(docs)
    ]


def load_suggester(model: TrainedModel, vocab: Vocab) -> ModelSuggester:
    """Load a model's pipelines to read Docs made with ``vocab``."""
    layers = {}
    components = {}
    for layer in sorted(set(model.card.labels.values())):
        nlp = spacy.load(model.path / layer, vocab=vocab)
        layers[layer] = nlp
        components[layer] = nlp.get_pipe_meta("spans").factory
    for label in model.card.labels:
        vocab.strings.add(label)
    fields_path = model.path / FIELDS_FOLDER
    fields = spacy.load(fields_path, vocab=vocab) if fields_path.is_dir() else None
    return ModelSuggester(model, layers, fields, components)


def propose_all(suggester: ModelSuggester, docs: Sequence[Doc]) -> list[Proposal]:
    """Proposals for several documents, in order."""
    return [suggester.propose(doc) for doc in docs]


def model_dir_of(path: Path) -> Path:
    """A model folder given either itself or its card."""
    return path.parent if path.name == "card.json" else path
