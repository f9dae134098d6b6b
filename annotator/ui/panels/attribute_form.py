"""A form for the attributes the schema gives a label or relation; every change is reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from annotator.core.schema import Attribute
from annotator.session.history import Typing
from annotator.ui.common.plain_text import plain_tooltip

UNSET = "—"
_NO_NUMBER = -1  # the spin box's "unset" value, shown as UNSET


class AttributeForm(QWidget):
    """One input per attribute, in schema order, reachable with Tab.

    ``changed(name, value)`` fires when the user changes a value (None for unset);
    showing values never fires it.
    """

    changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._attributes: tuple[Attribute, ...] = ()
        self._shown: dict[str, Any] = {}
        self.inputs: dict[str, QWidget] = {}

    def show_attributes(self, attributes: Sequence[Attribute], values: Mapping[str, Any]) -> None:
        """Build the inputs for ``attributes`` (if they changed) and show ``values``."""
        if tuple(attributes) != self._attributes:
            self._rebuild(tuple(attributes))
        self._shown = {a.name: values.get(a.name) for a in self._attributes}
        for attribute in self._attributes:
            self._show(attribute, values.get(attribute.name))

    def _rebuild(self, attributes: tuple[Attribute, ...]) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._attributes = attributes
        self.inputs = {}
        for attribute in attributes:
            editor = self._make(attribute)
            editor.setToolTip(plain_tooltip(attribute.description))
            editor.setObjectName(f"attr-{attribute.name}")
            label = QLabel(attribute.name.replace("_", " ") + ("*" if attribute.required else ""))
            label.setTextFormat(Qt.TextFormat.PlainText)  # a schema's names are not markup
            label.setBuddy(editor)
            self._layout.addRow(label, editor)
            self.inputs[attribute.name] = editor

    def _make(self, attribute: Attribute) -> QWidget:
        name = attribute.name
        if attribute.kind == "enum":
            box = QComboBox()
            box.addItems([UNSET, *attribute.values])
            box.setProperty("attribute", name)
            box.activated.connect(self._edited)
            return box
        if attribute.kind == "bool":
            check = QCheckBox()
            check.setProperty("attribute", name)
            check.clicked.connect(self._edited)
            return check
        if attribute.kind == "int":
            spin = QSpinBox()
            spin.setRange(_NO_NUMBER, 10_000_000)
            spin.setSpecialValueText(UNSET)
            spin.setKeyboardTracking(False)  # one change per finished number, not per digit
            spin.setProperty("attribute", name)
            spin.valueChanged.connect(self._edited)
            return spin
        if attribute.kind == "multi":
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            for value in attribute.values:
                check = QCheckBox(value)
                check.setObjectName(f"attr-{name}-{value}")
                check.setProperty("attribute", name)
                check.clicked.connect(self._edited)
                line.addWidget(check)
            return row
        edit = QLineEdit()
        edit.setProperty("attribute", name)
        # Saved at every key (a window killed mid-word keeps what was typed), undone as one
        # step per visit to the field: leaving it or pressing Enter ends the step.
        edit.textEdited.connect(self._edited)
        edit.editingFinished.connect(Typing.end)
        return edit

    def _show(self, attribute: Attribute, value: Any) -> None:
        editor = self.inputs[attribute.name]
        editor.blockSignals(True)
        try:
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findText(str(value))) if value else 0)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                # An imported value may be of any kind and size; one the box cannot hold
                # shows as unset rather than failing.
                fits = type(value) is int and _NO_NUMBER < value <= editor.maximum()
                editor.setValue(value if fits else _NO_NUMBER)
            elif isinstance(editor, QLineEdit):
                # The value saved a key ago comes back after every edit: the text being
                # typed (its trailing space, its cursor) is left alone when it says the same.
                text = "" if value is None else str(value)
                if editor.text().strip() != text.strip():
                    editor.setText(text)
            else:
                chosen = {v for v in (value if isinstance(value, list) else []) if type(v) is str}
                for check in editor.findChildren(QCheckBox):
                    check.blockSignals(True)
                    check.setChecked(check.text() in chosen)
                    check.blockSignals(False)
        finally:
            editor.blockSignals(False)

    def value(self, name: str) -> Any:
        """The value an input shows now (None when unset)."""
        editor = self.inputs[name]
        if isinstance(editor, QComboBox):
            return None if editor.currentIndex() == 0 else editor.currentText()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return None if editor.value() == _NO_NUMBER else editor.value()
        if isinstance(editor, QLineEdit):
            return editor.text().strip() or None
        return [c.text() for c in editor.findChildren(QCheckBox) if c.isChecked()] or None

    def _edited(self, *_: object) -> None:
        # One slot for every input: the input says which attribute it edits.
        name = self.sender().property("attribute")
        if isinstance(name, str) and name in self.inputs:
            value = self.value(name)
            if value != self._shown.get(name):
                self._shown[name] = value
                self.changed.emit(name, value)

    def focus_first(self) -> None:
        if self._attributes:
            self.inputs[self._attributes[0].name].setFocus(Qt.FocusReason.ShortcutFocusReason)
