"""An .ann of nothing but plain T lines is read the quick way, to what the general way reads.

Such a file (``T1<TAB>Label 0 5<TAB>text``, one fragment a line) is read with one regular
expression into columns; the same file with a blank line at its end goes the general way,
line by line. Both must give the same article, spans and messages.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats.foreign.brat import read_brat
from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, PlainSpans, RawSpan, Rejection

TEXT = (
    "Anna Smith met Bob Hale in Zürich on Monday.\n"
    "The ACME board said 12 people came; Élodie Moreau did not.\n"
)
WORDS = [(m.start(), m.end()) for m in re.finditer(r"\S+", TEXT)]
LABELS = ("PERSON", "ORG", "GPE", "QUOTE", "CLAIM", "Thing")

Seen = tuple[list[ImportRecord], list[tuple[int | None, str]]]


def read_both(folder: Path, ann: str) -> tuple[Seen, Seen]:
    """What the reader makes of ``ann`` as it is, and with a blank line at its end."""
    seen = []
    blank_line = ann + ("\n" if ann.endswith("\n") else "\n\n")
    for name, content in (("quick", ann), ("general", blank_line)):
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "doc.txt").write_text(TEXT, encoding="utf-8")
        (folder / name / "doc.ann").write_text(content, encoding="utf-8")
        records: list[ImportRecord] = []
        rejections: list[tuple[int | None, str]] = []
        for item in read_brat(folder / name / "doc.ann", ReadOptions()):
            if isinstance(item, Rejection):
                rejections.append((item.line, item.reason))
            else:
                records.append(item)
        seen.append((records, rejections))
    return seen[0], seen[1]


def assert_same(quick: Seen, general: Seen) -> None:
    (quick_records, quick_rejections), (general_records, general_rejections) = quick, general
    assert quick_rejections == general_rejections
    assert len(quick_records) == len(general_records) == 1
    [fast], [slow] = quick_records, general_records
    assert isinstance(slow.spans, tuple)
    assert fast.spans == slow.spans
    assert tuple(fast.spans) == slow.spans  # the RawSpans, attributes and all
    assert (fast.text, fast.title, fast.relations, fast.annotator, fast.meta) == (
        slow.text,
        slow.title,
        slow.relations,
        slow.annotator,
        slow.meta,
    )


#: What may be wrong with a line, the first most often: a whole file of sound lines must
#: come up often enough to try the quick way, a fault often enough to try the general way.
FAULTS = ("",) * 24 + ("twice", "anywhere", "no column", "empty column", "other text", "blank")


@st.composite
def t_lines(draw: st.DrawFn) -> str:
    """Lines of T annotations: mostly sound, some past the end, empty, mismatched or twice."""
    lines = []
    for number in range(1, draw(st.integers(1, 12)) + 1):
        fault = draw(st.sampled_from(FAULTS))
        start, end = draw(st.sampled_from(WORDS))
        if fault == "anywhere":  # even backwards, empty or past the end
            start, end = draw(st.integers(0, len(TEXT) + 2)), draw(st.integers(0, len(TEXT) + 2))
        columns = {"no column": "", "empty column": "\t", "other text": "\tBob", "blank": "\t  "}
        column = columns.get(fault, "\t" + TEXT[start:end])
        ident = "T1" if fault == "twice" else f"T{number}"
        lines.append(f"{ident}\t{draw(st.sampled_from(LABELS))} {start} {end}{column}")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ann=t_lines())
def test_generated_t_lines_read_the_same_both_ways(tmp_path: Path, ann: str) -> None:
    assert_same(*read_both(tmp_path, ann))


def test_a_sound_file_is_read_the_quick_way_to_the_same_spans(tmp_path: Path) -> None:
    lines = [
        f"T{n}\t{LABELS[n % len(LABELS)]} {start} {end}" + (f"\t{TEXT[start:end]}" if n % 3 else "")
        for n, (start, end) in enumerate(WORDS, start=1)
    ]
    lines.append(f"T99\tORG {WORDS[0][0]} {WORDS[1][1]}\tAnna Smith")  # overlapping, twice over
    lines.append(f"T98\tORG {WORDS[0][0]} {WORDS[1][1]}\tAnna Smith")
    quick, general = read_both(tmp_path, "\n".join(lines))  # no newline at the end, as written
    assert isinstance(quick[0][0].spans, PlainSpans)
    assert_same(quick, general)
    spans = quick[0][0].spans
    assert spans[0] == RawSpan(0, 4, "ORG")
    assert [TEXT[s.start : s.end] for s in spans[-3:]] == ["not.", "Anna Smith", "Anna Smith"]
    assert spans[len(spans) - 2 :] == (RawSpan(0, 10, "ORG"), RawSpan(0, 10, "ORG"))


def test_offsets_in_other_digits_or_with_leading_zeros_read_as_numbers(tmp_path: Path) -> None:
    # int() reads them, and so did the general way: "007" is 7, "٣" (Arabic-Indic) 3.
    ann = "T1\tPERSON 0 004\tAnna\nT2\tPERSON ٥ ١٠\tSmith\n"
    quick, general = read_both(tmp_path, ann)
    assert_same(quick, general)
    assert quick[0][0].spans == (RawSpan(0, 4, "PERSON"), RawSpan(5, 10, "PERSON"))
