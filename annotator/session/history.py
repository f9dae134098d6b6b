"""Undo and redo as inverse operations, and the refusals an operation can meet.

A step is recorded only once the project has saved it, and moves between the done and
undone lists only once its inverse is saved: a refused save (a lock held by another
program, a full disk) leaves the history exactly as it was, to be tried again.
"""

from __future__ import annotations

from annotator.session.changes import Changes
from annotator.store.db import Gone, ProjectBusy, ProjectError


class Declined(Exception):
    """Nothing to do, and why, in words for the status bar ("already labelled CLAIM")."""


class ReadOnlyProject(ProjectError):
    """The project was opened read-only: the reason says why (a folder one cannot write)."""


class NotSaved(Exception):
    """The project refused an operation: nothing changed, the history is as it was.

    ``changes``: after a clash with another window the document was read again, and
    its views must show it as the project has it now.
    """

    def __init__(self, what: str, error: ProjectError, changes: Changes | None = None) -> None:
        super().__init__(f"{what}: {error}")
        self.what = what
        self.error = error
        self.changes = changes

    @property
    def busy(self) -> bool:
        """Another program held the write lock: trying again shortly may succeed."""
        return isinstance(self.error, ProjectBusy)

    @property
    def gone(self) -> bool:
        """What the operation named was changed or deleted in another window."""
        return isinstance(self.error, Gone)


class Typing:
    """Typed text is saved at every key, yet undone one field edit at a time.

    A text edit merges into the step before it when both set the same field of the same
    span (or link, or document) during one round of typing; a widget ends the round when
    the field loses focus or Enter is pressed (``Typing.end()``), so that the next edit of
    that field is a step of its own.
    """

    round = 0

    @classmethod
    def end(cls) -> None:
        """The field typed in is left: its next edit starts a new step."""
        cls.round += 1


class Step:
    """One undoable operation: ``apply`` does (and redoes) it, ``revert`` undoes it.

    Both write the project in one transaction and raise ``ProjectError`` when it is
    refused, having changed nothing.
    """

    def __init__(self, doc_id: int, text: str) -> None:
        self.doc_id = doc_id
        self.text = text

    def apply(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def absorb(self, later: Step) -> bool:
        """Take ``later`` (already applied) into this step; typed edits do (see Typing)."""
        return False

    def undone_by_absorbing(self) -> bool:
        """After ``absorb``: True when the value is back where it was (the step goes)."""
        return False


class History:
    """One document's done and undone steps."""

    def __init__(self) -> None:
        self._done: list[Step] = []
        self._undone: list[Step] = []

    def do(self, step: Step) -> Changes:
        """Apply ``step`` and record it; raises ``ProjectError`` (nothing recorded)."""
        changes = step.apply()
        last = self._done[-1] if self._done else None
        if last is not None and last.absorb(step):
            if last.undone_by_absorbing():
                self._done.pop()
        else:
            self._done.append(step)
        self._undone.clear()
        return changes.told(f"Saved: {step.text}")

    def undo(self) -> Changes | None:
        """Undo the last step (None when there is none); on refusal nothing moves."""
        if not self._done:
            return None
        step = self._done[-1]
        changes = step.revert()
        self._undone.append(self._done.pop())
        return changes.told(f"Undone: {step.text}")

    def redo(self) -> Changes | None:
        """Redo the last undone step (None when there is none); on refusal nothing moves."""
        if not self._undone:
            return None
        step = self._undone[-1]
        changes = step.apply()
        self._done.append(self._undone.pop())
        return changes.told(f"Saved: {step.text}")

    def clear(self) -> None:
        """Forget every step: they name spans and links that are no longer there."""
        self._done.clear()
        self._undone.clear()

    @property
    def undo_text(self) -> str:
        """What Undo would undo ("" when nothing)."""
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def done(self) -> int:
        """How many steps can be undone."""
        return len(self._done)

    @property
    def undone(self) -> int:
        """How many steps can be redone."""
        return len(self._undone)
