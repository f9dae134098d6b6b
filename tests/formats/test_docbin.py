"""spaCy DocBin export: what a user reads back from the ``.spacy`` file is what they wrote."""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from annotator.core.exported import ExportDoc
from annotator.core.model import Analysis, Origin, Relation, Span, Syntax, Token
from annotator.formats.docbin import (
    english_vocab,
    export_doc_to_spacy,
    read_docbin,
    write_docbin,
)
from annotator.nlp.analysis import doc_to_analysis
from annotator.nlp.loading import Pipeline

ALL_LAYERS = ("ner", "attribution", "claim", "casualty")
VOCAB = english_vocab()

TEXT = (
    "Gen. Søren Åberg of the Kandar Liberation Front said: “At least 12 civilians were "
    "killed in Nova Breska.” 🙏\n\n"
    "The Valdorian Health Ministry  denied it.\n\n\n"
    "Léa Moreau-Dąbrowska called for calm."
)
QUOTE = "“At least 12 civilians were killed in Nova Breska.”"


def at(fragment: str, label: str, layer: str, **attrs: object) -> Span:
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment), label, layer, attrs=dict(attrs))


SPANS = (
    at("Søren Åberg", "PERSON", "ner"),
    at("Kandar Liberation Front", "ORG", "ner"),
    at("Kandar", "GPE", "ner"),  # inside the ORG: doc.ents cannot hold both
    at("Nova Breska", "GPE", "ner"),
    at("Valdorian Health Ministry", "ORG", "ner"),
    at("Léa Moreau-Dąbrowska", "PERSON", "ner"),
    at(QUOTE, "QUOTE", "attribution", type="direct"),
    at("Gen. Søren Åberg", "SOURCE", "attribution", kind="military"),
    at("said", "CUE", "attribution"),
    at("At least 12 civilians", "CASUALTY", "casualty", outcome="killed", min=12, best=None),
    at("12 civilians were killed", "CLAIM", "claim", type="quantity", check_worthy=True),
)
RELATIONS = (
    Relation(6, 7, "ATTRIBUTED_TO"),
    Relation(6, 8, "HAS_CUE"),
    Relation(10, 9, "REFERS_TO", attrs={"note": "same figure"}),
)
FIELDS = {"stance": [{"target": "Valdorian government", "value": "against"}], "note": "Toll?"}


def analysis(pipeline: Pipeline, text: str) -> Analysis:
    return doc_to_analysis(pipeline.nlp(text), pipeline.name)


def export_doc(pipeline: Pipeline, text: str = TEXT, **changes: object) -> ExportDoc:
    found = analysis(pipeline, text)
    doc = ExportDoc(
        doc_id=7,
        text=text,
        title="Ceasefire talks",
        meta={"source_file": "kandar.txt", "tags": ["war", "talks"]},
        tokens=found.tokens,
        sent_starts=found.sent_starts,
        spans=SPANS if text == TEXT else (),
        relations=RELATIONS if text == TEXT else (),
        fields=FIELDS,
        status="done",
        annotator="ana",
        syntax=found.syntax,
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def round_trip(
    tmp_path: Path, docs: list[ExportDoc], layers: tuple[str, ...] = ALL_LAYERS
) -> tuple[list[Doc], Counter[str]]:
    path = tmp_path / "out.spacy"
    report = write_docbin(docs, path, layers)
    assert report.documents == len(docs)
    return read_docbin(path), report.skipped


def offsets(spans: Iterable[SpacySpan], tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    """Where the Doc's spans are in the project's text: the Doc's words are the stored
    ``tokens``, one for one, so a span's token indices say."""
    return [(tokens[s.start].start, tokens[s.end - 1].end, s.label_) for s in spans]


def one_space(text: str) -> str:
    """``text`` as the DocBin holds it: the tokens, each run of whitespace after a token
    one space (whitespace before the first token belongs to no token)."""
    return " ".join(text.split()) + (" " if text[-1:].isspace() else "")


# --- the round trip ---------------------------------------------------------------------


def test_everything_written_is_read_back(tmp_path: Path, blank: Pipeline) -> None:
    other = export_doc(blank, "Aid arrived in Orlavik.", doc_id=8, fields={}, status="skipped")
    exported = export_doc(blank)
    [doc, second], skipped = round_trip(tmp_path, [exported, other])

    # Emoji and diacritics kept; paragraph breaks and the double space are one space.
    assert doc.text == one_space(TEXT)
    assert second.text == "Aid arrived in Orlavik."
    kept = [SPANS[i] for i in (0, 1, 3, 4, 5)]  # not "Kandar" inside "Kandar Liberation Front"
    tokens = exported.tokens
    assert offsets(doc.ents, tokens) == [(s.start, s.end, s.label) for s in kept]
    assert skipped == Counter({"ner": 1})

    assert set(doc.spans) == set(ALL_LAYERS)
    for layer in ALL_LAYERS:
        mine = [s for s in SPANS if s.layer == layer]
        found = offsets(doc.spans[layer], tokens)
        assert found == [(s.start, s.end, s.label) for s in mine], layer
        assert doc.spans[layer].attrs["attrs"] == [s.attrs for s in mine], layer
        assert doc.spans[layer].attrs["origin"] == ["human"] * len(mine)
    [casualty] = doc.spans["casualty"]
    quote = doc.spans["attribution"][0]
    assert quote.text == QUOTE
    assert quote.start <= casualty.start < casualty.end <= quote.end  # a figure in a quote

    assert doc.user_data["doc_id"] == 7
    assert doc.user_data["title"] == "Ceasefire talks"
    assert doc.user_data["meta"] == {"source_file": "kandar.txt", "tags": ["war", "talks"]}
    assert doc.user_data["annotator"] == "ana"
    assert doc.user_data["status"] == "done"
    assert doc.user_data["fields"] == FIELDS
    assert doc.user_data["relations"] == [
        {"head": ["attribution", 0], "child": ["attribution", 1], "label": "ATTRIBUTED_TO",
         "attrs": {}},
        {"head": ["attribution", 0], "child": ["attribution", 2], "label": "HAS_CUE",
         "attrs": {}},
        {"head": ["claim", 0], "child": ["casualty", 0], "label": "REFERS_TO",
         "attrs": {"note": "same figure"}},
    ]  # fmt: skip
    assert second.user_data["status"] == "skipped"
    assert [list(group) for group in second.spans.values()] == [[]] * len(ALL_LAYERS)


def test_the_words_are_the_stored_tokens(tmp_path: Path, blank: Pipeline) -> None:
    # Issue 12: whitespace between paragraphs used to be a token of its own here and not
    # in the JSONL or CoNLL, so token indices differed from one format to the next.
    exported = export_doc(blank)
    [doc], _ = round_trip(tmp_path, [exported])
    assert [t.text for t in doc] == [TEXT[t.start : t.end] for t in exported.tokens]
    assert not any(t.is_space for t in doc)
    # A token followed by whitespace (a space, a paragraph break) has a trailing space.
    assert [bool(t.whitespace_) for t in doc] == [
        exported.whitespace_after(i) for i in range(len(exported.tokens))
    ]


def test_sentences_are_kept(tmp_path: Path, blank: Pipeline) -> None:
    exported = export_doc(blank)
    assert len(exported.sent_starts) > 2
    [doc], _ = round_trip(tmp_path, [exported])
    assert doc.has_annotation("SENT_START", require_complete=True)
    assert [s.start for s in doc.sents] == list(exported.sent_starts)


@pytest.mark.slow
def test_syntax_gives_a_valid_parse(tmp_path: Path, model: Pipeline) -> None:
    exported = export_doc(model)
    syntax = exported.syntax
    assert syntax is not None
    [doc], _ = round_trip(tmp_path, [exported])

    assert doc.has_annotation("DEP")
    assert [s.start for s in doc.sents] == [s.start for s in exported.sentences(ALL_LAYERS)]
    for sentence in doc.sents:
        assert len([t for t in sentence if t.head.i == t.i]) == 1, sentence.text
    real = [t for t in doc if not t.is_space]
    assert [t.tag_ for t in real] == list(syntax.tag)
    assert [t.pos_ for t in real] == list(syntax.pos)
    assert [str(t.morph) for t in real] == list(syntax.morph)
    assert [t.lemma_ for t in real] == list(syntax.lemma)
    assert [t.dep_ for t in real] == list(syntax.dep)
    index = {t.i: i for i, t in enumerate(real)}
    assert [index[t.head.i] for t in real] == list(syntax.head)
    assert len(real) == len(doc)  # no whitespace tokens


# One row per token: word, tag, pos, head (absolute), dep.
PARSED_TEXT = "Aid arrived.\n\nRain fell."
PARSED_ROWS = [
    ("Aid", "NN", "NOUN", 1, "nsubj"),
    ("arrived", "VBD", "VERB", 1, "ROOT"),
    (".", ".", "PUNCT", 2, "punct"),  # its head was the "\n\n": the analysis made it a root
    ("Rain", "NN", "NOUN", 4, "nsubj"),
    ("fell", "VBD", "VERB", 4, "ROOT"),
    (".", ".", "PUNCT", 4, "punct"),
]


def parsed_doc(rows: list[tuple[str, str, str, int, str]], text: str = PARSED_TEXT) -> ExportDoc:
    tokens: list[Token] = []
    for word, *_ in rows:
        start = text.index(word, tokens[-1].end if tokens else 0)
        tokens.append(Token(start, start + len(word)))
    syntax = Syntax(
        tag=tuple(r[1] for r in rows),
        pos=tuple(r[2] for r in rows),
        morph=("",) * len(rows),
        lemma=tuple(r[0].lower() for r in rows),
        head=tuple(r[3] for r in rows),
        dep=tuple(r[4] for r in rows),
    )
    return ExportDoc(1, text, "", {}, tuple(tokens), (0, 3), (), syntax=syntax)


def test_a_token_cut_off_by_whitespace_is_attached_to_its_root() -> None:
    doc, _ = export_doc_to_spacy(parsed_doc(PARSED_ROWS), VOCAB, ALL_LAYERS)
    assert doc.has_annotation("DEP")
    assert [s.text for s in doc.sents] == ["Aid arrived.", "Rain fell."]
    assert (doc[2].text, doc[2].head.text, doc[2].dep_) == (".", "arrived", "punct")


def test_leading_whitespace_is_not_a_word() -> None:
    text = " \n" + PARSED_TEXT  # our importers strip it, but a writer should not care
    doc, _ = export_doc_to_spacy(parsed_doc(PARSED_ROWS, text), VOCAB, ALL_LAYERS)
    assert doc.text == "Aid arrived. Rain fell."
    assert doc.has_annotation("DEP")
    assert [s.text for s in doc.sents] == ["Aid arrived.", "Rain fell."]


def test_a_span_across_a_sentence_break_joins_the_sentences_into_one_tree() -> None:
    # As in CoNLL and CoNLL-U (ExportDoc.sentences): no sentence ends inside a span.
    start = PARSED_TEXT.index("arrived")
    claim = Span(start, PARSED_TEXT.index("fell") + 4, "CLAIM", "claim")
    doc, _ = export_doc_to_spacy(replace(parsed_doc(PARSED_ROWS), spans=(claim,)), VOCAB, ["claim"])
    assert [s.text for s in doc.sents] == ["Aid arrived. Rain fell."]
    assert doc.has_annotation("DEP")  # the parse is kept: one root for the one sentence
    assert [t.text for t in doc if t.head.i == t.i] == ["arrived"]
    assert (doc[4].text, doc[4].head.text, doc[4].dep_) == ("fell", "arrived", "dep")
    [span] = doc.spans["claim"]
    assert span.text == "arrived. Rain fell"
    # The claim's layer not written: the sentences stay as the splitter made them.
    doc, _ = export_doc_to_spacy(replace(parsed_doc(PARSED_ROWS), spans=(claim,)), VOCAB, ["ner"])
    assert [s.text for s in doc.sents] == ["Aid arrived.", "Rain fell."]


def test_a_parse_across_sentences_is_left_out_but_tags_and_sentences_stay() -> None:
    rows = list(PARSED_ROWS)
    rows[2] = (".", ".", "PUNCT", 4, "punct")  # into the next sentence
    doc, _ = export_doc_to_spacy(parsed_doc(rows), VOCAB, ALL_LAYERS)
    assert not doc.has_annotation("DEP")
    assert [t.tag_ for t in doc if not t.is_space] == [r[1] for r in rows]
    assert [s.text for s in doc.sents] == ["Aid arrived.", "Rain fell."]


# --- spans that a format can't hold, and layer choice -----------------------------------


def test_tokens_only_a_dropped_entity_covered_are_unknown_not_outside(blank: Pipeline) -> None:
    spans = (
        at("Kandar Liberation Front", "ORG", "ner"),
        at("Front said", "EVENT", "ner"),  # overlaps the ORG, which is longer
    )
    doc, skipped = export_doc_to_spacy(export_doc(blank, spans=spans), VOCAB, ALL_LAYERS)
    assert skipped == Counter({"ner": 1})
    assert [e.text for e in doc.ents] == ["Kandar Liberation Front"]
    iob = {t.text: t.ent_iob_ for t in doc}
    # "said" may well be an entity for all the annotator said: not taught as "O".
    assert (iob["Front"], iob["said"], iob["Gen."]) == ("I", "", "O")
    tokens = export_doc(blank).tokens
    assert offsets(doc.spans["ner"], tokens) == [(s.start, s.end, s.label) for s in spans]


def test_a_span_not_on_token_boundaries_is_counted_not_written(blank: Pipeline) -> None:
    start = TEXT.index("Breska")
    spans = (
        Span(start, start + 3, "GPE", "ner"),  # "Bre"
        at("12 civilians", "CASUALTY", "casualty"),
        Span(start + 2, start + 5, "CASUALTY", "casualty"),
    )
    relations = (Relation(1, 2, "SUBSET_OF"),)
    doc, skipped = export_doc_to_spacy(
        export_doc(blank, spans=spans, relations=relations), VOCAB, ALL_LAYERS
    )
    assert skipped == Counter({"ner": 1, "casualty": 1})
    assert list(doc.ents) == []
    assert [s.text for s in doc.spans["casualty"]] == ["12 civilians"]
    assert doc.user_data["relations"] == []  # its child was not written


def test_only_the_chosen_layers_are_written(tmp_path: Path, blank: Pipeline) -> None:
    [doc], skipped = round_trip(tmp_path, [export_doc(blank)], layers=("casualty", "claim"))
    assert set(doc.spans) == {"casualty", "claim"}
    assert not doc.has_annotation("ENT_IOB")  # entities not exported: unknown, not none
    assert skipped == Counter()
    assert doc.user_data["relations"] == [
        {"head": ["claim", 0], "child": ["casualty", 0], "label": "REFERS_TO",
         "attrs": {"note": "same figure"}}
    ]  # fmt: skip


def test_model_spans_say_so(blank: Pipeline) -> None:
    spans = (replace(at("Nova Breska", "GPE", "ner"), origin=Origin.MODEL),)
    doc, _ = export_doc_to_spacy(export_doc(blank, spans=spans), VOCAB, ALL_LAYERS)
    assert doc.spans["ner"].attrs["origin"] == ["model"]


@pytest.mark.parametrize("text", ["  Indented start.", "Trailing newline.\n", "Tab\tand  two."])
def test_any_whitespace_between_words_is_one_space(
    tmp_path: Path, blank: Pipeline, text: str
) -> None:
    [doc], _ = round_trip(tmp_path, [export_doc(blank, text)])
    assert doc.text == one_space(text)


def test_malformed_tokens_are_an_error() -> None:
    doc = ExportDoc(1, "Two words", "", {}, (Token(4, 9), Token(0, 3)), (0,), ())
    with pytest.raises(ValueError, match="out of order"):
        export_doc_to_spacy(doc, VOCAB, ALL_LAYERS)


# --- any spans at all -------------------------------------------------------------------

LABELS = [("ner", "PERSON"), ("ner", "GPE"), ("casualty", "CASUALTY"), ("attribution", "QUOTE")]


@settings(max_examples=50, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(1, 8), st.sampled_from(LABELS)),
        max_size=12,
    )
)
def test_any_token_aligned_spans_survive(
    blank: Pipeline, picks: list[tuple[int, int, tuple[str, str]]]
) -> None:
    exported = export_doc(blank)
    tokens = exported.tokens
    spans = []
    for first, length, (layer, label) in picks:
        first %= len(tokens)
        last = min(len(tokens), first + length) - 1
        spans.append(Span(tokens[first].start, tokens[last].end, label, layer))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.spacy"
        report = write_docbin([replace(exported, spans=tuple(spans), relations=())], path,
                              ALL_LAYERS)  # fmt: skip
        [doc] = read_docbin(path)

    assert doc.text == one_space(TEXT)
    for layer in ALL_LAYERS:
        expected = [(s.start, s.end, s.label) for s in spans if s.layer == layer]
        assert offsets(doc.spans[layer], tokens) == expected
    entities = sorted((s.start, s.end, s.label) for s in spans if s.layer == "ner")
    ents = offsets(doc.ents, tokens)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ents))
    assert set(ents) <= set(entities)
    assert len(ents) + report.skipped["ner"] == len(entities)
    assert set(report.skipped) <= {"ner"}
