"""Two windows (two processes) on one project: nothing of either is lost, locks wait.

The processes are annotating_process.py: ``open_project`` and a ``DocumentEditor``, the
path every edit in the window takes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.model import Origin, Span
from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from annotator.store.annotations import add_spans, seed_from_model, spans_of
from annotator.store.annotators import ensure_annotator
from annotator.store.db import BUSY_MESSAGE, connect, open_project, project_schema, transaction
from annotator.store.editing import DocumentEditor
from tests.store.conftest import Spawn
from tests.store.processes import Worker, articles_project, replay, replay_each, stored

CHANGES = 120


def _is_report(text: str) -> bool:
    return not text.startswith(("begin ", "ready"))


def _busy_span(worker: Worker) -> tuple[float, float]:
    """When the process made its first change and reported its last."""
    begins = [line.at for line in worker.lines if line.text.startswith("begin ")]
    reports = [line.at for line in worker.lines if _is_report(line.text)]
    return begins[0], reports[-1]


@pytest.mark.parametrize(
    ("annotators", "same_document"),
    [(("alice", "bob"), True), (("alice", "alice"), False)],
    ids=["two annotators, one document", "one annotator, two documents"],
)
def test_two_windows_at_once_keep_every_change_of_both(
    tmp_path: Path,
    schema: LabelSchema,
    blank: Pipeline,
    spawn: Spawn,
    annotators: tuple[str, str],
    same_document: bool,
) -> None:
    # Lines are timed when the test reads them, so on a busy machine two runs that did
    # overlap can look as if they did not: then run again (nothing is lost either way).
    for attempt in range(3):
        project = tmp_path / f"shared{attempt}.annotator"
        docs = articles_project(project, schema, blank, 2)
        before = stored(project)
        # Neither annotator exists yet: both windows add them (and the suggester) at once.
        workers = [
            spawn(
                project,
                docs[0 if same_document else i],
                who,
                i + 1,
                "--count",
                str(CHANGES),
                "--wait",
            )
            for i, who in enumerate(annotators)
        ]
        for worker in workers:
            worker.wait_for(lambda text: text == "ready")
        for worker in workers:
            worker.go()
        for worker in workers:
            worker.finish()
            assert worker.proc.returncode == 0, worker.error_output()
        expected = replay_each(before, workers)
        assert stored(project) == expected
        for worker in workers:
            reports = [line.text for line in worker.lines if _is_report(line.text)]
            assert len(reports) == CHANGES
            assert not [text for text in reports if text.startswith("refused")]
        (first_start, first_end), (second_start, second_end) = map(_busy_span, workers)
        if first_start < second_end and second_start < first_end:
            break
    assert first_start < second_end
    assert second_start < first_end  # they really were writing at the same time


def _prepared(project: Path, doc_id: int, annotator: str) -> None:
    """Add the annotator (and the suggester) first, so that opening the document in
    another process writes nothing: only its edit waits for the lock."""
    db = open_project(project)
    DocumentEditor(db, project_schema(db), ensure_annotator(db, annotator), doc_id)
    db.conn.close()


def test_an_edit_waits_for_a_lock_held_a_second_then_saves(
    tmp_path: Path, schema: LabelSchema, blank: Pipeline, spawn: Spawn
) -> None:
    project = tmp_path / "locked.annotator"
    (doc_id,) = articles_project(project, schema, blank, 1)
    _prepared(project, doc_id, "alice")
    before = stored(project)
    holder = connect(project)
    holder.conn.execute("BEGIN IMMEDIATE")  # as an import or another window writing
    worker = spawn(project, doc_id, "alice", 3, "--count", "1")
    began = worker.wait_for(lambda text: text.startswith("begin create")).at
    time.sleep(max(0.0, began + 1.0 - time.monotonic()))
    assert worker.proc.poll() is None  # still waiting, not failed
    released = time.monotonic()
    holder.conn.rollback()
    saved = worker.wait_for(_is_report)
    worker.finish()
    holder.conn.close()
    assert saved.text.startswith("saved ")
    assert saved.at >= released
    assert worker.proc.returncode == 0, worker.error_output()
    after = stored(project)
    assert after == replay(before, worker)
    assert len(after.spans) == len(before.spans) + 1


def test_a_lock_held_past_the_busy_timeout_refuses_the_edit_clearly(
    tmp_path: Path, schema: LabelSchema, blank: Pipeline, spawn: Spawn
) -> None:
    project = tmp_path / "locked.annotator"
    (doc_id,) = articles_project(project, schema, blank, 1)
    _prepared(project, doc_id, "alice")
    before = stored(project)
    holder = connect(project)
    holder.conn.execute("BEGIN IMMEDIATE")
    worker = spawn(project, doc_id, "alice", 3, "--count", "1", "--busy-ms", "300")
    began = worker.wait_for(lambda text: text.startswith("begin create"))
    refused = worker.wait_for(_is_report)
    worker.finish()
    assert refused.text == f"refused ProjectBusy {BUSY_MESSAGE}"
    assert refused.at - began.at >= 0.25  # it did wait for the lock first
    assert worker.proc.returncode == 0, worker.error_output()  # told, not crashed
    assert stored(project) == before
    holder.conn.rollback()
    holder.conn.close()

    again = spawn(project, doc_id, "alice", 3, "--count", "1", "--busy-ms", "300")
    again.finish()
    assert stored(project) == replay(before, again)
    assert len(stored(project).spans) == len(before.spans) + 1


def _while_locked(
    project: Path, hold: Callable[[Database], object], contend: Callable[[Database], object]
) -> tuple[object, object]:
    """Run ``hold`` inside a transaction on one connection and ``contend`` on another
    (in a thread) that starts while the first holds the lock, then let the first commit.

    The second is let go only once it is waiting for the write lock (its BEGIN IMMEDIATE
    has started): it has made its checks against the project as it was before.
    """
    holder = connect(project)
    holder.conn.execute("BEGIN IMMEDIATE")
    held = hold(holder)
    waiting = threading.Event()
    result: dict[str, object] = {}

    def other() -> None:
        db = connect(project)
        db.conn.set_trace_callback(
            lambda sql: waiting.set() if sql.startswith("BEGIN IMMEDIATE") else None
        )
        try:
            result["value"] = contend(db)
        except Exception as exc:  # reported below, in the test's thread
            result["error"] = exc
        finally:
            db.conn.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert waiting.wait(timeout=10)
    time.sleep(0.05)
    holder.conn.commit()
    thread.join(timeout=10)
    holder.conn.close()
    assert "error" not in result, result
    return held, result["value"]


def test_two_windows_adding_the_same_annotator_at_once_get_one(project_path: Path) -> None:
    first, second = _while_locked(
        project_path,
        lambda db: ensure_annotator(db, "carol"),
        lambda db: ensure_annotator(db, "carol"),
    )
    assert first == second
    db = connect(project_path)
    count = db.execute("SELECT count(*) FROM annotators WHERE name = 'carol'").fetchone()[0]
    db.conn.close()
    assert count == 1


def test_two_windows_opening_one_document_at_once_copy_the_model_entities_once(
    project_path: Path,
) -> None:
    db = connect(project_path)
    with transaction(db):
        db.execute(
            "INSERT INTO documents (hash, title, text, imported_at) "
            "VALUES ('h', 't', 'Ahmed Zubair met Sara Lind in Kandar.', '')"
        )
        model = ensure_annotator(db, "en_core_web_sm", kind="model")
        add_spans(
            db,
            1,
            model,
            [
                Span(0, 12, "PERSON", "ner", Origin.MODEL),
                Span(17, 26, "PERSON", "ner", Origin.MODEL),
                Span(30, 36, "GPE", "ner", Origin.MODEL),
            ],
        )
    alice = ensure_annotator(db, "alice")
    db.conn.close()
    first, second = _while_locked(
        project_path,
        lambda db: seed_from_model(db, 1, alice),
        lambda db: seed_from_model(db, 1, alice),
    )
    assert (first, second) == (True, False)
    db = connect(project_path)
    labels = sorted((s.start, s.label) for s in spans_of(db, 1, alice))
    db.conn.close()
    assert labels == [(0, "PERSON"), (17, "PERSON"), (30, "GPE")]
