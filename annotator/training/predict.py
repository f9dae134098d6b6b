"""A trained model's suggestions for one document, with a confidence on each span.

The model reads the Doc the installed pipeline made (its tags and dependencies are the
model's features) and proposes spans as ``Origin.MODEL`` suggestions. An entity
recogniser has no probability of its own for a span: a small beam search gives one
(the share of the beam's probability mass on parses that contain the span).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.training.examples import Found, found_in
from annotator.training.fields import predict_fields
from annotator.training.models import TrainedModel
from annotator.training.project_training import FIELDS_FOLDER

#: Parses kept by the beam that scores an entity recogniser's spans.
BEAM_WIDTH = 8
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
        return f"model {self.model.name}"

    def propose(self, doc: Doc) -> Proposal:
        """The model's spans in ``doc`` (parsed by the installed pipeline), scored."""
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
    """The greedy parse's entities, each scored by the beam's mass on it."""
    for name, component in nlp.pipeline:
        if name == "spans":
            break
        doc = component(doc)
    ner: Any = nlp.get_pipe("spans")
    beams = ner.beam_parse([doc], beam_width=BEAM_WIDTH)
    scored = ner.scored_ents(beams)[0]
    ner.set_annotations([doc], ner.predict([doc]))
    found = []
    for ent in doc.ents:
        score = float(scored.get((ent.start, ent.end, ent.label_), 0.0))
        if score >= FLOOR:
            found.append(Found(ent.start_char, ent.end_char, ent.label_, score))
    return found


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
