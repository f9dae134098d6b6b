"""The Docs a model reads: the document's tokens, with what the parser said packed in.

The installed English pipeline analysed every document at import; the project keeps the
tokens, tags and dependencies. A model reads them back rather than parsing again
(parsing 300 articles would take minutes of a laptop's training budget), and reads them
as features rather than as a parse: spaCy's entity recogniser never lets an entity
cross a sentence boundary of a parsed Doc, and a quote often runs over several
sentences. So each token carries, hashed into the encoder:

- ``tag_``: its tag, its dependency label, and whether it stands inside quotation marks;
- ``lemma_``: the lemma of the word whose clause it belongs to (``said`` for the words
  of "he said the talks had failed"), the parser's best guess at who governs it.

Whitespace between tokens comes back as spaCy's own whitespace tokens, so ``doc.text``
is the document's text, character for character.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.core.model import Analysis

#: Dependencies that open a clause of its own under the word they hang from.
CLAUSES = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "relcl", "acl", "csubj", "conj"})
OPENING = "“‘«„"
CLOSING = "”’»"
STRAIGHT = '"'
NONE = "-"


def doc_from_analysis(vocab: Vocab, text: str, analysis: Analysis) -> Doc:
    """The model's Doc of ``text`` from the stored tokens and syntax."""
    words: list[str] = []
    spaces: list[bool] = []
    kept: list[int | None] = []  # index into analysis.tokens, None for whitespace
    position = 0
    for i, token in enumerate(analysis.tokens):
        _gap(text[position : token.start], words, spaces, kept)
        words.append(text[token.start : token.end])
        spaces.append(False)
        kept.append(i)
        position = token.end
    _gap(text[position:], words, spaces, kept)
    syntax = analysis.syntax
    if syntax is None:
        return Doc(vocab, words=words, spaces=spaces)
    tags = [syntax.tag[k] if k is not None else "_SP" for k in kept]
    deps = [syntax.dep[k] if k is not None else "" for k in kept]
    where = {k: n for n, k in enumerate(kept) if k is not None}
    heads = [where[syntax.head[k]] if k is not None else n for n, k in enumerate(kept)]
    lemmas = [syntax.lemma[k] if k is not None else w for w, k in zip(words, kept, strict=True)]
    return feature_doc(vocab, words, spaces, tags, deps, heads, lemmas)


def doc_from_parse(doc: Doc) -> Doc:
    """The model's Doc of a Doc the installed pipeline just parsed (same tokens)."""
    return feature_doc(
        doc.vocab,
        [t.text for t in doc],
        [bool(t.whitespace_) for t in doc],
        [t.tag_ for t in doc],
        [t.dep_ for t in doc],
        [t.head.i for t in doc],
        [t.lemma_ for t in doc],
    )


def feature_doc(
    vocab: Vocab,
    words: list[str],
    spaces: list[bool],
    tags: Sequence[str],
    deps: Sequence[str],
    heads: Sequence[int],
    lemmas: Sequence[str],
) -> Doc:
    """An unparsed Doc whose tags and lemmas carry the features described above."""
    quoted = _inside_quotes(words)
    governors = _governors(deps, heads, lemmas)
    packed = [
        f"{tag}|{dep}|{'q' if q else ''}" for tag, dep, q in zip(tags, deps, quoted, strict=True)
    ]
    return Doc(vocab, words=words, spaces=spaces, tags=packed, lemmas=governors)


def _governors(deps: Sequence[str], heads: Sequence[int], lemmas: Sequence[str]) -> list[str]:
    """For each token, the lemma of the word heading the nearest clause that holds it."""
    found: list[str | None] = [None] * len(deps)
    for start in range(len(deps)):
        path: list[int] = []
        i = start
        while found[i] is None and len(path) <= 40:  # the bound guards a stored cycle
            head = heads[i]
            if head == i:
                found[i] = NONE
            elif deps[i] in CLAUSES:
                found[i] = lemmas[head].lower()
            else:
                path.append(i)
                i = head
        value = found[i] or NONE
        for j in path:  # everything walked through hangs from the same clause
            found[j] = value
    return [value or NONE for value in found]


def _inside_quotes(words: Sequence[str]) -> list[bool]:
    """Whether each token stands between quotation marks (a new paragraph closes them)."""
    inside = False
    flags = []
    for word in words:
        if "\n" in word:
            inside = False
        flags.append(inside)
        if word and word[0] in OPENING:
            inside = True
        elif word and word[0] in CLOSING:
            inside = False
        elif word == STRAIGHT:
            inside = not inside
    return flags


def _gap(gap: str, words: list[str], spaces: list[bool], kept: list[int | None]) -> None:
    """Text between two tokens: one space trails the token before; more is a token."""
    if not gap:
        return
    if gap.startswith(" ") and words and not spaces[-1] and kept[-1] is not None:
        spaces[-1] = True
        gap = gap[1:]
        if not gap:
            return
    words.append(gap)
    spaces.append(False)
    kept.append(None)
