"""CoNLL-U export: the golden file, and the output read back by the ``conllu`` package.

The hand-made documents and the golden-file helper are those of test_conll.py; see there
how to regenerate tests/formats/golden/small.conllu.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import replace

import conllu
import pytest
from conllu.models import TokenList

from annotator.core.exported import ExportDoc
from annotator.core.model import Span, Syntax, Token
from annotator.formats.conllu import write_conllu
from annotator.formats.write_report import WriteReport
from annotator.nlp.loading import Pipeline
from tests.formats.iob2_check import check_conllu
from tests.formats.test_conll import (
    ALL_LAYERS,
    PARAGRAPH,
    QUOTE_ROWS,
    check_golden,
    export_doc,
    quote_doc,
    royal_doc,
    small_docs,
    tokens_of,
)


def conllu_text(docs: Sequence[ExportDoc], layers: Sequence[str] = ALL_LAYERS) -> str:
    """The CoNLL-U file of ``docs``, its layer tags checked to be strict IOB2."""
    out = io.StringIO()
    write_conllu(docs, out, layers)
    assert check_conllu(out.getvalue()) == sum(len(doc.tokens) for doc in docs)
    return out.getvalue()


def parse(docs: Sequence[ExportDoc], layers: Sequence[str] = ALL_LAYERS) -> list[TokenList]:
    return conllu.parse(conllu_text(docs, layers))


def assert_tree(sentence: TokenList) -> None:
    """IDs 1..n, exactly one root, heads in range, and every token reaches the root."""
    count = len(sentence)
    assert [t["id"] for t in sentence] == list(range(1, count + 1))
    heads = {t["id"]: t["head"] for t in sentence}
    assert all(isinstance(h, int) and 0 <= h <= count for h in heads.values()), heads
    roots = [t for t in sentence if t["head"] == 0]
    assert len(roots) == 1, sentence.metadata["text"]
    assert roots[0]["deprel"] == "root"
    assert all(t["deprel"] != "root" for t in sentence if t["head"] != 0)
    for token_id in heads:
        seen: set[int] = set()
        while token_id != 0:
            assert token_id not in seen, f"cycle through token {token_id}"
            seen.add(token_id)
            token_id = heads[token_id]


def rebuilt_text(sentence: TokenList) -> str:
    """The sentence from its FORMs and SpaceAfter=No, as CoNLL-U readers rebuild it."""
    return "".join(
        t["form"] + ("" if (t["misc"] or {}).get("SpaceAfter") == "No" else " ") for t in sentence
    ).rstrip(" ")


def misc(sentence: TokenList, form: str) -> dict[str, str]:
    return next(t["misc"] or {} for t in sentence if t["form"] == form)


# --- golden file ------------------------------------------------------------------------


def test_golden_all_layers() -> None:
    check_golden("small.conllu", conllu_text(small_docs()))


# --- read back by the conllu package ----------------------------------------------------


def test_sentences_ids_and_text() -> None:
    sentences = parse(small_docs())
    # The claim "visited\nKyiv. She left" crosses the splitter's break: one sentence.
    assert [s.metadata["sent_id"] for s in sentences] == ["7-1", "7-2", "8-1"]
    assert [s.metadata["text"] for s in sentences] == [
        'Gen. Ahmed Zubaïr said: "At least 12 civilians died in Gaza." 🙏',
        "Aid arrived.",
        "Ségolène Royal visited Kyiv. She left on Monday.",  # the line break is a space
    ]
    for sentence in sentences:
        assert rebuilt_text(sentence) == sentence.metadata["text"]
    # Without the claim's layer, the break is where the splitter put it.
    assert [s.metadata["text"] for s in parse([royal_doc()], ["ner"])] == [
        "Ségolène Royal visited Kyiv.",
        "She left on Monday.",
    ]


def test_forms_keep_emoji_and_diacritics() -> None:
    first, second, third = parse(small_docs())
    assert [t["form"] for t in [*first, *second]] == [row[0] for row in QUOTE_ROWS]
    assert "🙏" in [t["form"] for t in first]
    assert [t["form"] for t in third][:2] == ["Ségolène", "Royal"]


def test_syntax_columns_and_tree() -> None:
    first, second, *_ = parse([quote_doc()])
    for sentence in (first, second):
        assert_tree(sentence)
    said = first[3]
    assert (said["lemma"], said["upos"], said["xpos"]) == ("say", "VERB", "VBD")
    assert said["feats"] == {"Mood": "Ind", "Tense": "Past", "VerbForm": "Fin"}
    assert (said["head"], said["deprel"]) == (0, "root")
    assert (first[2]["head"], first[2]["deprel"]) == (4, "nsubj")  # Zubaïr -> said
    assert first[4]["feats"] is None  # ":" has no morphology: "_"
    # Heads count from the start of their own sentence.
    assert [(t["form"], t["head"]) for t in second] == [("Aid", 2), ("arrived", 0), (".", 2)]
    assert all(t["deps"] is None for t in [*first, *second])


def test_document_comments_on_its_first_sentence_only() -> None:
    first, second, third = parse(small_docs())
    assert first.metadata == {
        "newdoc id": "7",
        "title": "Aid after the strike",
        "annotator": "ana",
        "status": "done",
        "stance": "Hamas: against; UN: favor",
        "note": "Checked twice. Second line.",
        "sent_id": "7-1",
        "text": first.metadata["text"],
    }
    assert set(second.metadata) == {"sent_id", "text"}
    # No annotator here, and a stance target with ";" in it is written as JSON.
    assert third.metadata["newdoc id"] == "8"
    assert "annotator" not in third.metadata
    assert third.metadata["status"] == "in progress"
    assert json.loads(third.metadata["stance"]) == [{"target": "EU; NATO", "value": "favor"}]
    fourth = parse([royal_doc()], ["ner"])[1]
    assert set(fourth.metadata) == {"sent_id", "text"}


def test_stance_reads_back_into_targets() -> None:
    stance = parse([quote_doc()])[0].metadata["stance"]
    pairs = [item.rsplit(": ", 1) for item in stance.split("; ")]
    assert [{"target": t, "value": v} for t, v in pairs] == quote_doc().fields["stance"]


def test_field_named_like_a_comment_does_not_replace_it() -> None:
    doc = replace(royal_doc(), fields={"text": "mine", "empty": "", "count": 3, "ok": True})
    first = parse([doc], ["ner"])[0]
    assert first.metadata["text"] == "Ségolène Royal visited Kyiv."
    assert first.metadata["field_text"] == "mine"
    assert "empty" not in first.metadata
    assert (first.metadata["count"], first.metadata["ok"]) == ("3", "true")


def test_layers_in_misc() -> None:
    first, second, third = parse(small_docs())
    assert misc(first, "Zubaïr") == {"NER": "I-PERSON", "Attribution": "I-SOURCE"}
    assert misc(first, "said") == {"Attribution": "B-CUE", "SpaceAfter": "No"}
    assert misc(first, "died") == {"Attribution": "I-QUOTE"}
    assert misc(first, "Gaza") == {"NER": "B-GPE", "Attribution": "I-QUOTE", "SpaceAfter": "No"}
    assert misc(second, "Aid") == {}  # "_"
    assert misc(third, "Kyiv") == {"NER": "B-GPE", "Claim": "I-CLAIM", "SpaceAfter": "No"}
    # In the same sentence as the B-CLAIM: the splitter's break inside it is gone.
    assert misc(third, "She") == {"Claim": "I-CLAIM"}


def test_misc_entries_in_a_fixed_order() -> None:
    lines = conllu_text([quote_doc()]).split("\n")
    gaza = next(line for line in lines if line.split("\t")[1:2] == ["Gaza"])
    assert gaza.split("\t")[9] == "SpaceAfter=No|NER=B-GPE|Attribution=I-QUOTE"


def test_casualty_figure_inside_a_quote_keeps_both_tags() -> None:
    first = parse([quote_doc()], ["attribution", "casualty"])[0]
    assert misc(first, "At") == {"Attribution": "I-QUOTE", "Casualty": "B-CASUALTY"}
    assert misc(first, "12") == {"Attribution": "I-QUOTE", "Casualty": "I-CASUALTY"}


def test_overlapping_spans_in_one_layer_keep_one_and_warn() -> None:
    out = io.StringIO()
    report = write_conllu([quote_doc()], out, ["ner"])
    check_conllu(out.getvalue())
    assert report.documents == 1
    assert report.skipped == {"ner": 1}
    assert report.warnings() == [
        "1 ner span could not be written in this format "
        "(overlapping another ner span, or not on whole tokens)"
    ]
    first = conllu.parse(out.getvalue())[0]
    assert [misc(first, w) for w in ("Gen.", "Ahmed", "Zubaïr")] == [
        {"NER": "B-PERSON"},
        {"NER": "I-PERSON"},
        {"NER": "I-PERSON"},
    ]


def test_document_without_syntax_is_still_valid() -> None:
    sentences = parse([royal_doc()], ["ner"])
    for sentence in sentences:
        for token in sentence:
            assert (token["lemma"], token["upos"], token["xpos"]) == ("_", "_", None)
            assert (token["head"], token["deprel"], token["feats"]) == (None, "_", None)
    assert [t["id"] for t in sentences[1]] == [1, 2, 3, 4, 5]


def test_no_documents_write_nothing() -> None:
    out = io.StringIO()
    assert write_conllu([], out, ALL_LAYERS) == WriteReport()
    assert out.getvalue() == ""


def test_document_without_tokens_is_left_out() -> None:
    empty = ExportDoc(3, "", "Empty", {}, (), (), ())
    out = io.StringIO()
    report = write_conllu([empty, royal_doc()], out, ["ner"])
    check_conllu(out.getvalue())
    assert report.documents == 1
    assert [s.metadata.get("newdoc id") for s in conllu.parse(out.getvalue())] == ["8", None]


# --- making a valid tree from a parse that doesn't fit the sentences --------------------


def parsed_doc(text: str, words: str, heads: Sequence[int], deps: Sequence[str]) -> ExportDoc:
    tokens = tokens_of(text, words.split())
    n = len(tokens)
    syntax = Syntax(("X",) * n, ("X",) * n, ("",) * n, ("x",) * n, tuple(heads), tuple(deps))
    sent_starts = tuple(i for i, t in enumerate(tokens) if text[t.start].isupper())
    return ExportDoc(1, text, "", {}, tokens, sent_starts, (), syntax=syntax)


def test_head_in_another_sentence_is_attached_to_the_root() -> None:
    # The splitter cut after "arrived." but the parser hung "Late" on "arrived".
    doc = parsed_doc(
        "Aid arrived. Late",
        "Aid arrived . Late",
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "punct", "npadvmod"],
    )
    first, second = parse([doc])
    assert_tree(first)
    assert_tree(second)
    assert (second[0]["head"], second[0]["deprel"]) == (0, "root")


def test_two_roots_in_one_sentence_become_one() -> None:
    doc = parsed_doc(
        "Aid came , food went",
        "Aid came , food went",
        [1, 1, 1, 4, 4],
        ["nsubj", "ROOT", "punct", "nsubj", "ROOT"],
    )
    [sentence] = parse([doc])
    assert_tree(sentence)
    assert (sentence[1]["head"], sentence[1]["deprel"]) == (0, "root")
    assert (sentence[4]["head"], sentence[4]["deprel"]) == (2, "dep")


def test_cycle_is_broken() -> None:
    # "came" and "now" are each other's heads, and nothing is its own head.
    doc = parsed_doc("Aid came now", "Aid came now", [1, 2, 1], ["nsubj", "ROOT", "advmod"])
    [sentence] = parse([doc])
    assert_tree(sentence)
    assert (sentence[1]["head"], sentence[1]["deprel"]) == (0, "root")


def test_syntax_not_lined_up_with_tokens_is_refused() -> None:
    doc = quote_doc()
    assert doc.syntax is not None
    doc = replace(doc, syntax=replace(doc.syntax, dep=doc.syntax.dep[:-1]))
    with pytest.raises(ValueError, match="line up"):
        write_conllu([doc], io.StringIO(), ["ner"])


def test_layer_key_is_capitalised() -> None:
    text = "Kyiv"
    doc = ExportDoc(1, text, "", {}, (Token(0, 4),), (0,), (Span(0, 4, "X", "my_layer"),))
    assert misc(parse([doc], ["my_layer"])[0], "Kyiv") == {"My_layer": "B-X", "SpaceAfter": "No"}


# --- with the real pipeline -------------------------------------------------------------


@pytest.mark.slow
def test_model_parse_gives_one_tree_per_sentence(model: Pipeline) -> None:
    doc = export_doc(model, PARAGRAPH, doc_id=5)
    sentences = parse([doc], ["ner"])
    assert len(sentences) == len(doc.sentences()) >= 3
    forms = [t["form"] for s in sentences for t in s]
    assert forms == [PARAGRAPH[t.start : t.end] for t in doc.tokens]
    for sentence in sentences:
        assert_tree(sentence)
        assert rebuilt_text(sentence) == sentence.metadata["text"]
    tags = [(t["misc"] or {}).get("NER", "O") for s in sentences for t in s]
    starts = [t.start for t in doc.tokens]
    expected = ["O"] * len(tags)
    for span in doc.spans:  # the model's entities, each on whole tokens
        first = starts.index(span.start)
        expected[first] = f"B-{span.label}"
        for i in range(first + 1, len(starts)):
            if doc.tokens[i].end > span.end:
                break
            expected[i] = f"I-{span.label}"
    assert doc.spans
    assert tags == expected
