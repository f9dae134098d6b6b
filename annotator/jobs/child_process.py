"""A command of ours run in a child process that reports by JSON lines on its output.

The spaCy analysis and model training both run this way: in the window's process they
would cost its memory and hold the interpreter lock long enough to stall the event loop.
The child prints ``{"progress": [done, total, message]}`` as it goes and one
``{"done": {...}}`` at the end; the caller's worker thread relays the progress, stops
the child when cancelled, and gets the ``done`` object back.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import IO, Any

from annotator.core.control import Cancelled, Control

#: How often the worker thread looks at the cancel flag while the child is quiet.
POLL_S = 0.1
#: Lines of the child's error output kept for the message when it fails.
ERROR_LINES = 40


class ChildFailed(Exception):
    """The child ended without finishing; the message holds its last errors."""


def our_command(subcommand: str) -> list[str]:
    """The start of a command line running ``annotator SUBCOMMAND`` (or the frozen bundle)."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle's executable is the CLI
        return [sys.executable, subcommand]
    return [sys.executable, "-m", "annotator", subcommand]


def progress_line(done: int, total: int, message: str) -> str:
    """One progress report of the child, as it prints it."""
    return json.dumps({"progress": [done, total, message]}, ensure_ascii=False)


def done_line(result: dict[str, Any]) -> str:
    """The child's last line: what it made."""
    return json.dumps({"done": result}, ensure_ascii=False)


def run_child(command: Sequence[str], control: Control, what: str) -> dict[str, Any]:
    """Run ``command``, relaying its progress to ``control``; returns its ``done`` object.

    Cancelling stops the child and raises Cancelled; ending without a ``done`` line
    raises ChildFailed with its last lines of error output (``what`` names the work).
    """
    with subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as child:
        result, errors = _follow(child, control)
        code = child.wait()
    if code != 0 or result is None:
        details = "\n".join(errors) or f"exit status {code}"
        raise ChildFailed(f"{what} stopped with an error:\n{details}")
    return result


def _pump(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _keep_tail(stream: IO[str], tail: list[str]) -> None:
    for line in stream:
        tail.append(line.rstrip("\n"))
        del tail[:-ERROR_LINES]


def _follow(
    child: subprocess.Popen[str], control: Control
) -> tuple[dict[str, Any] | None, list[str]]:
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
    result: dict[str, Any] | None = None
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
            result = _read(line, control) or result
    except BaseException:
        child.terminate()
        child.wait()
        raise
    finally:
        for reader in readers:
            reader.join()
    return result, errors


def _read(line: str, control: Control) -> dict[str, Any] | None:
    try:
        message = json.loads(line)
    except ValueError:
        return None  # a library printing to stdout: not ours to interpret
    if not isinstance(message, dict):
        return None
    if "progress" in message:
        done, total, text = message["progress"]
        control.progress(int(done), int(total), str(text))
    elif isinstance(message.get("done"), dict):
        return dict(message["done"])
    return None
