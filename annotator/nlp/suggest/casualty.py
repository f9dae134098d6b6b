"""Rule-based CASUALTY suggestions: 'at least 145 militants were killed', 'dozens of people'.

Every number expression the Matcher finds (:mod:`casualty_patterns`) is read against
the dependency parse: the noun it counts must be people, and a word for an outcome
(killed, wounded, missing, abducted, detained, displaced) must govern it within its own
clause. A figure without an outcome of its own can take one from the figure it is part
of ('including 31 civilians', 'of whom 12 were children'), from one it is coordinated
with ('92 killed on Saturday and 41 on Friday'), or from the figure a later clause refers
back to ('the figure was closer to 40'). Sources come from 'according to X' and from the
reporting verb the figure's clause hangs from ('X said').

The word tables (shared with the pre-filling of figures marked by hand) are in
:mod:`annotator.core.casualty_words`, the Matcher in :mod:`casualty_patterns`, what single
words mean in context in :mod:`casualty_outcomes`, and sources in :mod:`casualty_sources`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from annotator.core import casualty_words as cw
from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.nlp.suggest import casualty_outcomes as rules
from annotator.nlp.suggest import casualty_patterns as lex
from annotator.nlp.suggest.casualty_patterns import NumberExpr, find_numbers
from annotator.nlp.suggest.casualty_sources import find_source
from annotator.nlp.suggest.doc_cache import sentence_of, text_of

_VERBAL = ("VERB", "AUX")
_NOUNISH = ("NOUN", "PROPN", "PRON", "ADJ")
_SUBSET_BEFORE = (("of", "whom"), ("among", "them"), ("among", "whom"), ("among", "those"))
_PARTITIVE_TOTALS = cw.words("dead injured wounded killed victims them whom those")


@dataclass(eq=False)
class _Figure:
    expr: NumberExpr
    end: int  # token index after the span: the number with its victim noun phrase
    anchor: Token  # the token that carries the figure's role in the clause
    noun: Token | None  # the victim noun ('militants', or 'people' in 'dozens of people')
    paragraph: int
    outcome: str | None = None
    clause: Token | None = None  # the verb (or copula) whose clause the figure is in
    anaphoric: bool = False
    subset: bool = False
    total: _Figure | None = None
    victims: str = "unknown"
    scope: str = "incident"

    def owns(self, token: Token) -> bool:
        return self.expr.start <= token.i < self.end or (
            self.noun is not None and token.i == self.noun.i
        )


def suggest_casualties(doc: Doc) -> Proposal:
    """CASUALTY spans (with outcome, counts, qualifier, victims, scope) for one parsed doc.

    Also SOURCE spans for whoever gave a figure, linked by ATTRIBUTED_TO, and SUBSET_OF
    links from a figure to the total it is part of. Needs a dependency parse; a document
    from the blank pipeline gets no suggestions.
    """
    proposal = Proposal()
    if not doc.has_annotation("DEP"):
        return proposal
    breaks = [i for i, char in enumerate(text_of(doc)) if char == "\n"]
    figures = [
        figure
        for expr in find_numbers(doc)
        if (figure := _read(doc, expr, bisect_right(breaks, doc[expr.start].idx)))
    ]
    for figure in figures:
        figure.clause = _clause_of(figure.anchor)
        figure.outcome = _outcome(figure)
        figure.anaphoric = figure.outcome is None and _refers_back(figure.clause)
    _find_subsets(doc, figures)
    for _ in range(3):
        for figure in figures:
            if figure.outcome is None:
                figure.outcome = _inherited_outcome(figure, figures)
    kept = [f for f in figures if f.outcome]
    indices: dict[int, int] = {}
    for position, figure in enumerate(kept):
        figure.victims = _victims(figure, kept[:position])
        figure.scope = _scope(figure)
        indices[id(figure)] = proposal.add(_span(doc, figure))
        source = find_source(doc, figure.anchor)
        if source is not None:
            proposal.link(indices[id(figure)], proposal.add(source), "ATTRIBUTED_TO")
    for figure in kept:
        if figure.total is not None and id(figure.total) in indices:
            if figure.total.scope == "cumulative":
                figure.scope = "cumulative"
                proposal.replace(indices[id(figure)], _span(doc, figure))
            proposal.link(indices[id(figure)], indices[id(figure.total)], "SUBSET_OF")
    return proposal


def _span(doc: Doc, figure: _Figure) -> Span:
    count = figure.expr.count
    attrs: dict[str, object] = {"outcome": figure.outcome}
    for key, value in (("min", count.min), ("max", count.max), ("best", count.best)):
        if value is not None:
            attrs[key] = value
    attrs.update(qualifier=count.qualifier, victims=figure.victims, scope=figure.scope)
    tokens = doc[figure.expr.start : figure.end]
    return Span(
        tokens.start_char,
        tokens.end_char,
        "CASUALTY",
        layer="casualty",
        origin=Origin.RULES,
        attrs=attrs,
    )


# --- reading one number expression ------------------------------------------------------


def _read(doc: Doc, expr: NumberExpr, paragraph: int) -> _Figure | None:
    """The figure a number expression would be, or None if it cannot count casualties."""
    tokens = doc[expr.number_start : expr.end]
    if lex.not_a_count(doc, expr, tokens):
        return None
    noun, partitive = _victim_noun(doc, expr)
    if noun is not None and not _is_people(noun):
        return None
    anchor = noun if noun is not None and not partitive else _head(tokens)
    end = expr.end
    if noun is not None:
        end = noun.i + 1
        for child in noun.rights:
            if noun.lemma_ == "member" and child.dep_ == "prep" and child.lower_ == "of":
                end = child.right_edge.i + 1
    else:
        if doc[expr.start - 1].lower_ == "the" if expr.start else False:
            return None  # 'the three' points back to people counted before
        if lex.bare_number_is_not_a_count(doc, expr, anchor):
            return None
        # 'treated 46 wounded': the adjective stands for the noun ('46 wounded people').
        after = doc[end] if end < len(doc) else None
        if (
            after is not None
            and after.head.i in (anchor.i, anchor.head.i)
            and anchor.dep_ in ("dobj", "pobj")
            and after.lower_ in cw.STATE_NOUNS
        ):
            end += 1
    return _Figure(expr, end, anchor, noun, paragraph)


def _head(tokens: SpacySpan) -> Token:
    """The token of a number expression that hangs from outside it."""
    outside = [t for t in tokens if not tokens.start <= t.head.i < tokens.end or t.head.i == t.i]
    preferred = [t for t in outside if t.dep_ not in ("punct", "cc", "advmod", "quantmod")]
    return (preferred or outside or [tokens[-1]])[-1]


def _victim_noun(doc: Doc, expr: NumberExpr) -> tuple[Token | None, bool]:
    """The noun a figure counts, and whether it comes after 'of' ('dozens of people')."""
    for token in reversed(doc[expr.number_start : expr.end]):
        head = token.head
        if (
            head.i >= expr.end
            and head.i - expr.end <= 4
            and head.pos_ in ("NOUN", "PROPN")
            and all(expr.start <= t.head.i <= head.i for t in doc[expr.end : head.i])
        ):
            return head, False
    if expr.end < len(doc) and doc[expr.end].lower_ == "of":
        of = doc[expr.end]
        if expr.start <= of.head.i < expr.end:
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, True
    return None, False


def _is_people(noun: Token) -> bool:
    lemma, text = noun.lemma_.lower(), noun.lower_
    groups = cw.CIVILIAN | cw.ARMED_GROUP | cw.SECURITY | cw.OTHER_PEOPLE
    if lemma in groups or text in groups or text in _PARTITIVE_TOTALS or lemma == "force":
        return True
    return noun.ent_type_ == "NORP" or (noun.tag_ == "NNS" and text.endswith(cw.PERSON_SUFFIXES))


# --- the outcome ------------------------------------------------------------------------


def _clause_of(anchor: Token) -> Token | None:
    """The verb (or copula) of the clause a figure is in."""
    current = anchor
    for _ in range(12):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in _VERBAL:
            return head
        current = head
    return None


def _outcome(figure: _Figure) -> str | None:
    """The outcome the figure's own noun phrase or its clause names."""
    for word in (figure.noun, figure.anchor):
        if word is None:
            continue
        # 'at least 52 bodies', 'up to 30 of the dead', '20 hostages'
        if word.pos_ in _NOUNISH and (found := rules.word_outcome(word)):
            return found
        for child in word.children:
            if child.dep_ in ("acl", "amod", "relcl") and (found := rules.verb_outcome(child)):
                return found
    current = figure.anchor
    for _ in range(12):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in _VERBAL:
            return rules.clause_outcome(head, current)
        if found := rules.word_outcome(head):
            return found
        current = head
    return None


def _refers_back(verb: Token | None) -> bool:
    """'The figure was closer to 40': the clause's subject is a figure already given."""
    if verb is None:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex.ANAPHORIC_NOUNS
        for c in verb.children
    )


def _inherited_outcome(figure: _Figure, figures: list[_Figure]) -> str | None:
    if figure.total is not None and figure.total.outcome:
        clause = figure.clause
        # 'of whom 12 were children' inherits; 'of whom fewer than 90 were charged' does not.
        if clause is None or clause.lemma_ == "be" or clause.lower_ in ("including", "among"):
            return figure.total.outcome
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


# --- subsets, victims, scope ------------------------------------------------------------


def _find_subsets(doc: Doc, figures: list[_Figure]) -> None:
    """Mark 'including 31 civilians', 'of whom 12', 'among them', 'up to 30 of the dead'."""
    for position, figure in enumerate(figures):
        start = figure.expr.start
        words = tuple(t.lower_ for t in doc[max(start - 2, 0) : start])
        noun = figure.noun
        partitive = (
            noun is not None and noun.i > figure.expr.end and noun.lower_ in _PARTITIVE_TOTALS
        )
        among = _among(figure.clause)
        among_dead = among is not None and among.lower_ in cw.STATE_NOUNS
        sibling = next(
            (
                f
                for f in figures[:position]
                if f.subset and figure.anchor.dep_ == "conj" and f.owns(figure.anchor.head)
            ),
            None,
        )
        if sibling is not None:
            figure.subset, figure.total = True, sibling.total
            continue
        # 'Five police officers were among the 12 people killed'
        container = next(
            (f for f in figures if f is not figure and among is not None and f.owns(among)), None
        )
        if container is not None:
            figure.subset, figure.total = True, container
            continue
        if not (
            (words and words[-1] == "including")
            or words in _SUBSET_BEFORE
            or partitive
            or among_dead
            or (figure.anchor.dep_ == "appos" and _owned_by_other(figure, figures))
        ):
            continue
        figure.subset = True
        sentence = sentence_of(figure.anchor)
        for earlier in reversed(figures[:position]):
            if earlier.paragraph != figure.paragraph or earlier.expr.start < sentence.start:
                break
            if not earlier.subset or earlier.total is not None:
                figure.total = earlier
                break


def _among(clause: Token | None) -> Token | None:
    """What the clause says the figure is among: 'are among the dead'."""
    for prep in clause.children if clause is not None else ():
        if prep.dep_ == "prep" and prep.lower_ == "among":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _owned_by_other(figure: _Figure, figures: list[_Figure]) -> bool:
    return any(f is not figure and f.owns(figure.anchor.head) for f in figures)


def _victims(figure: _Figure, earlier: list[_Figure]) -> str:
    noun = figure.noun
    if noun is not None and noun.lower_ not in _PARTITIVE_TOTALS:
        return rules.victim_class(noun)
    clause = figure.clause
    if clause is not None and clause.lemma_ == "be":
        for child in clause.children:
            if child.dep_ == "attr" and child.pos_ in ("NOUN", "PROPN"):
                return rules.victim_class(child)
    if noun is None and figure.total is None:
        sentence = sentence_of(figure.anchor)
        previous = [
            f for f in earlier if f.expr.start >= sentence.start and f.paragraph == figure.paragraph
        ]
        if previous:
            return previous[-1].victims
    return "unknown"


def _scope(figure: _Figure) -> str:
    """'cumulative' for running totals: 'since the war began', 'so far', 'the total toll'."""
    anchor, clause = figure.anchor, figure.clause
    # Up to the clause's verb, and on through 'people killed' to 'the total number of'.
    path = [anchor]
    for ancestor in anchor.ancestors:
        path.append(ancestor)
        if ancestor.pos_ in _VERBAL and ancestor.dep_ != "acl":
            clause = ancestor
            break
    on_path = {t.i for t in path}
    near = [
        t for step in path for t in (step, *step.children) if t.dep_ != "relcl" or t.i in on_path
    ]
    if any(t.lemma_.lower() in cw.CUMULATIVE_WORDS for t in near):
        return "cumulative"
    if clause is None:
        return "incident"
    for child in clause.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj") and child.i not in on_path:
            if any(t.lemma_.lower() in cw.CUMULATIVE_WORDS for t in child.subtree):
                return "cumulative"
            lemma = child.lemma_.lower()
            perfect = any(c.lower_ in ("has", "have") for c in clause.children)
            if lemma in cw.CUMULATIVE_SUBJECTS or (
                perfect and lemma in cw.CUMULATIVE_PERFECT_SUBJECTS
            ):
                return "cumulative"
    region = [
        t
        for t in clause.subtree
        if not any(a.dep_ in ("relcl", "ccomp") and a.i not in on_path for a in _between(t, clause))
    ]
    words = [t.lower_ for t in sorted(region, key=lambda t: t.i)]
    pairs = set(pairwise(words))
    if "since" in words or pairs & {("so", "far"), ("to", "date"), ("in", "all")}:
        return "cumulative"
    if pairs & {("this", "year"), ("last", "year"), ("in", "total")}:
        return "cumulative"
    return "incident"


def _between(token: Token, top: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``top``."""
    chain = []
    while token.i != top.i and token.head.i != token.i:
        chain.append(token)
        token = token.head
    return chain
