"""The headline a .txt import keeps as the first paragraph is recognised as such."""

from __future__ import annotations

import pytest

from annotator.core.model import Document


@pytest.mark.parametrize(
    ("title", "text", "length"),
    [
        ("Blast kills 12", "Blast kills 12\n\nA blast killed 12.", 14),
        ("Blast  kills 12", "  Blast  kills 12\n\nBody.", 17),  # the line, spaces and all
        ("Long headline…", "Long headline that goes on\n\nBody.", 26),  # a shortened title
        ("Other title", "Blast kills 12\n\nBody.", 0),  # a JSONL title not in the text
        ("One line", "One line", 0),  # the only line is the text, not a heading
    ],
)
def test_headline(title: str, text: str, length: int) -> None:
    assert Document(1, " ".join(title.split()), text).headline == length
