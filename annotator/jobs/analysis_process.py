"""The spaCy model in a process of its own, driven from the window's worker thread.

In the window's own process the model cost 300 MB of its memory, and spaCy's Python
code held the interpreter lock for long enough to stall the event loop by 150 ms at a
time. In a child process (`annotator analyse --progress-json`) neither happens: the
window's thread only reads progress lines. The child commits a batch at a time, so
stopping it (cancel, or the window closing) keeps everything analysed so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.control import Control
from annotator.jobs.child_process import (
    ChildFailed,
    done_line,
    our_command,
    progress_line,
    run_child,
)

__all__ = ["AnalysisFailed", "outcome_line", "progress_line", "run_analysis"]

AnalysisFailed = ChildFailed  # the analysis process ended without finishing


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
    command = [*our_command("analyse"), "--db", str(db_path), "--progress-json", "--low-priority"]
    for model in models:
        command += ["--model", model]
    return command


def outcome_line(model: ModelInfo, doc_ids: Sequence[int]) -> str:
    """The child's last line: which model analysed which documents."""
    return done_line({"model": model.name, "notice": model.notice, "doc_ids": list(doc_ids)})


def _outcome(found: dict[str, Any]) -> AnalysisOutcome:
    return AnalysisOutcome(
        ModelInfo(str(found["model"]), str(found.get("notice", ""))),
        [int(i) for i in found["doc_ids"]],
    )


def run_analysis(
    db_path: Path, control: Control | None = None, *, models: Sequence[str] = ()
) -> AnalysisOutcome:
    """Analyse every document of the project the model has not seen, in a child process.

    Progress goes to ``control``; cancelling stops the child (committed batches stay)
    and raises Cancelled.
    """
    control = control or Control()
    control.progress(0, 0, "Loading the spaCy model…")
    found = run_child(analyse_command(db_path, models), control, "the spaCy analysis")
    return _outcome(found)
