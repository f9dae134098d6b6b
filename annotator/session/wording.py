"""How a span is named to people: in the undo menu, the status bar and the panels."""

from __future__ import annotations

from annotator.core.model import Span

#: Marks that open or close a quotation in the articles (straight, curly, low, guillemets).
QUOTE_MARKS = frozenset("\"'“”„‘’‚«»‹›")


def describe(span: Span, text: str, limit: int = 40) -> str:
    """``LABEL “the text…”`` for undo menus and the status bar."""
    words = " ".join(span.text_in(text).split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    if words[:1] in QUOTE_MARKS or words.rstrip("…")[-1:] in QUOTE_MARKS:
        return f"{span.label} {words}"  # a quote shows its own marks; ours would double them
    return f"{span.label} “{words}”"
