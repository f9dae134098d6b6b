"""Progress reporting and cancellation shared by every long job (import, export, merge)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Raised inside a job when the user asked it to stop; committed work stays."""


def _no_progress(done: int, total: int, message: str) -> None:
    """Default progress sink: a job run from a script reports nothing."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Control:
    """How a job tells the caller how far it got, and learns whether to stop."""

    progress: Callable[[int, int, str], None] = _no_progress
    cancelled: Callable[[], bool] = _never

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled
