"""Every icon the window uses, by role; qtawesome names live only here.

Icons are made on first use, never at import: qtawesome needs a QApplication.
"""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QIcon

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
}

COLOURS: dict[str, str] = {
    "status-done": "#2e7d32",
    "status-in progress": "#b26a00",
    "status-skipped": "#757575",
}


@cache
def icon(role: str) -> QIcon:
    """The icon for ``role`` (a key of ``NAMES``)."""
    made: QIcon = qta.icon(NAMES[role], color=COLOURS.get(role, "#455a64"))
    return made
