"""A project as one person has it open: its file, schema, who they are, and how it opened.

The window holds one ``Project``; it hands out a ``DocumentSession`` per document, each
keeping its own undo history while the project stays open.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.review.gold import gold_annotator
from annotator.session.document import DocumentSession
from annotator.store.annotators import annotator_names, ensure_annotator
from annotator.store.db import (
    BUSY_TIMEOUT_MS,
    Opened,
    ProjectError,
    open_project,
    opened,
    project_schema,
)
from annotator.store.listing import progress
from annotator.store.team_link import TeamLink, read_link


class Project:
    """An open project: the database, its schema, the annotator and the open documents."""

    def __init__(self, path: Path, db: Database, annotator: str, *, review: bool = False) -> None:
        """Take an open database; review mode (gold) refuses a read-only one."""
        self.path = path
        self.db = db
        self.opened: Opened = opened(db)
        #: The team hub this project belongs to: its layer is the one the person joined
        #: as (`annotator team join --annotator NAME`, or the reviewer's gold), whatever
        #: name the window was opened with, or their work would never reach the hub.
        self.team: TeamLink | None = read_link(db)
        if self.team is not None:
            annotator = self.team.name if self.team.role == "annotator" else annotator
            review = review or self.team.role == "reviewer"
        self.annotator = annotator
        self.review = review
        if review and self.read_only:
            raise ProjectError(
                f"{path} is open read-only, because {self.read_only}, and review mode "
                "writes the gold layer; copy the project to a folder you can write to"
            )
        self.schema: LabelSchema = project_schema(db)
        self.annotator_id = self._layer()
        self._sessions: dict[int, DocumentSession] = {}
        self._min_score = 0.0

    @classmethod
    def open(
        cls,
        path: Path,
        annotator: str,
        *,
        review: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> Project:
        """Open ``path`` for ``annotator`` (the gold layer when ``review``)."""
        db = open_project(path, busy_timeout_ms=busy_timeout_ms)
        try:
            return cls(path, db, annotator, review=review)
        except BaseException:
            db.conn.close()
            raise

    def _layer(self) -> int:
        """The annotator id whose layer this person edits (gold when reviewing).

        Reading never adds the annotator: a newcomer to a read-only project sees no layer.
        """
        if self.read_only:
            names = annotator_names(self.db)
            return next((i for i, n in names.items() if n == self.annotator), 0)
        if self.review:
            return gold_annotator(self.db)
        return ensure_annotator(self.db, self.annotator)

    @property
    def read_only(self) -> str:
        """Why the project cannot be written ("" when it can)."""
        return self.opened.read_only

    def notes(self) -> list[str]:
        """What the person should be told about this opening (read-only, upgraded)."""
        return self.opened.notes(self.path)

    def session(self, doc_id: int) -> DocumentSession:
        """The document's session: made the first time, read again every later time."""
        session = self._sessions.get(doc_id)
        if session is None:
            session = DocumentSession(
                self.db, self.schema, self.annotator_id, doc_id, read_only=self.read_only
            )
            session.editor.min_score = self._min_score
            session.editor.refresh_suggestions()
            self._sessions[doc_id] = session
        else:
            session.editor.refresh()
        return session

    @property
    def min_score(self) -> float:
        """The confidence below which a model's suggestions are not offered."""
        return self._min_score

    @min_score.setter
    def min_score(self, value: float) -> None:
        self._min_score = value
        for session in self._sessions.values():
            session.editor.min_score = value
            session.editor.refresh_suggestions()

    def forget(self, doc_id: int) -> None:
        """Drop a document's session and history (the next opening reads it afresh)."""
        self._sessions.pop(doc_id, None)

    def progress(self) -> tuple[int, int]:
        """(documents done, documents in all) for this person's layer."""
        return progress(self.db, self.annotator_id)

    def close(self) -> None:
        self._sessions.clear()
        self.db.conn.close()
