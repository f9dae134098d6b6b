"""What an import did: documents taken, annotations stored, and what was refused."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.core.words import counted
from annotator.formats.import_record import ImportRecord, Rejection

#: The annotator of imported annotations that name none.
DEFAULT_IMPORTER = "imported"


@dataclass
class ImportReport:
    """What an import did, for the status bar and the command line."""

    imported: int = 0
    duplicates: int = 0
    annotated: int = 0  # documents that came with someone's annotations
    analysed: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    #: Who gets the annotations of records that name no annotator (no ``_annotator_id``).
    default_annotator: str = DEFAULT_IMPORTER
    unnamed_records: int = 0  # records whose annotations went to ``default_annotator``
    unnamed_spans: int = 0  # and their spans
    #: The pipeline that analysed documents, None for an import without NLP.
    model: str | None = None
    #: Of ``analysed``: documents already in the project that were still to analyse
    #: (an import with --no-nlp, or one whose analysis was stopped).
    analysed_earlier: int = 0
    #: Labels neither in the schema nor mapped (``--map``), with how often each was refused.
    refused_labels: Counter[str] = field(default_factory=Counter)
    suggested: int = 0  # documents that came with a model's predictions

    def reject(self, record: ImportRecord, reason: str) -> None:
        self.rejections.append(Rejection(record.source, record.line, reason))

    def summary(self) -> str:
        """One line for the status bar, the import dialog and the command line."""
        parts = [f"{self.imported} imported"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the project")
        if self.annotated:
            parts.append(f"{self.annotated} with annotations")
        if self.suggested:
            parts.append(f"{self.suggested} with a model's predictions")
        if self.rejections:
            parts.append(f"{len(self.rejections)} rejected")
        notes = [", ".join(parts)]
        if self.refused_labels:
            refused = ", ".join(f"{label} ({n})" for label, n in self.refused_labels.most_common())
            notes.append(f"labels not in the schema, refused: {refused}")
        if self.unnamed_records:
            notes.append(self._unnamed())
        if self.model is not None:
            notes.append(self._analysis())
        return "; ".join(notes)

    def _unnamed(self) -> str:
        records = counted(self.unnamed_records, "record")
        who = f"annotator '{self.default_annotator}'"
        if not self.unnamed_spans:
            return f"the annotations of {records} without _annotator_id were saved as {who}"
        spans = counted(self.unnamed_spans, "span")
        were = "was" if self.unnamed_spans == 1 else "were"
        return f"{spans} from {records} without _annotator_id {were} saved as {who}"

    def _analysis(self) -> str:
        if not self.analysed:
            return f"no document needed analysing with {self.model}"
        earlier = f" ({self.analysed_earlier} of them left unanalysed earlier)"
        return f"{self.analysed} analysed with {self.model}" + (
            earlier if self.analysed_earlier else ""
        )
