"""What each rule-based suggester proposes, and what a schema lacks to hold it.

The suggesters (``annotator/nlp/suggest/``) were written for the default news schema. A
project made with a schema of its own still gets their suggestions, but a label, link
or attribute its schema lacks has no place there: ``schema_gaps`` says so when the
project is made. ``tests/nlp/test_suggester_registry.py`` checks this registry against
what the suggesters emit on the sample articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.schema import LabelSchema


@dataclass(frozen=True, slots=True)
class ProducedLabel:
    """A span label a suggester proposes, the layer it puts it in, the attributes it fills."""

    name: str
    layer: str
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProducedLink:
    """A link a suggester proposes: its relation type, and the labels at its two ends."""

    name: str
    head: str
    child: str


@dataclass(frozen=True, slots=True)
class Suggester:
    """One suggester: its name, its layer, and every label and link it may propose.

    ``labels`` starts with the label the suggester is for (QUOTE, CASUALTY, CLAIM), which
    lies in ``layer``; the others (SOURCE, CUE) hang from it by ``relations``.
    """

    name: str
    layer: str
    labels: tuple[ProducedLabel, ...]
    relations: tuple[ProducedLink, ...] = ()

    @property
    def main(self) -> ProducedLabel:
        """The label the suggester is for: without it, nothing it proposes fits."""
        return self.labels[0]

    def attributes(self) -> dict[str, tuple[str, ...]]:
        """The attributes it fills, per label."""
        return {label.name: label.attributes for label in self.labels}


# Shared by all three: whoever said it, gave the figure or makes the claim.
_SOURCE = ProducedLabel("SOURCE", "attribution", ("kind",))

#: Every suggester, in the order ``annotator.nlp.suggest.suggest`` runs them.
SUGGESTERS: tuple[Suggester, ...] = (
    Suggester(
        "quote",
        "attribution",
        (
            ProducedLabel("QUOTE", "attribution", ("type",)),
            _SOURCE,
            ProducedLabel("CUE", "attribution"),
        ),
        (ProducedLink("ATTRIBUTED_TO", "QUOTE", "SOURCE"), ProducedLink("HAS_CUE", "QUOTE", "CUE")),
    ),
    Suggester(
        "casualty",
        "casualty",
        (
            ProducedLabel(
                "CASUALTY",
                "casualty",
                ("outcome", "min", "best", "max", "qualifier", "victims", "scope"),
            ),
            _SOURCE,
        ),
        (
            ProducedLink("ATTRIBUTED_TO", "CASUALTY", "SOURCE"),
            ProducedLink("SUBSET_OF", "CASUALTY", "CASUALTY"),
        ),
    ),
    Suggester(
        "claim",
        "claim",
        (ProducedLabel("CLAIM", "claim", ("type", "check_worthy", "modality")), _SOURCE),
        (ProducedLink("ATTRIBUTED_TO", "CLAIM", "SOURCE"),),
    ),
)


def schema_gaps(schema: LabelSchema) -> list[str]:
    """One plain sentence per suggester whose output ``schema`` cannot hold, all or part."""
    return [gap for suggester in SUGGESTERS if (gap := suggester_gap(suggester, schema))]


def suggester_gap(suggester: Suggester, schema: LabelSchema) -> str | None:
    """What ``schema`` lacks to hold what ``suggester`` proposes, as a sentence; None if nothing."""
    absent = [p.name for p in suggester.labels if schema.label(p.name) is None]
    # What the schema lacks (after "this schema has"), and what of the suggester's output
    # has no place in it.
    lacks = [f"no {_join(absent)} label{'s' if len(absent) > 1 else ''}"] if absent else []
    lost = [f"{name} spans" for name in absent]
    unplaced = set(absent)
    for produced in suggester.labels:
        found = schema.label(produced.name)
        if found is None:
            continue
        if found.layer != produced.layer:
            unplaced.add(produced.name)
            lost.append(f"{produced.name} spans")
            lacks.append(f"{produced.name} in the {found.layer} layer, not {produced.layer}")
            continue
        missing = [name for name in produced.attributes if found.attribute(name) is None]
        if missing:
            noun = "attribute" if len(missing) == 1 else "attributes"
            lacks.append(f"no {_join(missing)} {noun} on {produced.name}")
            lost.append(f"{_join(missing)} values on {produced.name}")
    for link in suggester.relations:
        if link.head in unplaced or link.child in unplaced:
            lost.append(f"{link.name} links")
        elif not any(r.name == link.name for r in schema.relations_between(link.head, link.child)):
            lacks.append(f"no {link.name} link from {link.head} to {link.child}")
            lost.append(f"{link.name} links")
    if not lacks:
        return None
    if suggester.main.name in unplaced:
        outcome = "none of its suggestions fit this schema"
    else:
        outcome = f"it will propose {_join(list(dict.fromkeys(lost)))} that this schema cannot hold"
    return (
        f"The {suggester.name} suggester proposes {_proposes(suggester)}; "
        f"this schema has {_join(lacks)}, so {outcome}."
    )


def _proposes(suggester: Suggester) -> str:
    """Its labels grouped by layer, in order: 'QUOTE, SOURCE and CUE in the attribution layer'."""
    by_layer: dict[str, list[str]] = {}
    for produced in suggester.labels:
        by_layer.setdefault(produced.layer, []).append(produced.name)
    return _join([f"{_join(names)} in the {layer} layer" for layer, names in by_layer.items()])


def _join(words: Sequence[str]) -> str:
    """Words as a sentence lists them: 'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
