"""A look at files before they are imported: which labels they use, and how often.

File > Import shows the labels the project's schema lacks, each with a menu to rename it
to one the schema has (``--map`` on the command line) or to refuse it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.control import Control
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.import_report import ImportReport
from annotator.jobs.importing import read_records


@dataclass
class LabelScan:
    """The labels of the spans, links and predictions in some files, with their counts."""

    labels: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    annotators: set[str] = field(default_factory=set)
    rejections: int = 0


def scan_labels(
    paths: Sequence[Path],
    options: ImportOptions,
    annotator: str | None = None,
    control: Control | None = None,
) -> LabelScan:
    """Read ``paths`` as the import would, storing nothing; count what they label."""
    control = control or Control()
    report = ImportReport()
    scan = LabelScan()
    for record in read_records(paths, report, options, annotator):
        scan.documents += 1
        if record.annotator:
            scan.annotators.add(record.annotator)
        scan.labels.update(span.label for span in (*record.spans, *record.suggestions))
        scan.labels.update(link.label for link in (*record.relations, *record.suggestion_relations))
        if scan.documents % 100 == 0:
            control.progress(0, 0, f"Read {scan.documents} documents")
            control.check()
    scan.rejections = len(report.rejections)
    return scan
