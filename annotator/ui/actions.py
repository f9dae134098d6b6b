"""Making actions: one place decides how shortcuts appear in menus and tooltips."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.core.schema import LabelSchema
from annotator.ui.icons import icon
from annotator.ui.palette import swatch


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
        action.setIcon(icon(role))
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '').rstrip('.…')} ({shown})")
    action.triggered.connect(slot)
    parent.addAction(action)  # shortcuts work with the menu bar hidden, too
    return action


def label_actions(
    parent: QWidget, schema: LabelSchema, slot: Callable[[], object]
) -> dict[str, QAction]:
    """One action per label, keyed by name; the label name is the action's data."""
    actions: dict[str, QAction] = {}
    for label in schema.labels:
        action = QAction(swatch(label.colour), label.name, parent)
        if label.key:
            action.setShortcut(QKeySequence(label.key.upper()))
        key_note = f" ({label.key.upper()})" if label.key else ""
        action.setToolTip(f"{label.name}{key_note}: {label.description}")
        action.setData(label.name)
        action.triggered.connect(slot)
        parent.addAction(action)
        actions[label.name] = action
    return actions
