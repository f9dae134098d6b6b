"""The View menu: zoom of the article text, the theme, and which panels are shown."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSplitter, QWidget

from annotator.ui import settings
from annotator.ui.actions import make_action
from annotator.ui.icons import set_icon
from annotator.ui.theme import DARK, LIGHT, SYSTEM, apply_theme

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

#: (name kept in the settings, menu text, shortcut): the panels one can hide.
PANELS = (
    ("documents", "&Document list", "Ctrl+1"),
    ("panels", "&Panels under the article", "Ctrl+2"),
    ("legend", "&Legend", "Ctrl+3"),
    ("palette", "Label p&alette", "Ctrl+4"),
)
THEME_NAMES = ((SYSTEM, "&System"), (LIGHT, "&Light"), (DARK, "&Dark"))


class ViewControls(QObject):
    """Zoom, theme and panels of one window; each change is remembered at once."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("viewControls")
        self.window = window
        self.zoom = settings.zoom()
        self.theme_actions: dict[str, QAction] = {}
        self.panel_actions: dict[str, QAction] = {}

    def panels(self) -> dict[str, QWidget]:
        w = self.window
        documents = w.splitter.widget(0)  # the filter box and the document list
        assert documents is not None
        return {
            "documents": documents,
            "panels": w.tabs,
            "legend": w.legend,
            "palette": w.label_palette,
        }

    def restore(self) -> None:
        """Zoom the article and hide the panels as remembered (once the window is built)."""
        if self.zoom != settings.DEFAULT_ZOOM:
            self.window.view.set_zoom(self.zoom)
        hidden = settings.hidden_panels()
        for name, widget in self.panels().items():
            if name in hidden:
                widget.hide()

    # -- zoom ----------------------------------------------------------------------------

    def set_zoom(self, percent: int) -> None:
        """Show the article (and the review panes) at ``percent``, within the zoom range."""
        low, high = settings.ZOOM_RANGE
        self.zoom = min(max(percent, low), high)
        self.window.view.set_zoom(self.zoom)
        for pane in self.window.review_panes.panes:
            pane.view.set_zoom(self.zoom)
        settings.set_zoom(self.zoom)
        self.window.status.say(f"Zoom: {self.zoom} %")

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom + settings.ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom - settings.ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(settings.DEFAULT_ZOOM)

    # -- theme ---------------------------------------------------------------------------

    def set_theme(self, name: str, *_checked: object) -> None:
        """Use theme ``name`` (system, light or dark) from now on."""
        apply_theme(name)
        settings.set_theme(name)
        self.theme_actions[name].setChecked(True)

    # -- panels --------------------------------------------------------------------------

    def toggle_panel(self, name: str, *_checked: object) -> None:
        """Show or hide panel ``name`` as its (checkable) action now says."""
        self.show_panel(name, self.panel_actions[name].isChecked())

    def show_panel(self, name: str, shown: bool) -> None:
        """Show or hide panel ``name`` (a key of ``PANELS``), and remember it."""
        widget = self.panels()[name]
        widget.setVisible(shown)
        parent = widget.parentWidget()
        if shown and isinstance(parent, QSplitter):
            # A panel hidden when the window closed comes back with no width: give it some.
            index = parent.indexOf(widget)
            sizes = parent.sizes()
            if sizes[index] == 0:
                sizes[index] = max(widget.minimumSizeHint().width(), 200)
                parent.setSizes(sizes)
        self.panel_actions[name].setChecked(shown)
        hidden = settings.hidden_panels()
        settings.set_hidden_panels(hidden - {name} if shown else hidden | {name})


def build_view_menu(window: MainWindow, menu: QMenu) -> ViewControls:
    """Fill ``menu`` with the View actions; apply the remembered zoom, theme and panels."""
    controls = ViewControls(window)
    for text, slot, keys, role in (
        ("Zoom &in", controls.zoom_in, ["Ctrl++", "Ctrl+="], "zoom-in"),
        ("Zoom &out", controls.zoom_out, ["Ctrl+-"], "zoom-out"),
        ("&Reset zoom", controls.reset_zoom, ["Ctrl+0"], "zoom-reset"),
    ):
        action = make_action(window, text, slot, keys, role, f"{text.replace('&', '')} the article")
        menu.addAction(action)
    menu.addSeparator()

    themes = menu.addMenu("&Theme")
    set_icon(themes.menuAction(), "theme")
    group = QActionGroup(controls)
    current = settings.theme()
    for name, text in THEME_NAMES:
        action = QAction(text, controls)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setData(name)
        action.triggered.connect(partial(controls.set_theme, name))
        group.addAction(action)
        themes.addAction(action)
        controls.theme_actions[name] = action
    themes.actions()[0].setToolTip("Follow the desktop's light or dark setting")
    menu.addSeparator()

    hidden = settings.hidden_panels()
    for name, text, key in PANELS:
        action = make_action(
            window,
            text,
            partial(controls.toggle_panel, name),
            [key],
            tip=f"Show or hide the {text.replace('&', '').lower()}",
        )
        action.setCheckable(True)
        action.setChecked(name not in hidden)
        controls.panel_actions[name] = action
        menu.addAction(action)

    apply_theme(current)
    return controls
