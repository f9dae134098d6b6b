"""Running annotating processes (annotating_process.py) and checking the project after them.

A ``Worker`` is one such process, its output read line by line (with the time each line
arrived) by a thread, so that a test can wait for a line, kill the process at a moment
of its choosing, and then see every line it printed. ``stored`` reads what a project
holds, after checking the file's integrity; ``replay`` applies a worker's reports to a
state read before it ran: the project must then hold that state, except for the one
change in flight when the process was killed (``check_after_kill``).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.core.schema import LabelSchema
from annotator.jobs.importing import import_files
from annotator.nlp.loading import Pipeline
from annotator.store.db import connect, open_project
from annotator.store.documents import docs_without_analysis
from tests.conftest import SAMPLE_DOCS

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.store.annotating_process"


def articles_project(path: Path, schema: LabelSchema, blank: Pipeline, count: int) -> list[int]:
    """A new project at ``path`` with ``count`` sample articles, tokenized; their ids."""
    db = open_project(path, new_schema=schema)
    report = import_files(db, SAMPLE_DOCS[:count], pipeline=blank)
    assert docs_without_analysis(db, model=False) == []
    db.conn.close()
    return report.new_ids


@dataclass(frozen=True)
class Line:
    text: str
    at: float  # time.monotonic() when the test read it


class Worker:
    """One annotating process on ``project``, editing ``doc_id`` as ``annotator``."""

    def __init__(
        self, project: Path, doc_id: int, annotator: str, seed: int, *options: str
    ) -> None:
        self.doc_id = doc_id
        self.annotator = annotator
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                MODULE,
                str(project),
                str(doc_id),
                annotator,
                str(seed),
                *options,
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[Line] = []
        self._queue: queue.Queue[Line | None] = queue.Queue()
        self._ended = False
        self.errors: str | None = None  # what it wrote to stderr, once it has ended
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for text in self.proc.stdout:
            # A line cut off by the kill has no newline: it was not reported.
            if text.endswith("\n"):
                self._queue.put(Line(text.rstrip("\n"), time.monotonic()))
        self._queue.put(None)

    def next_line(self, timeout: float = 30.0) -> Line | None:
        """The next line printed, or None once the process has closed its output."""
        if self._ended:
            return None
        try:
            line = self._queue.get(timeout=timeout)
        except queue.Empty:
            self.proc.kill()
            raise AssertionError(f"no output for {timeout} s: {self.error_output()}") from None
        if line is None:
            self._ended = True
            return None
        self.lines.append(line)
        return line

    def wait_for(self, wanted: Callable[[str], bool], timeout: float = 30.0) -> Line:
        """Read lines until one is ``wanted``; fails if the process ends first."""
        while (line := self.next_line(timeout)) is not None:
            if wanted(line.text):
                return line
        raise AssertionError(f"the process ended first: {self.error_output()}")

    def go(self) -> None:
        """Let a process started with ``--wait`` begin editing."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        """SIGKILL: no handler, no flushing, no rollback; as a crash or a power-off would."""
        self.proc.kill()
        self.proc.wait()

    def finish(self, timeout: float = 60.0) -> list[str]:
        """Wait for the process to end; every complete line it printed."""
        self.proc.wait(timeout=timeout)
        while self.next_line(timeout) is not None:
            pass
        self.close()
        return [line.text for line in self.lines]

    def close(self) -> None:
        """Kill the process if it still runs and close its pipes (a test that failed)."""
        if self.proc.poll() is None:
            self.kill()
        self._reader.join(timeout=10)  # it reads stdout until the end: close it after
        if self.errors is None:
            assert self.proc.stderr is not None
            self.errors = self.proc.stderr.read()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def error_output(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        if self.errors is None:
            assert self.proc.stderr is not None
            self.errors = self.proc.stderr.read()
        return f"exit {self.proc.returncode}: {self.errors}"


class Row(NamedTuple):
    doc_id: int
    annotator: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any]


@dataclass
class State:
    """The people's spans and relations a project holds, by id."""

    spans: dict[int, Row] = field(default_factory=dict)
    relations: dict[int, tuple[int, int, str]] = field(default_factory=dict)

    def copy(self) -> State:
        return State(dict(self.spans), dict(self.relations))


def stored(project: Path) -> State:
    """What the project holds now, read by a new connection after an integrity check."""
    db = connect(project)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        spans = {
            row[0]: Row(row[1], row[2], row[3], row[4], row[5], json.loads(row[6]))
            for row in db.execute(
                "SELECT s.id, s.doc_id, a.name, s.char_start, s.char_end, s.label, s.attrs "
                "FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'human'"
            )
        }
        relations = {
            row[0]: (row[1], row[2], row[3])
            for row in db.execute("SELECT id, head, child, label FROM relations")
        }
    finally:
        db.conn.close()
    return State(spans, relations)


def _apply(state: State, text: str, doc_id: int, annotator: str) -> None:
    kind, _, rest = text.partition(" ")
    if kind == "saved":
        span_id, start, end, label, attrs = rest.split(" ", 4)
        state.spans[int(span_id)] = Row(
            doc_id, annotator, int(start), int(end), label, json.loads(attrs)
        )
    elif kind == "relabelled":
        span_id, label, attrs = rest.split(" ", 2)
        old = state.spans[int(span_id)]
        state.spans[int(span_id)] = old._replace(label=label, attrs=json.loads(attrs))
    elif kind == "attrs":
        span_id, attrs = rest.split(" ", 1)
        state.spans[int(span_id)] = state.spans[int(span_id)]._replace(attrs=json.loads(attrs))
    elif kind == "deleted":
        gone = int(rest)
        del state.spans[gone]
        for relation_id, (head, child, _) in list(state.relations.items()):
            if gone in (head, child):
                del state.relations[relation_id]
    elif kind == "linked":
        relation_id, head, child, label = rest.split(" ")
        state.relations[int(relation_id)] = (int(head), int(child), label)
    else:
        assert kind in ("ready", "begin", "refused"), text


def replay(before: State, worker: Worker) -> State:
    """``before`` with every change the worker reported applied."""
    state = before.copy()
    for line in worker.lines:
        _apply(state, line.text, worker.doc_id, worker.annotator)
    return state


def replay_each(before: State, workers: Sequence[Worker]) -> State:
    """``before`` with each worker's reported changes applied to its own layer.

    Each process edits only its annotator's spans of its document, so each is replayed on
    its own part. Replaying one whole process after the other would depend on their
    order: SQLite gives a new row the id of a deleted one, so a span one process deleted
    and the other then created under the same id would come out deleted.
    """
    result = before.copy()
    for worker in workers:
        mine = (worker.doc_id, worker.annotator)
        own = {i for i, row in result.spans.items() if (row.doc_id, row.annotator) == mine}
        part = State(
            {i: result.spans.pop(i) for i in own},
            {i: link for i, link in result.relations.items() if link[0] in own},
        )
        for relation_id in part.relations:
            del result.relations[relation_id]
        done = replay(part, worker)
        result.spans.update(done.spans)
        result.relations.update(done.relations)
    return result


def in_flight(worker: Worker) -> str | None:
    """The change the process had announced but not reported when it died, if any."""
    texts = [line.text for line in worker.lines]
    return texts[-1] if texts and texts[-1].startswith("begin ") else None


def check_after_kill(after: State, expected: State, worker: Worker) -> str:
    """Assert ``after`` is ``expected``, or it plus the change in flight; say which.

    Returns "before ready" (killed while starting), "idle" (between two changes),
    "in flight, not saved" (killed before its commit finished) or "in flight,
    saved" (committed, killed before it could say so).
    """
    pending = in_flight(worker)
    if not any(line.text == "ready" for line in worker.lines):
        assert after == expected
        return "before ready"
    if after == expected:
        return "in flight, not saved" if pending else "idle"
    assert pending is not None, "the project differs from what the process reported"
    _, op, rest = pending.split(" ", 2)
    saved = expected.copy()
    if op == "create":  # START END LABEL ATTRS: the id is the one new span's
        (new_id,) = set(after.spans) - set(expected.spans)
        _apply(saved, f"saved {new_id} {rest}", worker.doc_id, worker.annotator)
    elif op == "relabel":  # ID LABEL
        span_id, label = rest.split(" ")
        # The attributes the new label keeps are the editor's business: take what it stored.
        attrs = json.dumps(after.spans[int(span_id)].attrs)
        _apply(saved, f"relabelled {span_id} {label} {attrs}", worker.doc_id, worker.annotator)
    elif op == "link":  # HEAD CHILD LABEL: the id is the one new relation's
        (new_id,) = set(after.relations) - set(expected.relations)
        _apply(saved, f"linked {new_id} {rest}", worker.doc_id, worker.annotator)
    else:  # attrs ID ATTRS, delete ID: reported as they were announced
        reported = {"attrs": "attrs", "delete": "deleted"}[op]
        _apply(saved, f"{reported} {rest}", worker.doc_id, worker.annotator)
    assert after == saved, f"more than the change in flight ({pending}) differs"
    return "in flight, saved"
