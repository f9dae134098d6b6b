"""The article view: highlights land on the right characters, emoji included."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from annotator.core.model import Span
from annotator.ui.article.view import ArticleView

TEXT = "Crowds 🙏🙏 gathered.\n\n“Stop,” said Léa 😀 Moreau-Dąbrowska.\nLast 🙏 line"
COLOURS = {"PERSON": "#ffc48a", "QUOTE": "#b6e3e9"}


def _view(qtbot: QtBot, spans: list[Span]) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_colours(COLOURS)
    view.show_text(TEXT, spans)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def _painted_text(view: ArticleView, colour: str) -> list[str]:
    """The text under each highlight of ``colour``, read back from Qt's layout."""
    found = []
    block = view.document().begin()
    while block.isValid():
        units = block.text().encode("utf-16-le")  # Qt's positions count UTF-16 units
        for fmt in block.layout().formats():
            if fmt.format.background().color() == QColor(colour):
                piece = units[2 * fmt.start : 2 * (fmt.start + fmt.length)]
                found.append(piece.decode("utf-16-le"))
        block = block.next()
    return found


def test_spans_after_astral_characters_paint_the_right_text(qtbot: QtBot) -> None:
    name = TEXT.index("Léa")
    last = TEXT.index("line")
    view = _view(
        qtbot,
        [
            Span(name, name + len("Léa 😀 Moreau-Dąbrowska"), "PERSON"),
            Span(last, last + 4, "PERSON"),
        ],
    )
    assert _painted_text(view, COLOURS["PERSON"]) == ["Léa 😀 Moreau-Dąbrowska", "line"]


def test_a_span_across_paragraphs_is_painted_in_each(qtbot: QtBot) -> None:
    start = TEXT.index("gathered")
    end = TEXT.index(" said")
    view = _view(qtbot, [Span(start, end, "QUOTE")])
    assert _painted_text(view, COLOURS["QUOTE"]) == ["gathered.", "“Stop,”"]


def test_selection_converts_back_to_code_points(qtbot: QtBot) -> None:
    view = _view(qtbot, [])
    start = TEXT.index("Moreau")
    view.select_range(start, start + 6)
    assert view.selected_range() == (start, start + 6)
    assert view.textCursor().selectedText() == "Moreau"


def test_update_repaints_only_and_exactly_the_changed_span(qtbot: QtBot) -> None:
    view = _view(qtbot, [])
    last = TEXT.index("line")
    span = Span(last, last + 4, "QUOTE")
    view.update_spans([span], [span])
    assert _painted_text(view, COLOURS["QUOTE"]) == ["line"]
    view.update_spans([], [span])
    assert _painted_text(view, COLOURS["QUOTE"]) == []


def _long_text(words: int) -> str:
    """A book-length text with astral characters throughout, so UTF-16 and code points
    drift further apart the further in a span is."""
    sentence = "Léa 😀 Moreau-Dąbrowska said the 🙏 talks in Kandar would resume."
    per_paragraph = 6
    paragraphs = []
    count = 0
    while count < words:
        paragraphs.append(" ".join([sentence] * per_paragraph))
        count += per_paragraph * len(sentence.split())
    return "\n\n".join(paragraphs)


def test_spans_at_the_end_of_a_75000_word_text_paint_the_right_characters(
    qtbot: QtBot,
) -> None:
    text = _long_text(75_000) + "\n\nThe final 😀 words."
    last = text.rindex("words")
    near_end = text.rindex("Moreau-Dąbrowska")
    spans = [Span(last, last + len("words"), "PERSON"), Span(near_end, near_end + 6, "QUOTE")]
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_colours(COLOURS)
    view.resize(600, 400)
    view.show_text(text, spans)
    view.show()
    qtbot.waitExposed(view)
    # Scroll to the end so that Qt lays out and highlights the last blocks.
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    assert len(text.split()) > 75_000
    assert _painted_text(view, COLOURS["PERSON"]) == ["words"]
    assert _painted_text(view, COLOURS["QUOTE"]) == ["Moreau"]
    view.select_range(last, last + len("words"))
    assert view.selected_range() == (last, last + len("words"))
    assert view.textCursor().selectedText() == "words"


def test_paragraphs_one_per_line_are_set_apart_and_keep_their_offsets(qtbot: QtBot) -> None:
    text = "First 😀 paragraph.\nSecond paragraph.\n\nThird, after an empty line."
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.set_colours(COLOURS)
    view.show_text(text, [Span(text.index("Second"), text.index("Second") + 6, "PERSON")])
    view.show()
    qtbot.waitExposed(view)
    first = view.document().firstBlock()
    second, empty = first.next(), first.next().next()
    line = first.layout().lineAt(0).height()
    text_bottom = view.blockBoundingGeometry(first).top() + first.layout().boundingRect().height()
    gap = view.blockBoundingGeometry(second).top() - text_bottom
    assert gap >= line / 2  # a visible space between the first two paragraphs
    # An empty line parts the second and the third already: nothing is added there.
    assert view.blockBoundingRect(second).height() == second.layout().boundingRect().height()
    assert view.blockBoundingRect(empty).height() == empty.layout().boundingRect().height()
    # The text is unchanged, and positions still map to the right characters.
    assert view.toPlainText() == text
    start = text.index("paragraph", text.index("Second"))
    view.select_range(start, start + 9)
    assert view.selected_range() == (start, start + 9)
    assert view.textCursor().selectedText() == "paragraph"
    cursor = view.textCursor()
    cursor.setPosition(view.to_position(start + 4))
    middle = view.cursorRect(cursor).center()  # a click there lands on the same character
    assert view.to_offset(view.cursorForPosition(middle).position()) == start + 4
    assert view.labels_at(text.index("Second")) == ["PERSON"]


def test_the_headline_is_a_heading_and_its_spans_are_painted_on_it(qtbot: QtBot) -> None:
    text = "Blast 🙏 kills at least 12\n\nA blast at a market killed at least 12 people."
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_colours(COLOURS)
    figure = Span(text.index("at least 12"), text.index("at least 12") + 11, "QUOTE")
    view.show_text(text, [figure], headline=text.index("\n"))
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    first, body = view.document().firstBlock(), view.document().firstBlock().next().next()
    heading = [f for f in first.layout().formats() if f.format.fontWeight() == 700]
    # The whole headline is bold (the emoji counts two UTF-16 units), the span on it too.
    assert sum(f.length for f in heading) == len(first.text().encode("utf-16-le")) // 2
    assert _painted_text(view, COLOURS["QUOTE"]) == ["at least 12"]
    assert all(f.format.fontWeight() != 700 for f in body.layout().formats())
