"""Running jobs off the GUI thread, with progress, cancel, and a connection of their own."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.core.control import Cancelled, Control
from annotator.store.db import connect

#: A job: given its own database connection and a Control, returns a result.
JobFn = Callable[[Any, Control], object]


class JobSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, str)  # message, details
    cancelled = Signal()


class Job(QRunnable):
    """One job on the serial pool; opens the project itself (SQLite wants one per thread)."""

    def __init__(self, name: str, db_path: Path, fn: JobFn) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until its signals have been handled
        self.name = name
        self.signals = JobSignals()
        self._db_path = db_path
        self._fn = fn
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        control = Control(progress=self.signals.progress.emit, cancelled=self._stop.is_set)
        db = None
        try:
            db = connect(self._db_path)
            result = self._fn(db, control)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # a worker must report, never take the process down
            self.signals.failed.emit(str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            self.signals.finished.emit(result)
        finally:
            if db is not None:
                db.conn.close()


class JobQueue(QObject):
    """Runs jobs one after another, so that two writers never race for the database."""

    #: Every submitted job has ended and its signals have been handled.
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []

    def submit(self, job: Job) -> Job:
        self.jobs.append(job)
        job.signals.finished.connect(self._forget)
        job.signals.failed.connect(self._forget)
        job.signals.cancelled.connect(self._forget)
        self._pool.start(job)
        return job

    def _forget(self, *_: object) -> None:
        sender = self.sender()
        self.jobs = [job for job in self.jobs if job.signals is not sender]
        if not self.jobs:
            self.idle.emit()

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has finished (window closing, test teardown)."""
        return self._pool.waitForDone(msecs)
