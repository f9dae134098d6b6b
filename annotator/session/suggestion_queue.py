"""The pending suggestions of a document in the order a person decides them.

Twins (a QUOTE and a CLAIM over the same words) are one stop: one key decides both.
"""

from __future__ import annotations

from annotator.core.model import Span
from annotator.core.suggestions import one_per_words, twins
from annotator.session.wording import describe
from annotator.store.editing import DocumentEditor, reading_order


def ordered(editor: DocumentEditor) -> list[Span]:
    """Pending suggestions in reading order, one stop for twins over the same words."""
    pending = sorted(editor.suggestions.values(), key=reading_order)
    return one_per_words(pending, editor.document.text)


def twins_of(editor: DocumentEditor, suggestion: Span) -> list[Span]:
    """``suggestion`` and the pending suggestions over the same words."""
    pending = sorted(editor.suggestions.values(), key=reading_order)
    return twins(suggestion, pending, editor.document.text) or [suggestion]


def what(editor: DocumentEditor, suggestion: Span, group: list[Span] | None = None) -> str:
    """``QUOTE + CLAIM “…”``: a suggestion with its twins over the same words."""
    labels = " + ".join(s.label for s in group or twins_of(editor, suggestion))
    words = describe(suggestion, editor.document.text, 60)
    return labels + words.removeprefix(suggestion.label)


def following(editor: DocumentEditor, decided: Span) -> Span | None:
    """The first pending stop at or after where ``decided`` started (None: none left)."""
    return next((s for s in ordered(editor) if s.start >= decided.start), None)


def step_from(editor: DocumentEditor, current: Span | None, offset: int, delta: int) -> Span:
    """The stop ``delta`` away from ``current``, or from the cursor at ``offset``.

    There must be a pending suggestion; the order wraps around at both ends.
    """
    pending = ordered(editor)
    if current in pending:
        index = pending.index(current) + delta
    else:
        after = [i for i, s in enumerate(pending) if s.start >= offset]
        first = after[0] if after else 0
        index = first if delta > 0 else first - 1
    return pending[index % len(pending)]
