"""The window half of the scale benchmark, run in a process of its own by bench_scale.

A fresh process per measurement: start-up time counts the interpreter and the imports,
and the resident memory is the window's alone, not the corpus generator's. Each mode
prints one JSON object on its last line.

    python -m benchmarks.scale_window startup PROJECT STARTED_AT
    python -m benchmarks.scale_window big PROJECT STARTED_AT
    python -m benchmarks.scale_window long PROJECT
    python -m benchmarks.scale_window during-import PROJECT FILE
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest

from annotator.ui.app import application
from annotator.ui.window.main_window import MainWindow

#: Words to filter the list by: common, rare, two words, a name, nothing.
SEARCHES = ("ceasefire", "cholera camp", "the", "Hadrel", "said", "zyzzyva")


def rss_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB, from /proc."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def children_rss_mb() -> float:
    """Resident memory of this process's children (the model's analysis process), in MB."""
    total = 0.0
    me = str(os.getpid())
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue  # it ended meanwhile
        if fields.get("PPid", "").strip() == me:
            total += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    return total


def summary(times: list[float]) -> dict[str, float]:
    """Median, 99th percentile and maximum, in milliseconds."""
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": ordered[-1] * 1000,
        "n": len(ordered),
    }


def _window(project: Path, *, preannotate: bool) -> MainWindow:
    """The window as `annotator gui` builds it (app.run without the event loop)."""
    application()
    window = MainWindow(project, "bench")
    window.resize(1360, 820)
    window.show()
    if preannotate:
        window.start_preannotation()
    QTest.qWaitForWindowExposed(window)
    return window


def _settle(window: MainWindow) -> None:
    window.doc_table.viewport().repaint()
    window.view.viewport().repaint()


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def startup(project: Path, started_at: float) -> dict[str, Any]:
    """Only the start: process launch to a painted window with its first document."""
    window = _window(project, preannotate=True)
    _settle(window)
    elapsed = time.time() - started_at
    window.queue.cancel_all()
    window.close()
    return {"startup_s": elapsed}


def big(project: Path, started_at: float) -> dict[str, Any]:
    """Open a large project: start-up, scrolling the list, searching, memory."""
    window = _window(project, preannotate=True)
    _settle(window)
    startup = time.time() - started_at
    model = window.doc_model
    rows = model.rowCount()

    # Time what the list waits on the database for: the page fetches.
    fetches: list[float] = []
    page_of = model._page_of

    def timed_page_of(row: int) -> None:
        fetches.append(_timed(lambda: page_of(row)))

    model._page_of = timed_page_of  # type: ignore[method-assign]
    bar = window.doc_table.verticalScrollBar()
    rng = random.Random(3)
    paints = []
    positions = [rng.randrange(bar.maximum() + 1) for _ in range(300)]
    positions += list(range(0, min(bar.maximum(), 300 * bar.pageStep()), bar.pageStep()))
    for position in positions:
        bar.setValue(position)
        paints.append(_timed(window.doc_table.viewport().repaint))

    searches = {}
    for words in SEARCHES:

        def search(w: str = words) -> None:
            window._apply_filter(w)
            _settle(window)

        elapsed = _timed(search)
        searches[words] = {"ms": elapsed * 1000, "matches": model.rowCount()}
    window._apply_filter("")
    rss_list, _ = rss_mb()

    # Memory with the model loaded and analysing in the background, as a user has it.
    analysed_before = _analysed(project)
    deadline = time.monotonic() + 120
    while _analysed(project) <= analysed_before and time.monotonic() < deadline:
        QTest.qWait(200)
    QTest.qWait(3000)
    rss_model, peak = rss_mb()
    child = children_rss_mb()
    window.queue.cancel_all()
    window.close()
    return {
        "rows": rows,
        "startup_s": startup,
        "scroll_paint": summary(paints),
        "page_fetch": summary(fetches) if fetches else None,
        "searches": searches,
        "rss_list_mb": rss_list,
        "rss_model_mb": rss_model,
        "peak_rss_mb": peak,
        "child_rss_mb": child,
        "model_started": _analysed(project) > analysed_before,
    }


def _analysed(project: Path) -> int:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM analyses WHERE model != ''").fetchone()[0])
    finally:
        conn.close()


def long(project: Path) -> dict[str, Any]:
    """Open one very long article with many spans; select and label spans in it."""
    window = _window(project, preannotate=False)
    doc_id = window.doc_model.doc_id(0)
    assert doc_id is not None
    opens = []

    def open_it() -> None:
        window.open_document(doc_id)
        _settle(window)

    for _ in range(3):
        window.controller.forget_document(doc_id)
        opens.append(_timed(open_it))
    editor = window.editor
    assert editor is not None
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    tokens = editor.tokens.tokens
    taken = {(s.start, s.end) for s in editor.spans.values()}
    free = [t for t in tokens if (t.start, t.end) not in taken]
    rng = random.Random(5)
    targets = [*rng.sample(free[:-1], 39), free[-1]]  # the very end too
    labels = []
    for token in targets:

        def label(start: int = token.start, end: int = token.end) -> None:
            window.view.select_range(start, end)
            window.view.ensureCursorVisible()
            QTest.keyClick(window.view, Qt.Key.Key_A)  # CLAIM, committed on return
            window.view.viewport().repaint()

        labels.append(_timed(label))
    made = sum(1 for s in editor.spans.values() if s.label == "CLAIM")
    window.close()
    return {
        "words": len(editor.document.text.split()),
        "spans": len(taken),
        "open_first_ms": opens[0] * 1000,
        "open_ms": min(opens) * 1000,
        "label": summary(labels),
        "labelled": made,
        "asked": len(targets),
    }


def _probe_until_idle(
    window: MainWindow, start: Callable[[], object], limit_s: float, queue: Any = None
) -> dict[str, Any]:
    """Run ``start`` and tick a 5 ms timer until the job queue (the window's own, unless
    another is named) is idle again."""
    _settle(window)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e9)
        last[0] = now

    probe = QTimer(window, interval=5, timerType=Qt.TimerType.PreciseTimer)
    probe.timeout.connect(tick)
    finished: list[float] = []
    (queue or window.queue).idle.connect(lambda: finished.append(time.perf_counter()))
    began = time.perf_counter()
    start()
    probe.start()
    deadline = time.monotonic() + limit_s
    while not finished and time.monotonic() < deadline:
        QTest.qWait(50)
    probe.stop()
    return {
        "seconds": time.perf_counter() - began,
        "gap": summary(gaps),
        "over_50ms": sum(1 for gap in gaps if gap > 0.05),
    }


def during_import(project: Path, source: Path) -> dict[str, Any]:
    """How long the event loop stalls while the window imports and pre-annotates."""
    window = _window(project, preannotate=False)
    before = _analysed(project)
    # Stores, then the model analyses the new documents.
    result = _probe_until_idle(window, lambda: window.jobs.import_paths([source]), 900)
    window.close()
    return {**result, "analysed": _analysed(project) - before}


def during_training(project: Path, minutes: float) -> dict[str, Any]:
    """How long the event loop stalls while Model > Train… trains in its child process."""
    from annotator.ui.jobs.tasks import TrainChoice, train_job

    window = _window(project, preannotate=False)
    job = train_job(project, TrainChoice(layers=("attribution",), minutes=minutes))
    window.status.track(job)
    result = _probe_until_idle(window, lambda: window.queue.submit(job), minutes * 60 + 300)
    window.close()
    return result


def during_sync(project: Path) -> dict[str, Any]:
    """How long the event loop stalls while a team project sends every document again."""
    from annotator.store.db import open_project, transaction

    db = open_project(project)
    with transaction(db):
        db.execute(
            "INSERT INTO team_outbox (doc_id, seq) SELECT id, 1 FROM documents "
            "WHERE true ON CONFLICT DO NOTHING"
        )
    db.conn.close()
    application()
    window = MainWindow(project, "bench")
    window.resize(1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    syncing = window.team_sync
    result = _probe_until_idle(window, syncing.sync_now, 300, queue=syncing.queue)
    window.close()
    return result


def main(argv: list[str]) -> int:
    mode, project = argv[0], Path(argv[1])
    if mode == "startup":
        result = startup(project, float(argv[2]))
    elif mode == "big":
        result = big(project, float(argv[2]))
    elif mode == "long":
        result = long(project)
    elif mode == "during-import":
        result = during_import(project, Path(argv[2]))
    elif mode == "during-sync":
        result = during_sync(project)
    elif mode == "during-training":
        result = during_training(project, float(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
