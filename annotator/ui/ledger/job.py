"""The ledger is put together in a worker, on the window's job queue, then shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.ledger.ledger import Ledger, build_ledger
from annotator.ledger.reading import LedgerError
from annotator.store.annotators import annotator_names
from annotator.ui.jobs.queue import Job

#: What the window says when the project has several people's work and it must choose.
CHOOSE = (
    "Several people annotated this project: choose whose work the ledger reads (gold is "
    "read first, wherever a reviewer made it)."
)


@dataclass(frozen=True)
class LedgerResult:
    """A ledger built, or the question to answer before one can be."""

    ledger: Ledger | None
    annotators: tuple[str, ...]  # the project's people: whose work the ledger may read
    annotator: str | None  # whose work was asked for (None: gold, else the only one)
    rule: str
    question: str = ""  # why there is no ledger: whose work to read, or no such person


def read_ledger(db: Database, annotator: str | None, rule: str) -> LedgerResult:
    """The project's ledger, or why it needs the person to choose whose work it reads."""
    names = tuple(sorted(set(annotator_names(db).values())))
    try:
        ledger = build_ledger(db, annotator=annotator, rule=rule)
    except LedgerError as exc:
        return LedgerResult(None, names, annotator, rule, CHOOSE if annotator is None else str(exc))
    return LedgerResult(ledger, names, annotator, rule)


def ledger_job(db_path: Path, annotator: str | None, rule: str) -> Job:
    """A job that reads the project's ledger on its own connection (a second or two for
    ten thousand articles)."""

    def work(db: Database, control: Control) -> LedgerResult:
        control.progress(0, 0, "Putting the claims ledger together…")
        return read_ledger(db, annotator, rule)

    return Job("Claims ledger", db_path, work)
