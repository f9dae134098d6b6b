"""CoNLL-2003 style column files: ``TOKEN POS CHUNK TAG...``, one IOB2 column per layer.

With ``layers=["ner"]`` the file has exactly the four columns of the CoNLL-2003 shared
task, which NER tools (``spacy convert``, Flair, Hugging Face scripts) read.

Layout, for each document::

    -DOCSTART- -X- -X- O

    Gen. NNP O B-PERSON
    ...

    Aid NN O O
    ...

A document starts with a ``-DOCSTART-`` line and a blank line; every sentence ends with
a blank line. The ``-DOCSTART-`` line has one ``O`` per tag column, so that every line
of the file has the same number of columns.

- TOKEN is the token's text. Columns are separated by spaces, so any whitespace inside
  a token (the tokenizer never makes one, but hand-made tokens could) is written as "_".
- POS is the fine-grained tag (spaCy's ``tag_``), or ``-X-`` without syntax.
- CHUNK is always ``O``: there is no chunker.
- One IOB2 column per layer, in the order asked for: ``B-LABEL`` on a span's first
  token, ``I-LABEL`` on the rest, ``O`` elsewhere. See ``iob.layer_columns`` for
  overlapping spans (one kept, the others counted in ``WriteReport.skipped``).
- A blank line never falls inside a span of the layers written: where the sentence
  splitter broke a sentence inside one (a quote's closing mark often starts spaCy's next
  sentence), the two sentences are written as one (``ExportDoc.sentences``). Every file
  is strict IOB2: an ``I-X`` follows a ``B-X`` or ``I-X`` of its column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from annotator.core.exported import ExportDoc
from annotator.formats.iob import (
    OUTSIDE,
    check_layers,
    check_syntax,
    column_text,
    layer_columns,
)
from annotator.formats.write_report import WriteReport

DOCSTART = "-DOCSTART-"
NO_TAG = "-X-"
NO_CHUNK = "O"


def write_conll(docs: Iterable[ExportDoc], out: IO[str], layers: Sequence[str]) -> WriteReport:
    """Write ``docs`` to ``out`` as CoNLL-2003 columns with one IOB2 column per layer.

    Documents are written one at a time as they come, so ``docs`` may be a generator over
    a large project. Nothing is written for an empty ``docs``. Raises ValueError when a
    layer is named twice or a document's syntax does not line up with its tokens.
    """
    layers = check_layers(layers)
    docstart = " ".join([DOCSTART, NO_TAG, NO_TAG, *[OUTSIDE] * len(layers)])
    report = WriteReport()
    for doc in docs:
        check_syntax(doc)
        columns, skipped = layer_columns(doc, layers)
        out.write(f"{docstart}\n\n")
        for sentence in doc.sentences(layers):
            lines = []
            for i in sentence:
                token = doc.tokens[i]
                tag = doc.syntax.tag[i] if doc.syntax is not None else ""
                row = [
                    column_text(doc.text[token.start : token.end]),
                    column_text(tag) if tag else NO_TAG,
                    NO_CHUNK,
                    *(column[i] for column in columns),
                ]
                lines.append(" ".join(row))
            out.write("\n".join(lines) + "\n\n")
        report.documents += 1
        report.skipped.update(skipped)
    return report
