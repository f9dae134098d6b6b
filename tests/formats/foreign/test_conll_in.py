"""Reading CoNLL column files (IOB1, IOB2, BIOES/BILOU): text, spans, and what is refused."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.training.iob_utils import iob_to_biluo, tags_to_entities

from annotator.formats.conll import write_conll
from annotator.formats.foreign.conll_in import SUFFIXES, read_conll
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, Rejection
from tests.formats.foreign.reading import split
from tests.formats.test_conll import ALL_LAYERS, quote_doc, royal_doc

FIXTURES = Path(__file__).parents[2] / "fixtures" / "conll"


def read(
    path: Path, options: ReadOptions | None = None
) -> tuple[list[ImportRecord], list[Rejection]]:
    return split(read_conll(path, options or ReadOptions()))


def read_clean(path: Path, options: ReadOptions | None = None) -> list[ImportRecord]:
    records, rejections = read(path, options)
    assert rejections == []
    return records


def words(record: ImportRecord, labels: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(covered words, label) of the record's spans, only those of ``labels`` if given."""
    return [
        (record.text[s.start : s.end], s.label)
        for s in record.spans
        if labels is None or s.label in labels
    ]


def write(tmp_path: Path, text: str, name: str = "file.conll") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NER = ("PER", "ORG", "LOC", "MISC")

# --- the fixtures -------------------------------------------------------------------------


def test_suffixes() -> None:
    assert SUFFIXES == (".conll", ".conll03", ".iob", ".bio", ".bioes")


def test_conll2003_layout_gives_a_document_per_docstart() -> None:
    first, second = read_clean(FIXTURES / "conll2003.conll")
    assert first.text == (
        "Floods hit Valencia as Spain braces for more rain\n"
        "MADRID 1996-08-22\n"
        "Emergency services in Valencia evacuated 3,000 people on Thursday , "
        "regional official Marta Ribas said ."
    )
    assert first.title == "Floods hit Valencia as Spain braces for more rain"
    assert first.meta == {"source_file": "conll2003.conll", "document": 1}
    assert (first.line, second.line) == (1, 33)
    assert words(first, NER) == [
        ("Valencia", "LOC"),
        ("Spain", "LOC"),
        ("MADRID", "LOC"),
        ("Valencia", "LOC"),
        ("Marta Ribas", "PER"),
    ]
    assert words(second, NER) == [
        ("Red Cross", "ORG"),
        ("Gaza", "LOC"),
        ("GENEVA", "LOC"),
        ("Red Cross", "ORG"),
        ("German", "MISC"),
        ("Gaza", "LOC"),
        ("Jonas Keller", "PER"),
        ("Reuters", "ORG"),
    ]
    assert second.title == "Red Cross sends aid convoy to Gaza"


def test_chunk_column_gives_spans_too_and_pos_column_none() -> None:
    first, _ = read_clean(FIXTURES / "conll2003.conll")
    labels = {s.label for s in first.spans}
    assert labels == {"NP", "VP", "PP", "SBAR", "LOC", "PER"}  # no NNP, VBD…: POS is no tag
    assert ("regional official Marta Ribas", "NP") in words(first)
    assert ("3,000 people", "NP") in words(first)
    # Labels alone: nothing says which column a span came from.
    assert all(s.attrs == {} and s.layer is None for s in first.spans)


def test_iob1_keeps_adjacent_chunks_of_one_type_apart() -> None:
    [record] = read_clean(FIXTURES / "iob1.iob")
    assert record.text.split("\n")[0] == "Lufthansa Ryanair shares fall on strike fears"
    assert words(record, NER) == [
        ("Lufthansa", "ORG"),
        ("Ryanair", "ORG"),  # B-ORG right after I-ORG: a second ORG
        ("FRANKFURT", "LOC"),
        ("Lufthansa", "ORG"),
        ("Irish", "MISC"),
        ("Ryanair", "ORG"),
        ("Vereinigung Cockpit", "ORG"),
        ("Germany", "LOC"),
    ]
    noun_phrases = [w for w, label in words(record) if label == "NP"]
    assert noun_phrases[:2] == ["Lufthansa", "Ryanair shares"]
    assert "the Vereinigung Cockpit pilots" in noun_phrases
    assert "' union" in noun_phrases


def test_bioes_file_without_docstart_is_one_document() -> None:
    [record] = read_clean(FIXTURES / "news.bioes")
    assert record.text == (
        "Aid agencies said Hurricane Otis killed at least 27 people in Acapulco .\n"
        "Mexico 's interior minister Ana Luisa Ortega visited the Red Cross shelter on Friday ."
    )
    assert record.line == 1
    assert words(record) == [
        ("Hurricane Otis", "EVENT"),
        ("Acapulco", "LOC"),
        ("Mexico", "LOC"),
        ("Ana Luisa Ortega", "PER"),
        ("Red Cross", "ORG"),
    ]


def test_two_entity_columns_overlap_and_comments_are_skipped() -> None:
    [record] = read_clean(FIXTURES / "multi.conll")
    first_line, second_line = record.text.split("\n")
    assert first_line == 'Gen. Ahmed Zubair said : " At least 12 civilians died in Gaza . "'
    assert second_line == "#GazaAid trended on Monday ."  # a token, not a comment
    assert record.line == 3  # the first token line, after two comments
    assert sorted(words(record)) == sorted(
        [
            ("Gen. Ahmed Zubair", "PER"),
            ("Gaza", "GPE"),
            ("Monday", "DATE"),
            ("Gen. Ahmed Zubair", "SOURCE"),
            ("said", "CUE"),
            ('" At least 12 civilians died in Gaza . "', "QUOTE"),
        ]
    )


def test_annotator_as_given() -> None:
    records = read_clean(FIXTURES / "conll2003.conll", ReadOptions(annotator="ana"))
    assert {r.annotator for r in records} == {"ana"}
    assert read_clean(FIXTURES / "news.bioes")[0].annotator is None


def test_annotator_from_folder(tmp_path: Path) -> None:
    (tmp_path / "ben").mkdir()
    path = write(tmp_path / "ben", "Kyiv B-LOC\n")
    options = ReadOptions(annotator_from="folder", root=tmp_path)
    assert read_clean(path, options)[0].annotator == "ben"


# --- Annotator's own export, read back ------------------------------------------------------


def entities(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(label, first, last) of IOB2 tags, as spaCy's reader decodes them."""
    return [(label, s, e) for label, s, e in tags_to_entities(iob_to_biluo(list(tags)))]


def test_own_export_reads_back_with_the_same_tags(tmp_path: Path) -> None:
    out = io.StringIO()
    write_conll([quote_doc(), royal_doc()], out, ALL_LAYERS)
    path = write(tmp_path, out.getvalue(), "export.conll")
    records = read_clean(path)
    assert len(records) == 2
    written = out.getvalue().split("-DOCSTART-")[1:]
    for record, chunk in zip(records, written, strict=True):
        sentences = [
            [line.split(" ") for line in block.split("\n") if line]
            for block in chunk.split("\n\n")[1:]
        ]
        sentences = [s for s in sentences if s]
        assert record.text == "\n".join(" ".join(row[0] for row in s) for s in sentences)
        expected = []
        for sentence in sentences:
            tokens = [row[0] for row in sentence]
            for column in range(3, 3 + len(ALL_LAYERS)):
                for label, first, last in entities([row[column] for row in sentence]):
                    expected.append((" ".join(tokens[first : last + 1]), label))
        assert sorted(words(record)) == sorted(expected)
    quote = records[0]
    assert ("Gen. Ahmed Zubaïr", "PERSON") in words(quote)
    assert ("At least 12 civilians", "CASUALTY") in words(quote)
    assert '" At least 12 civilians died in Gaza . "' in [w for w, _ in words(quote)]
    assert "🙏" in quote.text


# --- generated tags in every scheme ------------------------------------------------------


def tagged(labels: list[str | None], scheme: str) -> list[str]:
    """Tags for tokens whose chunks are runs of one label (None: outside), in ``scheme``;
    a run of the same label twice over is two chunks, ``labels`` marking a new one with
    an uppercase letter."""
    tags = []
    for i, label in enumerate(labels):
        if label is None:
            tags.append("O")
            continue
        starts = i == 0 or labels[i - 1] is None or label.isupper()
        starts = starts or labels[i - 1].lower() != label.lower()  # type: ignore[union-attr]
        nxt = labels[i + 1] if i + 1 < len(labels) else None
        ends = nxt is None or nxt.isupper() or nxt.lower() != label.lower()
        name = label.upper()
        if scheme == "BIOES":
            prefix = ("S" if ends else "B") if starts else ("E" if ends else "I")
        elif scheme == "IOB1":
            previous = labels[i - 1] if i else None
            adjacent = previous is not None and previous.lower() == label.lower()
            prefix = "B" if starts and adjacent else "I"
        else:
            prefix = "B" if starts else "I"
        tags.append(f"{prefix}-{name}")
    return tags


def chunks(labels: list[str | None]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for i, label in enumerate(labels):
        if label is None:
            continue
        previous = labels[i - 1] if i else None
        if previous is not None and previous.lower() == label.lower() and not label.isupper():
            found[-1] = (found[-1][0], i, found[-1][2])
        else:
            found.append((i, i, label.upper()))
    return found


@settings(max_examples=150, deadline=None)
@given(
    labels=st.lists(st.sampled_from([None, None, "per", "PER", "loc", "LOC"]), max_size=12),
    scheme=st.sampled_from(["IOB1", "IOB2", "BIOES"]),
)
def test_every_scheme_reads_back_its_chunks(labels: list[str | None], scheme: str) -> None:
    tags = tagged(labels, scheme)
    rows = [f"w{i} {tag}" for i, tag in enumerate(tags)]
    items = read_conll_text("\n".join(["a O", *rows, "z O"]) + "\n")
    records = [i for i in items if isinstance(i, ImportRecord)]
    assert [i for i in items if isinstance(i, Rejection)] == []
    [record] = records
    tokens = record.text.split(" ")
    expected = [(" ".join(tokens[a + 1 : b + 2]), label) for a, b, label in chunks(labels)]
    assert words(record, ["PER", "LOC"]) == expected


def read_conll_text(text: str) -> list[ImportRecord | Rejection]:
    """Read ``text`` as a CoNLL file (hypothesis can't use pytest's tmp_path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.conll"
        path.write_text(text, encoding="utf-8")
        return list(read_conll(path, ReadOptions()))


def test_bilou_is_bioes_by_other_letters(tmp_path: Path) -> None:
    text = "Ana B-PER\nLuisa I-PER\nOrtega L-PER\nin O\nLima U-LOC\nand O\nCusco L-LOC\n"
    path = write(tmp_path, text, "x.bio")
    [record], rejections = read(path)
    assert words(record) == [("Ana Luisa Ortega", "PER"), ("Lima", "LOC")]
    assert [(r.line, r.reason) for r in rejections] == [
        (7, "column 2: L-LOC does not follow B-LOC (BIOES): this LOC is left out")
    ]


# --- what is refused ------------------------------------------------------------------------


def test_iob2_i_following_nothing_is_left_out_and_the_rest_imports(tmp_path: Path) -> None:
    text = (
        "-DOCSTART- -X- -X- O\n\n"
        "Aid NN B-NP O\nreached VBD B-VP O\nGaza NNP B-NP B-LOC\n\n"
        "The DT B-NP O\nRed NNP I-NP I-ORG\nCross NNP I-NP I-ORG\nsaid VBD B-VP O\n"
        "Karim NNP B-NP B-PER\nHaddad NNP I-NP I-PER\n. . O O\n"
    )
    path = write(tmp_path, text)
    [record], rejections = read(path)
    assert [str(r) for r in rejections] == [
        f"{path}:8: column 4: I-ORG does not follow B-ORG or I-ORG (IOB2): this ORG is left out"
    ]
    assert words(record, NER) == [("Gaza", "LOC"), ("Karim Haddad", "PER")]
    assert record.text.split("\n")[1] == "The Red Cross said Karim Haddad ."


def test_bioes_broken_chunks_are_named_by_line(tmp_path: Path) -> None:
    text = (
        "Hurricane\tB-EVENT\nOtis\tE-EVENT\nhit\tO\nthe\tO\nRed\tI-ORG\nCross\tE-ORG\n"
        "in\tO\nAcapulco\tE-LOC\nand\tO\nAna\tB-PER\nOrtega\tI-PER\nwas\tO\nthere\tS-X\n"
    )
    path = write(tmp_path, text, "news.bioes")
    [record], rejections = read(path)
    assert [(r.line, r.reason) for r in rejections] == [
        (5, "column 2: I-ORG does not follow B-ORG (BIOES): this ORG is left out"),
        (8, "column 2: E-LOC does not follow B-LOC (BIOES): this LOC is left out"),
        (10, "column 2: B-PER is never closed by E-PER (BIOES): this PER is left out"),
    ]
    assert words(record) == [("Hurricane Otis", "EVENT"), ("there", "X")]


def test_a_tag_with_a_bad_prefix_is_read_as_o(tmp_path: Path) -> None:
    path = write(tmp_path, "Kyiv B-LOC\nand O\nLviv X-LOC\nwere O\nhit O\n")
    [record], rejections = read(path)
    assert [str(r) for r in rejections] == [
        f"{path}:3: column 2: 'X-LOC' is not a tag (O, or B-, I-, E-, S-, L- or U- and a "
        "label): read as O"
    ]
    assert words(record) == [("Kyiv", "LOC")]


def test_a_line_with_other_columns_keeps_its_word_without_tags(tmp_path: Path) -> None:
    path = write(tmp_path, "New B-LOC\nYork I-LOC\nflooded\n")
    [record], rejections = read(path)
    assert [str(r) for r in rejections] == [
        f"{path}:3: 1 columns where the other token lines have 2: read as the word "
        "'flooded' with no tags"
    ]
    assert record.text == "New York flooded"
    assert words(record) == [("New York", "LOC")]


def test_a_tab_line_without_a_word_is_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "Rafah\tB-LOC\n\tO\nburns\tO\n")
    [record], rejections = read(path)
    assert [(r.line, r.reason) for r in rejections] == [
        (2, "the word column is empty: the line is left out")
    ]
    assert record.text == "Rafah burns"


def test_invalid_utf8_rejects_only_its_document(tmp_path: Path) -> None:
    data = (
        "-DOCSTART- -X- -X- O\n\nGaza NNP B-NP B-LOC\n\n"
        "-DOCSTART- -X- -X- O\n\nZubaïr NNP B-NP B-PER\nsaid VBD B-VP O\n"
    ).encode()
    path = tmp_path / "mixed.conll"
    path.write_bytes(data.replace(b"said", b"sa\xefd"))
    [record], [rejection] = read(path)
    assert record.text == "Gaza"
    assert rejection.line == 5
    assert rejection.reason.startswith("document 2: invalid UTF-8 byte 0xEF")


def test_empty_missing_and_tokenless_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "", "empty.conll")
    assert [str(r) for r in read(empty)[1]] == [f"{empty}: empty file"]
    missing = tmp_path / "missing.conll"
    assert [r.reason for r in read(missing)[1]] == ["cannot read: the file does not exist"]
    headers = write(tmp_path, "-DOCSTART- -X- -X- O\n\n# just a comment\n", "headers.conll")
    assert [r.reason for r in read(headers)[1]] == ["no token lines: nothing to import"]


def test_a_column_of_words_is_not_taken_for_tags(tmp_path: Path) -> None:
    # Lemmas and POS tags hold "-" too (-LRB-, well-known): they are no tag column.
    text = "( -LRB- ( O\nwell-known JJ well-known B-MISC\nfigures NNS figure O\n) -RRB- ) O\n"
    [record] = read_clean(write(tmp_path, text))
    assert words(record) == [("well-known", "MISC")]


def test_one_word_sentences_keep_the_pos_column_out(tmp_path: Path) -> None:
    text = "Gaza NNP B-LOC\n\nRafah NNP B-LOC\n\nKyiv NNP B-LOC\n\nburns VBZ O\n"
    [record] = read_clean(write(tmp_path, text))
    assert words(record) == [("Gaza", "LOC"), ("Rafah", "LOC"), ("Kyiv", "LOC")]
