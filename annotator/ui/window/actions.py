"""Making actions: one place decides how shortcuts appear in menus and tooltips.

Every action of the window is made here, once, into a ``WindowActions`` record; the
menus and the toolbar (menus.py) are built from that record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.schema import LabelSchema
from annotator.ui.article.palette import swatch
from annotator.ui.common.icons import set_icon
from annotator.ui.common.plain_text import label_tooltip, plain_tooltip
from annotator.ui.dialogs.merge_dialog import merge_dialog
from annotator.ui.dialogs.restore_dialog import restore_from_backup
from annotator.ui.window.host import MainWindowHost
from annotator.ui.window.navigation import done_and_next, step
from annotator.ui.window.other_windows import new_project_dialog, open_project_dialog, switch_mode


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    keys: list[str] | None = None,
    role: str | None = None,
    tip: str = "",
) -> QAction:
    """An action with its icon, shortcuts, and a tooltip that names the first shortcut."""
    action = QAction(text, parent)
    if role:
        set_icon(action, role)  # re-inked when the theme changes
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(plain_tooltip(f"{tip or text.replace('&', '').rstrip('.…')} ({shown})"))
    action.triggered.connect(slot)
    parent.addAction(action)  # shortcuts work with the menu bar hidden, too
    return action


def view_action(
    targets: Sequence[QWidget],
    text: str,
    slot: Callable[[], object],
    keys: list[str] | None = None,
    role: str | None = None,
    tip: str = "",
    data: object = None,
) -> QAction:
    """An action whose shortcut works only while one of ``targets`` has the focus.

    For single-key shortcuts: in a text field the same key must type, not act.
    """
    action = make_action(targets[0], text, slot, keys, role, tip)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setData(data)
    for widget in targets[1:]:
        widget.addAction(action)
    return action


def label_actions(
    targets: Sequence[QWidget], schema: LabelSchema, slot: Callable[[], object]
) -> dict[str, QAction]:
    """One action per label, keyed by name; the label name is the action's data."""
    actions: dict[str, QAction] = {}
    for label in schema.labels:
        action = view_action(
            targets,
            label.name,
            slot,
            [label.key.upper()] if label.key else None,
            data=label.name,
        )
        action.setIcon(swatch(label.colour))
        action.setToolTip(label_tooltip(label))
        actions[label.name] = action
    return actions


@dataclass
class WindowActions:
    """Every action of the window, made once; menus and the toolbar share them."""

    new: QAction
    open: QAction
    import_: QAction
    export: QAction
    merge: QAction
    review_mode: QAction
    agreement: QAction
    ledger: QAction
    restore: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    delete: QAction
    attributes: QAction
    cancel: QAction
    filter: QAction
    done: QAction
    next_document: QAction
    previous_document: QAction
    guidelines: QAction
    train: QAction
    models: QAction
    labels: dict[str, QAction]
    links: list[QAction]
    suggestions: list[QAction]  # accept, reject, accept all, next, previous
    review: list[QAction] = field(default_factory=list)
    view_menu: QMenu | None = None

    @property
    def editing(self) -> list[QAction]:
        """Everything that writes to the project: disabled together when it is read-only."""
        return [
            self.import_,
            self.undo,
            self.redo,
            self.delete,
            self.attributes,
            self.done,
            *self.labels.values(),
            *self.links,
            *self.suggestions[:3],  # accept, reject, accept all (not next / previous)
            self.review_mode,
            self.restore,
            self.train,
        ]

    def show_history(self, undo: str, redo: str, *, writable: bool = True) -> None:
        """Name the step Undo and Redo would take, as plain text (never markup)."""
        for action, prefix, text in ((self.undo, "Undo", undo), (self.redo, "Redo", redo)):
            # An "&" stays a character, not a keyboard accelerator, and a "<b>" in the
            # tooltip stays those characters (Qt renders a tooltip that looks like HTML).
            action.setText(f"&{prefix} {text.replace('&', '&&')}" if text else f"&{prefix}")
            action.setToolTip(f"<p>{escape(f'{prefix} {text}' if text else prefix)}</p>")
            action.setEnabled(bool(text) and writable)


def make_window_actions(window: MainWindowHost) -> WindowActions:
    """Every action of the window, connected to what it does."""
    return WindowActions(
        **_file_actions(window),
        **_project_actions(window),
        **_edit_actions(window),
        **_model_actions(window),
        labels=label_actions(key_targets(window), window.schema, window.label_triggered),
        links=_link_actions(window),
        suggestions=_suggestion_actions(window),
    )


def key_targets(window: MainWindowHost) -> tuple[QWidget, QWidget]:
    """Single keys act only where the article or the span list has the focus, so that
    typing in a panel's field never labels or deletes anything."""
    return (window.view, window.span_list)


def _file_actions(window: MainWindowHost) -> dict[str, Any]:
    jobs = window.jobs
    return {
        "new": make_action(
            window.window(),
            "&New Project…",
            lambda: new_project_dialog(window),
            ["Ctrl+N"],
            "new",
            "Create a project, with the news schema or another one",
        ),
        "open": make_action(
            window.window(),
            "&Open Project…",
            lambda: open_project_dialog(window),
            ["Ctrl+O"],
            "open",
        ),
        "import_": make_action(
            window.window(),
            "&Import…",
            jobs.import_dialog,
            ["Ctrl+I"],
            "import",
            "Import articles, saved web pages, or a corpus from brat, CoNLL, doccano, "
            "Label Studio or INCEpTION",
        ),
        "export": make_action(
            window.window(),
            "&Export…",
            jobs.export_dialog,
            ["Ctrl+E"],
            "export",
            "Write training data: JSONL, CoNLL, CoNLL-U or spaCy DocBin",
        ),
        "merge": make_action(
            window.window(),
            "&Merge annotators' projects…",
            lambda: merge_dialog(window),
            role="merge",
            tip="Copy several annotators' projects into a review project, to adjudicate gold",
        ),
    }


def _project_actions(window: MainWindowHost) -> dict[str, Any]:
    jobs = window.jobs
    return {
        "review_mode": make_action(
            window.window(),
            "Annotate mode" if window.review is not None else "&Review mode",
            lambda: switch_mode(window),
            ["Ctrl+Shift+R"],
            "review",
            "Open this project for annotating, or for reviewing merged annotators into gold",
        ),
        "agreement": make_action(
            window.window(),
            "A&greement…",
            jobs.show_agreement,
            ["Ctrl+Shift+G"],
            "agreement",
            "How far the annotators of this project agree, per label and per document",
        ),
        "ledger": make_action(
            window.window(),
            "Claims &ledger…",
            window.ledger_jobs.show_ledger,
            tip="Per event, every report's casualty figures and claims side by side, where "
            "the accounts differ, and the toll coded by a stated rule",
        ),
        "restore": make_action(
            window.window(),
            "Restore from &backup…",
            lambda: restore_from_backup(window),
            role="restore",
            tip="Put the project back as it was on an earlier day (what it holds now is kept)",
        ),
        "quit": make_action(window.window(), "&Quit", window.close, ["Ctrl+Q"], "quit"),
        "guidelines": make_action(
            window.window(),
            "Annotation &guidelines",
            window.show_guidelines,
            ["F1"],
            "about",
            "The labels, links and fields of this project's schema, with their descriptions",
        ),
    }


def _edit_actions(window: MainWindowHost) -> dict[str, Any]:
    c, targets = window.controller, key_targets(window)
    undo = make_action(window.window(), "&Undo", c.undo, ["Ctrl+Z"], "undo")
    redo = make_action(window.window(), "&Redo", c.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "redo")
    return {
        "undo": undo,
        "redo": redo,
        "delete": view_action(
            targets, "&Delete span", c.delete_selected, ["Delete", "Backspace"], "delete"
        ),
        "attributes": make_action(
            window.window(),
            "Edit &attributes of the span",
            window.edit_attributes,
            ["F2"],
            "attributes",
        ),
        "cancel": view_action(targets, "Cancel", c.cancel, ["Escape"]),
        "filter": make_action(
            window.window(), "&Filter documents", window.filter_box.setFocus, ["Ctrl+F"], "filter"
        ),
        "done": make_action(
            window.window(),
            "Mark &done and open next",
            lambda: done_and_next(window),
            ["Ctrl+Return", "Ctrl+Enter"],
            "done",
        ),
        "next_document": make_action(
            window.window(), "&Next document", lambda: step(window, +1), ["Ctrl+Down"], "next"
        ),
        "previous_document": make_action(
            window.window(), "&Previous document", lambda: step(window, -1), ["Ctrl+Up"], "previous"
        ),
    }


def _model_actions(window: MainWindowHost) -> dict[str, Any]:
    jobs = window.jobs
    return {
        "train": make_action(
            window.window(),
            "&Train…",
            jobs.train_dialog,
            role="model",
            tip="Teach a model from the documents marked done, so that it suggests in the others",
        ),
        "models": make_action(
            window.window(),
            "&Models…",
            jobs.models_dialog,
            tip="The project's trained models: their scores, the one in use, the threshold",
        ),
    }


def _link_actions(window: MainWindowHost) -> list[QAction]:
    targets = key_targets(window)
    links = [
        view_action(
            targets,
            f"Link as {r.name}…",
            window.link_triggered,
            [r.key.upper()],
            "link",
            f"{r.name}: {r.description}",
            data=r.name,
        )
        for r in window.schema.relations
        if r.key
    ]
    links.append(
        view_action(
            targets,
            "&Link to…",
            window.link_triggered,
            ["Shift+L"],
            "link",
            "Link the selected span to another one",
            data=None,
        )
    )
    return links


def _suggestion_actions(window: MainWindowHost) -> list[QAction]:
    c, targets = window.controller, key_targets(window)
    return [
        view_action(
            targets,
            "&Accept suggestion",
            c.accept_suggestion,
            ["Y"],
            "accept",
            "Accept the suggestion under the cursor, with its links",
        ),
        view_action(targets, "&Reject suggestion", c.reject_suggestion, ["X"], "reject"),
        make_action(
            window.window(),
            "Accept &all suggestions in the document",
            c.accept_all,
            ["Ctrl+Shift+Y"],
            "accept-all",
        ),
        view_action(targets, "&Next suggestion", c.next_suggestion, ["N"], "next-suggestion"),
        view_action(
            targets, "&Previous suggestion", c.previous_suggestion, ["P"], "previous-suggestion"
        ),
    ]
