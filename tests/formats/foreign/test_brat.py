"""Reading brat standoff files (.ann + .txt): spans, events, attributes, and what is refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats.foreign.brat import SUFFIXES, read_brat
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, Rejection

FIXTURES = Path(__file__).parents[2] / "fixtures" / "brat"
EXAMPLES = FIXTURES / "brat_examples"
NEWS = FIXTURES / "news"


def read(
    path: Path, options: ReadOptions | None = None
) -> tuple[list[ImportRecord], list[Rejection]]:
    records: list[ImportRecord] = []
    rejections: list[Rejection] = []
    for item in read_brat(path, options or ReadOptions()):
        if isinstance(item, ImportRecord):
            records.append(item)
        else:
            rejections.append(item)
    return records, rejections


def read_one(path: Path, options: ReadOptions | None = None) -> ImportRecord:
    records, rejections = read(path, options)
    assert rejections == []
    [record] = records
    return record


def words(record: ImportRecord) -> list[tuple[str, str]]:
    """Each span as the reader sees it: its covered words and its label."""
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def span(record: ImportRecord, covered: str, nth: int = 0) -> dict[str, object]:
    """The attributes of the ``nth`` span covering ``covered``."""
    found = [s for s in record.spans if record.text[s.start : s.end] == covered]
    return dict(found[nth].attrs)


def links(record: ImportRecord) -> list[tuple[str, str, str, dict[str, object]]]:
    """Each relation as (head words, label, child words, attrs)."""
    found = []
    for rel in record.relations:
        head, child = record.spans[rel.head], record.spans[rel.child]
        found.append(
            (
                record.text[head.start : head.end],
                rel.label,
                record.text[child.start : child.end],
                dict(rel.attrs),
            )
        )
    return found


def write_pair(folder: Path, ann: str | bytes, text: str | bytes, name: str = "doc") -> Path:
    """Write NAME.txt and NAME.ann (str as UTF-8, bytes as they are); return the .ann."""
    for suffix, content in ((".txt", text), (".ann", ann)):
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / f"{name}{suffix}").write_bytes(data)
    return folder / f"{name}.ann"


def test_the_reader_picks_ann_files() -> None:
    assert SUFFIXES == (".ann",)


# --- brat's own examples ------------------------------------------------------------------


@pytest.mark.parametrize("ann", sorted(EXAMPLES.glob("*.ann")), ids=lambda p: p.stem)
def test_brat_examples_import_whole_and_every_span_covers_its_words(ann: Path) -> None:
    record = read_one(ann)
    assert record.text == ann.with_suffix(".txt").read_text(encoding="utf-8")
    # Every T line's own text column names the words its span must cover.
    expected = [
        (line.split("\t")[2], line.split("\t")[1].split(" ")[0])
        for line in ann.read_text(encoding="utf-8").splitlines()
        if line.startswith("T")
    ]
    assert words(record) == expected
    assert record.meta == {"source_file": ann.name, "text_file": ann.stem + ".txt"}
    assert record.annotator is None


def test_brat_relations_and_equivalence_chain() -> None:
    record = read_one(EXAMPLES / "060-relation_annotation.ann")
    assert record.title == "Relation annotation"
    assert record.text.startswith("Relation annotation\n\nThe simplest form")  # title kept
    assert links(record) == [
        ("Terry Pratchett", "Located", "England", {}),
        ("Joanne Rowling", "Alias", "Jo Rowling", {}),
        ("Jo Rowling", "Alias", "J. K. Rowling", {}),
    ]


def test_brat_nested_events_point_to_the_inner_event_trigger() -> None:
    record = read_one(EXAMPLES / "090-event_structures.ann")
    found = links(record)
    assert ("reported", "Event-Arg", "merged", {"event": "Report"}) in found
    assert ("told", "Event-Arg", "posted", {"event": "Report"}) in found
    # Org-Arg2 is the second Org-Arg: the role number goes.
    assert found[:2] == [
        ("merged", "Org-Arg", "Google", {"event": "Merge-org"}),
        ("merged", "Org-Arg", "YouTube", {"event": "Merge-org"}),
    ]
    assert len(found) == 12


def test_brat_attributes_on_entities_and_on_event_triggers() -> None:
    record = read_one(EXAMPLES / "100-attribute_annotation.ann")
    assert span(record, "Somebody") == {"Individual": True}
    assert span(record, "twitted") == {"Confidence": "Neutral"}
    assert span(record, "merge") == {"Confidence": "Low"}


def test_brat_notes_on_an_entity_an_event_and_a_relation() -> None:
    record = read_one(EXAMPLES / "110-note_annotation.ann")
    assert span(record, "Discworld") == {"note": "Should fictional places be annotated?"}
    assert str(span(record, "merged")["note"]).startswith("Annotate as one merge event")
    family = [link for link in links(record) if link[1] == "Family"]
    assert family == [
        (
            "Orville Wright",
            "Family",
            "Wilbur Wright",
            {"note": "Should this be marked? It's not explicitly stated."},
        ),
        ("Orville Wright", "Family", "Wilbur Wright", {}),
    ]


# --- a news article with everything -----------------------------------------------------


@pytest.fixture(scope="module")
def storm() -> ImportRecord:
    return read_one(NEWS / "storm.ann")


def test_text_is_the_whole_file_and_spans_land_after_non_ascii(storm: ImportRecord) -> None:
    assert storm.text == (NEWS / "storm.txt").read_text(encoding="utf-8")
    assert storm.title == "Storm “Ciarán” batters Brittany 🌊"
    assert words(storm)[:5] == [
        ("Ciarán", "Storm"),
        ("Brittany", "Location"),
        ("BREST", "Location"),
        ("France", "Location"),
        ("Storm Ciarán", "Storm"),
    ]
    assert ("Météo-France", "Organization") in words(storm)
    assert ("Finistère", "Location") in words(storm)


def test_discontinuous_span_is_one_span_per_fragment(storm: ImportRecord) -> None:
    assert ("north", "Location") in words(storm)
    assert ("coasts of Brittany", "Location") in words(storm)
    # The M1 attribute belongs to the annotation, so to both fragments.
    assert span(storm, "north") == {"fragment": "1/2", "Confidence": "Low"}
    assert span(storm, "coasts of Brittany") == {"fragment": "2/2", "Confidence": "Low"}
    # A relation naming it starts at its first fragment.
    assert ("north", "Part-of", "France", {}) in links(storm)


def test_event_roles_become_relations_from_the_trigger(storm: ImportRecord) -> None:
    found = links(storm)
    damage = {"event": "Damage"}
    assert ("tore", "Cause", "Storm Ciarán", damage) in found
    assert ("tore", "Place", "Brest", damage) in found
    assert ("tore", "Place", "Quimper", damage) in found  # Place2
    assert ("said", "Event-Arg", "tore", {"event": "Report"}) in found
    assert ("killed", "Victim", "two people", {"event": "Die"}) in found
    # An event with no argument has no relation, only its trigger and attributes.
    assert not [link for link in found if "death" in (link[0], link[2])]
    assert span(storm, "death") == {"Negated": True}
    assert span(storm, "killed") == {"Confidence": "High"}


def test_attributes_notes_normalisations_and_equivalence(storm: ImportRecord) -> None:
    assert span(storm, "Philippe Mahé") == {"Official": True}
    assert span(storm, "Ciarán") == {"note": "Named by Met Éireann, not Météo-France"}
    assert span(storm, "Brest") == {"norm": "Wikidata:Q12193; GeoNames:3030300"}
    found = links(storm)
    note = {"note": "Finistère is a département of Brittany"}
    assert ("Finistère", "Part-of", "Brittany", note) in found
    assert ("Ciarán", "Equiv", "Storm Ciarán", {}) in found
    assert ("Storm Ciarán", "Equiv", "the storm", {}) in found


def test_crlf_file_offsets_count_the_carriage_returns() -> None:
    ann = NEWS / "election_crlf.ann"
    assert b"\r\n" in ann.with_suffix(".txt").read_bytes()
    record = read_one(ann)
    assert "\r" not in record.text
    assert record.title == "Montréal re-elects its mayor 🗳️"
    assert words(record) == [
        ("Montréal", "Location"),
        ("MONTRÉAL", "Location"),
        ("Valérie Plante", "Person"),
        ("Élections Montréal", "Organization"),
        ("Radio-Canada", "Organization"),
        ("she", "Person"),
    ]
    assert links(record) == [("she", "Coreference", "Valérie Plante", {})]
    assert span(record, "Élections Montréal") == {"Confidence": "High"}


# --- how offsets are counted ------------------------------------------------------------


def test_offsets_counting_crlf_as_one_as_brats_server_did(tmp_path: Path) -> None:
    text = "Title\r\n\r\nRain in Nîmes.\r\nFloods in Alès.\r\n"
    # brat read with universal newlines: "Alès" at 32, where counting each \r puts it at 35.
    ann = write_pair(tmp_path, "T1\tLocation 15 20\tNîmes\nT2\tLocation 32 36\tAlès\n", text)
    record = read_one(ann)
    assert words(record) == [("Nîmes", "Location"), ("Alès", "Location")]


@pytest.mark.parametrize("offset", [0, 1], ids=["bom-not-counted", "bom-counted"])
def test_byte_order_mark_before_the_text(tmp_path: Path, offset: int) -> None:
    text = codecs.BOM_UTF8 + "Café owners protest\nRents rose in Lyon.\n".encode()
    start = 34 + offset
    ann = write_pair(tmp_path, f"T1\tLocation {start} {start + 4}\tLyon\n", text)
    record = read_one(ann)
    assert record.text.startswith("Café")
    assert words(record) == [("Lyon", "Location")]


def test_span_over_a_newline_whose_text_column_has_a_space(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "T1\tPlace 0 8\tNew York\n", "New\nYork\n")
    assert words(read_one(ann)) == [("New\nYork", "Place")]


def test_span_one_character_off_is_refused_even_if_only_a_space(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "T1\tPerson 3 10\tPlante\n", "Mme Plante spoke.\n")
    records, [rejection] = read(ann)
    assert records[0].spans == ()
    assert "“ Plante”" in rejection.reason


def test_t_line_without_text_column_is_taken_as_it_is(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "T1\tPerson 0 4\n", "Anna spoke.\n")
    assert words(read_one(ann)) == [("Anna", "Person")]


# --- hostile input --------------------------------------------------------------------------


def test_text_mismatch_is_refused_with_file_line_and_both_texts(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "T1\tPerson 0 4\tAnna\nT2\tPerson 10 13\tBob\nR1\tKnows Arg1:T1 Arg2:T2\t\n",
        "Anna met Bob.\n",
    )
    [record], [mismatch, relation] = read(ann)
    assert words(record) == [("Anna", "Person")]
    assert record.relations == ()
    assert (mismatch.source, mismatch.line) == (str(ann), 2)
    assert "“Bob”" in mismatch.reason
    assert "“ob.”" in mismatch.reason
    assert "doc.txt" in mismatch.reason
    assert str(mismatch).startswith(f"{ann}:2: T2")
    assert relation.line == 3
    assert "T2, which was not imported (line 2)" in relation.reason


def test_offsets_past_the_end_or_empty_are_refused(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "T1\tPerson 0 4\tAnna\nT2\tPlace 30 36\tBerlin\nT3\tPlace 5 5\t\nT4\tPlace 9 5\tx\n",
        "Anna left.\n",
    )
    [record], rejections = read(ann)
    assert words(record) == [("Anna", "Person")]
    assert [(r.line, r.reason.split(":")[0]) for r in rejections] == [
        (2, "T2"),
        (3, "T3"),
        (4, "T4"),
    ]
    assert "run past the end of doc.txt (11 long)" in rejections[0].reason
    assert "cover no text" in rejections[1].reason


def test_invalid_byte_in_the_text_refuses_the_article(tmp_path: Path) -> None:
    text = "Café\nPrice in € rose in Zürich".encode() + b"\xff.\n"
    ann = write_pair(tmp_path, "T1\tPlace 0 4\tCafé\n", text)
    records, [rejection] = read(ann)
    assert records == []
    assert (rejection.source, rejection.line) == (str(tmp_path / "doc.txt"), 2)
    assert "0xFF" in rejection.reason


def test_invalid_byte_in_the_ann_refuses_that_line_only(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "T1\tPlace 0 6\tZürich\n".encode() + b"#1\tAnnotatorNotes T1\tbad \xff note\n",
        "Zürich is cold.\n",
    )
    [record], [rejection] = read(ann)
    assert words(record) == [("Zürich", "Place")]
    assert span(record, "Zürich") == {}
    assert rejection.line == 2
    assert "0xFF" in rejection.reason


def test_binary_ann_is_refused_whole(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, b"T1\x00\x00\x01\x02", "Anna spoke.\n")
    records, [rejection] = read(ann)
    assert records == []
    assert (rejection.source, rejection.line) == (str(ann), None)
    assert rejection.reason.startswith("cannot read the annotations: binary file")


def test_empty_ann_imports_the_text_unannotated(tmp_path: Path) -> None:
    record = read_one(write_pair(tmp_path, "", "Quiet day\nNothing happened.\n"))
    assert (record.title, record.text, record.spans) == (
        "Quiet day",
        "Quiet day\nNothing happened.\n",
        (),
    )


def test_empty_text_is_refused(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "T1\tPerson 0 4\tAnna\n", "  \n")
    records, [rejection] = read(ann)
    assert records == []
    assert rejection.source == str(tmp_path / "doc.txt")
    assert "empty file" in rejection.reason


def test_missing_text_file_says_where_it_looked(tmp_path: Path) -> None:
    ann = tmp_path / "lost.ann"
    ann.write_text("T1\tPerson 0 4\tAnna\n", encoding="utf-8")
    records, [rejection] = read(ann)
    assert records == []
    assert (rejection.source, rejection.line) == (str(ann), None)
    assert "lost.txt is missing" in rejection.reason
    assert str(tmp_path) in rejection.reason


def test_missing_text_file_in_a_folder_corpus_names_both_places(tmp_path: Path) -> None:
    (tmp_path / "carol").mkdir()
    ann = tmp_path / "carol" / "x.ann"
    ann.write_text("", encoding="utf-8")
    options = ReadOptions(annotator_from="folder", root=tmp_path)
    _, [rejection] = read(ann, options)
    assert f"looked in {tmp_path / 'carol'} or {tmp_path}" in rejection.reason


def test_bad_lines_are_refused_one_by_one_and_the_rest_imports(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "\n".join(
            [
                "T1\tPerson 0 4\tAnna",
                "T1\tPerson 9 12\tBob",  # duplicate id
                "X1\tSomething T1",  # unknown type
                "T2 Person 9 12 Bob",  # spaces for tabs
                "T3\tPerson nine 12\tBob",
                "R1\tKnows Arg1:T1",  # one argument
                "E1\tMeet T1",  # no trigger
                "A1\tNegated",  # no target
                "N1\tReference T1 Wikidata\tAnna",  # no database:id
                "*\tEquiv T1",
                "#1\tAnnotatorNotes",
                "",  # blank lines are skipped
                "T4\tPerson 9 12\tBob",
            ]
        )
        + "\n",
        "Anna met Bob.\n",
    )
    [record], rejections = read(ann)
    assert words(record) == [("Anna", "Person"), ("Bob", "Person")]
    assert [r.line for r in rejections] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert all(r.source == str(ann) for r in rejections)
    reasons = [r.reason for r in rejections]
    assert reasons[0] == "T1 is already defined on line 1"
    assert reasons[1].startswith("unknown annotation X1")
    assert reasons[2].startswith("not a brat line")
    assert reasons[3] == 'T3: expected "T3<TAB>Label START END<TAB>text"'
    assert reasons[4] == 'R1: expected "R1<TAB>Type Arg1:T1 Arg2:T2"'


def test_each_missing_event_argument_is_refused_and_the_rest_imports(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "T1\tAttack 7 15\tattacked\nT2\tPerson 0 6\tRebels\n"
        + "T3\tPlace 18 23\tdepot\n"
        + "E1\tAttack:T1 Attacker:T2 Victim:T8 Place:T3 Target:E9\n"
        + "E2\tAttack:T7 Attacker:T2\n"
        + "A1\tNegated T9\n",
        "Rebels attacked a depot.\n",
    )
    [record], rejections = read(ann)
    assert links(record) == [
        ("attacked", "Attacker", "Rebels", {"event": "Attack"}),
        ("attacked", "Place", "depot", {"event": "Attack"}),
    ]
    assert [(r.line, r.reason) for r in rejections] == [
        (4, "E1: role Victim names T8, which is not in this file"),
        (4, "E1: role Target names E9, which is not in this file"),
        (5, "E2: its trigger is T7, which is not in this file"),
        (6, "A1: names T9, which is not in this file"),
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.text(alphabet=st.sampled_from("TREAMN#*:; 0123456789\tabé"), max_size=30),
        max_size=8,
    )
)
def test_any_ann_content_reads_without_error(tmp_path: Path, lines: list[str]) -> None:
    ann = write_pair(tmp_path, "\n".join(lines), "Anna met Bob in Berlin.\n", name="fuzz")
    items = list(read_brat(ann, ReadOptions()))
    records = [item for item in items if isinstance(item, ImportRecord)]
    assert len(records) == 1
    for s in records[0].spans:
        assert 0 <= s.start < s.end <= len(records[0].text)
    for rel in records[0].relations:
        assert max(rel.head, rel.child) < len(records[0].spans)


# --- several annotators ----------------------------------------------------------------------


def test_folder_corpus_one_folder_per_annotator_text_one_level_up() -> None:
    root = FIXTURES / "corpus_folders"
    options = ReadOptions(annotator_from="folder", root=root)
    alice = read_one(root / "alice" / "a1.ann", options)
    bob = read_one(root / "bob" / "a1.ann", options)
    assert (alice.annotator, bob.annotator) == ("alice", "bob")
    assert alice.text == bob.text == (root / "a1.txt").read_text(encoding="utf-8")
    assert alice.meta["text_file"] == "a1.txt"
    assert words(alice) == [
        ("city council of Lyon", "Organization"),
        ("Grégory Doucet", "Person"),
    ]
    assert links(alice) == [("Grégory Doucet", "Member-of", "city council of Lyon", {})]
    assert words(bob) == [
        ("city council", "Organization"),
        ("Lyon", "Location"),
        ("Grégory Doucet", "Person"),
    ]
    beside = read_one(root / "alice" / "a2.ann", options)
    assert (beside.annotator, beside.title) == ("alice", "Bridge reopens")
    assert words(beside) == [("Pont Lafayette", "Facility"), ("Lyon", "Location")]


def test_file_name_corpus_annotator_after_the_underscore() -> None:
    folder = FIXTURES / "corpus_files"
    options = ReadOptions(annotator_from="filename", root=folder)
    alice = read_one(folder / "a1_alice.ann", options)
    bob = read_one(folder / "a1_bob.ann", options)
    assert (alice.annotator, bob.annotator) == ("alice", "bob")
    assert alice.text == bob.text == (folder / "a1.txt").read_text(encoding="utf-8")
    assert (alice.meta, bob.meta["source_file"]) == (
        {"source_file": "a1_alice.ann", "text_file": "a1.txt"},
        "a1_bob.ann",
    )
    assert ("Lyon", "Location") in words(bob)


def test_one_annotator_named_for_every_file() -> None:
    record = read_one(NEWS / "storm.ann", ReadOptions(annotator="dana"))
    assert record.annotator == "dana"
