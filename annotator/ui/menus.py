"""The window's actions, menus and toolbar: every shortcut is decided here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator import paths
from annotator.core.schema import SchemaError, load_schema
from annotator.store.db import ProjectError, open_project
from annotator.ui.actions import label_actions, make_action, show_history_plainly, view_action
from annotator.ui.errors import tell
from annotator.ui.help_dialogs import show_about, show_shortcuts
from annotator.ui.icons import set_icon
from annotator.ui.identity import change_annotator_action
from annotator.ui.merge_dialog import merge_dialog
from annotator.ui.palette import LabelPalette
from annotator.ui.recent_menu import RecentMenu
from annotator.ui.restore_dialog import restore_from_backup
from annotator.ui.view_menu import build_view_menu

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Create the actions (as attributes of ``window``), the menus and the toolbar."""
    c = window.controller
    window.import_action = make_action(
        window,
        "&Import…",
        window.jobs.import_dialog,
        ["Ctrl+I"],
        "import",
        "Import .txt, .jsonl or .csv files",
    )
    quit_action = make_action(window, "&Quit", window.close, ["Ctrl+Q"], "quit")
    new_action = make_action(
        window,
        "&New Project…",
        window.new_project_dialog,
        ["Ctrl+N"],
        "new",
        "Create a project, with the news schema or another one",
    )
    open_action = make_action(
        window, "&Open Project…", window.open_project_dialog, ["Ctrl+O"], "open"
    )
    guidelines_action = make_action(
        window,
        "Annotation &guidelines",
        window.show_guidelines,
        ["F1"],
        "about",
        "The labels, links and fields of this project's schema, with their descriptions",
    )
    window.undo_action = window.undo_group.createUndoAction(window, "&Undo")
    window.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
    set_icon(window.undo_action, "undo")
    window.redo_action = window.undo_group.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    set_icon(window.redo_action, "redo")
    show_history_plainly(window.undo_action, window.undo_group.undoTextChanged, "Undo")
    show_history_plainly(window.redo_action, window.undo_group.redoTextChanged, "Redo")
    for action in (window.undo_action, window.redo_action):
        window.addAction(action)
    # Single keys act only where the article or the span list has the focus, so that
    # typing in a panel's field never labels or deletes anything.
    targets = (window.view, window.span_list)
    window.delete_action = view_action(
        targets, "&Delete span", c.delete_selected, ["Delete", "Backspace"], "delete"
    )
    cancel_action = view_action(targets, "Cancel", c.cancel, ["Escape"])
    filter_action = make_action(
        window, "&Filter documents", window.filter_box.setFocus, ["Ctrl+F"], "filter"
    )
    attributes_action = make_action(
        window, "Edit &attributes of the span", window._edit_attributes, ["F2"], "attributes"
    )
    window.done_action = make_action(
        window,
        "Mark &done and open next",
        window.done_and_next,
        ["Ctrl+Return", "Ctrl+Enter"],
        "done",
    )
    next_action = make_action(window, "&Next document", window.next_document, ["Ctrl+Down"], "next")
    prev_action = make_action(
        window, "&Previous document", window.previous_document, ["Ctrl+Up"], "previous"
    )
    window.label_actions = label_actions(targets, window.schema, window._label_triggered)
    window.link_actions = [
        view_action(
            targets,
            f"Link as {r.name}…",
            window._link_triggered,
            [r.key.upper()],
            "link",
            f"{r.name}: {r.description}",
            data=r.name,
        )
        for r in window.schema.relations
        if r.key
    ]
    window.link_actions.append(
        view_action(
            targets,
            "&Link to…",
            window._link_triggered,
            ["Shift+L"],
            "link",
            "Link the selected span to another one",
            data=None,
        )
    )
    window.suggestion_actions = [
        view_action(
            targets,
            "&Accept suggestion",
            c.accept_suggestion,
            ["Y"],
            "accept",
            "Accept the suggestion under the cursor, with its links",
        ),
        view_action(targets, "&Reject suggestion", c.reject_suggestion, ["X"], "reject"),
        make_action(
            window,
            "Accept &all suggestions in the document",
            c.accept_all,
            ["Ctrl+Shift+Y"],
            "accept-all",
        ),
        view_action(targets, "&Next suggestion", c.next_suggestion, ["N"], "next-suggestion"),
        view_action(
            targets, "&Previous suggestion", c.previous_suggestion, ["P"], "previous-suggestion"
        ),
    ]

    # Everything that writes to the project: disabled together when it is read-only.
    window.editing_actions = [
        window.import_action,
        window.undo_action,
        window.redo_action,
        window.delete_action,
        attributes_action,
        window.done_action,
        *window.label_actions.values(),
        *window.link_actions,
        *window.suggestion_actions[:3],  # accept, reject, accept all (not next / previous)
    ]

    menus = window.menuBar()
    file_menu = menus.addMenu("&File")
    file_menu.addActions([new_action, open_action])
    file_menu.addMenu(RecentMenu(window))
    file_menu.addAction(change_annotator_action(window))
    file_menu.addSeparator()
    file_menu.addAction(window.import_action)
    file_menu.addAction(
        make_action(
            window,
            "&Export…",
            window.jobs.export_dialog,
            ["Ctrl+E"],
            "export",
            "Write training data: JSONL, CoNLL, CoNLL-U or spaCy DocBin",
        )
    )
    file_menu.addAction(
        make_action(
            window,
            "&Merge annotators' projects…",
            lambda: merge_dialog(window),
            role="merge",
            tip="Copy several annotators' projects into a review project, to adjudicate gold",
        )
    )
    review_action = make_action(
        window,
        "Annotate mode" if window.review is not None else "&Review mode",
        window.switch_mode,
        ["Ctrl+Shift+R"],
        "review",
        "Open this project for annotating, or for reviewing merged annotators into gold",
    )
    file_menu.addAction(review_action)
    file_menu.addAction(
        make_action(
            window,
            "A&greement…",
            window.jobs.show_agreement,
            ["Ctrl+Shift+G"],
            "agreement",
            "How far the annotators of this project agree, per label and per document",
        )
    )
    file_menu.addSeparator()
    restore_action = make_action(
        window,
        "Restore from &backup…",
        lambda: restore_from_backup(window),
        role="restore",
        tip="Put the project back as it was on an earlier day (what it holds now is kept)",
    )
    file_menu.addAction(restore_action)
    window.editing_actions += [review_action, restore_action]
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    edit_menu = menus.addMenu("&Edit")
    edit_menu.addActions(
        [
            window.undo_action,
            window.redo_action,
            window.delete_action,
            attributes_action,
            cancel_action,
            filter_action,
        ]
    )
    window.view_controls = build_view_menu(window, menus.addMenu("&View"))
    doc_menu = menus.addMenu("&Document")
    doc_menu.addActions([window.done_action, next_action, prev_action])
    label_menu = menus.addMenu("&Label")
    for layer in window.schema.layers:
        section = label_menu.addMenu(layer.title)
        section.addActions(
            [
                window.label_actions[lab.name]
                for lab in window.schema.labels
                if lab.layer == layer.name
            ]
        )
    menus.addMenu("Lin&k").addActions(window.link_actions)
    menus.addMenu("&Suggestions").addActions(window.suggestion_actions)
    if window.review is not None:
        r = window.review
        review_menu = menus.addMenu("&Review")
        review_menu.addActions(
            [
                view_action(
                    targets,
                    "&Next disagreement",
                    r.next_disagreement,
                    ["D"],
                    "next",
                    "Go to the next unit the annotators disagree on",
                ),
                view_action(
                    targets,
                    "&Previous disagreement",
                    r.previous_disagreement,
                    ["Shift+D"],
                    "previous",
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
        )
        review_menu.addSeparator()
        auto = make_action(
            window,
            "Merge agreement &automatically",
            r.toggle_auto_merge,
            tip="When a document is first opened, copy the units enough "
            "annotators agree on into gold",
        )
        auto.setCheckable(True)
        auto.setChecked(r.auto_merge_enabled())
        review_menu.addAction(auto)
        review_menu.addAction(
            make_action(
                window,
                "&Votes needed to merge…",
                r.ask_min_votes,
                tip="All annotators (0), or at least k of them",
            )
        )
        review_menu.addSeparator()
        for position in range(1, 10):
            action = make_action(
                window,
                f"Accept annotator {position}'s version",
                window.accept_version,
                [f"Alt+{position}"],
                "accept",
            )
            action.setData(position)
            review_menu.addAction(action)
    help_menu = menus.addMenu("&Help")
    help_menu.addAction(
        make_action(
            window,
            "&Keyboard shortcuts",
            lambda: show_shortcuts(window),
            ["Ctrl+/", "F12"],
            "shortcuts",
            "Every action and its keys, searchable",
        )
    )
    help_menu.addAction(guidelines_action)
    help_menu.addSeparator()
    help_menu.addAction(
        make_action(
            window,
            "&About Annotator",
            lambda: show_about(window, window.model_info.name if window.model_info else None),
            role="about",
        )
    )

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    groups = [
        [window.import_action],
        [window.undo_action, window.redo_action, window.delete_action],
        [window.link_actions[0]],
        window.suggestion_actions[:3],
        [prev_action, next_action, window.done_action],
    ]
    for i, group in enumerate(groups):
        if i:
            toolbar.addSeparator()
        toolbar.addActions(group)
    toolbar.addSeparator()
    toolbar.addWidget(window.suggestion_label)

    window.label_palette = LabelPalette(window.schema, window.label_actions)
    window.label_palette.setMinimumWidth(270)
    window.splitter.addWidget(window.label_palette)
    window.splitter.setSizes([300, 760, 290])


def new_project_dialog(window: MainWindow) -> None:
    """Ask where, and with which schema; create the project and open it in a new window."""
    name, _ = QFileDialog.getSaveFileName(
        window,
        "New project",
        str(Path.home() / "project.annotator"),
        "Annotator projects (*.annotator);;All files (*)",
    )
    if not name:
        return
    path = Path(name)
    if path.exists():
        tell(window, "New project", f"{path} exists already: open it instead.")
        return
    answer = QMessageBox.question(
        window,
        "Label schema",
        "Use the default news schema?\n\nChoose No to pick a schema file (TOML) of your own.",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return
    schema_file = paths.default_schema_path()
    if answer == QMessageBox.StandardButton.No:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Label schema", str(Path.home()), "Schemas (*.toml);;All files (*)"
        )
        if not chosen:
            return
        schema_file = Path(chosen)
    try:
        open_project(path, new_schema=load_schema(schema_file)).conn.close()
    except (SchemaError, ProjectError, OSError) as exc:
        tell(window, "The project was not created", str(exc), icon=QMessageBox.Icon.Critical)
        return
    window.open_project_window(path)
