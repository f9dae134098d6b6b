"""Making actions: one place decides how shortcuts appear in menus and tooltips."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.core.schema import LabelSchema
from annotator.ui.icons import set_icon
from annotator.ui.palette import swatch
from annotator.ui.plain_text import label_tooltip, plain_tooltip


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


def show_history_plainly(action: QAction, changed: SignalInstance, prefix: str) -> None:
    """Keep an undo or redo action's text, which quotes the article, from being read as
    markup: an "&" stays a character, not a keyboard accelerator, and a "<b>" in its
    tooltip stays those characters (Qt renders a tooltip that looks like HTML)."""

    def show(text: str) -> None:
        action.setText(f"&{prefix} {text.replace('&', '&&')}" if text else f"&{prefix}")
        action.setToolTip(f"<p>{escape(f'{prefix} {text}' if text else prefix)}</p>")

    # Connected after the group's own slot, so this text is the one that stays.
    changed.connect(show)


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
