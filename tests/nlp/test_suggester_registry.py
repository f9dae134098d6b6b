"""The registry of suggesters says exactly what they propose on the sample articles."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from annotator.core.suggesters import SUGGESTERS, Suggester
from annotator.core.suggestions import Proposal
from annotator.nlp.loading import Pipeline
from annotator.nlp.suggest import runners, suggest
from tests.conftest import SAMPLE_DOCS


@pytest.fixture(scope="module")
def articles(model: Pipeline) -> list[Doc]:
    """The sample articles, parsed once by the real model."""
    return [model.nlp(path.read_text(encoding="utf-8")) for path in SAMPLE_DOCS]


def _emitted(proposals: list[Proposal]) -> tuple[dict[tuple[str, str], set[str]], set[str]]:
    """Each (label, layer) proposed with the attributes it was given; each link's ends."""
    labels: dict[tuple[str, str], set[str]] = {}
    links: set[str] = set()
    for proposal in proposals:
        for span in proposal.spans:
            labels.setdefault((span.label, span.layer), set()).update(span.attrs)
        for link in proposal.relations:
            head, child = proposal.spans[link.head].label, proposal.spans[link.child].label
            links.add(f"{link.label} {head}->{child}")
    return labels, links


@pytest.mark.parametrize("suggester", SUGGESTERS, ids=lambda s: s.name)
def test_the_registry_lists_what_the_suggester_proposes(
    suggester: Suggester, articles: list[Doc]
) -> None:
    """Nothing proposed that the registry leaves out, nothing listed it never proposes."""
    run = runners()[suggester.name]
    labels, links = _emitted([run(doc) for doc in articles])
    assert labels == {(p.name, p.layer): set(p.attributes) for p in suggester.labels}
    assert links == {f"{r.name} {r.head}->{r.child}" for r in suggester.relations}


def test_every_suggester_in_the_registry_has_a_function_and_no_other_runs() -> None:
    assert list(runners()) == [s.name for s in SUGGESTERS]


def test_suggest_proposes_what_the_suggesters_of_the_registry_propose(
    articles: list[Doc],
) -> None:
    labels, links = _emitted([suggest(doc) for doc in articles])
    assert set(labels) == {(p.name, p.layer) for s in SUGGESTERS for p in s.labels}
    assert links == {f"{r.name} {r.head}->{r.child}" for s in SUGGESTERS for r in s.relations}
