"""The window's menus and toolbar, built from its actions (actions.py), a menu each."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.ui.dialogs.help_dialogs import show_about, show_shortcuts
from annotator.ui.window.actions import (
    WindowActions,
    key_targets,
    make_action,
    make_window_actions,
    view_action,
)
from annotator.ui.window.host import MainWindowHost
from annotator.ui.window.identity import change_annotator_action
from annotator.ui.window.recent_menu import RecentMenu
from annotator.ui.window.team_menu import team_actions


def build_menus(window: MainWindowHost) -> WindowActions:
    """Make the actions, the menus and the toolbar; returns the actions."""
    actions = make_window_actions(window)
    actions.show_history("", "")
    menus = window.menuBar()
    _file_menu(window, menus, actions)
    _edit_menu(window, menus, actions)
    menus.addMenu("&Document").addActions(
        [actions.done, actions.next_document, actions.previous_document]
    )
    _label_menu(window, menus, actions)
    menus.addMenu("Lin&k").addActions(actions.links)
    menus.addMenu("&Suggestions").addActions(actions.suggestions)
    menus.addMenu("&Model").addActions([actions.train, actions.models])
    review = menus.addMenu("&Review")
    if window.review is not None:
        actions.review = _review_menu(window, review)
        review.addSeparator()
    review.addAction(actions.ledger)
    _help_menu(window, menus, actions)
    _toolbar(window, actions)
    return actions


def _file_menu(window: MainWindowHost, menus: QMenuBar, actions: WindowActions) -> None:
    menu = menus.addMenu("&File")
    menu.addActions([actions.new, actions.open])
    menu.addMenu(RecentMenu(window))
    menu.addAction(change_annotator_action(window))
    menu.addSeparator()
    menu.addActions(team_actions(window))
    menu.addSeparator()
    menu.addActions(
        [actions.import_, actions.export, actions.merge, actions.review_mode, actions.agreement]
    )
    menu.addSeparator()
    menu.addAction(actions.restore)
    menu.addSeparator()
    menu.addAction(actions.quit)


def _edit_menu(window: MainWindowHost, menus: QMenuBar, actions: WindowActions) -> None:
    menus.addMenu("&Edit").addActions(
        [
            actions.undo,
            actions.redo,
            actions.delete,
            actions.attributes,
            actions.cancel,
            actions.filter,
        ]
    )
    actions.view_menu = menus.addMenu("&View")  # the window fills it (view_menu.py)


def _label_menu(window: MainWindowHost, menus: QMenuBar, actions: WindowActions) -> None:
    menu = menus.addMenu("&Label")
    for layer in window.schema.layers:
        section = menu.addMenu(layer.title)
        section.addActions(
            [actions.labels[lab.name] for lab in window.schema.labels if lab.layer == layer.name]
        )


def _review_menu(window: MainWindowHost, menu: QMenu) -> list[QAction]:
    """Review mode's keys and choices (the claims ledger follows them in both modes)."""
    r, targets = window.review, key_targets(window)
    assert r is not None
    keys = [
        view_action(
            targets,
            "&Next disagreement",
            r.next_disagreement,
            ["D"],
            "next",
            "Go to the next unit the annotators disagree on",
        ),
        view_action(
            targets, "&Previous disagreement", r.previous_disagreement, ["Shift+D"], "previous"
        ),
        view_action(
            targets,
            "&Reject the unit",
            r.reject,
            ["R"],
            "reject",
            "Reject every version of the selected unit",
        ),
    ]
    menu.addActions(keys)
    menu.addSeparator()
    auto = make_action(
        window.window(),
        "Merge agreement &automatically",
        r.toggle_auto_merge,
        tip="When a document is first opened, copy the units enough annotators agree on into gold",
    )
    auto.setCheckable(True)
    auto.setChecked(r.auto_merge_enabled())
    menu.addAction(auto)
    menu.addAction(
        make_action(
            window.window(),
            "&Votes needed to merge…",
            r.ask_min_votes,
            tip="All annotators (0), or at least k of them",
        )
    )
    menu.addSeparator()
    for position in range(1, 10):
        action = make_action(
            window.window(),
            f"Accept annotator {position}'s version",
            window.accept_version,
            [f"Alt+{position}"],
            "accept",
        )
        action.setData(position)
        menu.addAction(action)
    return keys


def _help_menu(window: MainWindowHost, menus: QMenuBar, actions: WindowActions) -> None:
    menu = menus.addMenu("&Help")
    menu.addAction(
        make_action(
            window.window(),
            "&Keyboard shortcuts",
            lambda: show_shortcuts(window.window()),
            ["Ctrl+/", "F12"],
            "shortcuts",
            "Every action and its keys, searchable",
        )
    )
    menu.addAction(actions.guidelines)
    menu.addSeparator()
    menu.addAction(
        make_action(
            window.window(),
            "&About Annotator",
            lambda: show_about(
                window.window(), window.model_info.name if window.model_info else None
            ),
            role="about",
        )
    )


def _toolbar(window: MainWindowHost, actions: WindowActions) -> None:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    groups = [
        [actions.import_],
        [actions.undo, actions.redo, actions.delete],
        [actions.links[0]],
        actions.suggestions[:3],
        [actions.previous_document, actions.next_document, actions.done],
    ]
    for i, group in enumerate(groups):
        if i:
            toolbar.addSeparator()
        toolbar.addActions(group)
    toolbar.addSeparator()
    toolbar.addWidget(window.suggestion_label)
