"""The spaCy model in a process of its own, driven from the window's worker thread.

In the window's own process the model cost 300 MB of its memory, and spaCy's Python
code held the interpreter lock for long enough to stall the event loop by 150 ms at a
time. In a child process (`annotator analyse --progress-json`) neither happens: the
window's thread only reads progress lines. The child commits a batch at a time, so
stopping it (cancel, or the window closing) keeps everything analysed so far.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from annotator.core.control import Cancelled, Control

#: How often the worker thread looks at the cancel flag while the child is quiet.
POLL_S = 0.1
#: Lines of the child's error output kept for the message when it fails.
ERROR_LINES = 40


class AnalysisFailed(Exception):
    """The analysis process ended without finishing; the message holds its last errors."""


@dataclass(frozen=True)
class ModelInfo:
    """Which pipeline analysed the documents, and any notice for the user about it."""

    name: str
    notice: str = ""


@dataclass(frozen=True)
class AnalysisOutcome:
    model: ModelInfo
    doc_ids: list[int]


def analyse_command(db_path: Path, models: Sequence[str] = ()) -> list[str]:
    """The command line of the child: this interpreter, or this bundle when frozen."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle's executable is the CLI
        command = [sys.executable, "analyse"]
    else:
        command = [sys.executable, "-m", "annotator", "analyse"]
    command += ["--db", str(db_path), "--progress-json", "--low-priority"]
    for model in models:
        command += ["--model", model]
    return command


def progress_line(done: int, total: int, message: str) -> str:
    """One progress report of the child, as it prints it."""
    return json.dumps({"progress": [done, total, message]}, ensure_ascii=False)


def outcome_line(model: ModelInfo, doc_ids: Sequence[int]) -> str:
    return json.dumps(
        {"done": {"model": model.name, "notice": model.notice, "doc_ids": list(doc_ids)}},
        ensure_ascii=False,
    )


def _pump(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _keep_tail(stream: IO[str], tail: list[str]) -> None:
    for line in stream:
        tail.append(line.rstrip("\n"))
        del tail[:-ERROR_LINES]


def run_analysis(
    db_path: Path, control: Control | None = None, *, models: Sequence[str] = ()
) -> AnalysisOutcome:
    """Analyse every document of the project the model has not seen, in a child process.

    Progress goes to ``control``; cancelling stops the child (committed batches stay)
    and raises Cancelled.
    """
    control = control or Control()
    control.progress(0, 0, "Loading the spaCy model…")
    with subprocess.Popen(
        analyse_command(db_path, models),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as child:
        outcome, errors = _follow(child, control)
        code = child.wait()
    if code != 0 or outcome is None:
        details = "\n".join(errors) or f"exit status {code}"
        raise AnalysisFailed(f"the spaCy analysis stopped with an error:\n{details}")
    return outcome


def _follow(
    child: subprocess.Popen[str], control: Control
) -> tuple[AnalysisOutcome | None, list[str]]:
    """Relay the child's progress until its output ends; stop it if cancelled."""
    assert child.stdout is not None
    assert child.stderr is not None
    lines: queue.Queue[str | None] = queue.Queue()
    errors: list[str] = []
    readers = [
        threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True),
        threading.Thread(target=_keep_tail, args=(child.stderr, errors), daemon=True),
    ]
    for reader in readers:
        reader.start()
    outcome: AnalysisOutcome | None = None
    try:
        while True:
            if control.cancelled():
                raise Cancelled
            try:
                line = lines.get(timeout=POLL_S)
            except queue.Empty:
                continue
            if line is None:
                break
            outcome = _read(line, control) or outcome
    except BaseException:
        child.terminate()
        child.wait()
        raise
    finally:
        for reader in readers:
            reader.join()
    return outcome, errors


def _read(line: str, control: Control) -> AnalysisOutcome | None:
    try:
        message: dict[str, Any] = json.loads(line)
    except ValueError:
        return None  # a library printing to stdout: not ours to interpret
    if "progress" in message:
        done, total, text = message["progress"]
        control.progress(int(done), int(total), str(text))
    elif "done" in message:
        found = message["done"]
        return AnalysisOutcome(
            ModelInfo(str(found["model"]), str(found.get("notice", ""))),
            [int(i) for i in found["doc_ids"]],
        )
    return None
