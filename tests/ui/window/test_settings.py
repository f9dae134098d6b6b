"""What the window remembers per machine: closed and reopened, it comes back as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator import paths
from annotator.core.schema import LabelSchema
from annotator.store.db import open_project
from annotator.ui import app
from annotator.ui.common import settings
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.other_windows import switch_mode
from annotator.ui.window.recent_menu import RecentMenu
from tests.ui.fresh_settings import fresh_settings
from tests.ui.windows import close_window, shown_window

__all__ = ["fresh_settings"]


def _window(qtbot: QtBot, path: Path, review: bool = False) -> MainWindow:
    """A window as the application makes one: nothing resizes it after it is built."""
    return shown_window(qtbot, path, review=review, size=None)


def test_closing_and_reopening_restores_geometry_splitters_zoom_and_theme(
    qtbot: QtBot, fresh_settings: QSettings, project_path: Path
) -> None:
    window = _window(qtbot, project_path)
    # The offscreen screen is 800 pixels wide, less than the window's minimum width:
    # a restored geometry is fitted to the screen, so the test stays at that minimum.
    width = window.minimumSizeHint().width()
    window.resize(width, 640)
    window.splitter.setSizes([300, width - 600, 300])
    window.middle.setSizes([420, 300])
    splitter, middle = window.splitter.sizes(), window.middle.sizes()
    normal_size = window.view.font().pointSizeF()
    window.view.setFocus()
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    window.view_controls.theme_actions["dark"].trigger()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the legend
    assert window.view_controls.zoom == 130
    close_window(window)
    # The theme belongs to the application: back to the system's until a window says.
    QApplication.setPalette(QPalette())

    again = _window(qtbot, project_path)
    assert (again.width(), again.height()) == (width, 640)
    assert again.splitter.sizes() == splitter
    assert again.middle.sizes() == middle
    assert again.view.font().pointSizeF() == pytest.approx(normal_size * 1.3)
    assert again.view_controls.theme_actions["dark"].isChecked()
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 80  # dark
    assert not again.legend.isVisible()
    assert again.view_controls.panel_actions["legend"].isChecked() is False
    close_window(again)


def test_garbage_in_the_settings_file_gives_the_defaults(
    qtbot: QtBot, fresh_settings: QSettings, project_path: Path
) -> None:
    """Values of the wrong type, out of range or cut short: the window opens as new."""
    fresh_settings.setValue(settings.ZOOM, "huge")
    fresh_settings.setValue(settings.THEME, 42)
    fresh_settings.setValue(settings.GEOMETRY, "not bytes at all")
    fresh_settings.setValue(settings.STATE, 3.5)
    fresh_settings.setValue(settings.SPLITTER, ["a", "b", "c"])
    fresh_settings.setValue(settings.MIDDLE, [-5, 10])
    fresh_settings.setValue(settings.HIDDEN, 17)
    fresh_settings.setValue(settings.RECENT, {"not": "a list"})
    fresh_settings.setValue(settings.LAST, ["a", "list"])
    fresh_settings.sync()
    first = _window(qtbot, project_path)
    default_font = first.view.font().pointSizeF()
    assert first.view_controls.zoom == settings.DEFAULT_ZOOM
    assert first.view_controls.theme_actions["system"].isChecked()
    assert all(w.isVisible() for w in first.view_controls.panels().values())
    assert all(size > 0 for size in first.splitter.sizes())
    assert settings.recent_projects() == [project_path.resolve()]
    close_window(first)

    # And the file itself written over with junk, as a crash or an editor might leave it.
    Path(fresh_settings.fileName()).write_text(
        "[view]\nzoom=12abc\ntheme=@Invalid()\nhidden=@Invalid()\n"
        "[window]\ngeometry=@ByteArray(garbage)\nsplitter=1, 2\n[projects]\nrecent=\nlast=\n",
        encoding="utf-8",
    )
    fresh_settings.sync()
    second = _window(qtbot, project_path)
    assert second.view_controls.zoom == settings.DEFAULT_ZOOM
    assert second.view.font().pointSizeF() == default_font
    assert second.view_controls.theme_actions["system"].isChecked()
    assert settings.last_project() == project_path.resolve()
    close_window(second)


def test_zoom_outside_the_range_is_not_restored(fresh_settings: QSettings) -> None:
    for value, expected in (("300", 300), ("301", 100), ("49", 100), (" 80 ", 80)):
        fresh_settings.setValue(settings.ZOOM, value)
        assert settings.zoom() == expected


def test_open_recent_lists_projects_newest_first_and_greys_out_missing_ones(
    qtbot: QtBot, fresh_settings: QSettings, tmp_path: Path, schema: LabelSchema
) -> None:
    projects = []
    for name in ("first", "second", "gone"):
        path = tmp_path / f"{name}.annotator"
        open_project(path, new_schema=schema).conn.close()
        projects.append(path)
        close_window(_window(qtbot, path))
    projects[2].unlink()
    window = _window(qtbot, projects[0])
    menu = window.findChild(RecentMenu)
    assert isinstance(menu, RecentMenu)
    menu.refresh()  # as when it opens
    entries = [a for a in menu.actions() if not a.isSeparator()]
    texts = [a.text() for a in entries]
    assert texts[:3] == [
        "&1 first.annotator",
        "&2 gone.annotator (not found)",
        "&3 second.annotator",
    ]
    assert [a.isEnabled() for a in entries[:3]] == [True, False, True]
    assert entries[1].toolTip().endswith("was moved or deleted")

    remove = next(a for a in entries if a.text() == "Remove &missing projects")
    remove.trigger()
    assert settings.recent_projects() == [projects[0].resolve(), projects[1].resolve()]
    menu.refresh()
    assert not any(a.text() == "Remove &missing projects" for a in menu.actions())

    # Choosing one opens it in a window of its own.
    opened = [a for a in menu.actions() if a.text() == "&2 second.annotator"]
    opened[0].trigger()
    others = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not window
    ]
    assert [w.db_path for w in others if w.isVisible()] == [projects[1]]
    for other in others:
        close_window(other)

    clear = next(a for a in menu.actions() if a.text() == "&Clear list")
    clear.trigger()
    assert settings.recent_projects() == []
    menu.refresh()
    assert next(a.text() for a in menu.actions() if not a.isSeparator()) == "No recent projects"
    close_window(window)


def test_the_bare_command_opens_the_last_project_if_it_still_exists(
    fresh_settings: QSettings, tmp_path: Path, schema: LabelSchema
) -> None:
    last = tmp_path / "last.annotator"
    open_project(last, new_schema=schema).conn.close()
    settings.remember_project(last)
    assert app.startup_project(None) == last.resolve()
    assert app.startup_project(tmp_path / "named.annotator") == tmp_path / "named.annotator"

    last.unlink()
    assert settings.last_project() is None
    assert app.startup_project(None) == paths.default_project_path()


def test_a_last_project_that_no_longer_opens_falls_back_to_the_default(
    fresh_settings: QSettings, tmp_path: Path, capsys: object
) -> None:
    broken = tmp_path / "broken.annotator"
    broken.write_bytes(b"not a database, but a file someone saved over it")
    fresh_settings.setValue(settings.LAST, str(broken))
    assert app.startup_project(None) == paths.default_project_path()
    assert broken.read_bytes().startswith(b"not a database")  # left as it was


def _windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_a_project_and_name_given_on_the_command_line_are_for_that_run_only(
    qtbot: QtBot, fresh_settings: QSettings, tmp_path: Path, schema: LabelSchema
) -> None:
    """`annotator gui --db review.annotator --review --annotator reviewer`, then a plain
    `annotator`: alice's own project, as alice, not the review project as "reviewer"."""
    mine, review = tmp_path / "mine.annotator", tmp_path / "review.annotator"
    for path in (mine, review):
        open_project(path, new_schema=schema).conn.close()
    settings.set_annotator("alice")
    close_window(_window(qtbot, mine))  # opened in the window: the one to open next time
    try:
        started = app.start(review, "reviewer", review=True)
        assert isinstance(started, MainWindow)
        assert (started.db_path, started.annotator) == (review, "reviewer")
        annotating = switch_mode(started)  # still the one-off project, in the other mode
        assert annotating.review is None
        close_window(annotating)
        assert settings.last_project() == mine.resolve()
        assert app.startup_project(None) == mine.resolve()
        assert app.annotator_name(None) == "alice"
        assert review.resolve() in settings.recent_projects()  # a click away, though

        # Chosen in the window (File > Open Recent), it does become the last project.
        window = _window(qtbot, mine)
        menu = window.findChild(RecentMenu)
        assert isinstance(menu, RecentMenu)
        menu.open(review.resolve())
        assert settings.last_project() == review.resolve()
        for other in _windows():
            close_window(other)
    finally:
        settings.chose_project(review)  # this process's one-off list: empty for later tests
