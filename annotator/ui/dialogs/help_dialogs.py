"""Help: the keyboard shortcut sheet (made from the window's own actions) and About."""

from __future__ import annotations

import platform
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from importlib import metadata

import PySide6
from PySide6.QtCore import QSortFilterProxyModel, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.ui.common.icons import icon


@dataclass(frozen=True)
class ShortcutRow:
    menu: str  # "Edit", "Label › Named entities"
    action: str
    keys: str  # "Ctrl+Z, Ctrl+Shift+Z"; "" for an action without a shortcut
    where: str  # "anywhere", or "in the article or the span list"


def _plain(text: str) -> str:
    """A menu text without its accelerator marks: "&Undo" is "Undo", "&&" is "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def _walk(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from _walk(submenu, f"{path} › {_plain(submenu.title())}")
        elif action.text():
            yield path, action


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every action of the window's menus, in menu order, with its shortcuts.

    Made from the actions themselves, so the sheet cannot drift from the menus.
    """
    rows = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for path, action in _walk(menu, _plain(menu.title())):
            local = action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
            rows.append(
                ShortcutRow(
                    path,
                    _plain(action.text()),
                    _keys(action),
                    "in the article or the span list" if local else "anywhere",
                )
            )
    return rows


class ShortcutsDialog(QDialog):
    """Every action with its keys; typing in the box keeps the rows that match."""

    COLUMNS = ("Menu", "Action", "Keys", "Works")

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(720, 640)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actions and keys…")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search shortcuts")
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        for row in shortcut_rows(window):
            items = [QStandardItem(text) for text in (row.menu, row.action, row.keys, row.where)]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        note = QLabel(
            "Single keys (label keys, Y, X, N, P…) act only while the article or the span "
            "list has the focus, so typing in a field never labels anything."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.search.setFocus()

    def visible_rows(self) -> list[tuple[str, ...]]:
        """The rows shown now, as (menu, action, keys, where)."""
        return [
            tuple(str(self.proxy.index(r, c).data()) for c in range(self.proxy.columnCount()))
            for r in range(self.proxy.rowCount())
        ]


# -- about -------------------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def spacy_models() -> list[tuple[str, str]]:
    """The installed spaCy model packages, as (name, version), read from their metadata.

    spaCy finds its models by the "spacy_models" entry point; so does this, without
    importing spaCy (seconds, and memory the window does not otherwise need).
    """
    found = {}
    for entry in metadata.entry_points(group="spacy_models"):
        dist = entry.dist
        found[entry.name] = dist.version if dist is not None else _version(entry.name)
    return sorted(found.items())


def versions(model_in_use: str | None = None) -> list[tuple[str, str]]:
    """What About shows: (component, version) pairs."""
    rows = [
        ("Annotator", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("spaCy", _version("spacy")),
    ]
    models = spacy_models()
    rows += [(f"Model {name}", version) for name, version in models] or [
        ("Model", "none installed: entities are not pre-annotated")
    ]
    if model_in_use:
        rows.append(("Model in use", model_in_use))
    return rows


def about_html(model_in_use: str | None = None) -> str:
    cells = "".join(
        f"<tr><td><b>{escape(name)}</b>&nbsp;&nbsp;</td><td>{escape(version)}</td></tr>"
        for name, version in versions(model_in_use)
    )
    return (
        f"<h2>Annotator {escape(__version__)}</h2>"
        "<p>Annotate news articles (quotes, claims, casualty figures and stance) "
        "to make training data.</p>"
        f"<table>{cells}</table>"
    )


class AboutDialog(QDialog):
    """Versions of the application and of what it runs on, selectable to copy."""

    def __init__(self, parent: QWidget | None, model_in_use: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Annotator")
        self.text = QLabel(about_html(model_in_use))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Show the shortcut sheet (one per window, made on first use, kept while open)."""
    dialog = window.findChild(ShortcutsDialog)
    if not isinstance(dialog, ShortcutsDialog):
        dialog = ShortcutsDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.search.setFocus()
    return dialog


def show_about(window: QMainWindow, model_in_use: str | None = None) -> AboutDialog:
    dialog = AboutDialog(window, model_in_use)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
