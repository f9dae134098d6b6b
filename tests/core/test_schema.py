"""The label schema: the default loads; each kind of mistake names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema, SchemaError, load_schema, parse_schema

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
    with pytest.raises(SchemaError, match="line 14: label ORG: key '1' is taken by PERSON"):
        parse_schema(twice)


def test_a_schema_without_labels_is_refused() -> None:
    with pytest.raises(SchemaError, match="no \\[\\[labels\\]\\]"):
        parse_schema('[[layers]]\nname = "ner"\n')


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(MINIMAL.replace('"#ffc48a"', '"red"'), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"broken\.toml: line 8"):
        load_schema(path)
