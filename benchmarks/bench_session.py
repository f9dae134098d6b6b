"""Issue 13's figures: the window under another program's write lock, and opening it.

Run: `python -m benchmarks.bench_session` (add `--quick` for the small smoke run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest

from annotator.store.db import connect
from annotator.ui.app import application
from annotator.ui.window.main_window import MainWindow
from benchmarks.corpus import long_project


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<58} {figure:>16}   target: {target}")


class _Stalls:
    """The longest gap between ticks of a 10 ms timer: how long the event loop froze."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.longest = 0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())


def _hold(project: Path, hold_ms: int, locked: threading.Event, released: list[float]) -> None:
    """Another program: take the project's write lock, keep it ``hold_ms``, let it go."""
    other = connect(project)
    other.conn.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(hold_ms / 1000)
    other.conn.rollback()
    released[0] = time.perf_counter()
    other.conn.close()


def bench_busy(folder: Path, words: int, spans: int, hold_ms: int) -> None:
    """Label a word while another connection holds the write lock for ``hold_ms``."""
    project = folder / "busy.annotator"
    long_project(project, words, spans, ("PERSON", "GPE"))
    application()
    window = MainWindow(project, "bench")
    window.show()
    QTest.qWaitForWindowExposed(window)
    editor = window.editor
    assert editor is not None
    taken = {(s.start, s.end) for s in editor.spans.values()}
    token = next(t for t in editor.tokens.tokens if (t.start, t.end) not in taken)
    window.view.select_range(token.start, token.end)
    locked, released = threading.Event(), [0.0]
    holder = threading.Thread(target=_hold, args=(project, hold_ms, locked, released))
    holder.start()  # another program, holding the write lock for hold_ms
    locked.wait()
    stalls = _Stalls()
    start = time.perf_counter()
    QTest.keyClick(window.view, Qt.Key.Key_A)  # CLAIM, refused at first
    pressed = time.perf_counter() - start
    stalls.start()
    while not any(s.label == "CLAIM" for s in editor.spans.values()):
        QTest.qWait(5)
        assert time.perf_counter() - start < 10, "the change was never saved"
    saved = time.perf_counter() - released[0]
    stalls.timer.stop()
    holder.join()
    _row("key press under another's write lock (GUI thread)", f"{pressed * 1000:.0f} ms", "~250 ms")
    _row(
        f"longest event-loop stall while retrying ({hold_ms} ms lock)",
        f"{stalls.longest} ms",
        "~250 ms",
    )
    _row("saved after the other program let the lock go", f"{saved * 1000:.0f} ms", "< 500 ms")
    window.close()


def bench_open_window(folder: Path, words: int, spans: int, rounds: int) -> None:
    """Open the window on a project, shown and with its first document, ``rounds`` times."""
    project = folder / "open.annotator"
    long_project(project, words, spans, ("PERSON", "GPE"))
    application()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        window = MainWindow(project, "bench")
        window.show()
        QTest.qWaitForWindowExposed(window)
        timings.append(time.perf_counter() - start)
        window.close()
        window.queue.wait()
    _row(
        f"open a window ({words:,}-word article), best of {rounds}",
        f"{min(timings) * 1000:.0f} ms",
        "(info)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}{' (quick)' if args.quick else ''}"
    )
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        if args.quick:
            bench_busy(folder, words=500, spans=50, hold_ms=600)
            bench_open_window(folder, words=500, spans=50, rounds=2)
        else:
            bench_busy(folder, words=10_000, spans=1_500, hold_ms=2000)
            bench_open_window(folder, words=10_000, spans=1_500, rounds=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
