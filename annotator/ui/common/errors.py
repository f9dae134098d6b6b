"""Error dialogs: what happened, what to do, and the details to copy into a report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def show_error(
    parent: QWidget | None,
    title: str,
    what: str,
    what_to_do: str,
    details: str = "",
    *,
    warning: bool = False,
) -> QMessageBox:
    """Show a window-modal error box and return it (it is open, not run: nothing waits).

    ``what`` says what happened, in plain words; ``what_to_do`` the next step;
    ``details`` (a traceback, the error in full) goes under "Show Details…", where it
    can be selected and copied. Every text is plain: a file name or an article title
    quoted in a message is never read as markup.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Critical,
        title,
        what,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(what_to_do)
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:
        informative.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)  # a read-only text field: select all, copy
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A message the user must read before going on (it waits), in plain text.

    In place of ``QMessageBox.warning`` and friends, which render anything that looks
    like markup: a file name such as ``<b>x</b>.annotator`` must show as typed.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
