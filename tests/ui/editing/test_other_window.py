"""Two windows of one annotator on one project: an edit of what the other window deleted.

The edit is refused by the project (the span or link is gone); the window says so, reads
the document again, shows nothing that is not saved and keeps no step it cannot undo.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.ui.window.main_window import MainWindow
from tests.conftest import project_from_record
from tests.ui.window.test_main_window import _rows

Make = Callable[..., MainWindow]

TEXT = "Gen. Ahmed Zubair said the army would stay. Negotiators met again on Tuesday."


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    return project_from_record(
        tmp_path / "two.annotator", schema, blank, {"text": TEXT, "meta": {"title": "t"}}
    )


@pytest.fixture
def windows(open_window: Make, project: Path) -> tuple[MainWindow, MainWindow]:
    """Two windows of alice on the one project."""
    return open_window(project), open_window(project)


def _quote_deleted_elsewhere(
    windows: tuple[MainWindow, MainWindow], qtbot: QtBot, words: str
) -> Span:
    """The first window marks ``words`` as a QUOTE, the second deletes it; the first is active."""
    first, second = windows
    quote = _label(first, qtbot, words, Qt.Key.Key_Q)
    _delete_elsewhere(second, qtbot, quote)
    _activate(first, qtbot)
    return quote


def _activate(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()


def _label(window: MainWindow, qtbot: QtBot, words: str, key: Qt.Key) -> Span:
    """Select ``words`` in the window and press a label key; the span it made."""
    _activate(window, qtbot)
    start = TEXT.index(words)
    window.view.select_range(start, start + len(words))
    window.view.setFocus()
    qtbot.keyClick(window.view, key)
    assert window.editor is not None
    return next(s for s in window.editor.spans.values() if s.start == start)


def _delete_elsewhere(other: MainWindow, qtbot: QtBot, span: Span) -> None:
    """The other window reads the document again and deletes the span."""
    other.controller.reload()
    assert other.editor is not None
    _activate(other, qtbot)
    other.controller.select_span(other.editor.spans[span.id or 0])
    other.view.setFocus()
    qtbot.keyClick(other.view, Qt.Key.Key_Delete)
    assert (span.label, span.start, span.end) not in _rows(other)


def _told_and_reread(window: MainWindow, qtbot: QtBot, gone: Span) -> None:
    """The status bar says why; the window no longer shows the span; no step is left."""
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved:")
    assert "deleted in another window" in message
    assert window.editor is not None
    qtbot.waitUntil(lambda: gone.id not in window.editor.spans)  # type: ignore[union-attr]
    assert window.span_model.rowCount() == len(window.editor.spans)
    assert window.controller.session is not None
    stack = window.controller.session.history
    assert (stack.done + stack.undone) == 0  # its steps named what is gone


def test_relabelling_a_span_another_window_deleted_says_so_and_leaves_no_phantom(
    windows: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    first = windows[0]
    quote = _quote_deleted_elsewhere(windows, qtbot, "Negotiators")
    first.controller.select_span(quote)
    first.view.setFocus()
    qtbot.keyClick(first.view, Qt.Key.Key_S)  # relabel as SOURCE: the span is gone
    _told_and_reread(first, qtbot, quote)
    assert _rows(first) == []  # nothing saved under either label


def test_linking_to_a_span_another_window_deleted_says_so(
    windows: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    first, second = windows
    quote = _label(first, qtbot, "the army would stay", Qt.Key.Key_Q)
    source = _label(first, qtbot, "Gen. Ahmed Zubair", Qt.Key.Key_S)
    _delete_elsewhere(second, qtbot, source)

    _activate(first, qtbot)
    first.controller.select_span(quote)
    first.controller.link_to(source, "ATTRIBUTED_TO")
    _told_and_reread(first, qtbot, source)
    assert first.editor is not None
    assert first.editor.relations == {}
    assert ("QUOTE", quote.start, quote.end) in _rows(first)  # the quote itself stays


def test_an_attribute_of_a_span_another_window_deleted_is_not_shown_as_saved(
    windows: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    first = windows[0]
    quote = _quote_deleted_elsewhere(windows, qtbot, "the army would stay")
    first.controller.select_span(quote)
    first.controller.set_attribute("type", "indirect")
    _told_and_reread(first, qtbot, quote)


def test_undoing_a_label_another_window_deleted_meanwhile_reads_the_document_again(
    windows: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    first = windows[0]
    quote = _quote_deleted_elsewhere(windows, qtbot, "Negotiators")
    first.commands.undo.trigger()  # undo "Add QUOTE": the span is already gone
    _told_and_reread(first, qtbot, quote)
