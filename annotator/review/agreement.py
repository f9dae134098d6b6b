"""How far annotators agree: span precision/recall/F1, token labels and nominal coefficients.

Everything here is a pure function over core objects, so the review window, the command
line and the tests all compute the same numbers. Coefficients are computed with exact
integer or fraction arithmetic and turned into a float only at the end, so "undefined"
is decided exactly rather than by comparing floats.

Undefined values are ``None`` throughout (JSON ``null``): a precision with nothing
predicted, a kappa when chance agreement is already perfect, an alpha over a single
category. A number there would be made up, and 0.0 would read as "total disagreement".
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import Literal, TypeVar

from annotator.core.model import Span, Token

DocId = TypeVar("DocId", bound=Hashable)
Mode = Literal["exact", "overlap"]
MODES: tuple[Mode, ...] = ("exact", "overlap")
OUTSIDE = "O"  # a token outside every span of the layer, as in IOB tagging
#: The category of a value an annotator left empty where they could have given one: an
#: attribute of a span both annotators marked, the stance toward a target someone named.
EMPTY = "(empty)"


@dataclass(frozen=True, slots=True)
class PRF:
    """Matches between a reference annotator and another, and the scores they give.

    ``precision`` is tp / (tp + fp), ``recall`` tp / (tp + fn) and ``f1``
    2tp / (2tp + fp + fn); each is None when its denominator is 0. F1 is written without
    precision and recall so that it stays defined (0.0) when only one annotator marked
    anything: P or R is then 0/0, but the two plainly disagree.
    """

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> PRF:
        """Scores for these counts."""
        return cls(
            tp, fp, fn, _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)
        )


@dataclass(frozen=True, slots=True)
class Scores:
    """Span agreement per label and over all labels (micro: counts summed, then scored).

    ``dataclasses.asdict`` turns it into plain JSON-ready dicts.
    """

    micro: PRF
    labels: dict[str, PRF]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# --- spans --------------------------------------------------------------------------


def match_spans(a: Sequence[Span], b: Sequence[Span], *, mode: Mode) -> list[tuple[Span, Span]]:
    """Pairs of spans of one document that the two annotators agree on, one-to-one.

    ``exact``: same start, end and label. ``overlap``: same label and at least one
    character in common; the pairs with the largest overlap are taken first and ties go
    to the earlier span of ``a``, then of ``b`` (by start, then end). A span is in at most
    one pair. This is greedy, not a maximum matching: a pair taken early can leave a span
    unmatched that another choice would have paired, which is rare and, by preferring the
    closest counterpart, the answer a reviewer expects. Pairs come in the order of ``a``.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
    # Spans hold a dict of attributes, so they cannot be hashed: work with indices.
    pairs: list[tuple[int, int]] = []
    if mode == "exact":
        waiting: dict[tuple[int, int, str], list[int]] = defaultdict(list)
        for j, span in enumerate(b):
            waiting[(span.start, span.end, span.label)].append(j)
        for i, span in enumerate(a):
            same = waiting.get((span.start, span.end, span.label))
            if same:
                pairs.append((i, same.pop(0)))
    else:
        candidates = [
            (-(min(x.end, y.end) - max(x.start, y.start)), x.start, x.end, y.start, y.end, i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
            if x.label == y.label and x.overlaps(y.start, y.end)
        ]
        used_a: set[int] = set()
        used_b: set[int] = set()
        for *_, i, j in sorted(candidates):
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((i, j))
    return [(a[i], b[j]) for i, j in sorted(pairs)]


def span_scores(
    a: Mapping[DocId, Sequence[Span]],
    b: Mapping[DocId, Sequence[Span]],
    *,
    mode: Mode,
    label: str | None = None,
) -> Scores:
    """Precision, recall and F1 of ``b``'s spans against ``a``'s, per label and micro.

    ``a`` is the reference: precision is matched / spans of ``b``, recall matched / spans
    of ``a`` (F1 is the same whichever way round). Spans are matched within each document
    by :func:`match_spans`. A document missing from one mapping counts as one in which
    that annotator marked nothing, so pass only documents both have finished. Labels are
    compared by name alone: a schema's label names are unique across layers.

    ``label`` restricts everything to spans of that label; it is then the only entry of
    ``labels`` even when neither annotator used it. Otherwise ``labels`` has every label
    either annotator used, in alphabetical order.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    if label is not None:
        counts[label] = [0, 0, 0]
    for doc in {**dict.fromkeys(a), **dict.fromkeys(b)}:
        ours = [s for s in a.get(doc, ()) if label is None or s.label == label]
        theirs = [s for s in b.get(doc, ()) if label is None or s.label == label]
        matched = Counter(x.label for x, _ in match_spans(ours, theirs, mode=mode))
        for span in theirs:
            counts[span.label][1] += 1
        for span in ours:
            counts[span.label][2] += 1
        # Each match was counted once among b's spans (fp) and once among a's (fn).
        for name, tp in matched.items():
            counts[name][0] += tp
            counts[name][1] -= tp
            counts[name][2] -= tp
    labels = {name: PRF.of(*counts[name]) for name in sorted(counts)}
    micro = PRF.of(*(sum(c[k] for c in counts.values()) for k in range(3)))
    return Scores(micro, labels)


def token_labels(tokens: Sequence[Token], spans: Sequence[Span], layer: str) -> list[str]:
    """Each token's label in ``layer``, or ``"O"`` outside every span of the layer.

    A token takes the label of a span it shares at least one character with, so a span
    that does not end on a token boundary still labels the token it cuts. Where spans of
    the layer overlap, the longest span wins; between equally long ones, the one that
    starts first, then the label first in alphabetical order. The result lines up with
    ``tokens``, so two annotators' lists can go straight into :func:`cohen_kappa`.
    """
    order = sorted(range(len(tokens)), key=lambda k: (tokens[k].start, tokens[k].end))
    starts = [tokens[k].start for k in order]
    ends = [tokens[k].end for k in order]
    labels: list[str | None] = [None] * len(tokens)
    ranked = sorted(
        (s for s in spans if s.layer == layer), key=lambda s: (s.start - s.end, s.start, s.label)
    )
    # Paint from the strongest span down; a token keeps the first label it gets.
    for span in ranked:
        # Tokens do not overlap, so once sorted their ends are sorted too: the tokens
        # sharing a character with the span are those ending after its start and
        # starting before its end.
        for position in range(bisect_right(ends, span.start), bisect_left(starts, span.end)):
            k = order[position]
            if labels[k] is None:
                labels[k] = span.label
    return [OUTSIDE if value is None else value for value in labels]


# --- coefficients for nominal data --------------------------------------------------


def cohen_kappa(x: Sequence[str], y: Sequence[str]) -> float | None:
    """Cohen's kappa of two coders who each labelled the same items, in the same order.

    kappa = (p_o - p_e) / (1 - p_e), p_o the share of items they agree on and p_e the
    agreement expected from each coder's own label frequencies. None when there are no
    items or p_e is 1 (both always gave the same single label): kappa is then 0/0.
    Kappa depends heavily on how skewed the labels are; show :func:`distribution`
    beside it.
    """
    if len(x) != len(y):
        raise ValueError(f"the coders labelled different numbers of items: {len(x)}, {len(y)}")
    n = len(x)
    agreed = sum(1 for u, v in zip(x, y, strict=True) if u == v)
    counts_y = Counter(y)
    # Multiplied through by n², p_o and p_e become integers and the test for 1 is exact.
    chance = sum(count * counts_y[label] for label, count in Counter(x).items())
    if n == 0 or chance == n * n:
        return None
    return (n * agreed - chance) / (n * n - chance)


def _pairable(units: Sequence[Sequence[str | None]]) -> list[Counter[str]]:
    """Each unit's value counts, for units with at least two values (the rest pair nothing)."""
    counted = (Counter(v for v in unit if v is not None) for unit in units)
    return [counts for counts in counted if counts.total() >= 2]


def krippendorff_alpha(units: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha for nominal data, any number of coders, values may be missing.

    ``units`` has one entry per item: each coder's value for it, None where that coder
    gave none. Units with fewer than two values cannot be paired and are left out, as
    Krippendorff prescribes. With the coincidence matrix o (each unit's m_u values give
    every ordered pair of them weight 1 / (m_u - 1)), n_c its marginals and n their sum,
    alpha = 1 - (n - 1) (n - sum_c o_cc) / (n² - sum_c n_c²)
    (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section C).
    None when fewer than two categories occur among the pairable values: expected
    disagreement is then 0 and alpha 0/0.
    """
    pairable = _pairable(units)
    # Coincidences within a category: n_uc (n_uc - 1) ordered pairs, each weighted 1/(m_u-1).
    coincide = sum(
        (
            Fraction(sum(k * (k - 1) for k in counts.values()), counts.total() - 1)
            for counts in pairable
        ),
        Fraction(0),
    )
    marginals: Counter[str] = Counter()
    for counts in pairable:
        marginals.update(counts)
    n = marginals.total()
    expected = n * n - sum(k * k for k in marginals.values())
    if expected == 0:
        return None
    return float(1 - (n - 1) * (n - coincide) / expected)


def percent_agreement(units: Sequence[Sequence[str | None]]) -> float | None:
    """The share of pairs of values given to the same unit that are equal.

    Units as for :func:`krippendorff_alpha`; every unordered pair of two coders' values
    for one unit counts once, so a unit with three values gives three pairs. None when
    no unit has two values. Not corrected for chance: read it beside alpha or kappa.
    """
    pairable = _pairable(units)
    pairs = sum(comb(counts.total(), 2) for counts in pairable)
    agreed = sum(comb(k, 2) for counts in pairable for k in counts.values())
    return _ratio(agreed, pairs)


def distribution(values: Iterable[str | None]) -> dict[str, int]:
    """How often each value occurs, commonest first (ties alphabetical); None is skipped."""
    counts = Counter(v for v in values if v is not None)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# --- attributes of matched spans ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttributeAgreement:
    """Agreement on one attribute over matched span pairs.

    ``pairs`` is how many pairs were given, ``coded`` how many have a value on both sides.
    Both annotators marked the span, so an attribute one of them left empty was left
    empty on purpose or by oversight, not missing: it counts as the value ``EMPTY``, and
    a value set by one and left empty by the other is a disagreement. Every coefficient
    uses every pair; when nobody set the attribute on any pair they are all None (there
    is nothing to agree on). ``distribution`` pools both annotators' values, EMPTY too.
    """

    name: str
    pairs: int
    coded: int
    kappa: float | None
    alpha: float | None
    percent: float | None
    distribution: dict[str, int]


def attribute_value(span: Span, name: str) -> str | None:
    """A span's value for attribute ``name`` as a nominal category; None when empty.

    Empty is unset, an empty text or no choice ticked. Strings are kept as they are; other
    values (bool, int, the list of a multi-choice attribute) become their JSON text, a
    list sorted first because the order in which choices were ticked means nothing.
    """
    value = span.attrs.get(name)
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        value = sorted(value, key=json.dumps)
    return json.dumps(value, sort_keys=True)


def attribute_agreement(pairs: Sequence[tuple[Span, Span]], name: str) -> AttributeAgreement:
    """Kappa, alpha and percent agreement on attribute ``name`` of matched span pairs.

    ``pairs`` are (first annotator's span, second's), as :func:`match_spans` gives them.
    An empty value is the category ``EMPTY`` (see :class:`AttributeAgreement`).
    """
    given = [(attribute_value(x, name), attribute_value(y, name)) for x, y in pairs]
    coded = sum(1 for u, v in given if u is not None and v is not None)
    if all(u is None and v is None for u, v in given):
        return AttributeAgreement(name, len(given), coded, None, None, None, {})
    units = [(u or EMPTY, v or EMPTY) for u, v in given]
    return AttributeAgreement(
        name=name,
        pairs=len(units),
        coded=coded,
        kappa=cohen_kappa([u for u, _ in units], [v for _, v in units]),
        alpha=krippendorff_alpha(units),
        percent=percent_agreement(units),
        distribution=distribution(v for unit in units for v in unit),
    )
