"""Light and dark themes: the system's by default, or one chosen in View > Theme.

Qt 6.8 lets an application ask for a colour scheme (``QStyleHints.setColorScheme``), but
only platforms with a theme of their own honour it (not X11 without a desktop portal,
nor the offscreen platform). So a chosen theme is also applied as a Fusion palette,
which looks the same everywhere; "system" gives the style and palette back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from annotator.ui.common import icons

SYSTEM, LIGHT, DARK = "system", "light", "dark"

#: The style and palette the application started with, kept for going back to "system".
_original: list[tuple[str, QPalette]] = []


def dark_palette() -> QPalette:
    """A dark Fusion palette: light text on dark grey, with every text colour at
    a contrast of 7 or more with its background."""
    p = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e8e8e8",
        role.Base: "#1f1f1f",
        role.AlternateBase: "#272727",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9a9a",
        role.Text: "#e8e8e8",
        role.Button: "#353535",
        role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff6b6b",
        role.Light: "#4a4a4a",
        role.Midlight: "#404040",
        role.Mid: "#2f2f2f",
        role.Dark: "#1a1a1a",
        role.Shadow: "#000000",
        role.Highlight: "#3d7fcf",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
        role.Accent: "#3d7fcf",
    }
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7a7a7a"))
    p.setColor(group.Disabled, role.Highlight, QColor("#505050"))
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    palette = style.standardPalette()
    style.deleteLater()
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether text is lighter than the window behind it."""
    role = QPalette.ColorRole
    return palette.color(role.WindowText).lightness() > palette.color(role.Window).lightness()


def apply_theme(name: str) -> None:
    """Use theme ``name`` (system, light or dark) for the whole application."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _original:
        if name == SYSTEM:  # nothing was changed: nothing to give back
            icons.set_dark(is_dark(app.palette()))
            return
        _original.append((app.style().name(), app.palette()))
    hints = QGuiApplication.styleHints()
    if name == SYSTEM:
        style, palette = _original[0]
        hints.unsetColorScheme()
        app.setStyle(style)
        app.setPalette(palette)
    else:
        dark = name == DARK
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if dark else light_palette())
    icons.set_dark(is_dark(app.palette()))
