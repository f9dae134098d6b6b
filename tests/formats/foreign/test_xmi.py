"""UIMA CAS XMI from INCEpTION, WebAnno and DKPro Core: text, spans, relations, who, and why not.

tests/fixtures/xmi/real holds files from INCEpTION's and dkpro-cassis's own tests
(Apache-2.0, see the README there); tests/fixtures/xmi/news an export of our own in the
shape of INCEpTION's project export, with a custom span layer and a relation layer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.formats.foreign.options import ReadOptions
from annotator.formats.foreign.xmi import SUFFIXES, read_xmi
from annotator.formats.import_record import ImportRecord, Rejection

FIXTURES = Path(__file__).parents[2] / "fixtures" / "xmi"
REAL = FIXTURES / "real"
NEWS_FOLDER = FIXTURES / "news" / "annotation" / "harbour-strike.txt"
NEWS = NEWS_FOLDER / "maria.xmi"
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
TEXT = "\U0001f6a2 Port of Rotterdam: \U0001f620 strike."  # two emoji, two UTF-16 units each


def read(path: Path, options: ReadOptions | None = None) -> list[ImportRecord | Rejection]:
    return list(read_xmi(path, options or ReadOptions()))


def record_of(results: list[ImportRecord | Rejection]) -> ImportRecord:
    records = [r for r in results if isinstance(r, ImportRecord)]
    assert len(records) == 1, results
    return records[0]


def rejections_of(results: list[ImportRecord | Rejection]) -> list[Rejection]:
    return [r for r in results if isinstance(r, Rejection)]


def covered(record: ImportRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def write_xmi(
    folder: Path, annotations: list[str], sofa: str = TEXT, name: str = "doc.xmi"
) -> Path:
    """An XMI file in INCEpTION's shape, with the news fixture's type system beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(NEWS_FOLDER / "TypeSystem.xml", folder / "TypeSystem.xml")
    members = " ".join(str(n) for n in range(2, len(annotations) + 2))
    body = "\n".join(
        f'    <{element.split(" ", 1)[0]} xmi:id="{n}" sofa="1" {element.split(" ", 1)[1]}/>'
        for n, element in enumerate(annotations, start=2)
    )
    path = folder / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:type3="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" '
        'xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" '
        'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
        '    <cas:NULL xmi:id="0"/>\n'
        f"{body}\n"
        f'    <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" '
        f'sofaString="{sofa}"/>\n'
        f'    <cas:View sofa="1" members="{members}"/>\n'
        "</xmi:XMI>\n",
        encoding="utf-8",
    )
    return path


def test_the_suffix_is_xmi() -> None:
    assert SUFFIXES == (".xmi",)


def test_an_inception_export_gives_its_text_spans_and_layers() -> None:
    results = read(NEWS)
    assert rejections_of(results) == []
    record = record_of(results)
    assert record.text == (NEWS.parents[2] / "source" / "harbour-strike.txt").read_text("utf-8")
    assert covered(record) == [
        ("Port of Rotterdam", "LOC"),
        ("ROTTERDAM", "LOC"),
        ("Port of Rotterdam", "LOC"),
        ("Europe", "LOC"),
        ("FNV", "ORG"),
        ("Anna de Vries", "PER"),
        ("FNV Havens", "ORG"),
        ("the strike would last at least 48 hours", "prediction"),  # custom layer: claimType
        ("The port authority", "NamedEntity"),  # tagged without a value: the type's name
        ("30 ships were waiting at anchor", "fact"),
    ]
    attrs = [dict(s.attrs) for s in record.spans]
    assert attrs[2] == {"identifier": "https://www.wikidata.org/wiki/Q1137367"}
    assert attrs[7] == {"checked": False}
    assert attrs[9] == {"checked": True, "confidence": 0.9}


def test_relations_link_the_spans_at_their_governor_and_dependent() -> None:
    record = record_of(read(NEWS))
    links = [
        (record.text[record.spans[r.head].start : record.spans[r.head].end], r.label,
         record.text[record.spans[r.child].start : record.spans[r.child].end], r.attrs)
        for r in record.relations
    ]  # fmt: skip
    assert links == [
        ("FNV Havens", "Affiliation", "FNV", {}),  # no role given: the layer's name
        ("Anna de Vries", "spokesperson", "FNV Havens", {}),
    ]


def test_utf16_offsets_after_an_emoji_land_on_their_words() -> None:
    # The file counts the ship emoji as two units: "Port of Rotterdam" begins at 25 there.
    assert 'begin="25" end="42" value="LOC"' in NEWS.read_text("utf-8")
    record = record_of(read(NEWS))
    assert record.text.startswith("\U0001f6a2 Dockworkers")
    assert (record.spans[0].start, record.spans[0].end) == (24, 41)


def test_document_metadata_gives_title_and_meta() -> None:
    record = record_of(read(NEWS))
    stored = "file:/srv/inception/repository/project/12/document/88/source/"
    assert record.title == "harbour-strike.txt"
    assert record.meta == {
        "source_file": "maria.xmi",
        "document_id": "harbour-strike.txt",
        "document_uri": f"{stored}harbour-strike.txt",
        "collection_id": stored,
        "language": "en",
    }
    assert record.source == str(NEWS)
    assert record.line is None


def test_the_annotator_is_the_user_of_inception_s_export_unless_told_otherwise(
    tmp_path: Path,
) -> None:
    assert record_of(read(NEWS)).annotator == "maria"
    assert record_of(read(NEWS, ReadOptions(annotator="lee"))).annotator == "lee"
    # INCEpTION's per-user zip unpacked into a folder of its own.
    export = tmp_path / "project"
    (export / "source").mkdir(parents=True)
    path = write_xmi(export / "annotation" / "a.txt" / "tom", [], name="a.txt.xmi")
    assert record_of(read(path)).annotator == "tom"
    # The same layout outside an INCEpTION export says nothing about who.
    shutil.rmtree(export / "source")
    assert record_of(read(path)).annotator is None
    options = ReadOptions(annotator_from="folder", root=export / "annotation")
    assert record_of(read(path, options)).annotator == "a.txt"


def test_a_real_cas_with_emoji_from_dkpro_cassis() -> None:
    results = read(REAL / "cas_with_smileys.xmi")
    record = record_of(results)
    assert rejections_of(results) == []
    assert covered(record) == [
        ("Transformers", "OTH"),
        ("Transformers", "OTH"),
        ("Transformers", "OTH"),
        ("PyTorch", "OTH"),
        ("TensorFlow", "OTH"),
    ]
    assert "\r" not in record.text
    assert record.text.count("\n\U0001f917 Transformers") == 2
    assert record.title == "huggingface.txt"
    assert record.relations == ()


def test_a_real_inception_relation_layer() -> None:
    record = record_of(read(REAL / "relation_test.xmi"))
    assert record.text == "Darmstadt is in Hessen.\nHannover is in Lower Saxony."
    assert covered(record) == [
        ("Darmstadt", "city"),
        ("Hessen", "state"),
        ("Hannover", "city"),
        ("Lower Saxony", "state"),
    ]
    assert [(r.head, r.child, r.label) for r in record.relations] == [(0, 1, "located in")]


def test_the_type_system_may_be_one_folder_up_and_in_lower_case(tmp_path: Path) -> None:
    path = write_xmi(
        tmp_path / "batch" / "one", ['type3:NamedEntity begin="3" end="20" value="LOC"']
    )
    (path.parent / "TypeSystem.xml").rename(tmp_path / "batch" / "typesystem.xml")
    assert covered(record_of(read(path))) == [("Port of Rotterdam", "LOC")]


def test_without_a_type_system_the_file_is_turned_down(tmp_path: Path) -> None:
    path = write_xmi(tmp_path / "export", [])
    (path.parent / "TypeSystem.xml").unlink()
    [rejection] = read(path)
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert "no TypeSystem.xml" in rejection.reason


def test_offsets_that_miss_the_text_are_turned_down_with_their_line(tmp_path: Path) -> None:
    path = write_xmi(
        tmp_path,
        [
            'type3:NamedEntity begin="3" end="20" value="LOC"',
            'type3:NamedEntity begin="25" end="90" value="ORG"',  # past the end
            'type3:NamedEntity begin="23" end="31" value="ORG"',  # inside the second emoji
            'type3:NamedEntity begin="7" end="7" value="LOC"',  # empty
            'custom:Claim begin="25" end="31" claimType="fact"',
        ],
    )
    results = read(path)
    assert covered(record_of(results)) == [("Port of Rotterdam", "LOC"), ("strike", "fact")]
    problems = [(r.line, r.reason) for r in rejections_of(results)]
    assert [line for line, _ in problems] == [7, 6, 5]  # in the order of the text
    assert "covers no text" in problems[0][1]
    assert "between the two halves of a character" in problems[1][1]
    assert "is outside the text" in problems[2][1]
    assert all(r.source == str(path) for r in rejections_of(results))


def test_a_relation_to_something_not_imported_is_turned_down(tmp_path: Path) -> None:
    path = write_xmi(
        tmp_path,
        [
            'type4:Token begin="3" end="7"',
            'type3:NamedEntity begin="3" end="20" value="LOC"',
            'custom:Affiliation begin="3" end="20" Governor="2" Dependent="3" role="port of"',
        ],
    )
    results = read(path)
    assert record_of(results).relations == ()
    [problem] = rejections_of(results)
    assert problem.line == 6
    assert "its Governor is a Token annotation, which was not imported" in problem.reason


def test_a_feature_named_type_keeps_its_name(tmp_path: Path) -> None:
    path = write_xmi(tmp_path, ['custom:Claim begin="3" end="20" claimType="fact"'])
    system = path.parent / "TypeSystem.xml"
    system.write_text(system.read_text().replace("<name>claimType</name>", "<name>type</name>"))
    path.write_text(path.read_text().replace("claimType=", "type="))
    assert covered(record_of(read(path))) == [("Port of Rotterdam", "fact")]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"", None, "empty file"),
        (b'<?xml version="1.0"?>\n<xmi:XMI xmlns:xmi="x">\n<a>\n', 4, "not well-formed XML"),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<a b="caf\xe9"/>\n', 2, "not well-formed XML"),
    ],
)
def test_what_is_no_xmi_is_turned_down(
    tmp_path: Path, content: bytes, line: int | None, reason: str
) -> None:
    path = write_xmi(tmp_path, [])
    path.write_bytes(content)
    [rejection] = read(path)
    assert isinstance(rejection, Rejection)
    assert (rejection.line, reason in rejection.reason) == (line, True)


def test_a_type_the_type_system_lacks_is_named(tmp_path: Path) -> None:
    path = write_xmi(tmp_path, ['custom:Quote begin="3" end="20" speaker="x"'])
    [rejection] = read(path)
    assert isinstance(rejection, Rejection)
    assert "webanno.custom.Quote" in rejection.reason


def test_a_broken_type_system_is_named(tmp_path: Path) -> None:
    path = write_xmi(tmp_path, [])
    (path.parent / "TypeSystem.xml").write_text("<typeSystemDescription><types>")
    [rejection] = read(path)
    assert isinstance(rejection, Rejection)
    assert "TypeSystem.xml is not a UIMA type system" in rejection.reason


def test_a_document_without_text_is_turned_down(tmp_path: Path) -> None:
    [rejection] = read(write_xmi(tmp_path, [], sofa=" "))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "the document has no text"


def test_a_missing_file_is_turned_down(tmp_path: Path) -> None:
    [rejection] = read(tmp_path / "gone.xmi")
    assert isinstance(rejection, Rejection)
    assert "cannot read" in rejection.reason
