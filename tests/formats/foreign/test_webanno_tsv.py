"""Reading WebAnno TSV 3 files as INCEpTION and WebAnno export them."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.foreign.options import ReadOptions
from annotator.formats.foreign.webanno_tsv import SUFFIXES, read_webanno
from annotator.formats.import_record import ImportRecord, Rejection

FIXTURES = Path(__file__).parents[2] / "fixtures" / "webanno"
GENEVA = FIXTURES / "annotation" / "geneva-talks.txt"
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
HEAD = f"#FORMAT=WebAnno TSV 3.3\n#T_SP={NE}|identifier|value\n\n\n"


def read(path: Path, options: ReadOptions | None = None) -> tuple[list[ImportRecord], list[str]]:
    records: list[ImportRecord] = []
    rejections: list[str] = []
    for item in read_webanno(path, options or ReadOptions()):
        if isinstance(item, Rejection):
            rejections.append(str(item))
        else:
            records.append(item)
    return records, rejections


def covered(record: ImportRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def links(record: ImportRecord) -> list[tuple[str, str, str]]:
    words = [record.text[s.start : s.end] for s in record.spans]
    return [(words[r.head], words[r.child], r.label) for r in record.relations]


def write(tmp_path: Path, content: str, name: str = "doc.tsv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_tsv_suffix() -> None:
    assert SUFFIXES == (".tsv",)


def test_text_is_rebuilt_from_the_sentences_at_their_offsets() -> None:
    [record], rejections = read(GENEVA / "ana.tsv")
    assert rejections == []
    assert record.text == (
        "GENÈVE 🇨🇭 — Health minister Zoë Müller met officials from Médecins Sans Frontières "
        "on Monday.\n“We need access now,” said spokeswoman Aïcha Diallo 🚑.\n\n"
        "The talks continue on Tuesday."
    )
    assert record.title.startswith("GENÈVE 🇨🇭 — Health minister")
    assert record.meta == {"source_file": "ana.tsv", "document": "geneva-talks.txt"}


def test_spans_after_emoji_land_on_their_words() -> None:
    [record], _ = read(GENEVA / "ana.tsv")
    assert covered(record) == [
        ("GENÈVE", "LOC"),
        ("GENÈVE", "GPE"),  # stacked on the same token
        ("Zoë Müller", "PER"),  # multi-token, after a flag of four UTF-16 units
        ("Médecins Sans Frontières", "ORG"),
        ("Monday", "DATE"),
        ("We need access now", "high"),  # a custom layer: its first feature is the label
        ("Aïcha Diallo", "PER"),
        ("Tuesday", "DATE"),
    ]


def test_other_features_are_attributes_with_escapes_undone() -> None:
    [record], _ = read(GENEVA / "ana.tsv")
    attrs = {record.text[s.start : s.end]: s.attrs for s in record.spans if s.attrs}
    assert attrs == {
        "Zoë Müller": {"identifier": "https://www.wikidata.org/wiki/Q_zm"},
        "We need access now": {"speaker": "spokeswoman [MSF]"},
    }


def test_relation_layer_links_governor_to_dependent() -> None:
    [record], _ = read(GENEVA / "ana.tsv")
    assert links(record) == [("Aïcha Diallo", "Médecins Sans Frontières", "spokeswoman_of")]
    assert record.relations[0].attrs == {}


def test_inception_export_folder_names_the_annotator() -> None:
    [ana], _ = read(GENEVA / "ana.tsv")
    [bea], _ = read(GENEVA / "bea.tsv")
    assert (ana.annotator, bea.annotator) == ("ana", "bea")
    assert covered(bea) == [("GENÈVE", "LOC"), ("Zoë Müller", "PER"), ("Aïcha Diallo", "PER")]
    assert bea.relations == ()


def test_annotator_from_the_options(tmp_path: Path) -> None:
    content = (GENEVA / "bea.tsv").read_text(encoding="utf-8")
    path = write(tmp_path, content, "geneva_carla.tsv")
    by_name = ReadOptions(annotator_from="filename")
    assert read(path, by_name)[0][0].annotator == "carla"
    assert read(path, ReadOptions(annotator="desk"))[0][0].annotator == "desk"
    assert read(path)[0][0].annotator is None
    folder = tmp_path / "dan" / "geneva.tsv"
    folder.parent.mkdir()
    folder.write_text(content, encoding="utf-8")
    by_folder = ReadOptions(annotator_from="folder", root=tmp_path)
    assert read(folder, by_folder)[0][0].annotator == "dan"


def test_inception_example_with_dependencies() -> None:
    [record], rejections = read(FIXTURES / "inception_example2.tsv")
    assert rejections == []
    assert record.text.startswith("Ms. Haag plays Elianti .\nRolls-Royce Motor Cars Inc. said")
    entities = [(w, label) for w, label in covered(record) if label in ("PER", "ORG", "OTH")]
    assert entities == [
        ("Ms. Haag", "PER"),
        ("Elianti", "OTH"),
        ("Rolls-Royce Motor", "ORG"),
    ]
    assert covered(record)[:2] == [("Ms.", "NNP"), ("Ms. Haag", "PER")]
    # Dependencies attach to the POS spans, from the governor to the dependent.
    assert links(record)[:5] == [
        ("plays", "Ms.", "SUBJ"),
        ("plays", "Haag", "SBJ"),
        (".", "plays", "P"),
        ("plays", "plays", "ROOT"),
        ("plays", "Elianti", "OBJ"),
    ]


def test_coreference_chains_link_each_mention_to_the_next() -> None:
    [record], rejections = read(FIXTURES / "coreference.tsv")
    assert rejections == []
    assert covered(record) == [
        ("Police chief Amal Haddad", "nam"),
        ("Amal Haddad", "PER"),
        ("Mosul", "nam"),
        ("Mosul", "LOC"),
        ("She", "pron"),
        ("the city", "nom"),
    ]
    assert links(record) == [
        ("Police chief Amal Haddad", "She", "coref"),
        ("Mosul", "the city", "CoreferenceLink"),  # no relation value: the layer's name
    ]


def test_slot_features_become_relations_labelled_with_the_role(tmp_path: Path) -> None:
    content = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.Lu|luvalue\n"
        "#T_SP=webanno.custom.Frame|FE|ROLE_webanno.custom.Frame:Roles_webanno.custom.FrameRolesLink"
        "|webanno.custom.Lu\n\n\n"
        "#Text=Bob auctioned the clock\n"
        "1-1\t0-3\tBob\tbob\t_\t_\t_\t\n"
        "1-2\t4-13\tauctioned\t_\ttransaction\tseller;goods\t1-1;1-3[4]\t\n"
        "1-3\t14-17\tthe\tclock[4]\t_\t_\t_\t\n"
        "1-4\t18-23\tclock\tclock[4]\t_\t_\t_\t\n"
    )
    [record], rejections = read(write(tmp_path, content))
    assert rejections == []
    assert covered(record) == [("Bob", "bob"), ("auctioned", "transaction"), ("the clock", "clock")]
    assert links(record) == [
        ("auctioned", "Bob", "seller"),
        ("auctioned", "the clock", "goods"),
    ]


def test_sub_token_spans_and_escaped_text(tmp_path: Path) -> None:
    content = (
        HEAD + "#Text=Anti-war\\tprotest in Köln\n"
        "1-1\t0-8\tAnti-war\t_\t_\t\n"
        "1-1.1\t5-8\twar\t*\tEVENT\t\n"
        "1-2\t9-16\tprotest\t_\t_\t\n"
        "1-3\t17-19\tin\t_\t_\t\n"
        "1-4\t20-24\tKöln\t*\tLOC\t\n"
    )
    [record], rejections = read(write(tmp_path, content))
    assert rejections == []
    assert record.text == "Anti-war\tprotest in Köln"
    assert covered(record) == [("war", "EVENT"), ("Köln", "LOC")]


def test_windows_line_breaks_inside_a_sentence(tmp_path: Path) -> None:
    # INCEpTION splits a sentence's text at \n and keeps the \r, escaped; it counts both.
    content = HEAD + (
        "#Text=Storm\\r\n#Text=hits Lima\n"
        "1-1\t0-5\tStorm\t_\t_\t\n1-2\t7-11\thits\t_\t_\t\n1-3\t12-16\tLima\t*\tLOC\t\n"
    )
    [record], rejections = read(write(tmp_path, content))
    assert rejections == []
    assert record.text == "Storm\nhits Lima"
    assert covered(record) == [("Lima", "LOC")]


def test_old_tsv_3_1_escapes_like_java(tmp_path: Path) -> None:
    content = HEAD.replace("3.3", "3.1") + "#Text=Caf\\u00e9 Nero\n1-1\t0-4\tCafé\t*\tORG\t\n"
    [record], rejections = read(write(tmp_path, content))
    assert rejections == []
    assert record.text == "Café Nero"
    assert covered(record) == [("Café", "ORG")]


def test_sentences_without_text_lines_are_rebuilt_from_tokens(tmp_path: Path) -> None:
    rows = "1-1\t0-6\tFloods\t_\t_\t\n1-2\t7-10\thit\t_\t_\t\n\n2-1\t12-17\tDhaka\t*\tLOC\t\n"
    [record], rejections = read(write(tmp_path, HEAD + rows))
    assert rejections == []
    assert record.text == "Floods hit\n\nDhaka"
    assert covered(record) == [("Dhaka", "LOC")]


def test_offsets_counted_in_code_points_do_not_fit(tmp_path: Path) -> None:
    # A tool that counted the emoji as one unit: the tokens after it are one off.
    content = (
        HEAD + "#Text=Rescue 🚁 reached Mosul\n"
        "1-1\t0-6\tRescue\t_\t_\t\n"
        "1-2\t7-8\t🚁\t_\t_\t\n"
        "1-3\t9-16\treached\t_\t_\t\n"
        "1-4\t17-22\tMosul\t*\tLOC\t\n"
    )
    path = write(tmp_path, content)
    [record], rejections = read(path)
    assert record.text == "Rescue 🚁 reached Mosul"
    assert record.spans == ()
    assert rejections == [
        f"{path}:9: LOC (NamedEntity) not imported: line 9: the token 'Mosul' is not the text "
        "at 17-22 (' Mosu')"
    ]


def test_span_that_covers_no_text_is_turned_down(tmp_path: Path) -> None:
    content = HEAD + "#Text=Calm\n1-1\t0-4\tCalm\t_\t_\t\n1-1.1\t4-4\t\t*\tNOTE\t\n"
    path = write(tmp_path, content)
    [record], rejections = read(path)
    assert record.spans == ()
    assert rejections == [f"{path}:7: NOTE (NamedEntity) not imported: it covers no text"]


def test_relation_to_tokens_is_named_when_turned_down(tmp_path: Path) -> None:
    token = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
    content = (
        f"#FORMAT=WebAnno TSV 3.3\n#T_RL=webanno.custom.Relation|value|BT_{token}\n\n\n"
        "#Text=Rain fell\n1-1\t0-4\tRain\t_\t_\t\n1-2\t5-9\tfell\tnsubj\t1-1\t\n"
    )
    path = write(tmp_path, content)
    [record], rejections = read(path)
    assert record.relations == ()
    assert rejections == [
        f"{path}:7: nsubj (Relation) not imported: one of its ends is a Token, no span"
    ]


def test_a_bad_row_is_turned_down_and_the_rest_read(tmp_path: Path) -> None:
    content = HEAD + "#Text=Quake hits Lima\n1-1\t0-5\tQuake\t_\n1-2\t6-10\thits\t_\t_\t\n"
    content += "1-3\t11-15\tLima\t*\tLOC\t\n"
    path = write(tmp_path, content)
    [record], rejections = read(path)
    assert covered(record) == [("Lima", "LOC")]
    assert rejections == [
        f"{path}:6: not a token row: expected 5 tab-separated columns, ID and begin-end"
    ]


def test_overlapping_sentences_turn_the_file_down(tmp_path: Path) -> None:
    content = HEAD + "#Text=One\n1-1\t0-3\tOne\t_\t_\t\n\n#Text=Two\n2-1\t2-5\tTwo\t_\t_\t\n"
    path = write(tmp_path, content)
    assert read(path) == (
        [],
        [f"{path}:9: the text here starts at 2, inside the text before (up to 3)"],
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "{path}: empty file"),
        (
            b"1\tHaag\tNNP\n",
            "{path}:1: not a WebAnno TSV 3 file: its first line should be #FORMAT=WebAnno TSV 3.3",
        ),
        (
            b"#FORMAT=WebAnno TSV 3.3\n\n\n",
            "{path}: no text: the file has no #Text lines or tokens",
        ),
        (
            "#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Café Müller\n".encode() + b"1-1\t0-4\tCaf\xff\n",
            "{path}:5: invalid UTF-8 byte 0xFF at byte 57",
        ),
    ],
)
def test_unusable_files_are_turned_down_whole(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    records, rejections = read(path)
    assert records == []
    [message] = rejections
    assert message.startswith(reason.format(path=path))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.tsv"
    assert read(path) == ([], [f"{path}: cannot read: the file does not exist"])
