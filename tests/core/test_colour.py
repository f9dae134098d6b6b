"""Colour arithmetic, and the default palette checked for people with colour-vision deficiency."""

from __future__ import annotations

import pytest

from annotator.core.colour import (
    BLACK,
    DEFICIENCIES,
    WHITE,
    ciede2000,
    contrast_ratio,
    difference,
    readable_text,
    simulate,
    worst_difference,
)
from annotator.core.schema import LabelSchema

#: From Sharma, Wu and Dalal 2005, table 1: (Lab 1, Lab 2, ΔE00), including the pairs
#: that catch the usual mistakes with hue angles near 0°/360° and the mean hue.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
]

#: Two labels this far apart (CIEDE2000) are told apart at a glance; 2.3 is barely visible.
WITHIN_LAYER = 10.0
#: Labels of different layers also differ by their line (label_style.py), so colour
#: only needs to be visibly different.
ACROSS_LAYERS = 4.0
#: A highlight must show on the white page, for every kind of vision.
FROM_PAGE = 8.0
#: WCAG AAA for body text is 7; the article's black text on every label colour beats it.
TEXT_CONTRAST = 9.0

VISIONS: tuple[str | None, ...] = (None, *DEFICIENCIES)


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA)
def test_ciede2000_matches_the_published_test_data(
    first: tuple[float, float, float], second: tuple[float, float, float], expected: float
) -> None:
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert readable_text("#fbf1da") == BLACK
    assert readable_text("#1f1f1f") == WHITE


def test_simulation_leaves_greys_and_confuses_red_with_green() -> None:
    """Machado's matrices keep neutral colours neutral; red and green, far apart for
    normal vision, come close for a protanope and closer for a deuteranope, while a
    tritanope (blue-yellow) still tells them apart."""
    for vision in DEFICIENCIES:
        for grey in ("#000000", "#808080", "#ffffff"):
            assert difference(grey, grey, vision) == pytest.approx(0, abs=1e-6)
            r, g, b = simulate(grey, vision)
            assert max(r, g, b) - min(r, g, b) < 0.01
    normal = difference("#d62728", "#2ca02c")
    assert difference("#d62728", "#2ca02c", "deuteranopia") < normal / 10
    assert difference("#d62728", "#2ca02c", "protanopia") < normal / 2
    assert difference("#d62728", "#2ca02c", "tritanopia") > normal / 2


def test_bad_colours_are_named() -> None:
    with pytest.raises(ValueError, match="'#12345'"):
        difference("#12345", WHITE)


def _keyed(schema: LabelSchema, layer: str) -> dict[str, str]:
    return {lab.name: lab.colour for lab in schema.labels if lab.layer == layer and lab.key}


def test_labels_of_a_layer_stay_distinct_for_colour_blind_readers(schema: LabelSchema) -> None:
    """The labels on keys are the ones that fill an article together: each pair must stay
    apart for normal vision, protanopia, deuteranopia and tritanopia."""
    checked = 0
    for layer in schema.layers:
        colours = _keyed(schema, layer.name)
        if len(colours) < 2:
            continue
        distance, first, second, vision = worst_difference(list(colours.values()), VISIONS)
        names = [n for n, c in colours.items() if c in (first, second)]
        assert distance >= WITHIN_LAYER, f"{layer.name}: {names} for {vision}: {distance:.1f}"
        checked += len(colours)
    assert checked >= 12  # the entities on 1-9, quote, source, cue


def test_quotes_claims_and_casualties_stay_distinct_from_each_other(schema: LabelSchema) -> None:
    """Quote, source, cue, claim and casualty nest and touch: one layer or not, their
    colours must stay apart."""
    colours = [lab.colour for lab in schema.labels if lab.layer != "ner"]
    distance, first, second, vision = worst_difference(colours, VISIONS)
    assert distance >= WITHIN_LAYER, f"{first} / {second} for {vision}: {distance:.1f}"


def test_entities_differ_from_the_labels_around_them(schema: LabelSchema) -> None:
    entities = _keyed(schema, "ner").items()
    others = [(lab.name, lab.colour) for lab in schema.labels if lab.layer != "ner"]
    for (name, colour), (other, other_colour) in ((e, o) for e in entities for o in others):
        for vision in VISIONS:
            distance = difference(colour, other_colour, vision)
            assert distance >= ACROSS_LAYERS, f"{name} / {other} for {vision}: {distance:.1f}"


def test_every_label_shows_on_the_page_and_keeps_its_text_readable(schema: LabelSchema) -> None:
    for label in schema.labels:
        assert contrast_ratio(label.colour, BLACK) >= TEXT_CONTRAST, label.name
        for vision in VISIONS:
            assert difference(label.colour, WHITE, vision) >= FROM_PAGE, (label.name, vision)


def test_the_check_would_catch_the_old_palette() -> None:
    """The palette before this check: ORG and FAC were one colour to a protanope."""
    old = {"ORG": "#9ecbf0", "FAC": "#dcc3f2"}
    assert difference(old["ORG"], old["FAC"]) > WITHIN_LAYER / 2
    assert difference(old["ORG"], old["FAC"], "protanopia") < 1.0
    assert worst_difference(list(old.values()), VISIONS)[0] < WITHIN_LAYER
