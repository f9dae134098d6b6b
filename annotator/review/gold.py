"""The gold layer of a review project, the review state of each document, and the layers
of the annotators a reviewer compares.

Gold is just the layer of the one annotator of kind ``gold``: the reviewer edits it with a
``DocumentEditor`` like any other layer. The review state of a document is that
annotator's ``doc_states`` status under other names, so listing and export need nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation, Span, Status
from annotator.store.annotations import get_status, spans_of
from annotator.store.annotators import ensure_annotator
from annotator.store.db import now, transaction
from annotator.store.relations import get_fields, relations_of

GOLD_NAME = "gold"


class ReviewState(StrEnum):
    """Where the reviewer stands with one document."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    ADJUDICATED = "adjudicated"


_STATE_OF = {
    Status.TODO: ReviewState.NOT_STARTED,
    Status.IN_PROGRESS: ReviewState.IN_PROGRESS,
    Status.DONE: ReviewState.ADJUDICATED,
    # Review has no "skipped"; calling it "not started" would let auto-merge run again
    # and bring back what the reviewer removed, so it counts as begun.
    Status.SKIPPED: ReviewState.IN_PROGRESS,
}
_STATUS_OF = {
    ReviewState.NOT_STARTED: Status.TODO,
    ReviewState.IN_PROGRESS: Status.IN_PROGRESS,
    ReviewState.ADJUDICATED: Status.DONE,
}


def find_gold(db: Database) -> int | None:
    """Id of the gold annotator, or None before review began (reading never creates it)."""
    row = db.execute("SELECT id FROM annotators WHERE kind = 'gold' ORDER BY id").fetchone()
    return None if row is None else int(row[0])


def gold_annotator(db: Database) -> int:
    """Id of the project's one gold annotator, named "gold", created on first use."""
    found = find_gold(db)
    if found is not None:
        return found
    # ensure_annotator gives it the review project's uid, as the export expects.
    return ensure_annotator(db, GOLD_NAME, kind="gold")


def review_state(db: Database, doc_id: int) -> ReviewState:
    """How far the reviewer got with a document."""
    gold = find_gold(db)
    if gold is None:
        return ReviewState.NOT_STARTED
    return _STATE_OF[get_status(db, doc_id, gold)]


def _write_status(db: Database, doc_id: int, gold: int, status: Status) -> None:
    # seeded = 1: a DocumentEditor opened on gold must never copy the model's entities
    # into it; gold holds only what the reviewer took from the annotators.
    db.execute(
        "INSERT INTO doc_states (doc_id, annotator_id, status, seeded, updated_at) "
        "VALUES (?, ?, ?, 1, ?) ON CONFLICT DO UPDATE SET status = excluded.status, "
        "seeded = 1, updated_at = excluded.updated_at",
        [doc_id, gold, status.value, now()],
    )


def set_review_state(db: Database, doc_id: int, state: ReviewState | str) -> ReviewState:
    """Set a document's review state; returns the state it had, for undo.

    A document may be marked adjudicated whatever is left undecided: the reviewer judges.
    """
    wanted = ReviewState(state)
    with transaction(db):
        gold = gold_annotator(db)
        before = review_state(db, doc_id)
        _write_status(db, doc_id, gold, _STATUS_OF[wanted])
    return before


def begin_review(db: Database, doc_id: int) -> Status:
    """Mark the document in review (unless it is further along), in the caller's transaction.

    Returns gold's status before, so that undo can put it back.
    """
    gold = gold_annotator(db)
    before = get_status(db, doc_id, gold)
    _write_status(db, doc_id, gold, Status.IN_PROGRESS if before is Status.TODO else before)
    return before


def restore_status(db: Database, doc_id: int, status: Status) -> None:
    """Put gold's status of a document back (undo), in the caller's transaction."""
    _write_status(db, doc_id, gold_annotator(db), status)


@dataclass(frozen=True)
class AnnotatorLayer:
    """One annotator's work on one document, as review compares it."""

    id: int
    name: str
    project_uid: str
    status: Status
    spans: list[Span]
    relations: list[Relation]
    fields: dict[str, Any]


def read_layer(db: Database, doc_id: int, annotator_id: int) -> AnnotatorLayer:
    """One annotator's spans, relations, fields and status for a document."""
    row = db.execute(
        "SELECT name, project_uid FROM annotators WHERE id = ?", [annotator_id]
    ).fetchone()
    if row is None:
        raise KeyError(f"no annotator {annotator_id}")
    return AnnotatorLayer(
        id=annotator_id,
        name=str(row[0]),
        project_uid=str(row[1]),
        status=get_status(db, doc_id, annotator_id),
        spans=spans_of(db, doc_id, annotator_id),
        relations=relations_of(db, doc_id, annotator_id),
        fields=get_fields(db, doc_id, annotator_id),
    )


def gold_layer(db: Database, doc_id: int) -> AnnotatorLayer | None:
    """The gold layer of a document, or None before review began."""
    gold = find_gold(db)
    return None if gold is None else read_layer(db, doc_id, gold)


def _humans_with(db: Database, doc_id: int, statuses: tuple[str, ...]) -> list[int]:
    marks = ",".join("?" * len(statuses))
    rows = db.execute(
        "SELECT a.id FROM annotators a JOIN doc_states s ON s.annotator_id = a.id "
        f"WHERE s.doc_id = ? AND a.kind = 'human' AND s.status IN ({marks}) ORDER BY a.id",
        [doc_id, *statuses],
    )
    return [int(r[0]) for r in rows]


def reviewers_view(db: Database, doc_id: int) -> list[AnnotatorLayer]:
    """The layers of every human annotator who has the document (a doc_states row)."""
    everyone = _humans_with(db, doc_id, tuple(s.value for s in Status))
    return [read_layer(db, doc_id, who) for who in everyone]


def compared_annotators(db: Database, doc_id: int, *, finished_only: bool = True) -> list[int]:
    """The annotators whose versions of a document review compares, by id.

    Those who marked it done; with ``finished_only=False``, or when nobody has finished
    it, everyone who has it except those who skipped it (a skip is not an empty answer).
    """
    if finished_only:
        done = _humans_with(db, doc_id, (Status.DONE.value,))
        if done:
            return done
    return _humans_with(
        db, doc_id, (Status.TODO.value, Status.IN_PROGRESS.value, Status.DONE.value)
    )


def rejections(db: Database, doc_id: int) -> dict[str, str]:
    """The units the reviewer rejected in a document (unit id -> when)."""
    rows = db.execute(
        "SELECT unit, decided_at FROM review_decisions WHERE doc_id = ? AND decision = 'reject'",
        [doc_id],
    )
    return {str(r[0]): str(r[1]) for r in rows}


def set_rejection(db: Database, doc_id: int, unit_id: str, decided_at: str | None) -> None:
    """Record (with the time) or forget (None) a rejection, in the caller's transaction."""
    if decided_at is None:
        db.execute("DELETE FROM review_decisions WHERE doc_id = ? AND unit = ?", [doc_id, unit_id])
    else:
        db.execute(
            "INSERT INTO review_decisions (doc_id, unit, decision, decided_at) "
            "VALUES (?, ?, 'reject', ?) ON CONFLICT DO UPDATE SET decision = 'reject', "
            "decided_at = excluded.decided_at",
            [doc_id, unit_id, decided_at],
        )
