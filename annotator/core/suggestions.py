"""What the rule-based suggesters propose for one document."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import Relation, Span


@dataclass
class Proposal:
    """Suggested spans and the relations between them (by index into ``spans``)."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def add(self, span: Span) -> int:
        """Add a span (or find the same one already proposed); returns its index."""
        for index, existing in enumerate(self.spans):
            if (existing.start, existing.end, existing.label) == (span.start, span.end, span.label):
                return index
        self.spans.append(span)
        return len(self.spans) - 1

    def link(self, head: int, child: int, label: str) -> None:
        relation = Relation(head, child, label)
        if relation not in self.relations:
            self.relations.append(relation)

    def extend(self, other: Proposal) -> None:
        """Merge another proposal into this one, re-indexing its relations."""
        mapping = [self.add(span) for span in other.spans]
        for relation in other.relations:
            self.link(mapping[relation.head], mapping[relation.child], relation.label)
