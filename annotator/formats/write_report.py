"""What a writer did: documents written, and spans a format could not hold."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class WriteReport:
    """``skipped`` counts, per layer, spans left out because they overlap another span of
    the same layer, which one IOB column (or ``doc.ents``) cannot hold, or because they
    do not line up with whole tokens."""

    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    #: Spans and links of a label or link type the project's schema no longer has (kept
    #: by a schema change): written as they are, counted by their label.
    unknown: Counter[str] = field(default_factory=Counter)

    def warnings(self) -> list[str]:
        skipped = [
            f"{count} {layer} span{'s' if count != 1 else ''} could not be written in this "
            f"format (overlapping another {layer} span, or not on whole tokens)"
            for layer, count in sorted(self.skipped.items())
        ]
        unknown = [
            f"{count} annotation{'s' if count != 1 else ''} labelled {label}, which the "
            "project's schema no longer has, written as they are"
            for label, count in sorted(self.unknown.items())
        ]
        return skipped + unknown

    def add(self, other: WriteReport) -> None:
        self.documents += other.documents
        self.skipped.update(other.skipped)
        self.unknown.update(other.unknown)
