"""Tests that load the real spaCy pipeline are marked ``slow`` without anyone writing it.

tests/conftest.py marks them when collected, so ``pytest -m "not slow"`` never loads
en_core_web_sm.
"""

from __future__ import annotations

import pytest

from annotator.nlp.loading import Pipeline
from tests.fake_pipeline import FAKE

pytest_plugins = ("pytester",)


@pytest.fixture
def parsed(model: Pipeline) -> Pipeline:
    """A fixture built on the real pipeline, as the UI's parsed sample project is."""
    return model


def test_a_test_using_the_real_model_is_marked_slow(
    request: pytest.FixtureRequest, model: Pipeline
) -> None:
    assert request.node.get_closest_marker("slow") is not None


def test_a_test_using_the_real_model_through_a_fixture_is_marked_slow(
    request: pytest.FixtureRequest, parsed: Pipeline
) -> None:
    assert request.node.get_closest_marker("slow") is not None


def test_a_test_using_the_fake_pipeline_is_not_marked_slow(
    request: pytest.FixtureRequest, fake_model: Pipeline
) -> None:
    assert request.node.get_closest_marker("slow") is None
    doc = fake_model.nlp("Søren Åberg told reporters in Orlavik.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Søren Åberg", "PERSON"), ("Orlavik", "GPE")]
    assert fake_model.has_entities
    assert fake_model.name == FAKE


def test_not_slow_leaves_out_the_tests_of_the_real_model(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marks are there before ``-m`` chooses: those tests are deselected, not run."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # Qt, Hypothesis: not needed
    pytester.makeini("[pytest]\nmarkers =\n    slow: loads the real spaCy pipeline\n")
    pytester.makeconftest(
        """
import pytest
from tests.conftest import pytest_collection_modifyitems

@pytest.fixture
def model():
    raise AssertionError("the real pipeline was loaded")

@pytest.fixture
def fake_model():
    return "fake"

@pytest.fixture
def parsed(model):
    return model
"""
    )
    pytester.makepyfile(
        """
def test_real(model): pass
def test_real_through_a_fixture(parsed): pass
def test_fake(fake_model): pass
def test_no_pipeline(): pass
"""
    )
    result = pytester.runpytest("-m", "not slow", "--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, deselected=2)
