"""Spans whose label a schema change removed (and kept): grey, named, relabelled by a key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.store.db import open_project
from annotator.store.migrations import SCHEMA_VERSION
from annotator.store.schema_change import apply_change, plan_change
from annotator.ui.article.palette import UNKNOWN_COLOUR
from annotator.ui.window.main_window import MainWindow
from tests.project_files import project_at_version, without


def _background(window: MainWindow, start: int, end: int) -> set[str]:
    """The colours painted over [start, end) of the first line of the article."""
    layout = window.view.document().findBlockByNumber(0).layout()
    return {
        r.format.background().color().name()
        for r in layout.formats()
        if r.start < end and r.start + r.length > start
    }


def test_a_span_of_a_removed_label_is_shown_grey_with_its_label(
    qtbot: QtBot, tmp_path: Path, schema: LabelSchema
) -> None:
    """alice's PERSON span, after a schema change that dropped PERSON and kept its spans."""
    path = project_at_version(tmp_path / "p.annotator", SCHEMA_VERSION, schema)
    db = open_project(path)
    new = parse_schema(without(schema.source, "labels", "PERSON"))
    apply_change(db, plan_change(db, new, {}), "keep")
    db.conn.close()

    window = MainWindow(path, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.editor
    assert editor is not None
    person = next(s for s in editor.spans.values() if s.label == "PERSON")
    quote = next(s for s in editor.spans.values() if s.label == "QUOTE")
    qtbot.waitUntil(lambda: bool(window.view.document().findBlockByNumber(0).layout().formats()))
    assert _background(window, person.start, person.end) == {QColor(UNKNOWN_COLOUR).name()}
    assert _background(window, quote.start, quote.end) == {
        QColor(new.label("QUOTE").colour).name()  # type: ignore[union-attr]
    }
    assert "PERSON (not in the schema)" in window.legend.text()
    rows = [window.span_model.data(window.span_model.index(i)) for i in range(2)]
    assert any(row.startswith("PERSON") for row in rows)
    window.controller.select_span(person)
    assert "PERSON is not in the project's schema" in window.span_panel.heading.text()
    # A label key gives it a label of the schema, like any span.
    window.apply_label("ORG")
    assert editor.spans[person.id or 0].label == "ORG"
    assert _background(window, person.start, person.end) == {
        QColor(new.label("ORG").colour).name()  # type: ignore[union-attr]
    }
    window.close()
    window.queue.wait()
