"""The View menu: zoom of the article text, the theme, which panels and layers are shown."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSplitter, QWidget

from annotator.ui.common import settings
from annotator.ui.common.icons import set_icon
from annotator.ui.common.plain_text import plain_tooltip
from annotator.ui.window.actions import make_action
from annotator.ui.window.layer_visibility import LayerVisibility
from annotator.ui.window.theme import DARK, LIGHT, SYSTEM, apply_theme

if TYPE_CHECKING:
    from annotator.ui.window.host import MainWindowHost

#: (name kept in the settings, menu text, shortcut): the panels one can hide.
PANELS = (
    ("documents", "&Document list", "Ctrl+1"),
    ("panels", "&Panels under the article", "Ctrl+2"),
    ("legend", "&Legend", "Ctrl+3"),
    ("palette", "Label p&alette", "Ctrl+4"),
)
THEME_NAMES = ((SYSTEM, "&System"), (LIGHT, "&Light"), (DARK, "&Dark"))


class ViewControls(QObject):
    """Zoom, theme, panels and layers of one window; each change is remembered at once."""

    def __init__(self, window: MainWindowHost) -> None:
        super().__init__(window.window())
        self.setObjectName("viewControls")
        self.window = window
        self.zoom = settings.zoom()
        self.theme_actions: dict[str, QAction] = {}
        self.panel_actions: dict[str, QAction] = {}
        self.layers = LayerVisibility(window.db_path, window.schema)
        self.layer_actions: dict[str, QAction] = {}  # by layer name
        self.suggestions_action: QAction | None = None

    def panels(self) -> dict[str, QWidget]:
        w = self.window
        documents = w.splitter.widget(0)  # the filter box and the document list
        assert documents is not None
        return {
            "documents": documents,
            "panels": w.tabs_area,  # the tabs, in the scroll area that holds them
            "legend": w.legend,
            "palette": w.label_palette,
        }

    def restore(self) -> None:
        """Zoom the article, hide panels and layers as remembered (once the window is built)."""
        if self.zoom != settings.DEFAULT_ZOOM:
            self.window.view.set_zoom(self.zoom)
        hidden = settings.hidden_panels()
        for name, widget in self.panels().items():
            if name in hidden:
                widget.hide()
        self._paint_layers()

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

    # -- layers --------------------------------------------------------------------------

    def toggle_layer(self, name: str, *_checked: object) -> None:
        """Hide layer ``name`` if it is shown, show it if hidden (a click on the legend)."""
        self.show_layer(name, name in self.layers.hidden)

    def _layer_action(self, name: str, *_checked: object) -> None:
        # PySide6 passes a partial no arguments: the action's state says what to do.
        self.show_layer(name, self.layer_actions[name].isChecked())

    def _suggestions_action(self, *_checked: object) -> None:
        assert self.suggestions_action is not None
        self.show_suggestions(self.suggestions_action.isChecked())

    def show_layer(self, name: str, shown: bool) -> None:
        """Paint the spans of layer ``name``, or not; they stay listed and in the project."""
        self.layers.show_layer(name, shown)
        self._paint_layers()
        title = next((la.title for la in self.window.schema.layers if la.name == name), name)
        self.window.status.say(f"{title}: {'shown' if shown else 'hidden'} in the article")

    def show_suggestions(self, shown: bool) -> None:
        """Paint the model's suggestions, or not; N and P still step through them."""
        self.layers.show_suggestions(shown)
        self._paint_layers()
        self.window.status.say(f"Suggestions {'shown' if shown else 'hidden'}")

    def _paint_layers(self) -> None:
        """Bring the article, the legend and the menu in line with what is hidden."""
        w, layers = self.window, self.layers
        for name, action in self.layer_actions.items():
            action.setChecked(name not in layers.hidden)
        if self.suggestions_action is not None:
            self.suggestions_action.setChecked(not layers.suggestions_hidden)
        w.view.set_hidden(layers.hidden_labels(), layers.suggestions_hidden)
        w.legend.set_hidden_layers(layers.hidden)
        editor = w.editor
        if editor is not None:  # else the next document opened is painted so
            w.view.update_spans(editor.spans.values(), (), editor.suggestions.values())


def _build_layer_menu(controls: ViewControls, menu: QMenu) -> None:
    """View > Show layers: a checkable action per layer of the schema, and the suggestions."""
    window = controls.window
    layers = menu.addMenu("Show &layers")
    for layer in window.schema.layers:
        action = QAction(layer.title.replace("&", "&&"), controls)  # "&" is no mnemonic
        action.setCheckable(True)
        action.setChecked(layer.name not in controls.layers.hidden)
        action.setToolTip(plain_tooltip(f"Paint the spans of {layer.title} in the article"))
        action.triggered.connect(partial(controls._layer_action, layer.name))
        layers.addAction(action)
        controls.layer_actions[layer.name] = action
    layers.addSeparator()
    suggestions = QAction("&Suggestions", controls)
    suggestions.setCheckable(True)
    suggestions.setChecked(not controls.layers.suggestions_hidden)
    suggestions.setToolTip("Paint the model's suggestions in the article")
    suggestions.triggered.connect(controls._suggestions_action)
    layers.addAction(suggestions)
    controls.suggestions_action = suggestions
    window.legend.layer_clicked.connect(controls.toggle_layer)


def build_view_menu(window: MainWindowHost, menu: QMenu) -> ViewControls:
    """Fill ``menu`` with the View actions; apply the remembered theme (restore() the rest)."""
    controls = ViewControls(window)
    for text, slot, keys, role in (
        ("Zoom &in", controls.zoom_in, ["Ctrl++", "Ctrl+="], "zoom-in"),
        ("Zoom &out", controls.zoom_out, ["Ctrl+-"], "zoom-out"),
        ("&Reset zoom", controls.reset_zoom, ["Ctrl+0"], "zoom-reset"),
    ):
        action = make_action(
            window.window(), text, slot, keys, role, f"{text.replace('&', '')} the article"
        )
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
            window.window(),
            text,
            partial(controls.toggle_panel, name),
            [key],
            tip=f"Show or hide the {text.replace('&', '').lower()}",
        )
        action.setCheckable(True)
        action.setChecked(name not in hidden)
        controls.panel_actions[name] = action
        menu.addAction(action)
    menu.addSeparator()
    _build_layer_menu(controls, menu)

    apply_theme(current)
    return controls
