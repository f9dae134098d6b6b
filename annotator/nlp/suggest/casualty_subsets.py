"""Which casualty figure is part of which, and what a part inherits from its total.

'including 31 civilians', 'of whom 12 were children', 'among them two infants', 'Five
police officers were among the 12 people killed', and partitives: 'Nine of the injured',
'six of them were in intensive care', '30 of them were flown home', 'two of the dead were
soldiers'. A partitive's total is looked for in its own sentence before it, then in the
sentence before, then later in its own sentence ('Nine of the injured were children,
said the hospital, which had admitted 46 people'). 'among them four are police and two
civilians': a figure joined on to a part is a part of the same total.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

from spacy.tokens import Doc, Token

from annotator.core import casualty_words as cw
from annotator.nlp.suggest.casualty_figure import Figure
from annotator.nlp.suggest.casualty_outcomes import PARTITIVE_WORDS, word_outcome
from annotator.nlp.suggest.doc_cache import sentence_of

_SUBSET_BEFORE = (("of", "whom"), ("among", "them"), ("among", "whom"), ("among", "those"))
#: Verbs that give part of a group a status of its own: 'of whom fewer than 90 were
#: charged' counts the charged, not more of the detained.
STATUS_VERBS = cw.words("charge convict sentence release free acquit try indict deport prosecute")
# How far a figure joined on to a part may be: 'four are police and two civilians'.
_JOINED_GAP = 4


def find_subsets(doc: Doc, figures: list[Figure]) -> None:
    """Mark each part with its total; figures read from tracker lines are left alone."""
    for position, figure in enumerate(figures):
        if figure.fixed:
            continue
        # 'including 31 civilians, of whom 12 were children': a marked part is not a sibling.
        listed = not figure.partitive and not _marked(doc, figure, figures)
        sibling = _sibling(doc, figure, figures[:position]) if listed else None
        if sibling is not None:
            figure.subset, figure.total = True, sibling.total
            continue
        among = _among(figure.clause)
        container = next(
            (f for f in figures if f is not figure and among is not None and f.owns(among)), None
        )
        if container is not None:
            figure.subset, figure.total = True, container
            continue
        if _fronted(doc, figure, figures):
            continue
        if figure.partitive and figure.noun is not None:
            figure.subset = True
            figure.total = _total(figure, figures, PARTITIVE_WORDS.get(figure.noun.lower_))
            continue
        if among is not None and among.lower_ in cw.STATE_NOUNS:
            figure.subset = True
            figure.total = _total(figure, figures, cw.STATE_NOUNS[among.lower_])
        elif _marked(doc, figure, figures):
            figure.subset = True
            figure.total = _earlier_in_sentence(figure, figures[:position])


def _fronted(doc: Doc, figure: Figure, figures: Sequence[Figure]) -> bool:
    """'Of the 51 hostages, 46 have been freed', 'Of those killed, 11 were children'.

    The part takes its outcome from the group named before the comma, whatever its own
    clause says of it.
    """
    sentence = sentence_of(figure.anchor)
    first = next((t.i for t in sentence if not (t.is_space or t.is_punct)), sentence.start)
    if doc[first].lower_ != "of" or figure.start <= first:
        return False
    commas = [t.i for t in doc[first : figure.start] if t.text == ","]
    if len(commas) != 1 or commas[0] != figure.start - 1:
        return False
    total = next((f for f in figures if first < f.start < commas[0]), None)
    named = (word_outcome(t) for t in doc[first + 1 : commas[0]])
    outcome = total.outcome if total is not None else next((o for o in named if o), None)
    if outcome is None:
        return False
    figure.subset, figure.total = True, total
    figure.outcome = figure.outcome or outcome
    return True


def _marked(doc: Doc, figure: Figure, figures: Sequence[Figure]) -> bool:
    """'including 31 civilians', 'of whom 12', 'among them', '145, 60 of them …' (apposed)."""
    start = figure.expr.start
    words = tuple(t.lower_ for t in doc[max(start - 2, 0) : start])
    if (words and words[-1] == "including") or words in _SUBSET_BEFORE:
        return True
    owned = any(f is not figure and f.owns(figure.anchor.head) for f in figures)
    return figure.anchor.dep_ == "appos" and owned


def _sibling(doc: Doc, figure: Figure, earlier: Sequence[Figure]) -> Figure | None:
    """The part this figure is listed with: '31 women and 27 children', 'four … and two'."""
    for other in earlier:
        if other.subset and figure.anchor.dep_ == "conj" and other.owns(figure.anchor.head):
            return other
    if not earlier or figure.outcome is not None:
        return None
    last = earlier[-1]
    between = doc[last.end : figure.expr.start]
    joined = (
        last.subset
        and last.total is not None
        and len(between) <= _JOINED_GAP
        and any(t.lower_ in ("and", ",") for t in between)
        and not any(t.pos_ in ("VERB", "SCONJ") or "\n" in t.text for t in between)
    )
    return last if joined else None


def _among(clause: Token | None) -> Token | None:
    """What the clause says the figure is among: 'are among the dead'."""
    for prep in clause.children if clause is not None else ():
        if prep.dep_ == "prep" and prep.lower_ == "among":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _earlier_in_sentence(figure: Figure, earlier: Sequence[Figure]) -> Figure | None:
    """The nearest figure before, in the same sentence and paragraph, that can be a total."""
    sentence = sentence_of(figure.anchor)
    for other in reversed(earlier):
        if other.paragraph != figure.paragraph or other.expr.start < sentence.start:
            return None
        if not other.subset or other.total is not None:
            return other
    return None


def _total(figure: Figure, figures: Sequence[Figure], outcome: str | None) -> Figure | None:
    """The total a partitive is part of: by what its word names ('of the injured'), or the
    nearest group with an outcome ('of them')."""
    for other in _candidates(figure, figures):
        if outcome is None and (other.outcome is not None or other.subset):
            return other
        if outcome is not None and other.outcome == outcome and not other.subset:
            return other
    return None


def _candidates(figure: Figure, figures: Sequence[Figure]) -> Iterator[Figure]:
    """Before it in its sentence, nearest first; then in the sentence before; then after."""
    sentence = sentence_of(figure.anchor)
    doc = figure.anchor.doc
    first = sentence.start
    while first > 0 and doc[first - 1].is_space:
        first -= 1
    previous = sentence_of(doc[first - 1]).start if first > 0 else sentence.start
    others = [f for f in figures if f is not figure]
    same = [f for f in others if sentence.start <= f.start < figure.start]
    before = [f for f in others if previous <= f.start < sentence.start]
    after = [f for f in others if figure.end <= f.start < sentence.end]
    return chain(reversed(same), reversed(before), after)


def inherited_outcome(figure: Figure, figures: Sequence[Figure]) -> str | None:
    """The outcome a figure without one of its own takes from a total, an earlier figure
    it refers back to ('the figure was closer to 40') or a figure it is listed with."""
    total = figure.total
    if total is not None and total.outcome:
        clause = figure.clause
        if clause is None or clause.lemma_ == "be" or clause.lower_ in ("including", "among"):
            return total.outcome
        if figure.partitive and clause.lemma_.lower() not in STATUS_VERBS:
            return total.outcome
    if figure.anaphoric:
        earlier = [
            f
            for f in figures
            if f.outcome and f.paragraph == figure.paragraph and f.expr.end <= figure.expr.start
        ]
        if earlier:
            return earlier[-1].outcome
    current = figure.anchor
    for _ in range(3):
        if current.dep_ not in ("conj", "appos") or current.head.i == current.i:
            break
        current = current.head
        for other in figures:
            if other is not figure and other.outcome and other.owns(current):
                return other.outcome
    return None
