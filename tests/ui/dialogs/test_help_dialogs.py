"""Help: the shortcut sheet made from the real actions, and About's versions."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from annotator import __version__
from annotator.ui.dialogs.help_dialogs import AboutDialog, ShortcutsDialog, spacy_models, versions
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import shown_window

__all__ = ["fresh_settings"]


def test_the_shortcut_sheet_lists_every_menu_action_and_searches(
    qtbot: QtBot, fresh_settings: QSettings, project_path: Path
) -> None:
    window = shown_window(qtbot, project_path)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    sheet = window.findChild(ShortcutsDialog)
    assert isinstance(sheet, ShortcutsDialog)
    assert sheet.isVisible()
    rows = sheet.visible_rows()
    shown = {(action, keys) for _menu, action, keys, _where in rows}
    # Every action with a shortcut in the window's menus is on the sheet with its keys.
    for action in window.findChildren(QAction):
        if not action.shortcuts() or not action.associatedObjects():
            continue
        in_menu = any(o.metaObject().className() == "QMenu" for o in action.associatedObjects())
        if not in_menu:
            continue
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        assert (name.rstrip("…").strip(), keys) in shown
    by_action = {action: (menu, keys, where) for menu, action, keys, where in rows}
    assert by_action["Zoom in"][1:] == ("Ctrl++, Ctrl+=", "anywhere")
    assert by_action["QUOTE"] == (
        "Label › Quotes and sources",
        "Q",
        "in the article or the span list",
    )
    assert by_action["Keyboard shortcuts"][1] == "Ctrl+/, F12"

    qtbot.keyClicks(sheet.search, "zoom")
    assert sorted(r[1] for r in sheet.visible_rows()) == ["Reset zoom", "Zoom in", "Zoom out"]
    sheet.search.clear()
    qtbot.keyClicks(sheet.search, "ctrl+shift")  # keys are searched too
    found = {r[1] for r in sheet.visible_rows()}
    assert {"Redo", "Review mode", "Agreement"} <= found
    assert all("Ctrl+Shift" in r[2] for r in sheet.visible_rows())
    sheet.close()
    # F12 opens the same sheet again rather than a second one.
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.findChildren(ShortcutsDialog) == [sheet]
    assert sheet.isVisible()
    sheet.close()
    window.close()


def test_about_names_the_versions_of_everything_it_runs_on(
    qtbot: QtBot, fresh_settings: QSettings, project_path: Path
) -> None:
    shown = dict(versions("en_core_web_sm 3.8.0"))
    assert shown["Annotator"] == __version__
    assert shown["Qt"] == qVersion()
    assert shown["PySide6"] == PySide6.__version__
    assert shown["spaCy"] == metadata.version("spacy")
    assert shown["Model in use"] == "en_core_web_sm 3.8.0"
    models = spacy_models()
    assert models, "the test environment has an English model installed"
    for name, version in models:
        assert shown[f"Model {name}"] == version
    assert shown["Python"] == ".".join(map(str, sys.version_info[:3]))

    window = shown_window(qtbot, project_path)
    about = next(a for a in window.findChildren(QAction) if a.text() == "&About Annotator")
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    text = dialog.text.text()
    assert f"Annotator {__version__}" in text
    assert qVersion() in text
    dialog.close()
    window.close()


def test_about_does_not_import_spacy() -> None:
    """Importing spaCy takes seconds and much memory the window never needs itself."""
    script = (
        "import sys\n"
        "from annotator.ui.dialogs.help_dialogs import versions\n"
        "rows = dict(versions())\n"
        "assert rows['spaCy'][0].isdigit(), rows\n"
        "assert 'spacy' not in sys.modules, 'spaCy was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
