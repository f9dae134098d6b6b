"""No sentence ends inside a span that is written (issue 12, item 2), and the strict
IOB2 readers the tests use to check every CoNLL and CoNLL-U file they write."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.core.model import Span
from tests.formats.iob2_check import check_conll, check_conllu
from tests.formats.test_conll import DOCSTART_NER, conll, royal_doc
from tests.formats.test_conllu import parse


def test_span_across_a_sentence_break_joins_the_sentences() -> None:
    # The blank line used to fall inside the claim, and "She" was an I-CLAIM after it,
    # which strict IOB2 readers refuse.
    output = conll([royal_doc()], ["claim"])
    [sentence] = output.split(DOCSTART_NER)[1].strip("\n").split("\n\n")
    assert sentence.split("\n")[2:8] == [
        "visited -X- O B-CLAIM",
        "Kyiv -X- O I-CLAIM",
        ". -X- O I-CLAIM",
        "She -X- O I-CLAIM",
        "left -X- O I-CLAIM",
        "on -X- O O",
    ]
    # A break inside a span of a layer not written stays where the splitter put it.
    assert len(conll([royal_doc()], ["ner"]).strip("\n").split("\n\n")) == 3


def test_the_sentences_of_every_writer_come_from_one_place() -> None:
    doc = royal_doc()
    assert doc.sentences() == [range(0, 10)]  # any span: the claim joins them
    assert doc.sentences(["ner"]) == [range(0, 5), range(5, 10)]
    assert doc.sentences(["claim"]) == [range(0, 10)]
    # Only a break inside a span counts: one that ends or starts on it changes nothing.
    text = doc.text
    kyiv = Span(text.index("visited"), text.index("Kyiv.") + 5, "CLAIM", "claim")
    she = Span(text.index("She"), text.index("left") + 4, "CLAIM", "claim")
    assert replace(doc, spans=(kyiv, she)).sentences() == [range(0, 5), range(5, 10)]


def test_conllu_sentences_join_the_same_way() -> None:
    [sentence] = parse([royal_doc()], ["claim"])
    assert [t["id"] for t in sentence] == list(range(1, 11))
    assert len(parse([royal_doc()], ["ner"])) == 2


def test_the_strict_reader_refuses_an_i_tag_after_a_sentence_break() -> None:
    broken = f"{DOCSTART_NER}\nKyiv -X- O B-CLAIM\n\nShe -X- O I-CLAIM\n\n"
    with pytest.raises(AssertionError, match="I-CLAIM follows O"):
        check_conll(broken)
    with pytest.raises(AssertionError, match="I-GPE follows B-CLAIM"):
        check_conll(f"{DOCSTART_NER}\nKyiv -X- O B-CLAIM\nShe -X- O I-GPE\n\n")
    assert check_conll(f"{DOCSTART_NER}\nKyiv -X- O B-CLAIM\nShe -X- O I-CLAIM\n\n") == 2


def test_the_strict_conllu_reader_refuses_an_i_tag_after_a_sentence_break() -> None:
    row = "1\t{}\t_\t_\t_\t_\t_\t_\t_\t{}"
    first = "# sent_id = 1-1\n" + row.format("Kyiv", "Claim=B-CLAIM")
    second = "# sent_id = 1-2\n" + row.format("She", "Claim=I-CLAIM")
    with pytest.raises(AssertionError, match="Claim, line 5: I-CLAIM follows O"):
        check_conllu(f"{first}\n\n{second}\n\n")
    joined = (
        row.format("Kyiv", "Claim=B-CLAIM")
        + "\n"
        + row.format("She", "SpaceAfter=No|Claim=I-CLAIM")
    )
    assert check_conllu(f"# sent_id = 1-1\n{joined}\n\n") == 2
