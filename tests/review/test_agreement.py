"""Agreement metrics, checked against numbers worked out independently of the code.

Every expected number below was either worked by hand (the arithmetic is in the comment
beside it) or computed once, during development, by a reference implementation that
these tests do not import: scikit-learn 1.9.1 (``sklearn.metrics.cohen_kappa_score``) and
krippendorff 0.9.0 (``krippendorff.alpha(..., level_of_measurement="nominal")``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span, Token
from annotator.review.agreement import (
    EMPTY,
    PRF,
    attribute_agreement,
    attribute_value,
    cohen_kappa,
    distribution,
    krippendorff_alpha,
    match_spans,
    percent_agreement,
    span_scores,
    token_labels,
)

# --- Cohen's kappa ------------------------------------------------------------------


def test_kappa_on_a_fifty_item_yes_no_table() -> None:
    # The textbook 2x2 table (as on Wikipedia's "Cohen's kappa" page): 50 proposals,
    #                B yes  B no
    #       A yes      20     5     (A: 25 yes, 25 no)
    #       A no       10    15     (B: 30 yes, 20 no)
    # p_o = (20 + 15) / 50 = 0.70
    # p_e = (25/50)(30/50) + (25/50)(20/50) = 0.30 + 0.20 = 0.50
    # kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40  (scikit-learn agrees: 0.4)
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(b, a) == pytest.approx(0.4)


# Ten units, two coders, no missing values; they disagree on units 4 and 8.
TWO_A = ["a", "a", "a", "a", "a", "b", "b", "b", "c", "c"]
TWO_B = ["a", "a", "a", "b", "a", "b", "b", "c", "c", "c"]


def test_kappa_of_two_coders_worked_by_hand() -> None:
    # p_o = 8/10. A uses a 5, b 3, c 2 times; B a 4, b 3, c 3.
    # p_e = (5*4 + 3*3 + 2*3) / 100 = 35/100
    # kappa = (0.80 - 0.35) / (1 - 0.35) = 0.45 / 0.65 = 9/13 = 0.6923
    # (scikit-learn: 0.6923076923076923)
    assert cohen_kappa(TWO_A, TWO_B) == pytest.approx(9 / 13)


def test_kappa_below_chance_and_at_chance() -> None:
    # a b a b against b a b a: p_o = 0, p_e = (2*2 + 2*2)/16 = 0.5, kappa = -0.5/0.5 = -1.
    assert cohen_kappa(list("abab"), list("baba")) == pytest.approx(-1.0)
    # Always a against always b: p_o = 0, p_e = 0, kappa = 0/1 = 0 (scikit-learn: 0.0).
    assert cohen_kappa(list("aaaa"), list("bbbb")) == 0.0


def test_kappa_refuses_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="different numbers"):
        cohen_kappa(["a", "b"], ["a"])


# --- Krippendorff's alpha and percent agreement -------------------------------------


def test_alpha_of_two_coders_worked_by_hand() -> None:
    units = list(zip(TWO_A, TWO_B, strict=True))
    # n = 20 values: a 5+4 = 9, b 3+3 = 6, c 2+3 = 5; sum n_c² = 81 + 36 + 25 = 142.
    # Each of the 8 agreeing units puts 2 values on the diagonal (2*1/(2-1)): sum o_cc = 16.
    # alpha = 1 - (n-1)(n - sum o_cc) / (n² - sum n_c²) = 1 - 19*4/258 = 182/258 = 0.7054
    # (krippendorff package: 0.7054263565891472)
    assert krippendorff_alpha(units) == pytest.approx(182 / 258)
    # 8 of the 10 pairs agree.
    assert percent_agreement(units) == pytest.approx(0.8)


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal
# data, four observers A-D, twelve units, missing values. Rows are units, columns A-D.
K2011: list[list[str | None]] = [
    ["1", "1", None, "1"],
    ["2", "2", "3", "2"],
    ["3", "3", "3", "3"],
    ["3", "3", "3", "3"],
    ["2", "2", "2", "2"],
    ["1", "2", "3", "4"],
    ["4", "4", "4", "4"],
    ["1", "1", "2", "1"],
    ["2", "2", "2", "2"],
    [None, "5", "5", "5"],
    [None, None, "1", "1"],
    [None, "3", None, None],  # one value: not pairable
]


def test_the_krippendorff_2011_example() -> None:
    # Diagonal of the coincidence matrix, unit by unit, n_uc (n_uc - 1) / (m_u - 1):
    #   u1 3*2/2 = 3, u2 3*2/3 = 2, u3 4, u4 4, u5 4, u6 0, u7 4, u8 3*2/3 = 2, u9 4,
    #   u10 3*2/2 = 3, u11 2*1/1 = 2  ->  sum o_cc = 32
    # n = 40 pairable values; n_1..n_5 = 9, 13, 10, 5, 3; sum n_c² = 384.
    # alpha = 1 - 39 * (40 - 32) / (1600 - 384) = 1 - 312/1216 = 113/152 = 0.743,
    # the paper's 0.743 (krippendorff package: 0.743421052631579).
    alpha = krippendorff_alpha(K2011)
    assert alpha == pytest.approx(113 / 152)
    assert round(alpha or 0, 3) == 0.743
    # Pairs of values per unit (agreeing/all): u1 3/3, u2 3/6, u3 6/6, u4 6/6, u5 6/6,
    # u6 0/6, u7 6/6, u8 3/6, u9 6/6, u10 3/3, u11 1/1 -> 43/55.
    assert percent_agreement(K2011) == pytest.approx(43 / 55)


def test_alpha_of_three_coders_with_missing_values() -> None:
    units: list[list[str | None]] = [
        ["pos", "pos", "pos"],
        ["neg", "neg", None],
        ["neu", "pos", "neu"],
        [None, "neg", "neg"],
        ["pos", None, None],  # not pairable
        ["neg", "neu", "pos"],
        ["neu", "neu", "neu"],
        ["pos", "pos", "neg"],
    ]
    # sum o_cc = 3 + 2 + 1 + 2 + 0 + 3 + 1 = 12; n = 19; pos 7, neg 6, neu 6 -> sum n_c² 121
    # alpha = 1 - 18 * (19 - 12) / (361 - 121) = 1 - 126/240 = 0.475
    # (krippendorff package: 0.475)
    assert krippendorff_alpha(units) == pytest.approx(0.475)
    # Agreeing pairs: 3 + 1 + 1 + 1 + 0 + 3 + 1 = 10 of 3 + 1 + 3 + 1 + 3 + 3 + 3 = 17.
    assert percent_agreement(units) == pytest.approx(10 / 17)


def test_perfect_agreement_is_one() -> None:
    x = ["a", "b", "c", "a"]
    assert cohen_kappa(x, x) == 1.0
    units: list[list[str | None]] = [["a", "a", None], ["b", "b", "b"], [None, "c", "c"]]
    assert krippendorff_alpha(units) == 1.0
    assert percent_agreement(units) == 1.0


def test_a_single_category_leaves_the_coefficients_undefined() -> None:
    # p_e = 1 and expected disagreement 0: both coefficients would be 0/0.
    assert cohen_kappa(["O"] * 5, ["O"] * 5) is None
    assert krippendorff_alpha([["O", "O"], ["O", "O", "O"]]) is None
    # ... though the coders plainly agree.
    assert percent_agreement([["O", "O"], ["O", "O", "O"]]) == 1.0


def test_nothing_to_pair_is_undefined() -> None:
    assert cohen_kappa([], []) is None
    lonely: list[list[str | None]] = [["a", None], [None, "b"], []]
    assert krippendorff_alpha(lonely) is None
    assert percent_agreement(lonely) is None
    assert krippendorff_alpha([]) is None


def test_distribution_counts_commonest_first() -> None:
    assert distribution(["O", "PER", "O", None, "ORG", "O", "ORG"]) == {
        "O": 3,
        "ORG": 2,
        "PER": 1,
    }
    assert list(distribution(["b", "a"])) == ["a", "b"]  # ties alphabetical


def _alpha_by_definition(units: Sequence[Sequence[str | None]]) -> float | None:
    """Alpha = 1 - D_o / D_e straight from Krippendorff's pairwise definition.

    No coincidence matrix: D_o averages disagreement over ordered pairs of values within a
    unit (weighted 1/(m_u - 1)), D_e over ordered pairs of any two pairable values.
    """
    values = [[v for v in unit if v is not None] for unit in units]
    values = [unit for unit in values if len(unit) >= 2]
    pooled = [v for unit in values for v in unit]
    n = len(pooled)
    observed = sum(
        sum(1 for p, q in permutations(unit, 2) if p != q) / (len(unit) - 1) for unit in values
    )
    expected = sum(1 for p, q in permutations(pooled, 2) if p != q)
    if expected == 0:
        return None
    return 1 - (observed / n) / (expected / (n * (n - 1)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from("abc")), min_size=0, max_size=4),
        max_size=8,
    )
)
def test_alpha_matches_the_pairwise_definition(units: list[list[str | None]]) -> None:
    expected = _alpha_by_definition(units)
    alpha = krippendorff_alpha(units)
    if expected is None:
        assert alpha is None
    else:
        assert alpha == pytest.approx(expected)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), max_size=12))
def test_kappa_matches_its_textbook_formula(pairs: list[tuple[str, str]]) -> None:
    x = [p for p, _ in pairs]
    y = [q for _, q in pairs]
    n = len(pairs)
    if n == 0:
        assert cohen_kappa(x, y) is None
        return
    p_o = sum(p == q for p, q in pairs) / n
    p_e = sum((x.count(c) / n) * (y.count(c) / n) for c in "abc")
    kappa = cohen_kappa(x, y)
    if p_e == pytest.approx(1):
        assert kappa is None
    else:
        assert kappa == pytest.approx((p_o - p_e) / (1 - p_e))


# --- spans --------------------------------------------------------------------------


def _s(start: int, end: int, label: str, **attrs: object) -> Span:
    return Span(start, end, label, attrs=dict(attrs))


# Annotator A is the reference.
A = {
    1: [_s(0, 5, "PERSON"), _s(10, 20, "PERSON"), _s(30, 40, "ORG")],
    2: [_s(0, 10, "ORG")],
}
B = {
    1: [
        _s(0, 5, "PERSON"),  # same as A's
        _s(12, 16, "PERSON"),  # overlaps A's 10-20 by 4 characters
        _s(15, 25, "PERSON"),  # overlaps A's 10-20 by 5: the one that pairs with it
        _s(30, 40, "ORG"),  # same as A's
    ],
    2: [_s(0, 10, "GPE"), _s(50, 60, "ORG")],  # same range as A's ORG but another label
}


def test_exact_span_scores_by_hand() -> None:
    scores = span_scores(A, B, mode="exact")
    # PERSON: A 2, B 3, one identical (0-5): tp 1, fp 2, fn 1
    #   P = 1/3, R = 1/2, F1 = 2*1 / (2*1 + 2 + 1) = 2/5
    assert scores.labels["PERSON"] == PRF(1, 2, 1, 1 / 3, 1 / 2, 2 / 5)
    # ORG: A 2, B 2, one identical (30-40): P = R = F1 = 1/2
    assert scores.labels["ORG"] == PRF(1, 1, 1, 1 / 2, 1 / 2, 1 / 2)
    # GPE: only B used it. P = 0/1 = 0, R = 0/0 undefined, F1 = 0 / (0 + 1 + 0) = 0
    assert scores.labels["GPE"] == PRF(0, 1, 0, 0.0, None, 0.0)
    assert list(scores.labels) == ["GPE", "ORG", "PERSON"]
    # micro: tp 2, fp 4, fn 2: P = 2/6, R = 2/4, F1 = 4 / (4 + 4 + 2) = 0.4
    assert scores.micro == PRF(2, 4, 2, 1 / 3, 1 / 2, 0.4)


def test_overlap_span_scores_by_hand() -> None:
    scores = span_scores(A, B, mode="overlap")
    # PERSON: 0-5 pairs with 0-5; 10-20 pairs with 15-25 (overlap 5 beats 4);
    # 12-16 is left over. tp 2, fp 1, fn 0: P = 2/3, R = 1, F1 = 4 / (4 + 1) = 0.8
    assert scores.labels["PERSON"] == PRF(2, 1, 0, 2 / 3, 1.0, 0.8)
    # ORG unchanged: A's 0-10 in document 2 overlaps only B's GPE, another label.
    assert scores.labels["ORG"] == PRF(1, 1, 1, 1 / 2, 1 / 2, 1 / 2)
    assert scores.labels["GPE"] == PRF(0, 1, 0, 0.0, None, 0.0)
    # micro: tp 3, fp 3, fn 1: P = 3/6, R = 3/4, F1 = 6 / (6 + 3 + 1) = 0.6
    assert scores.micro == PRF(3, 3, 1, 0.5, 0.75, 0.6)


def test_recall_and_f1_do_not_depend_on_which_side_is_the_reference() -> None:
    forward = span_scores(A, B, mode="overlap").micro
    backward = span_scores(B, A, mode="overlap").micro
    assert (backward.precision, backward.recall) == (forward.recall, forward.precision)
    assert backward.f1 == forward.f1


def test_overlap_matching_is_one_to_one_largest_overlap_first() -> None:
    ours = [_s(10, 20, "PERSON")]
    theirs = [_s(12, 16, "PERSON"), _s(15, 25, "PERSON")]
    assert match_spans(ours, theirs, mode="overlap") == [(ours[0], theirs[1])]
    # One long span of B against two of A: it pairs with only one of them.
    ours = [_s(0, 4, "QUOTE"), _s(6, 20, "QUOTE")]
    theirs = [_s(0, 20, "QUOTE")]
    assert match_spans(ours, theirs, mode="overlap") == [(ours[1], theirs[0])]
    scores = span_scores({1: ours}, {1: theirs}, mode="overlap")
    # tp 1, fp 0, fn 1: P = 1, R = 1/2, F1 = 2 / (2 + 0 + 1) = 2/3
    assert scores.micro == PRF(1, 0, 1, 1.0, 0.5, 2 / 3)


def test_equal_overlaps_go_to_the_earlier_span() -> None:
    # A's 10-20 overlaps B's 5-13 and 17-25 by 3 characters each: the earlier one wins.
    ours = [_s(10, 20, "CLAIM")]
    theirs = [_s(17, 25, "CLAIM"), _s(5, 13, "CLAIM")]
    assert match_spans(ours, theirs, mode="overlap") == [(ours[0], theirs[1])]
    # The other way round, 5-13 and 17-25 against 10-20: again the earlier, 5-13.
    assert match_spans(theirs[::-1], ours, mode="overlap") == [(theirs[1], ours[0])]


def test_touching_spans_do_not_overlap() -> None:
    # Ends are exclusive: 0-5 and 5-10 share no character.
    assert match_spans([_s(0, 5, "ORG")], [_s(5, 10, "ORG")], mode="overlap") == []


def test_a_repeated_span_is_matched_once() -> None:
    scores = span_scores(
        {1: [_s(0, 5, "ORG"), _s(0, 5, "ORG")]}, {1: [_s(0, 5, "ORG")]}, mode="exact"
    )
    # tp 1, fp 0, fn 1: P = 1, R = 1/2, F1 = 2/3
    assert scores.micro == PRF(1, 0, 1, 1.0, 0.5, 2 / 3)


def test_one_label_at_a_time() -> None:
    scores = span_scores(A, B, mode="overlap", label="PERSON")
    assert list(scores.labels) == ["PERSON"]
    assert scores.micro == scores.labels["PERSON"] == PRF(2, 1, 0, 2 / 3, 1.0, 0.8)
    # A label nobody used is still reported, with nothing defined.
    unused = span_scores(A, B, mode="exact", label="LAW")
    assert unused.labels == {"LAW": PRF(0, 0, 0, None, None, None)}
    assert unused.micro == PRF(0, 0, 0, None, None, None)


def test_a_document_only_one_annotator_has_counts_as_unmarked_by_the_other() -> None:
    scores = span_scores({1: [_s(0, 5, "ORG")], 2: [_s(0, 5, "ORG")]}, {1: []}, mode="exact")
    # Two reference spans, no others: tp 0, fp 0, fn 2: P = 0/0, R = 0, F1 = 0/2 = 0
    assert scores.micro == PRF(0, 0, 2, None, 0.0, 0.0)
    assert span_scores({}, {}, mode="exact").micro == PRF(0, 0, 0, None, None, None)


def test_scores_are_ready_for_json() -> None:
    scores = span_scores(A, B, mode="exact")
    data = json.loads(json.dumps(asdict(scores)))
    assert data["labels"]["GPE"] == {
        "tp": 0,
        "fp": 1,
        "fn": 0,
        "precision": 0.0,
        "recall": None,
        "f1": 0.0,
    }
    assert data["micro"]["tp"] == 2


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        span_scores(A, B, mode="fuzzy")  # type: ignore[arg-type]


# --- token labels -------------------------------------------------------------------

# Fifteen five-character tokens, one every ten characters: token k is [10k, 10k + 5).
TOKENS = [Token(10 * k, 10 * k + 5) for k in range(15)]


def test_token_labels_of_one_layer() -> None:
    spans = [
        Span(0, 15, "PERSON"),  # tokens 0 and 1
        Span(42, 44, "ORG"),  # inside token 4 only: it still labels it
        Span(60, 95, "QUOTE", "attribution"),  # another layer: ignored
    ]
    labels = token_labels(TOKENS, spans, "ner")
    assert labels[:6] == ["PERSON", "PERSON", "O", "O", "ORG", "O"]
    assert labels[6:] == ["O"] * 9
    assert token_labels(TOKENS, spans, "attribution")[5:11] == ["O"] + ["QUOTE"] * 4 + ["O"]


def test_overlapping_spans_in_a_layer_the_longest_wins() -> None:
    spans = [
        Span(0, 25, "PERSON"),  # tokens 0-2, 25 characters
        Span(20, 55, "ORG"),  # tokens 2-5, 35 characters: takes token 2
        Span(70, 85, "GPE"),  # tokens 7-8, 15 characters
        Span(80, 95, "LOC"),  # tokens 8-9, 15 characters: as long, starts later, loses
    ]
    labels = token_labels(TOKENS, spans, "ner")
    assert labels[:10] == ["PERSON", "PERSON", "ORG", "ORG", "ORG", "ORG", "O", "GPE", "GPE", "LOC"]
    # The order the spans come in does not matter, nor the order of the tokens.
    assert token_labels(TOKENS[::-1], spans[::-1], "ner") == labels[::-1]


def test_kappa_over_two_annotators_token_labels() -> None:
    ours = [Span(0, 15, "PER"), Span(40, 55, "ORG"), Span(90, 95, "GPE"), Span(120, 125, "PER")]
    theirs = [Span(0, 5, "PER"), Span(40, 65, "ORG"), Span(90, 95, "GPE"), Span(120, 125, "ORG")]
    x = token_labels(TOKENS, ours, "ner")
    y = token_labels(TOKENS, theirs, "ner")
    assert x == [
        "PER",
        "PER",
        "O",
        "O",
        "ORG",
        "ORG",
        "O",
        "O",
        "O",
        "GPE",
        "O",
        "O",
        "PER",
        "O",
        "O",
    ]
    assert y == [
        "PER",
        "O",
        "O",
        "O",
        "ORG",
        "ORG",
        "ORG",
        "O",
        "O",
        "GPE",
        "O",
        "O",
        "ORG",
        "O",
        "O",
    ]
    # They differ on tokens 1, 6 and 12: p_o = 12/15.
    # x: PER 3, O 9, ORG 2, GPE 1; y: PER 1, O 9, ORG 4, GPE 1.
    # n² p_e = 3*1 + 9*9 + 2*4 + 1*1 = 93; kappa = (15*12 - 93) / (225 - 93) = 87/132
    # (scikit-learn: 0.6590909090909092)
    assert cohen_kappa(x, y) == pytest.approx(87 / 132)
    # "O" is most of both lists, which is why the distribution goes beside kappa.
    assert distribution(x + y) == {"O": 18, "ORG": 6, "PER": 4, "GPE": 2}


# --- attributes of matched spans ----------------------------------------------------


def test_attribute_agreement_by_hand() -> None:
    # QUOTE "type" on six matched pairs; a missing attribute is None.
    values = [
        ("direct", "direct"),
        ("direct", "indirect"),
        ("indirect", "indirect"),
        ("indirect", "indirect"),
        (None, "direct"),
        ("direct", None),
    ]
    pairs = [
        (
            _s(10 * k, 10 * k + 5, "QUOTE", **({"type": u} if u else {})),
            _s(10 * k, 10 * k + 5, "QUOTE", **({"type": v} if v else {})),
        )
        for k, (u, v) in enumerate(values)
    ]
    result = attribute_agreement(pairs, "type")
    assert (result.name, result.pairs, result.coded) == ("type", 6, 4)
    # Both marked each quote, so a type one of them left empty is the value "(empty)",
    # and the last two pairs disagree (issue 12, item 6: they used to drop out).
    # x = d d i i E d, y = d i i i d E: 3 of the 6 pairs agree.
    # n² p_e = d 3*2 + i 2*3 + E 1*1 = 13; kappa = (6*3 - 13) / (36 - 13) = 5/23
    assert result.kappa == pytest.approx(5 / 23)
    # Alpha: n = 12 values, direct 5, indirect 5, empty 2: sum n_c² = 54; the three
    # agreeing pairs give sum o_cc = 2 + 2 + 2 = 6.
    # alpha = 1 - 11 * (12 - 6) / (144 - 54) = 24/90
    assert result.alpha == pytest.approx(24 / 90)
    assert result.percent == pytest.approx(3 / 6)
    assert result.distribution == {"direct": 5, "indirect": 5, EMPTY: 2}


def test_an_attribute_set_by_one_and_left_empty_by_the_other_disagrees() -> None:
    # Two casualty figures both annotators matched: alice gave "max" 50 on both, bob
    # left it empty on both. That is no agreement at all, not "nothing to compare".
    pairs = [(_s(k, k + 5, "CASUALTY", max=50), _s(k, k + 5, "CASUALTY")) for k in (0, 10)]
    result = attribute_agreement(pairs, "max")
    assert (result.pairs, result.coded, result.percent) == (2, 0, 0.0)
    assert result.distribution == {"50": 2, EMPTY: 2}
    # An empty text or an empty choice list is empty too.
    blank = [(_s(0, 5, "QUOTE", type=""), _s(0, 5, "QUOTE", type=[]))]
    assert attribute_agreement(blank, "type").percent is None  # nobody set it


def test_attribute_agreement_on_pairs_from_matching() -> None:
    ours = [_s(0, 10, "SOURCE", kind="person"), _s(20, 30, "SOURCE", kind="official")]
    theirs = [_s(22, 30, "SOURCE", kind="official"), _s(0, 9, "SOURCE", kind="person")]
    pairs = match_spans(ours, theirs, mode="overlap")
    assert pairs == [(ours[0], theirs[1]), (ours[1], theirs[0])]
    result = attribute_agreement(pairs, "kind")
    # Two categories, both pairs agree: p_o = 1, n² p_e = 1*1 + 1*1 = 2, kappa = 2/2 = 1.
    assert (result.kappa, result.alpha, result.percent) == (1.0, 1.0, 1.0)
    # No pair has the attribute: everything undefined, nothing counted.
    empty = attribute_agreement(pairs, "stance")
    assert (empty.coded, empty.kappa, empty.alpha, empty.percent) == (0, None, None, None)
    assert empty.distribution == {}


def test_attribute_values_become_categories() -> None:
    # The order in which choices of a multi-choice attribute were ticked does not matter.
    first = _s(0, 5, "CASUALTY", victims=["civilians", "children"], exact=True, best=12)
    second = _s(0, 5, "CASUALTY", victims=["children", "civilians"], exact=True, best=12)
    for name in ("victims", "exact", "best"):
        assert attribute_value(first, name) == attribute_value(second, name)
    assert attribute_value(first, "victims") == '["children", "civilians"]'
    assert attribute_value(first, "exact") == "true"
    assert attribute_value(first, "best") == "12"
    assert attribute_value(first, "missing") is None
    other = _s(0, 5, "CASUALTY", victims=["children"])
    assert attribute_agreement([(first, other)], "victims").percent == 0.0
