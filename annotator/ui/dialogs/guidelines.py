"""The annotation guidelines, written from the project's schema."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.colour import readable_text
from annotator.core.schema import Attribute, LabelSchema


def _attributes(attributes: tuple[Attribute, ...]) -> str:
    if not attributes:
        return ""
    rows = []
    for a in attributes:
        values = f": {escape(' / '.join(a.values))}" if a.values else ""
        default = f" (default {escape(str(a.default))})" if a.default is not None else ""
        required = " <i>required</i>" if a.required else ""
        note = f" — {escape(a.description)}" if a.description else ""
        rows.append(f"<li><b>{escape(a.name)}</b> [{a.kind}]{values}{default}{required}{note}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def guidelines_html(schema: LabelSchema) -> str:
    """Every layer's labels with key, description and attributes; relations; fields."""
    parts = [f"<h2>Annotation guidelines: {escape(schema.name)} schema</h2>"]
    for layer in schema.layers:
        parts.append(f"<h3>{escape(layer.title)}</h3><dl>")
        for label in (lab for lab in schema.labels if lab.layer == layer.name):
            key = f" <code>[{label.key.upper()}]</code>" if label.key else ""
            parts.append(
                f"<dt><span style='background-color:{label.colour}; "
                f"color:{readable_text(label.colour)}'>&nbsp;{escape(label.name)}"
                f"&nbsp;</span>{key}</dt><dd>{escape(label.description)}"
                f"{_attributes(label.attributes)}</dd>"
            )
        parts.append("</dl>")
    if schema.relations:
        parts.append("<h3>Links</h3><dl>")
        for relation in schema.relations:
            key = f" <code>[{relation.key.upper()}]</code>" if relation.key else ""
            ends = f"{', '.join(relation.heads)} → {', '.join(relation.children)}"
            parts.append(
                f"<dt><b>{escape(relation.name)}</b>{key}: {escape(ends)}</dt>"
                f"<dd>{escape(relation.description)}{_attributes(relation.attributes)}</dd>"
            )
        parts.append("</dl>")
    if schema.fields:
        parts.append("<h3>Document fields</h3><ul>")
        for field in schema.fields:
            values = f": {escape(' / '.join(field.values))}" if field.values else ""
            parts.append(
                f"<li><b>{escape(field.name)}</b>{values} — {escape(field.description)}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


class GuidelinesDialog(QDialog):
    """A non-modal window with the guidelines, to keep open beside the article."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation guidelines")
        self.resize(640, 720)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guidelines_html(schema))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
