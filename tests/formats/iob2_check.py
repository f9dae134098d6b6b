"""Strict IOB2 readers for the CoNLL and CoNLL-U files the tests write.

Lenient readers (spaCy's converters among them) quietly repair an ``I-X`` that follows
nothing: they start a new entity there, or drop it. These helpers refuse it instead, as
a strict reader (seqeval's strict mode, a CRF's transition constraints) would: every
``I-X`` must follow a ``B-X`` or ``I-X`` of the same column in the same sentence.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"^(O|[BI]-\S+)$")
_NOT_A_TAG = ("SpaceAfter", "SpacesAfter", "SpacesBefore", "Translit", "LTranslit")


def _check_sequence(tags: list[tuple[int, str]], where: str) -> None:
    """``tags``: (line number, tag) of one column through one sentence."""
    previous = "O"
    for line, tag in tags:
        assert _TAG.match(tag), f"{where}, line {line}: {tag!r} is not O, B-X or I-X"
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            raise AssertionError(
                f"{where}, line {line}: {tag} follows {previous}, not B-{tag[2:]} or {tag}"
            )
        previous = tag


def check_conll(text: str, first_tag_column: int = 3) -> int:
    """Check a CoNLL file: equal column counts and strict IOB2 in every tag column.

    Sentences end at blank lines and at ``-DOCSTART-`` lines. Returns the number of token
    lines, so a test can compare it with the tokens it wrote.
    """
    widths: set[int] = set()
    sentence: list[tuple[int, list[str]]] = []
    tokens = 0

    def close() -> None:
        for column in range(first_tag_column, max(widths, default=0)):
            tags = [(number, cells[column]) for number, cells in sentence]
            _check_sequence(tags, f"column {column + 1}")
        sentence.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.startswith("-DOCSTART-"):
            close()
            continue
        cells = line.split(" ")
        widths.add(len(cells))
        assert len(widths) == 1, f"line {number}: {len(cells)} columns, others have {widths}"
        sentence.append((number, cells))
        tokens += 1
    close()
    return tokens


def check_conllu(text: str) -> int:
    """Check the layers' tags in a CoNLL-U file's MISC column (``Key=TAG`` entries; a
    token without the key is ``O``) for strict IOB2. Returns the number of token lines."""
    sentence: list[tuple[int, dict[str, str]]] = []
    tokens = 0

    def close() -> None:
        keys = {key for _, misc in sentence for key in misc}
        for key in sorted(keys):
            _check_sequence([(number, misc.get(key, "O")) for number, misc in sentence], key)
        sentence.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            close()
            continue
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == 10, f"line {number}: {len(cells)} columns, not 10"
        entries = [] if cells[9] == "_" else cells[9].split("|")
        misc = dict(entry.split("=", 1) for entry in entries)
        sentence.append((number, {k: v for k, v in misc.items() if k not in _NOT_A_TAG}))
        tokens += 1
    close()
    return tokens
