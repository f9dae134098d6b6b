"""How a label is marked beyond its colour: a line per layer, dark text, a tag letter.

Colour alone fails people with a colour-vision deficiency, so every span also carries
its layer's line (the legend shows the same), and the palette and legend show each
label's key. The marks chosen stay clear of the view's other marks: suggestions have a
dashed underline, spans linked to the selected one a dotted navy underline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextFormat

from annotator.core.colour import readable_text
from annotator.core.schema import LabelSchema

Underline = QTextCharFormat.UnderlineStyle


@dataclass(frozen=True)
class LayerMark:
    """The line under (and maybe over) every span of a layer."""

    underline: Underline
    overline: bool
    name: str  # as the legend and the guide describe it


#: By the layer's position in the schema (the news schema: entities, quotes and
#: sources, claims, casualty figures); a schema with more layers reuses them in turn.
LAYER_MARKS: tuple[LayerMark, ...] = (
    LayerMark(Underline.SingleUnderline, False, "solid underline"),
    LayerMark(Underline.DashDotLine, False, "dash-dot underline"),
    LayerMark(Underline.WaveUnderline, False, "wavy underline"),
    LayerMark(Underline.SingleUnderline, True, "line over and under"),
)
#: Spans of a label the schema no longer has: no layer, no line.
NO_MARK = LayerMark(Underline.NoUnderline, False, "no line")

#: Where a span's format keeps its label, for the article's tooltips.
LABEL_PROPERTY = QTextFormat.Property.UserProperty + 1


def layer_marks(schema: LabelSchema) -> dict[str, LayerMark]:
    """Each label's mark, from its layer's position in the schema."""
    position = {layer.name: i for i, layer in enumerate(schema.layers)}
    return {
        label.name: LAYER_MARKS[position.get(label.layer, 0) % len(LAYER_MARKS)]
        for label in schema.labels
    }


def tag(schema: LabelSchema) -> dict[str, str]:
    """Each label's key as shown on screen (upper case), "" for a label without one."""
    return {label.name: label.key.upper() for label in schema.labels}


def span_format(label: str, colour: str, mark: LayerMark) -> QTextCharFormat:
    """An annotation's format: its colour, dark (or light) text that stays readable on it
    in either theme, and its layer's line in a darker shade of the colour."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(colour))
    fmt.setForeground(QColor(readable_text(QColor(colour).name())))
    if mark.underline != Underline.NoUnderline:
        fmt.setUnderlineStyle(mark.underline)
        fmt.setUnderlineColor(line_colour(colour))
    if mark.overline:
        fmt.setFontOverline(True)
    fmt.setProperty(LABEL_PROPERTY, label)
    return fmt


def suggestion_format(label: str, colour: str) -> QTextCharFormat:
    """A suggestion's format: a paler tint with a dashed underline, so that it never
    passes for an annotation (nor for another's absence)."""
    pale = QTextCharFormat()
    tint = QColor(colour)
    tint.setAlpha(95)
    pale.setBackground(tint)
    pale.setUnderlineStyle(Underline.DashUnderline)
    pale.setUnderlineColor(line_colour(colour))
    pale.setProperty(LABEL_PROPERTY, f"{label} (suggested)")
    return pale


def line_colour(colour: str) -> QColor:
    return QColor(colour).darker(220)


def marks_by_label(
    colours: Mapping[str, str], marks: Mapping[str, LayerMark] | None
) -> dict[str, LayerMark]:
    """``marks`` for the labels of ``colours``; the first layer's mark when none is known."""
    return {label: (marks or {}).get(label, LAYER_MARKS[0]) for label in colours}
