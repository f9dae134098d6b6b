"""Every icon the window uses, by role; qtawesome names live only here.

Icons are made on first use, never at import: qtawesome needs a QApplication.
"""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QAbstractButton, QApplication

#: The Qt property that remembers an action's or a button's icon role.
ROLE_PROPERTY = "iconRole"

NAMES: dict[str, str] = {
    "open": "fa6s.folder-open",
    "new": "fa6s.file-circle-plus",
    "import": "fa6s.file-import",
    "export": "fa6s.file-export",
    "undo": "fa6s.rotate-left",
    "redo": "fa6s.rotate-right",
    "delete": "fa6s.eraser",
    "done": "fa6s.circle-check",
    "next": "fa6s.forward-step",
    "previous": "fa6s.backward-step",
    "filter": "fa6s.magnifying-glass",
    "cancel": "fa6s.xmark",
    "quit": "fa6s.power-off",
    "label": "fa6s.tag",
    "status-todo": "fa6.circle",
    "status-in progress": "fa6s.circle-half-stroke",
    "status-done": "fa6s.circle-check",
    "status-skipped": "fa6s.circle-minus",
    "annotator": "fa6s.user-pen",
    "project": "fa6s.database",
    "model": "fa6s.microchip",
    "about": "fa6s.circle-info",
    "link": "fa6s.link",
    "accept": "fa6s.check",
    "reject": "fa6s.xmark",
    "accept-all": "fa6s.check-double",
    "next-suggestion": "fa6s.angles-right",
    "previous-suggestion": "fa6s.angles-left",
    "attributes": "fa6s.sliders",
    "review": "fa6s.scale-balanced",
    "agreement": "fa6s.chart-bar",
    "restore": "fa6s.clock-rotate-left",
    "merge": "fa6s.code-merge",
    "recent": "fa6s.clock",
    "zoom-in": "fa6s.magnifying-glass-plus",
    "zoom-out": "fa6s.magnifying-glass-minus",
    "zoom-reset": "fa6s.magnifying-glass",
    "theme": "fa6s.circle-half-stroke",
    "shortcuts": "fa6s.keyboard",
    "panel": "fa6s.table-columns",
}

COLOURS: dict[str, str] = {
    "status-done": "#2e7d32",
    "status-in progress": "#b26a00",
    "status-skipped": "#757575",
}


#: The colour of icons without one of their own, on a light and on a dark theme: each
#: keeps a contrast of at least 4.5 with the window behind it.
INK = {False: "#455a64", True: "#b0bec5"}
_dark = [False]


@cache
def icon(role: str) -> QIcon:
    """The icon for ``role`` (a key of ``NAMES``), in the current theme's ink."""
    made: QIcon = qta.icon(NAMES[role], color=COLOURS.get(role, INK[_dark[0]]))
    return made


def set_icon(target: QAction | QAbstractButton, role: str) -> None:
    """Give ``target`` the icon for ``role``, and keep it when the theme changes."""
    target.setIcon(icon(role))
    target.setProperty(ROLE_PROPERTY, role)


def set_dark(dark: bool, root: QObject | None = None) -> None:
    """Ink icons for a dark (or light) theme, and repaint those ``set_icon`` gave out."""
    if _dark[0] == dark:
        return
    _dark[0] = dark
    icon.cache_clear()
    tops: list[QObject] = [root] if root is not None else list(QApplication.topLevelWidgets())
    for top in tops:
        for target in [top, *top.findChildren(QObject)]:
            role = target.property(ROLE_PROPERTY)
            if isinstance(role, str) and role in NAMES and hasattr(target, "setIcon"):
                target.setIcon(icon(role))
