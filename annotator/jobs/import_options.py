"""What ``annotator import`` and File > Import are told about the files beyond their paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.core.model import Status
from annotator.formats.foreign.options import AnnotatorFrom


@dataclass(frozen=True)
class ImportOptions:
    """The format (None: by extension), label renames, whose work it is, its status.

    ``status``: what annotated documents become (``--status done`` lets agreement count
    them at once); None keeps what the file says, else "in progress".
    """

    format: str | None = None
    label_map: Mapping[str, str] = field(default_factory=dict)
    annotator_from: AnnotatorFrom | None = None
    status: Status | None = None

    def label(self, name: str) -> str:
        """The schema's name for a label named ``name`` in the file."""
        return self.label_map.get(name, name)


def parse_label_map(values: Sequence[str]) -> dict[str, str]:
    """``["Content=QUOTE,Source=SOURCE", "Cue=CUE"]`` → {"Content": "QUOTE", …}.

    Raises ``ValueError`` naming the part that is not ``OLD=NEW``.
    """
    mapping: dict[str, str] = {}
    for value in values:
        for part in value.split(","):
            old, equals, new = (piece.strip() for piece in part.partition("="))
            if not equals or not old or not new:
                raise ValueError(f"--map: '{part.strip()}' is not OLD=NEW")
            if mapping.get(old, new) != new:
                raise ValueError(f"--map: {old} is mapped to both {mapping[old]} and {new}")
            mapping[old] = new
    return mapping
