"""Markup in imported data is shown as the characters it is, never rendered.

Qt renders a label's, a tooltip's or a message box's text as HTML whenever it looks like
HTML (Qt.mightBeRichText): an imported title "<b>x</b>" would show as a bold "x", and a
"<img>" could even load a file. Each place that shows user text is checked for what a
person would actually see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot

from annotator import paths
from annotator.core.schema import ATTRIBUTE_KINDS, Attribute, LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.nlp.loading import Pipeline
from annotator.ui.dialogs.guidelines import GuidelinesDialog
from annotator.ui.panels.attribute_form import AttributeForm
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.recent_menu import RecentMenu
from tests.conftest import project_from_record
from tests.ui.fresh_settings import fresh_settings

__all__ = ["fresh_settings"]

TITLE = "<b>Bold</b> & <i>co</i> <img src='x'> <script>alert(1)</script> \u202eevil 😀"
QUOTE = "<b>Nothing</b> &amp; <a href='x'>nobody</a>"
SOURCE = "<i>the spokes­man</i>"
TEXT = f"Report.\n“{QUOTE}”, said {SOURCE} on Tuesday. <h1>Big</h1>\n"
WHO = "<b>alice</b> & <i>co</i>"


def shown(text: str) -> str:
    """What Qt displays for ``text`` where it may be rich text (labels, tooltips, boxes)."""
    if not Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    if label.textFormat() == Qt.TextFormat.RichText:
        return shown(f"<qt>{label.text()}</qt>")
    return shown(label.text())


@pytest.fixture
def hostile_project(tmp_path: Path, schema: LabelSchema, blank: Pipeline) -> Path:
    quote = TEXT.index(QUOTE)
    source = TEXT.index(SOURCE)
    spans = [
        {"start": quote, "end": quote + len(QUOTE), "label": "QUOTE"},
        {"start": source, "end": source + len(SOURCE), "label": "SOURCE"},
    ]
    link = {k: spans[0][k] for k in ("start", "end", "label")}
    record = {
        "text": TEXT,
        "meta": {"title": TITLE},
        "_annotator_id": WHO,
        "spans": spans,
        "relations": [
            {
                "head_span": link,
                "child_span": {k: spans[1][k] for k in ("start", "end", "label")},
                "label": "ATTRIBUTED_TO",
            }
        ],
    }
    return project_from_record(tmp_path / "<i>p<i> & co.annotator", schema, blank, record)


def test_titles_text_lists_and_tooltips_show_markup_as_text(
    open_window: type[MainWindow], hostile_project: Path, qtbot: QtBot
) -> None:
    window = open_window(hostile_project, WHO)
    window.open_row(0)
    assert label_shows(window.title_label) == " ".join(TITLE.split())
    assert window.view.toPlainText() == TEXT

    title = window.doc_model.index(0, 0)
    assert window.doc_model.data(title) == TITLE
    assert shown(window.doc_model.data(title, Qt.ItemDataRole.ToolTipRole)) == TITLE

    model = window.span_model
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    displayed = [model.data(index) for index in rows]
    assert any(QUOTE in text for text in displayed), displayed  # item views draw plain text
    for index in rows:
        tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert shown(tip) == tip

    window.tabs.setCurrentWidget(window.links_panel)
    table = window.links_panel.table
    assert table.rowCount() == 1
    cells = [table.item(0, column).text() for column in range(3)]
    assert QUOTE.split()[0] in cells[0]
    assert SOURCE in cells[2]

    assert label_shows(window.status.annotator_label) == f"Annotator: {WHO}"
    assert label_shows(window.status.project_label) == f"Project: {hostile_project.name}"


def test_undo_tooltip_and_menu_show_the_words_of_the_article(
    open_window: type[MainWindow], hostile_project: Path, qtbot: QtBot
) -> None:
    window = open_window(hostile_project, WHO)
    window.open_row(0)
    editor = window.controller.editor
    assert editor is not None
    quote = next(s for s in editor.spans.values() if s.label == "QUOTE")
    window.controller.select_span(quote)
    window.controller.delete_selected()
    toolbar_button = next(
        b for b in window.findChildren(QToolButton) if b.defaultAction() is window.commands.undo
    )
    words = " ".join(QUOTE.split())[:39].rstrip() + "…"
    assert shown(toolbar_button.toolTip()) == f"Undo Delete QUOTE “{words}”"
    # In the Edit menu an "&" of the article is a character, not a keyboard accelerator.
    assert window.commands.undo.text() == f"&Undo Delete QUOTE “{words.replace('&', '&&')}”"


def test_a_failed_job_shows_its_message_as_text(
    open_window: type[MainWindow], hostile_project: Path, qtbot: QtBot
) -> None:
    window = open_window(hostile_project, WHO)
    message = "permission denied: /data/<b>exports</b>/<img src='x'>.jsonl"
    window.jobs.job_failed(message, "Traceback …")
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == message
    box.close()


def test_import_rejections_naming_hostile_labels_show_as_text(
    open_window: type[MainWindow], hostile_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    from annotator.formats.readers import Rejection
    from annotator.jobs.importing import ImportReport

    window = open_window(hostile_project, WHO)
    report = ImportReport()
    reason = "span 1: label '<b>RUMOUR</b><img src=x>' is not in the project's schema"
    report.rejections.append(Rejection(str(tmp_path / "<i>in</i>.jsonl"), 3, reason))
    window.jobs.import_finished(report)
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert reason in box.text()
    assert "<i>in</i>.jsonl:3" in box.detailedText()
    box.close()
    window.queue.cancel_all()


def test_messages_naming_files_the_user_chose_show_them_as_typed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.ui.common.errors import tell

    seen: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box) or 0)
    tell(None, "New project", "/home/a/<b>x</b>.annotator exists already: open it instead.")
    (box,) = seen
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text().startswith("/home/a/<b>x</b>.annotator")


#: Values of the wrong kind for every attribute and field: JSONL import stores attribute
#: and field values as they come, so the window must show them without failing.
WRONG_KINDS = [2**70, -(2**40), "lots", [1, [2]], ["a", "b"], {"a": 1}, True, 1.5, "<b>x</b>"]


@pytest.mark.parametrize("value", WRONG_KINDS, ids=repr)
def test_values_of_the_wrong_kind_are_shown_without_failing(
    value: object,
    open_window: type[MainWindow],
    tmp_path: Path,
    schema: LabelSchema,
    blank: Pipeline,
    qtbot: QtBot,
) -> None:
    text = "“We will stay,” said the mayor. At least 12 people died, including 3 children."
    words = ["We will stay", "the mayor", "said", "At least 12 people", "3 children"]
    labels = ["QUOTE", "SOURCE", "CUE", "CASUALTY", "CASUALTY"]
    spans = []
    for part, label in zip(words, labels, strict=True):
        start = text.index(part)
        attrs = {a.name: value for a in schema.label(label).attributes}
        spans.append({"start": start, "end": start + len(part), "label": label, "attrs": attrs})
    ends = [{k: s[k] for k in ("start", "end", "label")} for s in spans]
    record = {
        "text": text,
        "_annotator_id": "alice",
        "spans": [
            *spans,
            {"start": 0, "end": 1, "label": "CLAIM", "attrs": {"check_worthy": value}},
        ],
        "relations": [
            {
                "head_span": ends[4],
                "child_span": ends[3],
                "label": "SUBSET_OF",
                "attrs": {"kind": value},
            },
            {"head_span": ends[0], "child_span": ends[1], "label": "ATTRIBUTED_TO"},
        ],
        "fields": {field.name: value for field in schema.fields},
    }
    path = project_from_record(tmp_path / "p.annotator", schema, blank, record)
    window = open_window(path, "alice")
    window.open_row(0)
    editor = window.controller.editor
    assert editor is not None
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        for span in list(editor.spans.values()):
            window.controller.select_span(span)
        qtbot.wait(1)
    window.links_panel.table.selectRow(0)
    window.links_panel.table.selectRow(1)


@pytest.mark.parametrize("value", [*WRONG_KINDS, ["a", ["b"], {"c": 1}, "b"]], ids=repr)
def test_the_attribute_form_shows_any_value_in_every_kind_of_input(
    value: object, qtbot: QtBot
) -> None:
    form = AttributeForm()
    qtbot.addWidget(form)
    attributes = [
        Attribute(kind, kind, ("a", "b") if kind in ("enum", "multi") else ())
        for kind in ATTRIBUTE_KINDS
    ]
    form.show_attributes(attributes, {kind: value for kind in ATTRIBUTE_KINDS})
    text = form.value("text")
    assert text == (None if value is None else str(value).strip() or None)
    number = form.value("int")
    assert number == (value if type(value) is int and abs(value) < 10_000_000 else None)
    assert form.value("multi") == (["a", "b"] if isinstance(value, list) and "a" in value else None)


#: What a shared project's schema may say in a description: markup, an image, an
#: ampersand, a line break and runs of spaces, all to be shown as typed.
DESCRIPTION = "<img src=x> <b>bold</b> & co\n  indented  line"


@pytest.fixture
def hostile_schema() -> LabelSchema:
    """The news schema with every description replaced, and every layer title in <i>."""
    source = paths.default_schema_path().read_text(encoding="utf-8")
    described = f"description = {json.dumps(DESCRIPTION)}"  # a TOML string, escapes and all
    source = re.sub(r'^description = ".*"$', lambda _: described, source, flags=re.M)
    source = re.sub(r'^title = "(.*)"$', r'title = "<i>\1</i>"', source, flags=re.M)
    return parse_schema(source)


def test_schema_descriptions_show_as_typed_in_tooltips_and_guidelines(
    open_window: type[MainWindow],
    hostile_schema: LabelSchema,
    tmp_path: Path,
    blank: Pipeline,
    qtbot: QtBot,
) -> None:
    text = 'Ahmed Zubair said "we will stay" on Monday.'
    spans = [
        {"start": 0, "end": 12, "label": "PERSON"},
        {"start": 18, "end": 32, "label": "QUOTE", "attrs": {"type": "direct"}},
    ]
    record = {"text": text, "_annotator_id": "alice", "spans": spans}
    path = project_from_record(tmp_path / "p.annotator", hostile_schema, blank, record)
    window = open_window(path, "alice")
    window.open_row(0)

    for label in hostile_schema.labels:
        key = f" ({label.key.upper()})" if label.key else ""
        tip = window.label_palette.buttons[label.name].toolTip()
        assert shown(tip) == f"{label.name}{key}: {DESCRIPTION}", label.name

    editor = window.controller.editor
    assert editor is not None
    quote = next(s for s in editor.spans.values() if s.label == "QUOTE")
    window.tabs.setCurrentWidget(window.span_panel)
    window.controller.select_span(quote)
    inputs = window.span_panel.form.inputs
    quote_label = hostile_schema.label("QUOTE")
    assert quote_label is not None
    assert set(inputs) == {a.name for a in quote_label.attributes}
    for name, widget in inputs.items():
        assert shown(widget.toolTip()) == DESCRIPTION, name

    for field in hostile_schema.fields:
        assert shown(window.document_panel.editors[field.name].toolTip()) == DESCRIPTION

    assert "<i>Named entities</i>: solid underline" in shown(window.legend.toolTip())

    window.show_guidelines()
    guidelines = window.findChild(GuidelinesDialog)
    assert isinstance(guidelines, GuidelinesDialog)
    described = [
        *(label.description for label in hostile_schema.labels),
        *(field.description for field in hostile_schema.fields),
        *(relation.description for relation in hostile_schema.relations),
        *(a.description for label in hostile_schema.labels for a in label.attributes),
        *(a.description for r in hostile_schema.relations for a in r.attributes),
    ]
    expected = described.count(DESCRIPTION)
    # The guidelines are a page of rich text of their own: white space folds there.
    assert guidelines.browser.toPlainText().count(" ".join(DESCRIPTION.split())) == expected
    assert "<i>Named entities</i>" in guidelines.browser.toPlainText()
    guidelines.close()


def test_recent_projects_named_with_markup_show_their_names_as_typed(
    open_window: type[MainWindow], hostile_project: Path, fresh_settings: QSettings
) -> None:
    window = open_window(hostile_project, WHO)
    menu = window.findChild(RecentMenu)
    assert isinstance(menu, RecentMenu)
    menu.refresh()
    (entry,) = [a for a in menu.actions() if a.text().endswith(hostile_project.name)]
    assert shown(entry.toolTip()) == str(hostile_project.resolve())
