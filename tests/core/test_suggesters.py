"""What a project is told when its schema cannot hold what a suggester proposes."""

from __future__ import annotations

from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.core.suggesters import SUGGESTERS, schema_gaps
from tests.project_files import without


def without_quote(source: str) -> str:
    """The news schema TOML ``source`` with no QUOTE label (nor the links that name it)."""
    source = without(without(source, "labels", "QUOTE"), "relations", "HAS_CUE")
    narrower = source.replace(
        'heads = ["QUOTE", "CLAIM", "CASUALTY"]', 'heads = ["CLAIM", "CASUALTY"]'
    )
    assert narrower != source
    return narrower


def _gap_of(gaps: list[str], suggester: str) -> str:
    (gap,) = [g for g in gaps if g.startswith(f"The {suggester} suggester ")]
    return gap


def test_the_default_schema_holds_everything_the_suggesters_propose(schema: LabelSchema) -> None:
    assert schema_gaps(schema) == []


def test_each_suggester_writes_its_own_label_in_its_layer() -> None:
    assert [(s.name, s.main.name, s.layer) for s in SUGGESTERS] == [
        ("quote", "QUOTE", "attribution"),
        ("casualty", "CASUALTY", "casualty"),
        ("claim", "CLAIM", "claim"),
    ]
    assert all(s.main.layer == s.layer for s in SUGGESTERS)


def test_a_schema_without_quote_is_told_the_quote_suggester_fits_nothing(
    schema: LabelSchema,
) -> None:
    gaps = schema_gaps(parse_schema(without_quote(schema.source)))
    assert gaps == [
        "The quote suggester proposes QUOTE, SOURCE and CUE in the attribution layer; "
        "this schema has no QUOTE label, so none of its suggestions fit this schema."
    ]


def test_the_labels_in_another_layer_are_named_with_both_layers(schema: LabelSchema) -> None:
    """CLAIM moved into the attribution layer: the claim suggester writes it in claim."""
    moved = schema.source.replace(
        'name = "CLAIM"\nlayer = "claim"', 'name = "CLAIM"\nlayer = "attribution"'
    )
    assert moved != schema.source
    gaps = schema_gaps(parse_schema(moved))
    assert gaps == [
        "The claim suggester proposes CLAIM in the claim layer and SOURCE in the attribution "
        "layer; this schema has CLAIM in the attribution layer, not claim, so none of its "
        "suggestions fit this schema."
    ]


def test_a_schema_lacking_a_link_says_which_links_will_not_fit(schema: LabelSchema) -> None:
    gaps = schema_gaps(parse_schema(without(schema.source, "relations", "HAS_CUE")))
    assert gaps == [
        "The quote suggester proposes QUOTE, SOURCE and CUE in the attribution layer; "
        "this schema has no HAS_CUE link from QUOTE to CUE, so it will propose HAS_CUE links "
        "that this schema cannot hold."
    ]


def test_a_link_that_leaves_out_one_head_is_a_gap_for_that_suggester_only(
    schema: LabelSchema,
) -> None:
    """ATTRIBUTED_TO from quotes and claims only: the casualty figures' sources lose it."""
    narrower = schema.source.replace(
        'heads = ["QUOTE", "CLAIM", "CASUALTY"]', 'heads = ["QUOTE", "CLAIM"]'
    )
    assert narrower != schema.source
    gaps = schema_gaps(parse_schema(narrower))
    assert gaps == [
        "The casualty suggester proposes CASUALTY in the casualty layer and SOURCE in the "
        "attribution layer; this schema has no ATTRIBUTED_TO link from CASUALTY to SOURCE, "
        "so it will propose ATTRIBUTED_TO links that this schema cannot hold."
    ]


def test_a_schema_without_source_is_a_partial_gap_for_all_three(schema: LabelSchema) -> None:
    """No SOURCE: quotes, figures and claims still fit, their sources and links do not."""
    source = without(schema.source, "labels", "SOURCE")
    source = source.replace('children = ["SOURCE"]', 'children = ["CUE"]')  # ATTRIBUTED_TO
    source = without(source, "relations", "REFERS_TO")
    gaps = schema_gaps(parse_schema(source))
    assert len(gaps) == 3
    quote = _gap_of(gaps, "quote")
    assert quote.endswith(
        "this schema has no SOURCE label, so it will propose SOURCE spans and ATTRIBUTED_TO "
        "links that this schema cannot hold."
    )
    assert "HAS_CUE" not in quote  # QUOTE -> CUE still fits
    assert "no SOURCE label" in _gap_of(gaps, "casualty")
    assert "no SOURCE label" in _gap_of(gaps, "claim")


def test_missing_attributes_are_named_with_their_label(schema: LabelSchema) -> None:
    source = schema.source
    for name in ("modality", "check_worthy"):
        start = source.index(f'[[labels.attributes]]\nname = "{name}"')
        end = source.index("\n[[", start + 1)
        source = source[:start] + source[end + 1 :]
    gaps = schema_gaps(parse_schema(source))
    assert gaps == [
        "The claim suggester proposes CLAIM in the claim layer and SOURCE in the attribution "
        "layer; this schema has no check_worthy and modality attributes on CLAIM, so it will "
        "propose check_worthy and modality values on CLAIM that this schema cannot hold."
    ]


def test_a_schema_of_entities_only_is_told_about_every_suggester() -> None:
    entities = parse_schema(
        '[[layers]]\nname = "ner"\n\n[[labels]]\nname = "PERSON"\nlayer = "ner"\n'
        'colour = "#ffc48a"\n'
    )
    gaps = schema_gaps(entities)
    assert [g.split(" suggester ")[0] for g in gaps] == [
        "The quote",
        "The casualty",
        "The claim",
    ]
    assert all(g.endswith("so none of its suggestions fit this schema.") for g in gaps)
    assert "this schema has no CASUALTY and SOURCE labels," in _gap_of(gaps, "casualty")
