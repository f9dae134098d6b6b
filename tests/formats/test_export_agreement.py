"""One article, every format: the same tokens and the same sentences (issue 12, items 2, 21).

The article is analysed by the real pipeline, which starts a sentence with the quote's
closing mark (``..." battlefield after bombardment. "``) and keeps paragraph breaks out
of the stored tokens. CoNLL used to continue the quote with ``I-QUOTE`` after a blank
line, and the DocBin held 996 tokens where the JSONL had 953 (each paragraph break a
token of its own in one of them only).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.schema import LabelSchema
from annotator.formats.docbin import read_docbin
from annotator.jobs.exporting import ExportRequest, export
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import connect, initialise, open_project
from annotator.store.documents import get_analysis
from tests.formats.iob2_check import check_conll, check_conllu

pytestmark = pytest.mark.slow

QUOTE = '"Nobody survived on the battlefield after bombardment. "'
TEXT = (
    "Shelling resumed at dawn in Kandar.\n\n"
    f"A medic, Lina Haddad, said: {QUOTE}\n\n"
    "The ministry gave no figure. Aid agencies asked for access."
)


def _at(fragment: str, label: str) -> dict[str, Any]:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "label": label}


SPANS = [_at(QUOTE, "QUOTE"), _at("Lina Haddad", "SOURCE"), _at("said", "CUE")]
RECORD = {
    "text": TEXT,
    "meta": {"title": "Shelling resumes"},
    "answer": "accept",
    "_annotator_id": "alice",
    "spans": SPANS,
    "relations": [
        {"head_span": SPANS[0], "child_span": SPANS[1], "label": "ATTRIBUTED_TO"},
        {"head_span": SPANS[0], "child_span": SPANS[2], "label": "HAS_CUE"},
    ],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, model: Pipeline) -> Path:
    folder = tmp_path_factory.mktemp("agreement")
    source = folder / "article.jsonl"
    source.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    path = folder / "p.annotator"
    db = connect(path)
    initialise(db, schema)
    assert import_files(db, [source], pipeline=model).rejections == []
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def files(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    db = open_project(project)
    out = {fmt: folder / f"out.{fmt}" for fmt in ("jsonl", "conll", "conllu", "spacy")}
    for fmt, path in out.items():
        export(db, ExportRequest(fmt, path))
    db.conn.close()
    return out


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _conll_sentences(path: Path) -> list[list[list[str]]]:
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]  # after -DOCSTART-
    return [[line.split(" ") for line in s.split("\n")] for s in body.strip("\n").split("\n\n")]


def test_the_splitter_does_cut_the_quote(project: Path) -> None:
    """The premise: the stored analysis starts a sentence at the closing quote mark."""
    db = open_project(project)
    analysis = get_analysis(db, 1)
    db.conn.close()
    assert analysis is not None
    closing = TEXT.index(QUOTE) + len(QUOTE) - 1
    starts = {analysis.tokens[i].start for i in analysis.sent_starts}
    assert closing in starts


def test_conll_is_strict_iob2_and_keeps_the_quote_in_one_sentence(files: dict[str, Path]) -> None:
    check_conll(files["conll"].read_text(encoding="utf-8"))
    check_conllu(files["conllu"].read_text(encoding="utf-8"))
    sentences = _conll_sentences(files["conll"])
    attribution = 4  # token, POS, chunk, ner, attribution, ...
    [quoted] = [s for s in sentences if any(row[attribution] == "B-QUOTE" for row in s)]
    tags = [row[attribution] for row in quoted if row[attribution].endswith("QUOTE")]
    assert tags == ["B-QUOTE"] + ["I-QUOTE"] * (len(tags) - 1)
    last = max(i for i, row in enumerate(quoted) if row[attribution].endswith("QUOTE"))
    assert quoted[last][0] == '"'  # the closing mark: in the sentence its quote began in


def test_every_format_has_the_same_tokens_and_sentences(files: dict[str, Path]) -> None:
    [record] = _jsonl(files["jsonl"])
    words = [token["text"] for token in record["tokens"]]
    conll = _conll_sentences(files["conll"])
    [doc] = read_docbin(files["spacy"])
    conllu = [
        [line.split("\t")[1] for line in block.split("\n") if not line.startswith("#")]
        for block in files["conllu"].read_text(encoding="utf-8").strip("\n").split("\n\n")
    ]
    assert "\n\n" in TEXT  # paragraph breaks: no token in any format
    assert [row[0] for s in conll for row in s] == words
    assert [t.text for t in doc] == words
    assert [form for s in conllu for form in s] == words
    assert len(record["tokens"]) == len(doc) == sum(len(s) for s in conll)
    lengths = [len(s) for s in conll]
    assert [len(s) for s in doc.sents] == lengths
    assert [len(s) for s in conllu] == lengths
    # Token indices mean the same in the JSONL and the DocBin.
    quote = next(s for s in doc.spans["attribution"] if s.label_ == "QUOTE")
    span = next(s for s in record["spans"] if s["label"] == "QUOTE")
    assert (quote.start, quote.end - 1) == (span["token_start"], span["token_end"])


def test_jsonl_relations_carry_token_indices(files: dict[str, Path]) -> None:
    [record] = _jsonl(files["jsonl"])
    spans = {(s["start"], s["end"], s["label"]): s for s in record["spans"]}
    assert len(record["relations"]) == 2
    for relation in record["relations"]:
        for end in ("head_span", "child_span"):
            written = relation[end]
            span = spans[written["start"], written["end"], written["label"]]
            assert written == {
                key: span[key] for key in ("start", "end", "token_start", "token_end", "label")
            }
        assert relation["head"] == relation["head_span"]["token_start"]
        assert relation["child"] == relation["child_span"]["token_start"]


@pytest.mark.parametrize("tokens", [True, False])
def test_jsonl_import_round_trips_exactly(
    tokens: bool, project: Path, tmp_path: Path, schema: LabelSchema, blank: Pipeline
) -> None:
    first = tmp_path / "first.jsonl"
    db = open_project(project)
    export(db, ExportRequest("jsonl", first, tokens=tokens))
    db.conn.close()
    again = connect(tmp_path / "again.annotator")
    initialise(again, schema)
    assert import_files(again, [first], pipeline=blank).rejections == []
    second = tmp_path / "second.jsonl"
    export(again, ExportRequest("jsonl", second, tokens=tokens))
    assert _jsonl(second) == _jsonl(first)
    assert ("tokens" in _jsonl(first)[0]) is tokens
