"""Each panel shows what an operation changed, fed the session's ``Changes``: no window.

The session (annotator/session/) is real, on an in-memory project; the panels are real
widgets. A panel hidden behind another tab catches up when it is shown, not before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.project import Project
from annotator.session.selection import select
from annotator.ui.article.palette import Legend, SuggestionCount
from annotator.ui.article.view import ArticleView
from annotator.ui.panels.casualty_panel import CasualtyPanel
from annotator.ui.panels.document_panel import DocumentPanel
from annotator.ui.panels.links_panel import LinksPanel
from annotator.ui.panels.span_list import SpanListModel, SpanTable
from annotator.ui.panels.span_panel import SpanPanel

TEXT = (
    "Officials said at least 12 people were killed in Kabul on Monday. "
    "“We will rebuild,” said Mayor Ahmad Shah."
)


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def session(db: Database, blank: Pipeline, tmp_path: Path) -> Iterator[DocumentSession]:
    """alice's session of one tokenized article, on an in-memory project."""
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": TEXT, "meta": {"title": "Kabul"}}) + "\n", "utf-8")
    import_files(db, [source], pipeline=blank)
    project = Project(Path(":memory:"), db, "alice")
    return project.session(1)


def _tabs(qtbot: QtBot, *pages: tuple[object, str]) -> QTabWidget:
    """The pages as tabs, shown, the first one current (keep it: qtbot holds it weakly)."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    for page, title in pages:
        tabs.addTab(page, title)  # type: ignore[arg-type]
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs


def test_the_span_list_adds_relabels_and_removes_rows_as_spans_change(
    session: DocumentSession, schema: LabelSchema, qtbot: QtBot
) -> None:
    model = SpanListModel({label.name: label.colour for label in schema.labels})
    model.show_changes(session, Changes.everything(session.doc_id, opened=True))
    assert model.rowCount() == 0
    model.show_changes(session, session.label(*_at("at least 12 people"), "CASUALTY"))
    model.show_changes(session, session.label(*_at("Mayor Ahmad Shah"), "SOURCE"))
    assert [model.data(model.index(r)) for r in range(2)] == [
        "CASUALTY  at least 12 people",
        "SOURCE  Mayor Ahmad Shah",
    ]
    shah = next(s for s in session.editor.spans.values() if s.label == "SOURCE")
    model.show_changes(session, session.relabel(shah.id or 0, "PERSON"))
    assert model.data(model.index(1)) == "PERSON  Mayor Ahmad Shah"
    model.show_changes(session, session.undo())  # back to SOURCE
    model.show_changes(session, session.delete(shah.id or 0))
    assert model.rowCount() == 1
    table = SpanTable(model)
    qtbot.addWidget(table)
    figure = next(iter(session.editor.spans.values()))
    table.show_selection(select(session.editor, figure))
    assert table.currentIndex().row() == 0


def test_the_casualty_table_fills_when_a_figure_is_marked(
    session: DocumentSession, qtbot: QtBot
) -> None:
    panel = CasualtyPanel()
    tabs = _tabs(qtbot, (panel, "Casualties"))
    assert tabs.currentWidget() is panel
    panel.show_changes(session, session.label(*_at("at least 12 people"), "CASUALTY"))
    assert panel.table.rowCount() == 1
    cells = [panel.table.item(0, c).text() for c in range(5)]  # type: ignore[union-attr]
    assert cells == ["at least 12 people", "killed", "unknown", "12", "12"]  # read off the text


def test_a_hidden_links_panel_catches_up_when_its_tab_is_shown(
    session: DocumentSession, schema: LabelSchema, qtbot: QtBot
) -> None:
    links = LinksPanel(schema)
    tabs = _tabs(qtbot, (SpanPanel(schema), "Span"), (links, "Links"))
    quote = session.label(*_at("“We will rebuild,”"), "QUOTE").select
    source = session.label(*_at("Mayor Ahmad Shah"), "SOURCE").select
    assert quote is not None
    assert source is not None
    linked = session.link(quote.id or 0, source.id or 0, "ATTRIBUTED_TO")
    links.show_changes(session, linked)
    assert links.table.rowCount() == 0  # hidden: nothing rebuilt yet
    tabs.setCurrentWidget(links)
    assert links.table.rowCount() == 1
    row = [links.table.item(0, c).text() for c in range(3)]  # type: ignore[union-attr]
    assert row == ["QUOTE “We will rebuild,”", "ATTRIBUTED_TO", "SOURCE “Mayor Ahmad Shah”"]
    links.show_changes(session, session.undo())  # shown: rebuilt at once
    assert links.table.rowCount() == 0


def test_the_document_panel_shows_fields_and_status_but_not_a_field_it_was_not_told_of(
    session: DocumentSession, schema: LabelSchema, qtbot: QtBot
) -> None:
    panel = DocumentPanel(schema)
    tabs = _tabs(qtbot, (panel, "Document"))
    assert tabs.currentWidget() is panel
    panel.show_changes(session, session.set_field("note", "check the toll"))
    assert panel.editors["note"].toPlainText() == "check the toll"  # type: ignore[attr-defined]
    assert panel.status.currentText() == "todo"
    panel.show_changes(session, session.set_status(Status.DONE))
    assert panel.status.currentText() == "done"
    session.set_field("note", "changed elsewhere")  # no Changes given to the panel
    assert panel.editors["note"].toPlainText() == "check the toll"  # type: ignore[attr-defined]


def test_the_legend_and_the_suggestion_count_recount(
    session: DocumentSession, schema: LabelSchema, qtbot: QtBot
) -> None:
    legend = Legend({label.name: label.colour for label in schema.labels}, schema)
    count = SuggestionCount()
    for widget in (legend, count):
        qtbot.addWidget(widget)
    changes = session.label(*_at("Kabul"), "GPE")
    legend.show_changes(session, changes)
    count.show_changes(session, changes)
    assert "GPE" in legend.text()
    assert "1" in legend.text()
    assert count.text() == "0 suggestions"


def test_the_article_shows_a_document_opened_and_paints_a_new_span(
    session: DocumentSession, schema: LabelSchema, qtbot: QtBot
) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_colours({label.name: label.colour for label in schema.labels})
    view.show_changes(session, Changes.everything(session.doc_id, opened=True))
    assert view.toPlainText() == TEXT
    assert view.labels_at(TEXT.index("Kabul") + 1) == []
    changes = session.label(*_at("Kabul"), "GPE")
    view.show_changes(session, changes)
    assert view.labels_at(TEXT.index("Kabul") + 1) == ["GPE"]
    view.show_selection(select(session.editor, changes.select))
    assert len(view.extraSelections()) == 1  # the selected span is marked
