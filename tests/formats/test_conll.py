"""CoNLL-2003 export: golden files, and the output read back by spaCy's own CoNLL reader.

The small document set below is made by hand (tokens, sentences, syntax), never by the
model, so the golden files don't change with spaCy versions. After an intended change of
the format, rewrite them with

    ANNOTATOR_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/formats

and review the diff of tests/formats/golden/ before committing it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.training.converters import conll_ner_to_docs
from spacy.training.iob_utils import iob_to_biluo, tags_to_entities

from annotator.core.exported import ExportDoc
from annotator.core.model import Relation, Span, Syntax, Token
from annotator.formats.conll import write_conll
from annotator.formats.write_report import WriteReport
from annotator.nlp.analysis import doc_entities, doc_to_analysis
from annotator.nlp.loading import Pipeline
from tests.formats.iob2_check import check_conll

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("ANNOTATOR_REGENERATE_GOLDEN") == "1"
ALL_LAYERS = ("ner", "attribution", "claim", "casualty")
DOCSTART_NER = "-DOCSTART- -X- -X- O\n"

# --- building documents by hand ---------------------------------------------------------


def tokens_of(text: str, words: Sequence[str]) -> tuple[Token, ...]:
    """Tokens for ``words``, found one after the other in ``text``."""
    tokens: list[Token] = []
    at = 0
    for word in words:
        start = text.index(word, at)
        tokens.append(Token(start, start + len(word)))
        at = start + len(word)
    return tuple(tokens)


def span(text: str, fragment: str, label: str, layer: str, **attrs: object) -> Span:
    start = text.index(fragment)
    return Span(start, start + len(fragment), label, layer, attrs=dict(attrs))


# One row per token: word, tag, pos, morph, lemma, head (absolute), dep.
QUOTE_ROWS = [
    ("Gen.", "NNP", "PROPN", "Number=Sing", "Gen.", 2, "compound"),
    ("Ahmed", "NNP", "PROPN", "Number=Sing", "Ahmed", 2, "compound"),
    ("Zubaïr", "NNP", "PROPN", "Number=Sing", "Zubaïr", 3, "nsubj"),
    ("said", "VBD", "VERB", "Mood=Ind|Tense=Past|VerbForm=Fin", "say", 3, "ROOT"),
    (":", ":", "PUNCT", "", ":", 3, "punct"),
    ('"', "``", "PUNCT", "PunctSide=Ini|PunctType=Quot", '"', 10, "punct"),
    ("At", "IN", "ADP", "", "at", 7, "advmod"),
    ("least", "JJS", "ADJ", "Degree=Sup", "least", 8, "advmod"),
    ("12", "CD", "NUM", "NumType=Card", "12", 9, "nummod"),
    ("civilians", "NNS", "NOUN", "Number=Plur", "civilian", 10, "nsubj"),
    ("died", "VBD", "VERB", "Mood=Ind|Tense=Past|VerbForm=Fin", "die", 3, "ccomp"),
    ("in", "IN", "ADP", "", "in", 10, "prep"),
    ("Gaza", "NNP", "PROPN", "Number=Sing", "Gaza", 11, "pobj"),
    (".", ".", "PUNCT", "PunctType=Peri", ".", 10, "punct"),
    ('"', "''", "PUNCT", "PunctSide=Fin|PunctType=Quot", '"', 10, "punct"),
    ("🙏", "NFP", "SYM", "", "🙏", 3, "punct"),
    ("Aid", "NN", "NOUN", "Number=Sing", "aid", 17, "nsubj"),
    ("arrived", "VBD", "VERB", "Mood=Ind|Tense=Past|VerbForm=Fin", "arrive", 17, "ROOT"),
    (".", ".", "PUNCT", "PunctType=Peri", ".", 17, "punct"),
]
QUOTE_TEXT = 'Gen. Ahmed Zubaïr said: "At least 12 civilians died in Gaza." 🙏\n\nAid arrived.'
QUOTE = '"At least 12 civilians died in Gaza."'
ROYAL_TEXT = "Ségolène Royal visited\nKyiv. She left on Monday."
ROYAL_WORDS = ["Ségolène", "Royal", "visited", "Kyiv", ".", "She", "left", "on", "Monday", "."]


def quote_doc() -> ExportDoc:
    """A parsed document: a casualty figure inside a quote, a name nested in a longer
    one (same layer), an emoji, a name with a diacritic, stance and a note."""
    text = QUOTE_TEXT
    quote = span(text, QUOTE, "QUOTE", "attribution")
    source = span(text, "Gen. Ahmed Zubaïr", "SOURCE", "attribution")
    return ExportDoc(
        doc_id=7,
        text=text,
        title="Aid after\nthe strike",
        meta={"source_file": "strike.txt"},
        tokens=tokens_of(text, [row[0] for row in QUOTE_ROWS]),
        sent_starts=(0, 16),
        spans=(
            span(text, "Gen. Ahmed Zubaïr", "PERSON", "ner"),
            span(text, "Ahmed Zubaïr", "PERSON", "ner"),  # nested: can't share the column
            span(text, "Gaza", "GPE", "ner"),
            quote,
            source,
            span(text, "said", "CUE", "attribution"),
            span(text, "At least 12 civilians", "CASUALTY", "casualty", best=12),
        ),
        relations=(Relation(3, 4, "ATTRIBUTED_TO"),),
        fields={
            "stance": [
                {"target": "Hamas", "value": "against"},
                {"target": "UN", "value": "favor"},
            ],
            "note": "Checked twice.\nSecond  line.",
        },
        status="done",
        annotator="ana",
        syntax=Syntax(
            tag=tuple(r[1] for r in QUOTE_ROWS),
            pos=tuple(r[2] for r in QUOTE_ROWS),
            morph=tuple(r[3] for r in QUOTE_ROWS),
            lemma=tuple(r[4] for r in QUOTE_ROWS),
            head=tuple(r[5] for r in QUOTE_ROWS),
            dep=tuple(r[6] for r in QUOTE_ROWS),
        ),
    )


def royal_doc() -> ExportDoc:
    """Tokenized only (no syntax): a claim across a sentence break, a span inside a
    word (it covers no whole token), and a stance target that needs JSON."""
    text = ROYAL_TEXT
    kyiv = text.index("Kyiv")
    return ExportDoc(
        doc_id=8,
        text=text,
        title="Royal in Kyiv",
        meta={},
        tokens=tokens_of(text, ROYAL_WORDS),
        sent_starts=(0, 5),
        spans=(
            span(text, "Ségolène Royal", "PERSON", "ner"),
            span(text, "Kyiv", "GPE", "ner"),
            Span(kyiv + 1, kyiv + 3, "GPE", "ner"),  # "yi": no whole token inside
            span(text, "Monday", "DATE", "ner"),
            span(text, "visited\nKyiv. She left", "CLAIM", "claim"),
        ),
        fields={"stance": [{"target": "EU; NATO", "value": "favor"}]},
        status="in progress",
    )


def small_docs() -> list[ExportDoc]:
    return [quote_doc(), royal_doc()]


def conll(docs: Sequence[ExportDoc], layers: Sequence[str] = ALL_LAYERS) -> str:
    """The CoNLL file of ``docs``, checked to be strict IOB2 with a line per token."""
    out = io.StringIO()
    write_conll(docs, out, layers)
    assert check_conll(out.getvalue()) == sum(len(doc.tokens) for doc in docs)
    return out.getvalue()


def check_golden(name: str, text: str) -> None:
    """Compare with the golden file, or rewrite it when ANNOTATOR_REGENERATE_GOLDEN=1."""
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    # Bytes, so that a line-ending change in the file is a failure too.
    assert text == path.read_bytes().decode("utf-8")


def rows(output: str) -> list[list[str]]:
    """The token lines of a CoNLL file, split into columns."""
    return [
        line.split(" ") for line in output.split("\n") if line and not line.startswith("-DOCSTART-")
    ]


def entities(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(label, first, last) of the IOB2 tags, as spaCy's reader sees them."""
    return [(label, s, e) for label, s, e in tags_to_entities(iob_to_biluo(list(tags)))]


# --- golden files -----------------------------------------------------------------------


def test_golden_all_layers() -> None:
    check_golden("small.conll", conll(small_docs()))


def test_golden_ner_only() -> None:
    check_golden("small_ner.conll", conll(small_docs(), ["ner"]))


# --- read back by spaCy -----------------------------------------------------------------


def test_spacy_reads_the_ner_file_back() -> None:
    docs = small_docs()
    output = conll(docs, ["ner"])
    # spaCy's converter knows the delimiter as "-DOCSTART- -X- O O", not the CoNLL-2003
    # line we write, so each document is given to it on its own.
    chunks = output.split(DOCSTART_NER)
    assert chunks[0] == ""
    assert len(chunks) == len(docs) + 1
    read = [next(conll_ner_to_docs(chunk, n_sents=0, no_print=True)) for chunk in chunks[1:]]
    first, second = read
    assert [t.text for t in first] == [row[0] for row in QUOTE_ROWS]
    assert [t.tag_ for t in first] == [row[1] for row in QUOTE_ROWS]
    assert [(e.text, e.label_) for e in first.ents] == [
        ("Gen. Ahmed Zubaïr", "PERSON"),
        ("Gaza", "GPE"),
    ]
    assert [s.text for s in first.sents][1] == "Aid arrived ."
    assert [(e.text, e.label_) for e in second.ents] == [
        ("Ségolène Royal", "PERSON"),
        ("Kyiv", "GPE"),
        ("Monday", "DATE"),
    ]


def test_every_line_has_the_same_columns() -> None:
    output = conll(small_docs())
    lines = [line for line in output.split("\n") if line]
    assert {len(line.split(" ")) for line in lines} == {3 + len(ALL_LAYERS)}
    assert lines[0] == "-DOCSTART- -X- -X- O O O O"
    assert conll(small_docs(), ["ner"]).startswith(DOCSTART_NER + "\n")


def test_each_layer_column_holds_that_layers_spans() -> None:
    table = rows(conll([quote_doc()]))
    words = [row[0] for row in table]
    columns = list(zip(*table, strict=True))
    found = {
        layer: [(label, " ".join(words[s : e + 1])) for label, s, e in entities(column)]
        for layer, column in zip(ALL_LAYERS, columns[3:], strict=True)
    }
    assert found == {
        "ner": [("PERSON", "Gen. Ahmed Zubaïr"), ("GPE", "Gaza")],
        "attribution": [
            ("SOURCE", "Gen. Ahmed Zubaïr"),
            ("CUE", "said"),
            ("QUOTE", '" At least 12 civilians died in Gaza . "'),
        ],
        "claim": [],
        "casualty": [("CASUALTY", "At least 12 civilians")],
    }
    assert set(columns[2]) == {"O"}  # no chunker


def test_columns_follow_the_order_of_the_layers_asked_for() -> None:
    table = rows(conll([quote_doc()], ["casualty", "ner"]))
    at_least = next(row for row in table if row[0] == "At")
    gen = table[0]
    assert at_least[3:] == ["B-CASUALTY", "O"]
    assert gen[3:] == ["O", "B-PERSON"]


# --- behaviour --------------------------------------------------------------------------


def test_casualty_figure_inside_a_quote_keeps_both_tags() -> None:
    table = {row[0]: row for row in rows(conll([quote_doc()], ["attribution", "casualty"]))}
    assert table["At"][3:] == ["I-QUOTE", "B-CASUALTY"]
    assert table["civilians"][3:] == ["I-QUOTE", "I-CASUALTY"]
    assert table["died"][3:] == ["I-QUOTE", "O"]


def test_overlapping_spans_in_one_layer_keep_one_and_warn() -> None:
    out = io.StringIO()
    report = write_conll([quote_doc()], out, ["ner", "attribution"])
    check_conll(out.getvalue())
    assert report.documents == 1
    assert report.skipped == {"ner": 1}
    assert report.warnings() == [
        "1 ner span could not be written in this format "
        "(overlapping another ner span, or not on whole tokens)"
    ]
    table = rows(out.getvalue())
    # The longer, earlier name is kept whole; the nested one left no trace.
    assert [row[3] for row in table[:3]] == ["B-PERSON", "I-PERSON", "I-PERSON"]
    # The same tokens are still a SOURCE in another layer: overlap across layers is fine.
    assert [row[4] for row in table[:3]] == ["B-SOURCE", "I-SOURCE", "I-SOURCE"]


def test_span_covering_no_whole_token_is_skipped_and_counted() -> None:
    report = write_conll([royal_doc()], io.StringIO(), ["ner"])
    assert report.skipped == {"ner": 1}


def test_same_span_twice_is_written_once_without_a_warning() -> None:
    doc = royal_doc()
    doc = replace(doc, spans=(doc.spans[0], doc.spans[0]))
    out = io.StringIO()
    report = write_conll([doc], out, ["ner"])
    check_conll(out.getvalue())
    assert report.warnings() == []
    assert [row[3] for row in rows(out.getvalue())[:3]] == ["B-PERSON", "I-PERSON", "O"]


def test_emoji_and_diacritics_survive_a_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.conll"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        write_conll(small_docs(), out, ["ner"])
    check_conll(path.read_text(encoding="utf-8"))
    words = [row[0] for row in rows(path.read_text(encoding="utf-8"))]
    assert "🙏" in words
    assert "Zubaïr" in words
    assert "Ségolène" in words


def test_document_without_syntax_has_no_pos() -> None:
    table = rows(conll([royal_doc()], ["ner"]))
    assert {row[1] for row in table} == {"-X-"}
    assert [row[0] for row in table] == ROYAL_WORDS


def test_whitespace_inside_a_token_becomes_an_underscore() -> None:
    text = "New York\tcity"
    doc = ExportDoc(1, text, "", {}, (Token(0, 13),), (0,), (Span(0, 13, "GPE", "ner"),))
    assert conll([doc], ["ner"]) == f"{DOCSTART_NER}\nNew_York_city -X- O B-GPE\n\n"


def test_no_documents_write_nothing() -> None:
    out = io.StringIO()
    report = write_conll([], out, ALL_LAYERS)
    assert out.getvalue() == ""
    assert report == WriteReport()


def test_document_without_tokens_is_just_its_docstart() -> None:
    doc = ExportDoc(3, "", "Empty", {}, (), (), ())
    assert conll([doc], ["ner"]) == DOCSTART_NER + "\n"


def test_layer_named_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="ner"):
        write_conll([quote_doc()], io.StringIO(), ["ner", "ner"])


def test_documents_are_written_as_they_come() -> None:
    out = io.StringIO()

    def docs() -> Iterator[ExportDoc]:
        yield quote_doc()
        # The first document is already out before the second is even made.
        assert "arrived" in out.getvalue()
        yield royal_doc()

    report = write_conll(docs(), out, ["ner"])
    check_conll(out.getvalue())
    assert report.documents == 2
    assert out.getvalue().count("-DOCSTART-") == 2


# --- with the real pipeline -------------------------------------------------------------

PARAGRAPH = (
    "Officials in Kyiv said on Monday that 14 people were killed.\n\n"
    "The United Nations condemned the attack. Ségolène Royal visited Ukraine 🙏."
)


def export_doc(model: Pipeline, text: str, doc_id: int = 1) -> ExportDoc:
    """What the exporter gets for ``text`` annotated with the model's entities."""
    parsed = model.nlp(text)
    analysis = doc_to_analysis(parsed, model.name)
    return ExportDoc(
        doc_id=doc_id,
        text=text,
        title="",
        meta={},
        tokens=analysis.tokens,
        sent_starts=analysis.sent_starts,
        spans=tuple(doc_entities(parsed)),
        syntax=analysis.syntax,
    )


@pytest.mark.slow
def test_model_entities_read_back_by_spacy(model: Pipeline) -> None:
    doc = export_doc(model, PARAGRAPH)
    output = conll([doc], ["ner"])
    [read] = conll_ner_to_docs(output.split(DOCSTART_NER)[1], n_sents=0, no_print=True)
    assert [t.text for t in read] == [PARAGRAPH[t.start : t.end] for t in doc.tokens]
    expected = [(PARAGRAPH[s.start : s.end], s.label) for s in doc.spans]
    assert expected  # the paragraph does have entities
    assert [(e.text, e.label_) for e in read.ents] == expected
    assert len(list(read.sents)) == len(doc.sentences())
