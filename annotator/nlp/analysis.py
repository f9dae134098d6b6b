"""Running a pipeline over texts and turning each spaCy Doc into tokens, sentences, entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from annotator.core.model import Analysis, Origin, Span, Token

ENTITY_LAYER = "ner"


def doc_to_analysis(doc: Doc, model: str) -> Analysis:
    """Tokens (whitespace tokens dropped: they can't be annotated) and sentence starts."""
    tokens: list[Token] = []
    sent_starts: list[int] = []
    has_sents = doc.has_annotation("SENT_START")
    starts_sentence = True
    for token in doc:
        if has_sents and token.is_sent_start:
            starts_sentence = True
        if token.is_space:
            continue
        if starts_sentence:
            sent_starts.append(len(tokens))
            starts_sentence = False
        tokens.append(Token(token.idx, token.idx + len(token.text)))
    return Analysis(tuple(tokens), tuple(sent_starts), model)


def doc_entities(doc: Doc, known_labels: frozenset[str] | None = None) -> list[Span]:
    """The pipeline's named entities as model spans, keeping only labels the schema knows."""
    return [
        Span(ent.start_char, ent.end_char, ent.label_, ENTITY_LAYER, Origin.MODEL)
        for ent in doc.ents
        if known_labels is None or ent.label_ in known_labels
    ]


def analyse(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1
) -> Iterator[Doc]:
    """spaCy Docs for ``texts`` in order, batched (and in processes when asked)."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
