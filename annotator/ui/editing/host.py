"""What the linking and suggestion keys need of the editing controller (no import circle)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from annotator.core.model import Span
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.session.selection import Selection
from annotator.store.editing import DocumentEditor
from annotator.ui.article.view import ArticleView


class EditingHost(Protocol):
    """The open document, its selection, and the way operations are run and told."""

    view: ArticleView

    @property
    def editor(self) -> DocumentEditor | None: ...

    @property
    def selected(self) -> Span | None: ...

    @property
    def suggestion(self) -> Span | None: ...

    def run(
        self,
        operation: Callable[[DocumentSession], Changes],
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Run an operation on the open document; True when it was saved at once."""

    def show_selection(self, selection: Selection) -> None: ...

    def say(self, text: str) -> None:
        """Words for the status bar."""
