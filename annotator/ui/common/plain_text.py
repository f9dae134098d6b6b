"""User text in tooltips, shown as the characters it is: one helper for every tooltip.

Qt renders a tooltip as HTML whenever ``Qt.mightBeRichText`` thinks it looks like HTML,
so a schema description "<img src=x>" from a shared project would show an image (or
try to load a file) and "<b>x</b>" a bold "x". Such text is escaped inside a paragraph
that says it is rich text, so that Qt shows its characters; ``pre-wrap`` keeps its line
breaks and spaces, which rich text would otherwise fold into one. Text Qt would show as
plain text anyway is left as it is.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import Qt

from annotator.core.schema import Label


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it literally ("" stays "": no tooltip)."""
    if not Qt.mightBeRichText(text):  # the very test QToolTip applies
        return text
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def label_tooltip(label: Label) -> str:
    """A label's tooltip in the palette and its menu: name, key and description."""
    key_note = f" ({label.key.upper()})" if label.key else ""
    return plain_tooltip(f"{label.name}{key_note}: {label.description}")
