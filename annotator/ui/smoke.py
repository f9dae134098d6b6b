"""`annotator gui --smoke`: start the real window, check it works, report, and quit.

For an installed copy or a frozen bundle, where a test cannot reach inside: the window is
built on the project (made with the sample articles on first run, like a bare
``annotator``), shown, its first document opened, and the spaCy model run over the
articles in the background, as on a real start. Nothing waits for a person: the name is
the one given, the remembered one or the login name, and is not remembered.
"""

from __future__ import annotations

import getpass
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer

from annotator import paths
from annotator.jobs.first_run import open_default_project
from annotator.store.documents import count_documents
from annotator.ui.app import ANNOTATOR_KEY, application
from annotator.ui.common.settings import open_once
from annotator.ui.window.main_window import MainWindow

EXIT_FAILED = 2
#: Generous: a cold start of a frozen bundle from a slow disk takes a while.
SHOW_TIMEOUT_S = 60.0
MODEL_TIMEOUT_S = 300.0


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run the event loop until ``condition`` holds; False if ``seconds`` ran out first."""
    if condition():
        return True
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(
        lambda: loop.quit() if condition() or time.monotonic() > deadline else None
    )
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


def _name(given: str | None) -> str:
    remembered = QSettings().value(ANNOTATOR_KEY, "", type=str)
    if given:
        return given
    if isinstance(remembered, str) and remembered.strip():
        return remembered
    return getpass.getuser()


def _fail(message: str) -> int:
    print(f"annotator: smoke start failed: {message}", file=sys.stderr)
    return EXIT_FAILED


def smoke_start(
    db: Path | None, annotator: str | None, *, review: bool = False, started: float
) -> int:
    """Start the window on ``db`` (default: the default project), report, quit.

    ``started`` is the ``time.perf_counter()`` reading taken before the window's modules
    were imported. Returns 0 once the window was shown with a document open and the model
    (not the blank fallback) analysed the project; 2 otherwise, saying what failed.
    """
    application()
    if db is not None:  # a project named for this run is not the one to open next time
        open_once(db)
    path, conn = open_default_project(db)
    documents = count_documents(conn)
    conn.conn.close()
    window = MainWindow(path, _name(annotator), review=review)
    window.resize(1360, 820)
    window.show()
    handle = window.windowHandle()
    shown = _wait_until(
        lambda: window.isVisible() and handle is not None and handle.isExposed(), SHOW_TIMEOUT_S
    )
    if not shown:
        window.close()
        return _fail(f"the window was not shown within {SHOW_TIMEOUT_S:.0f} s")
    if window.editor is None:
        window.close()
        return _fail(f"{path} has {documents} documents but none was opened")
    print(
        f"ready: {documents} documents, window shown in {time.perf_counter() - started:.2f} s, "
        f"first document: {window.editor.document.title}",
        flush=True,
    )
    print(f"resources: {paths.resources_dir()}", flush=True)

    failures: list[str] = []
    analysing = time.perf_counter()
    window.start_preannotation()
    window.queue.jobs[-1].signals.failed.connect(lambda message, _details: failures.append(message))
    # An empty queue and no model named: the job ended some other way (failed, cancelled).
    finished = _wait_until(
        lambda: window.model_info is not None or bool(failures) or not window.queue.jobs,
        MODEL_TIMEOUT_S,
    )
    model = window.model_info
    window.close()
    if failures:
        return _fail(f"pre-annotation failed: {failures[0]}")
    if model is None:
        waited = "ended without a result" if finished else f"ran over {MODEL_TIMEOUT_S:.0f} s"
        return _fail(f"pre-annotation {waited}")
    if model.notice:
        return _fail(f"the model did not load ({model.name}): {model.notice}")
    print(f"model: {model.name} loaded and run in {time.perf_counter() - analysing:.2f} s")
    return 0
