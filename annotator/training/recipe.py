"""The spaCy pipeline a layer's model is made of, and why.

One small pipeline per span layer: a CNN token encoder and an entity recogniser (or a
span categoriser for a layer whose spans overlap one another), plus a text classifier
for document fields with fixed values. The encoder hashes each word's form, prefix,
suffix and shape, and also the tag and dependency label the installed English pipeline
gave it when the document was analysed: where a quote starts and ends follows the
syntax (the clause a verb of saying governs), and those features come from a parser
trained on far more text than any project holds. The README says what was measured.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from thinc.api import Config

#: Hashed features of each token, and the rows of each hash table.
WORD_FEATURES: tuple[tuple[str, int], ...] = (
    ("NORM", 5000),
    ("PREFIX", 1000),
    ("SUFFIX", 2500),
    ("SHAPE", 2500),
)
SYNTAX_FEATURES: tuple[tuple[str, int], ...] = (("TAG", 2000), ("LEMMA", 1000))
#: The encoder's width: 64 learned as well as 96 on 300 articles, in four fifths of the time.
WIDTH = 64


@dataclass(frozen=True)
class Recipe:
    """What one layer's model is: its component and whether it reads the parse."""

    component: str  # "ner" or "spancat"
    syntax: bool
    max_span_tokens: int = 12  # spancat only: the longest span it considers

    def describe(self) -> str:
        """In words, for the model's card."""
        reads = "word forms, tags and dependencies" if self.syntax else "word forms"
        return f"{self.component} over a CNN encoder of {reads}"


def _encoder(syntax: bool) -> dict[str, Any]:
    features = WORD_FEATURES + (SYNTAX_FEATURES if syntax else ())
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": WIDTH,
            "attrs": [name for name, _ in features],
            "rows": [rows for _, rows in features],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": WIDTH,
            "depth": 4,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    }


def _listener() -> dict[str, Any]:
    return {"@architectures": "spacy.Tok2VecListener.v1", "width": WIDTH, "upstream": "*"}


def _span_component(recipe: Recipe) -> dict[str, Any]:
    if recipe.component == "ner":
        return {
            "factory": "ner",
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "extra_state_tokens": False,
                "hidden_width": 64,
                "maxout_pieces": 2,
                "use_upper": True,
                "nO": None,
                "tok2vec": _listener(),
            },
        }
    return {
        "factory": "spancat",
        "spans_key": "sc",
        "threshold": 0.5,
        "suggester": {
            "@misc": "spacy.ngram_range_suggester.v1",
            "min_size": 1,
            "max_size": recipe.max_span_tokens,
        },
        "model": {
            "@architectures": "spacy.SpanCategorizer.v1",
            "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 128},
            "scorer": {"@layers": "spacy.LinearLogistic.v1", "nO": None, "nI": None},
            "tok2vec": _listener(),
        },
    }


def span_config(recipe: Recipe) -> Config:
    """The config of one span layer's pipeline: ``tok2vec`` then ``spans``."""
    data = {
        "nlp": {"lang": "en", "pipeline": ["tok2vec", "spans"]},
        "components": {
            "tok2vec": {"factory": "tok2vec", "model": _encoder(recipe.syntax)},
            "spans": _span_component(recipe),
        },
    }
    return Config(json.loads(json.dumps(data)))


def fields_config(exclusive: bool = True) -> Config:
    """The config of the document fields' text classifier (one label per value)."""
    data = {
        "nlp": {"lang": "en", "pipeline": ["textcat"]},
        "components": {
            "textcat": {
                "factory": "textcat" if exclusive else "textcat_multilabel",
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": exclusive,
                    "ngram_size": 2,
                    "no_output_layer": False,
                    "length": 262144,
                    "nO": None,
                },
            }
        },
    }
    return Config(data)
