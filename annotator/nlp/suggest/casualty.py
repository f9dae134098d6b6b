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
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from annotator.core import casualty_words as cw
from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.nlp.suggest import casualty_lines as lines
from annotator.nlp.suggest import casualty_outcomes as rules
from annotator.nlp.suggest import casualty_patterns as lex
from annotator.nlp.suggest.casualty_figure import Figure
from annotator.nlp.suggest.casualty_patterns import NumberExpr, find_numbers
from annotator.nlp.suggest.casualty_sources import find_source, source_of_tokens
from annotator.nlp.suggest.casualty_subsets import find_subsets, inherited_outcome
from annotator.nlp.suggest.doc_cache import sentence_of, text_of

_VERBAL = ("VERB", "AUX")
_NOUNISH = ("NOUN", "PROPN", "PRON", "ADJ")
_PARTITIVE_SKIP = cw.words("the a an its their his her our those these")
_COPULAS = cw.words("were are was is remain remained remains have has had been")
# What a copula may say of a figure: '12 were missing', '3 are dead', '40 were hurt'.
_STATES = {
    **dict.fromkeys(cw.words("dead killed"), "killed"),
    **dict.fromkeys(cw.words("injured wounded hurt"), "injured"),
    "missing": "missing",
    **dict.fromkeys(cw.words("detained arrested"), "detained"),
    **dict.fromkeys(cw.words("abducted kidnapped"), "abducted"),
    "displaced": "displaced",
}


def suggest_casualties(doc: Doc) -> Proposal:
    """CASUALTY spans (with outcome, counts, qualifier, victims, scope) for one parsed doc.

    Also SOURCE spans for whoever gave a figure, linked by ATTRIBUTED_TO, and SUBSET_OF
    links from a figure to the total it is part of. Needs a dependency parse; a document
    from the blank pipeline gets no suggestions.
    """
    proposal = Proposal()
    if not doc.has_annotation("DEP"):
        return proposal
    figures = _figures(doc)
    for figure in figures:
        if not figure.fixed:
            figure.clause = _clause_of(figure.anchor)
            figure.outcome = _outcome(figure)
            figure.anaphoric = figure.outcome is None and _refers_back(figure.clause)
    lines.subsets(doc, figures)
    find_subsets(doc, figures)
    for _ in range(3):
        for figure in figures:
            if figure.outcome is None:
                figure.outcome = inherited_outcome(figure, figures)
    kept = [f for f in figures if f.outcome]
    indices: dict[int, int] = {}
    for position, figure in enumerate(kept):
        figure.victims = _victims(figure, kept[:position])
        figure.scope = "incident" if figure.fixed else _scope(figure)
        indices[id(figure)] = proposal.add(_span(doc, figure))
        source = _source(doc, figure)
        if source is not None:
            proposal.link(indices[id(figure)], proposal.add(source), "ATTRIBUTED_TO")
    for figure in kept:
        if figure.total is not None and id(figure.total) in indices:
            if figure.total.scope == "cumulative":
                figure.scope = "cumulative"
                proposal.replace(indices[id(figure)], _span(doc, figure))
            proposal.link(indices[id(figure)], indices[id(figure.total)], "SUBSET_OF")
    return proposal


def _figures(doc: Doc) -> list[Figure]:
    """Every number expression that may count casualties, in text order.

    Numbers in headlines and tracker lines are read from the words around them
    (:mod:`casualty_lines`); the others from the parse.
    """
    breaks = [i for i, char in enumerate(text_of(doc)) if char == "\n"]
    exprs = find_numbers(doc)
    fixed = lines.line_figures(doc, exprs)
    figures = []
    for index, expr in enumerate(exprs):
        if index in fixed:
            figure = fixed[index]
        else:
            figure = _read(doc, expr, bisect_right(breaks, doc[expr.start].idx))
        if figure is not None:
            figures.append(figure)
    return figures


def _source(doc: Doc, figure: Figure) -> Span | None:
    if figure.fixed:
        return source_of_tokens(doc, *figure.source) if figure.source else None
    return find_source(doc, figure.anchor)


def _span(doc: Doc, figure: Figure) -> Span:
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


def _read(doc: Doc, expr: NumberExpr, paragraph: int) -> Figure | None:
    """The figure a number expression would be, or None if it cannot count casualties."""
    tokens = doc[expr.number_start : expr.end]
    if lex.not_a_count(doc, expr, tokens):
        return None
    noun, after_of = _victim_noun(doc, expr)
    counted = noun is not None and noun.lemma_.lower() in rules.COUNTED_OUTCOMES
    if noun is not None and not rules.is_people(noun) and not counted:
        return None
    anchor = noun if noun is not None and not after_of else _head(tokens)
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
        end += _adjective_noun(doc, end, anchor)
    partitive = after_of and noun is not None and noun.lower_ in rules.PARTITIVE_WORDS
    if partitive and expr.count.best == 1:
        return None  # 'One of them was the baker': a person, not a figure
    return Figure(expr, end, anchor, noun, paragraph, partitive=partitive)


def _adjective_noun(doc: Doc, end: int, anchor: Token) -> int:
    """1 if the word after a bare number stands for its noun: 'treated 46 wounded', '12 dead'."""
    after = doc[end] if end < len(doc) else None
    if after is None or after.lower_ not in cw.STATE_NOUNS:
        return 0
    if after.lower_ == "dead":
        return 1  # never the verb, unlike 'wounded' in '3 were killed and 11 wounded'
    near = after.head.i in (anchor.i, anchor.head.i)
    return int(near and anchor.dep_ in ("dobj", "pobj"))


def _head(tokens: SpacySpan) -> Token:
    """The token of a number expression that hangs from outside it."""
    outside = [t for t in tokens if not tokens.start <= t.head.i < tokens.end or t.head.i == t.i]
    preferred = [t for t in outside if t.dep_ not in ("punct", "cc", "advmod", "quantmod")]
    return (preferred or outside or [tokens[-1]])[-1]


def _victim_noun(doc: Doc, expr: NumberExpr) -> tuple[Token | None, bool]:
    """The noun a figure counts, and whether it comes after 'of' ('dozens of people',
    'six of them', 'Nine of the injured')."""
    if expr.end < len(doc) and doc[expr.end].lower_ == "of":
        of = doc[expr.end]
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None or not expr.start <= of.head.i < expr.end:
            # The parser may hang 'of them' elsewhere: take the word after 'of' itself.
            following = doc[of.i + 1 : of.i + 4]
            pobj = next((t for t in following if t.lower_ not in _PARTITIVE_SKIP), None)
        if pobj is not None:
            return pobj, True
    for token in reversed(doc[expr.number_start : expr.end]):
        head = token.head
        if (
            head.i >= expr.end
            and head.i - expr.end <= 4
            and head.pos_ in ("NOUN", "PROPN")
            and all(expr.start <= t.head.i <= head.i for t in doc[expr.end : head.i])
        ):
            return head, False
    return None, False


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


def _outcome(figure: Figure) -> str | None:
    """The outcome the figure's own noun phrase or its clause names, else its partitive's
    word ('Nine of the injured were children')."""
    found = _named_outcome(figure)
    stated = _stated_after(figure)
    if stated is not None and found != stated:
        found = stated
    if found is None and figure.partitive and figure.noun is not None:
        found = rules.PARTITIVE_WORDS.get(figure.noun.lower_)
    return found


def _stated_after(figure: Figure) -> str | None:
    """'12 were missing', '5 are still missing', 'had been killed': what a copula right after
    the figure says of it, read from the words (the parse may hang the number elsewhere,
    on a date before it). Without a copula ('militants killed five soldiers') it says
    nothing: the figure may be who did it."""
    doc = figure.anchor.doc
    words = [t.lower_ for t in doc[figure.end : figure.end + 5]]
    copulas = 0
    while words and words[0] in _COPULAS:
        words, copulas = words[1:], copulas + 1
    if words and words[0] == "still":
        words = words[1:]
    return _STATES.get(words[0]) if words and copulas else None


def _named_outcome(figure: Figure) -> str | None:
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


def _victims(figure: Figure, earlier: list[Figure]) -> str:
    noun = figure.noun
    if noun is not None and noun.lower_ not in rules.PARTITIVE_WORDS:
        return rules.victim_class(noun)
    after = figure.anchor.doc[figure.end] if figure.end < len(figure.anchor.doc) else None
    if figure.partitive and after is not None and rules.is_people(after):
        return rules.victim_class(after)  # '14 of them women'
    if figure.fixed:
        return "unknown"  # a tracker's other items say nothing of this one's victims
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


def _scope(figure: Figure) -> str:
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
