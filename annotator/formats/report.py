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

    def warnings(self) -> list[str]:
        return [
            f"{count} {layer} span{'s' if count != 1 else ''} could not be written in this "
            f"format (overlapping another {layer} span, or not on whole tokens)"
            for layer, count in sorted(self.skipped.items())
        ]

    def add(self, other: WriteReport) -> None:
        self.documents += other.documents
        self.skipped.update(other.skipped)
