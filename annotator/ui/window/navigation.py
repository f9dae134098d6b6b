"""Moving between documents: next, previous, and done-and-next (Ctrl+Enter)."""

from __future__ import annotations

from annotator.core.model import Status
from annotator.ui.window.host import MainWindowHost


def step(window: MainWindowHost, delta: int, *, skip_done: bool = False) -> bool:
    """Open the document ``delta`` rows away in the list, wrapping around; False if none.

    ``skip_done``: pass over documents marked done or skipped.
    """
    model, editor = window.doc_model, window.editor
    rows = model.rowCount()
    current = model.row_of(editor.doc_id) if editor else -1
    start = -1 if current is None else current
    for steps in range(1, rows + 1):
        row = (start + delta * steps) % rows
        if skip_done and model.status(row) in (Status.DONE, Status.SKIPPED):
            continue
        if row != current:
            window.open_row(row)
            return True
    return False


def done_and_next(window: MainWindowHost) -> None:
    """Mark the document done and open the next one not done (stays when refused)."""
    editor = window.editor
    if editor is None or not window.controller.mark_done():
        return
    title = editor.document.title
    if step(window, +1, skip_done=True):
        window.status.say(f"Marked “{title}” done")
    else:
        window.status.say("Marked done. Every document is done or skipped.")
