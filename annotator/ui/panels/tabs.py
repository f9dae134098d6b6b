"""The panels under the article, as tabs: span, spans, links, casualties, document."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

from annotator.core.schema import LabelSchema
from annotator.ui.panels.casualty_panel import CasualtyPanel
from annotator.ui.panels.document_panel import DocumentPanel
from annotator.ui.panels.links_panel import LinksPanel
from annotator.ui.panels.span_list import SpanListModel, SpanTable
from annotator.ui.panels.span_panel import SpanPanel


class PanelTabs(QScrollArea):
    """The tabs, in a scroll area.

    A splitter keeps a pane as tall as its minimum, and the tabs' minimum (their tallest
    page's) grew when a hidden panel filled up, so the article jumped as its tab was
    shown. In a scroll area a page taller than the pane scrolls instead.
    """

    def __init__(self, schema: LabelSchema, colours: dict[str, str]) -> None:
        super().__init__()
        self.span_model = SpanListModel(colours)
        self.span_model.setParent(self)  # Qt owns it: never collected from another thread
        self.span_list = SpanTable(self.span_model)
        self.span_panel = SpanPanel(schema)
        self.links_panel = LinksPanel(schema)
        self.casualty_panel = CasualtyPanel()
        self.document_panel = DocumentPanel(schema)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title in (
            (self.span_panel, "Span"),
            (self.span_list, "Spans"),
            (self.links_panel, "Links"),
            (self.casualty_panel, "Casualties"),
            (self.document_panel, "Document"),
        ):
            self.tabs.addTab(widget, title)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(self.tabs)

    def put_first(self, widget: QWidget, title: str) -> None:
        """A tab before the others, shown (the units of review mode)."""
        self.tabs.insertTab(0, widget, title)
        self.tabs.setCurrentIndex(0)
