"""The Docs a model reads: rebuilt from stored analyses, the same as from a fresh parse."""

from __future__ import annotations

import spacy

from annotator.nlp.analysis import doc_to_analysis
from annotator.nlp.loading import Pipeline
from annotator.training.parsed import doc_from_analysis, doc_from_parse

TEXT = (
    "Rebels seized the town.  The mayor said “we will not leave,” and he added\n\n"
    "that help was coming, officials told reporters.\n"
)


def test_a_doc_rebuilt_from_the_stored_analysis_has_the_texts_every_character(
    model: Pipeline,
) -> None:
    parsed = model.nlp(TEXT)
    rebuilt = doc_from_analysis(spacy.blank("en").vocab, TEXT, doc_to_analysis(parsed, "m"))
    assert rebuilt.text == TEXT
    # Offsets mean the same in both: what a model finds lands on the person's words.
    words = [(t.idx, t.text) for t in rebuilt if not t.is_space]
    assert words == [(t.idx, t.text) for t in parsed if not t.is_space]


def test_stored_and_fresh_parses_give_the_model_the_same_features(model: Pipeline) -> None:
    parsed = model.nlp(TEXT)
    fresh = doc_from_parse(parsed)
    stored = doc_from_analysis(spacy.blank("en").vocab, TEXT, doc_to_analysis(parsed, "m"))
    fresh_words = [(t.text, t.tag_, t.lemma_) for t in fresh if not t.is_space]
    assert fresh_words == [(t.text, t.tag_, t.lemma_) for t in stored if not t.is_space]


def test_words_between_quotation_marks_and_under_a_verb_of_saying_are_marked(
    model: Pipeline,
) -> None:
    doc = doc_from_parse(model.nlp(TEXT))
    by_word = {t.text: t for t in doc}
    assert by_word["leave"].tag_.endswith("|q")  # inside “…”
    assert not by_word["Rebels"].tag_.endswith("|q")
    assert by_word["coming"].lemma_ in {"add", "tell"}  # its clause hangs from a verb of saying
    # No sentence boundaries: an entity may run across sentences, as quotes do.
    assert not doc.has_annotation("SENT_START")


def test_a_document_never_analysed_by_a_model_has_its_words_alone(blank: Pipeline) -> None:
    analysis = doc_to_analysis(blank.nlp(TEXT), "")
    doc = doc_from_analysis(spacy.blank("en").vocab, TEXT, analysis)
    assert doc.text == TEXT
    assert not doc.has_annotation("TAG")
