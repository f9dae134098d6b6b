"""The label schema: the default loads; each kind of mistake names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema, SchemaError
from annotator.core.schema_toml import load_schema, parse_schema

MINIMAL = """
[[layers]]
name = "ner"

[[labels]]
name = "PERSON"
layer = "ner"
colour = "#ffc48a"
key = "1"
"""


def test_default_schema_has_the_news_labels(schema: LabelSchema) -> None:
    names = {label.name for label in schema.labels}
    assert {"PERSON", "ORG", "GPE", "QUOTE", "SOURCE", "CUE", "CLAIM", "CASUALTY"} <= names
    assert schema.by_key("1") == schema.label("PERSON")
    assert schema.layer_of("CASUALTY") == "casualty"
    keys = [label.key for label in schema.labels if label.key]
    assert len(keys) == len(set(keys))


def test_minimal_schema_parses() -> None:
    parsed = parse_schema(MINIMAL)
    assert [lab.name for lab in parsed.labels] == ["PERSON"]
    assert parsed.source == MINIMAL


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('layer = "ner"\ncolour', 'layer = "nowhere"\ncolour'),
            "line 7: label PERSON: unknown layer",
        ),
        (('"#ffc48a"', '"orange"'), "line 8: label PERSON: colour must look like #RRGGBB"),
        (('key = "1"', 'key = "F1"'), "line 9: label PERSON: key must be one digit or letter"),
        (('name = "PERSON"', "name = "), "line 6"),  # TOML syntax error: tomllib names the line
    ],
)
def test_mistakes_name_the_line_and_the_problem(change: tuple[str, str], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_schema(MINIMAL.replace(*change, 1))


def test_a_key_used_twice_is_refused() -> None:
    twice = MINIMAL + '[[labels]]\nname = "ORG"\nlayer = "ner"\ncolour = "#9ecbf0"\nkey = "1"\n'
    with pytest.raises(SchemaError, match="line 14: label ORG: key '1' is taken by label PERSON"):
        parse_schema(twice)


def test_a_schema_without_labels_is_refused() -> None:
    with pytest.raises(SchemaError, match="no \\[\\[labels\\]\\]"):
        parse_schema('[[layers]]\nname = "ner"\n')


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(MINIMAL.replace('"#ffc48a"', '"red"'), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"broken\.toml: line 8"):
        load_schema(path)


def test_default_schema_has_attributes_relations_and_fields(schema: LabelSchema) -> None:
    casualty = schema.label("CASUALTY")
    assert casualty is not None
    qualifier = casualty.attribute("qualifier")
    assert qualifier is not None
    assert qualifier.values == (
        "exact",
        "at least",
        "more than",
        "up to",
        "approx",
        "range",
        "vague",
    )
    assert casualty.defaults()["qualifier"] == "exact"
    assert [r.name for r in schema.relations_between("QUOTE", "SOURCE")] == ["ATTRIBUTED_TO"]
    assert [r.name for r in schema.relations_between("CASUALTY", "PERSON")] == ["PERPETRATOR"]
    assert schema.relations_between("SOURCE", "QUOTE") == []
    stance = schema.field("stance")
    assert stance is not None
    assert stance.kind == "targets"
    link = schema.relation("ATTRIBUTED_TO")
    assert link is not None
    assert link.key == "l"


def test_attribute_values_are_checked() -> None:
    schema = parse_schema(WITH_ATTRIBUTES)
    label = schema.label("CASUALTY")
    assert label is not None
    outcome, best, flags = label.attributes
    assert outcome.check("killed") is None
    assert outcome.check("eaten") == "'eaten' is not a valid enum (one of killed, injured)"
    assert outcome.check(None) == "a value is required"
    assert best.check(12) is None
    assert best.check(True) is not None  # a bool is not a count
    assert flags.check(["a", "b"]) is None
    assert flags.check(["z"]) is not None


WITH_ATTRIBUTES = """
[[layers]]
name = "casualty"

[[labels]]
name = "CASUALTY"
layer = "casualty"
colour = "#f59c9c"

[[labels.attributes]]
name = "outcome"
kind = "enum"
values = ["killed", "injured"]
required = true

[[labels.attributes]]
name = "best"
kind = "int"

[[labels.attributes]]
name = "flags"
kind = "multi"
values = ["a", "b"]

[[relations]]
name = "SUBSET_OF"
heads = ["CASUALTY"]
children = ["CASUALTY"]

[[fields]]
name = "stance"
kind = "targets"
values = ["favor", "against"]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "enum"', 'kind = "colour"'), "line 12: attribute CASUALTY.outcome: kind must"),
        (('values = ["killed", "injured"]\n', ""), "line 12: attribute CASUALTY.outcome: an enum"),
        (("required = true", 'default = "eaten"'), "line 14: attribute CASUALTY.outcome: default"),
        (
            ('heads = ["CASUALTY"]', 'heads = ["NOPE"]'),
            "line 27: relation SUBSET_OF: unknown label",
        ),
        (('kind = "targets"', 'kind = "table"'), "line 32: field stance: kind must be one of"),
        (('name = "flags"', 'name = "best"'), "line 21: attribute best of CASUALTY is declared"),
    ],
)
def test_attribute_relation_and_field_mistakes_name_the_line(
    change: tuple[str, str], message: str
) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_schema(WITH_ATTRIBUTES.replace(*change, 1))
