"""The window's background jobs: pre-annotation, import, export, agreement, each in a worker.

The spaCy model runs in a child process (annotator/jobs/analysis_process.py), never in
the window's: the window keeps its memory and its event loop to itself.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Cancelled, Control
from annotator.jobs.analysis_process import AnalysisOutcome, ModelInfo, run_analysis
from annotator.jobs.child_process import our_command, run_child
from annotator.store.annotators import annotator_names
from annotator.store.documents import docs_without_analysis
from annotator.training.models import TrainedModel, models_folder, read_model
from annotator.ui.jobs.queue import Job

if TYPE_CHECKING:
    from annotator.jobs.exporting import ExportRequest, ExportResult
    from annotator.jobs.import_options import ImportOptions
    from annotator.jobs.import_scan import LabelScan
    from annotator.jobs.importing import ImportReport
    from annotator.review.merge import MergeReport
    from annotator.team.sync import SyncReport


def preannotation_job(db_path: Path) -> Job:
    """A job that has the model analyse, in a child process, what it has not seen."""

    def work(db: Database, control: Control) -> AnalysisOutcome:
        if not docs_without_analysis(db, model=True):
            # Nothing to do: no child, no model loaded (seconds of CPU at every opening).
            models = annotator_names(db, kind="model")
            latest = models[max(models)] if models else ""
            return AnalysisOutcome(ModelInfo(latest), [])
        return run_analysis(db_path, control)

    return Job("Pre-annotation", db_path, work)


def import_job(
    db_path: Path,
    files: Sequence[Path],
    annotator: str,
    options: ImportOptions | None = None,
) -> Job:
    """A job that stores the files' documents; the model analyses them in another.

    ``annotator``: who the annotations in the files are by when they do not say (the
    person at the window, unless ``options`` names another way).
    """

    def work(db: Database, control: Control) -> ImportReport:
        from annotator.jobs.importing import import_files

        return import_files(
            db, files, pipeline=None, annotator=annotator, control=control, options=options
        )

    return Job("Import", db_path, work)


def scan_job(db_path: Path, files: Sequence[Path], options: ImportOptions) -> Job:
    """A job that reads files as the import would, to list the labels they use."""

    def work(db: Database, control: Control) -> LabelScan:
        from annotator.jobs.import_scan import scan_labels

        return scan_labels(files, options, control=control)

    return Job("Reading the files", db_path, work)


def export_job(db_path: Path, request: ExportRequest) -> Job:
    """A job that writes an export; files appear only when it has finished."""

    def work(db: Database, control: Control) -> ExportResult:
        from annotator.jobs.exporting import export

        return export(db, request, control)

    return Job("Export", db_path, work)


def agreement_job(db_path: Path) -> Job:
    """A job that computes the agreement report (seconds on a large review project)."""

    def work(db: Database, control: Control) -> dict[str, object]:
        from annotator.review.agreement_report import agreement_report

        control.progress(0, 0, "Computing agreement…")
        return agreement_report(db)

    return Job("Agreement", db_path, work)


def backup_job(db_path: Path) -> Job:
    """A job that makes today's backup of the project, if it has none yet."""

    def work(db: Database, control: Control) -> Path | None:
        from annotator.store.backup import backup_project

        control.check()
        return backup_project(db_path)

    return Job("Backup", db_path, work)


def merge_job(review: Path, sources: Sequence[Path]) -> Job:
    """A job that merges annotators' projects into the review project (made if missing)."""

    def work(db: Database, control: Control) -> MergeReport:
        from annotator.review.merge import merge_projects

        return merge_projects(db, list(sources), control)

    return Job("Merge", review, work)


@dataclass(frozen=True)
class TrainChoice:
    """What Model > Train… asks for: layers (none: all), whose work, how long, the curve."""

    layers: tuple[str, ...] = ()
    annotator: str | None = None  # only this person's done work
    gold: bool = False  # only adjudicated gold
    minutes: float = 10.0
    curve: bool = False


def train_command(db_path: Path, choice: TrainChoice) -> list[str]:
    """``annotator train`` for ``choice``, reporting progress as JSON lines."""
    command = [*our_command("train"), "--db", str(db_path), "--max-minutes", f"{choice.minutes:g}"]
    if choice.layers:
        command += ["--layers", ",".join(choice.layers)]
    if choice.gold:
        command.append("--gold")
    elif choice.annotator:
        command += ["--annotator", choice.annotator]
    if choice.curve:
        command.append("--curve")
    return [*command, "--progress-json", "--low-priority"]


def _folders(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def train_job(db_path: Path, choice: TrainChoice) -> Job:
    """A job that trains a new model in a child process; its result is the TrainedModel.

    Cancelling stops the child and removes whatever it had written: the model folder is
    written before the learning curve is drawn, and a folder cut short is no model.
    """

    def work(db: Database, control: Control) -> TrainedModel:
        folder = models_folder(db_path)
        before = _folders(folder)
        control.check()  # cancelled while it waited its turn: no child at all
        control.progress(0, 0, "Starting the training…")
        try:
            found = run_child(train_command(db_path, choice), control, "The training")
        except Cancelled:
            for name in _folders(folder) - before:
                shutil.rmtree(folder / name, ignore_errors=True)
            raise
        return read_model(Path(found["model"]))

    return Job("Training", db_path, work)


def model_suggest_job(db_path: Path, model_path: Path) -> Job:
    """A job that stores a trained model's suggestions for every document (a child process).

    Its result is the number of documents it suggested in.
    """

    def work(db: Database, control: Control) -> int:
        command = [
            *our_command("suggest"),
            *("--db", str(db_path), "--model", str(model_path)),
            *("--no-rules", "--progress-json"),
        ]
        control.progress(0, 0, "Loading the trained model…")
        found = run_child(command, control, "The model's suggestions")
        return int(found.get("documents", 0))

    return Job("Model suggestions", db_path, work)


@dataclass(frozen=True)
class SyncOutcome:
    """How one background sync ended: its report, or why the hub could not be synced."""

    report: SyncReport | None = None
    error: str = ""
    unreachable: bool = False  # no answer from the hub: nothing lost, tried again later
    busy: bool = False  # the project was locked by another writer: tried again later


def sync_job(db_path: Path) -> Job:
    """A job that syncs the linked project with its hub (on its own connection).

    The hub's answers are results, not failures: an unreachable hub is a state the status
    bar shows, and the window decides which refusals deserve a message.
    """

    def work(db: Database, control: Control) -> SyncOutcome:
        from annotator.store.db import ProjectError
        from annotator.team.hub import HubError, HubUnreachable
        from annotator.team.sync import sync

        try:
            return SyncOutcome(sync(db, control))
        except HubUnreachable as exc:
            return SyncOutcome(error=str(exc), unreachable=True)
        except HubError as exc:
            return SyncOutcome(error=str(exc))
        except ProjectError as exc:  # the window (or a job) held the write lock too long
            return SyncOutcome(error=str(exc), busy=True)

    return Job("Team sync", db_path, work)


@dataclass(frozen=True)
class JoinOutcome:
    """Joining a hub: the project made (and synced once), or why not."""

    path: Path | None
    error: str = ""
    unreachable: bool = False


def join_job(url: str, path: Path, name: str) -> Job:
    """A job that links a new project at ``path`` to the hub as ``name``, then syncs it.

    The project does not exist yet, so the job's own connection is to an in-memory
    database, unused: the join opens (or creates) the project itself. A first sync that
    fails leaves a joined project: the window syncs it again, and its status bar says why.
    """

    def work(_db: Database, control: Control) -> JoinOutcome:
        from annotator.team.hub import HubError, HubUnreachable, shown
        from annotator.team.join import join
        from annotator.team.sync import sync

        control.progress(0, 0, "Reaching the hub…")
        made = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)  # the default: the data folder
        try:
            db = join(url, path, name)
        except HubError as exc:  # the address is in the dialog: the message need not repeat it
            for folder in made:  # innermost first: a failed join leaves nothing behind
                with contextlib.suppress(OSError):  # unless something else was put there
                    folder.rmdir()
            said = str(exc).removeprefix(f"{shown(url)}: ")
            return JoinOutcome(None, said, unreachable=isinstance(exc, HubUnreachable))
        try:
            control.progress(0, 0, "Fetching your first documents…")
            sync(db, control)
        except HubError:
            pass  # noted in the project: the window's status bar shows it
        finally:
            db.conn.close()
        return JoinOutcome(path)

    return Job("Joining the team", Path(":memory:"), work)
