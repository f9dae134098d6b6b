"""A brat file of plain T lines is stored the quick way, to exactly the rows the general way stores.

The quick way takes the reader's columns of labels and offsets and checks labels, renames
and repeats per document; the general way goes span by span. The same file with a blank
line at its end is read and stored the general way: the projects must hold the same rows
(ids included) and the reports say the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.formats.import_record import PlainSpans
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.import_report import ImportReport
from annotator.jobs.importing import import_files, read_records
from annotator.store.db import connect, initialise
from tests.formats.foreign.test_brat_plain import TEXT, WORDS, t_lines

#: No renames; a label the schema lacks renamed to one it has; two labels made one, so
#: that spans of both over the same words are the same span twice.
MAPS: list[dict[str, str]] = [{}, {"Thing": "GPE"}, {"ORG": "PERSON", "Thing": "CLAIM"}]


def write(folder: Path, ann: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(ann, encoding="utf-8")
    return folder


def stored(folder: Path, schema: LabelSchema, options: ImportOptions, times: int = 1) -> Any:
    """The rows an import (``times`` over) of ``folder`` leaves, and what its reports say."""
    db = connect(":memory:")
    initialise(db, schema)
    said = []
    for _ in range(times):
        report = import_files(db, [folder], pipeline=None, annotator="ann", options=options)
        rejections = [(r.line, r.reason) for r in report.rejections]
        said.append((rejections, report.summary(), dict(report.refused_labels)))
    rows = [
        db.execute(query).fetchall()
        for query in (
            "SELECT id, doc_id, annotator_id, layer, label, char_start, char_end, origin, attrs "
            "FROM spans ORDER BY id",
            "SELECT doc_id, annotator_id, status, seeded FROM doc_states ORDER BY doc_id",
            "SELECT id, name, kind FROM annotators ORDER BY id",
        )
    ]
    db.conn.close()
    return rows, said


def quick_and_general(folder: Path, ann: str) -> tuple[Path, Path]:
    """``ann`` as written, and with a blank line at its end, which sends it the general way."""
    general = ann + ("\n" if ann.endswith("\n") else "\n\n")
    return write(folder / "quick", ann), write(folder / "general", general)


def took_the_quick_way(folder: Path) -> bool:
    [record] = read_records([folder], ImportReport(), ImportOptions(format="brat"))
    return isinstance(record.spans, PlainSpans)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ann=t_lines(), label_map=st.sampled_from(MAPS), status=st.sampled_from([None, Status.DONE]))
def test_generated_t_lines_store_the_same_rows_both_ways(
    tmp_path: Path, schema: LabelSchema, ann: str, label_map: dict[str, str], status: Status | None
) -> None:
    quick, general = quick_and_general(tmp_path, ann)
    assert not took_the_quick_way(general)
    options = ImportOptions("brat", label_map, status=status)
    assert stored(quick, schema, options) == stored(general, schema, options)


def test_a_sound_file_is_stored_the_quick_way_as_the_general_way(
    tmp_path: Path, schema: LabelSchema
) -> None:
    labels = ("PERSON", "ORG", "GPE", "QUOTE", "CLAIM")
    ann = "".join(
        f"T{n}\t{labels[n % len(labels)]} {start} {end}\t{TEXT[start:end]}\n"
        for n, (start, end) in enumerate(WORDS, start=1)
    )
    quick, general = quick_and_general(tmp_path, ann)
    assert took_the_quick_way(quick)
    options = ImportOptions("brat", {"QUOTE": "CUE"})
    # Twice: the second import finds the article and the annotator's work already there.
    rows, said = stored(quick, schema, options, times=2)
    assert (rows, said) == stored(general, schema, options, times=2)
    spans, states, _ = rows
    assert len(spans) == len(WORDS)
    assert {(layer, label) for _, _, _, layer, label, *_ in spans} == {
        ("ner", "PERSON"),
        ("ner", "ORG"),
        ("ner", "GPE"),
        ("attribution", "CUE"),
        ("claim", "CLAIM"),
    }
    assert [TEXT[start:end] for *_, start, end, _, _ in spans[:3]] == ["Anna", "Smith", "met"]
    assert states == [(1, 1, "in progress", 1)]
    assert said[1][1] == "0 imported, 1 already in the project"
