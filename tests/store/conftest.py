"""Annotating processes for the crash and two-window tests, never left running."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.store.processes import Worker

Spawn = Callable[..., Worker]


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """Starts ``Worker`` processes; kills any still running when the test ends."""
    started: list[Worker] = []

    def start(project: Path, doc_id: int, annotator: str, seed: int, *options: str) -> Worker:
        worker = Worker(project, doc_id, annotator, seed, *options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.close()
