"""Running a pipeline over texts and turning each spaCy Doc into tokens, sentences, entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from annotator.core.model import Analysis, Origin, Span, Syntax, Token

ENTITY_LAYER = "ner"


def doc_to_analysis(doc: Doc, model: str) -> Analysis:
    """Tokens (whitespace tokens dropped: they can't be annotated), sentence starts and,
    from a pipeline with a tagger and parser, each token's syntax."""
    tokens: list[Token] = []
    sent_starts: list[int] = []
    kept: list[int] = []  # spaCy index of each kept token
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
        kept.append(token.i)
    syntax = doc_syntax(doc, kept) if model and doc.has_annotation("DEP") else None
    return Analysis(tuple(tokens), tuple(sent_starts), model, syntax)


def doc_syntax(doc: Doc, kept: list[int]) -> Syntax:
    """Tags, lemmas, morphology and dependencies of the kept (non-space) tokens.

    Heads are re-indexed into the kept tokens; a head that is a whitespace token
    (the parser rarely does this) becomes the token itself, a root.
    """
    position = {spacy_i: i for i, spacy_i in enumerate(kept)}
    tokens = [doc[i] for i in kept]
    return Syntax(
        tag=tuple(t.tag_ for t in tokens),
        pos=tuple(t.pos_ for t in tokens),
        morph=tuple(str(t.morph) for t in tokens),
        lemma=tuple(t.lemma_ for t in tokens),
        head=tuple(position.get(t.head.i, i) for i, t in enumerate(tokens)),
        dep=tuple(t.dep_ for t in tokens),
    )


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
