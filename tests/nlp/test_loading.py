"""The model fallback chain, and what a pipeline's output becomes."""

from __future__ import annotations

import pytest

from annotator.nlp import loading
from annotator.nlp.analysis import doc_entities, doc_to_analysis
from annotator.nlp.loading import Pipeline, load_pipeline


def test_installed_english_model_is_found_after_a_missing_preferred_one() -> None:
    pipeline = load_pipeline(["no_such_model_anywhere"])
    assert pipeline.has_entities
    assert "core_web_sm" in pipeline.name
    assert pipeline.notice == ""


def test_without_any_model_the_blank_pipeline_says_entities_are_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loading, "DEFAULT_MODELS", ("no_such_model", "nor_this_one"))
    pipeline = load_pipeline()
    assert not pipeline.has_entities
    assert pipeline.name == loading.BLANK
    assert "entities are not highlighted" in pipeline.notice
    doc = pipeline.nlp("One sentence. Another one.")
    assert len(list(doc.sents)) == 2


def test_analysis_keeps_code_point_offsets_past_emoji(model: Pipeline) -> None:
    text = "Crowds prayed 🙏 in Kandar.\n\nGen. Ahmed Zubaïr told Reuters that five soldiers died."
    doc = model.nlp(text)
    analysis = doc_to_analysis(doc, model.name)
    words = [text[t.start : t.end] for t in analysis.tokens]
    assert "🙏" in words
    assert "Zubaïr" in words or "Ahmed Zubaïr" in " ".join(words)
    assert all(not w.isspace() for w in words)  # the paragraph break is not a token
    assert len(analysis.sent_starts) >= 2
    assert words[analysis.sent_starts[1]] in {"Gen", "Gen."}
    entities = {(text[s.start : s.end], s.label) for s in doc_entities(doc)}
    assert ("Reuters", "ORG") in entities  # after the emoji: offsets still line up
    assert "Kandar" in {t for t, _ in entities}
    assert any(label == "PERSON" and "Zubaïr" in t for t, label in entities)


def test_entities_outside_the_schema_are_left_out(model: Pipeline) -> None:
    doc = model.nlp("Ahmed Zubaïr spoke in Kandar on Sunday.")
    kept = doc_entities(doc, frozenset({"PERSON"}))
    assert kept
    assert {s.label for s in kept} == {"PERSON"}
