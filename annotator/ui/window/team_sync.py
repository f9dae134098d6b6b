"""A team project's background sync: at opening, every minute, and soon after each change.

Syncs run on a queue of their own with one worker, so that a sync never waits behind an
analysis or a training, and two syncs never overlap; each opens the project on its own
connection (annotator/ui/jobs/queue.py). The GUI thread never waits for one, except at
closing, and then for a few seconds at most. An unreachable hub is no error box: the
status bar says so, and the next sync tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.core.words import counted
from annotator.session.changes import Changes
from annotator.session.document import DocumentSession
from annotator.store.db import ProjectError
from annotator.store.team_link import TeamLink, read_link, waiting
from annotator.ui.common.errors import show_error
from annotator.ui.jobs import tasks
from annotator.ui.jobs.queue import Job, JobQueue

if TYPE_CHECKING:
    from annotator.team.sync import SyncReport
    from annotator.ui.window.host import MainWindowHost

#: How often a linked project syncs while its window is open.
SYNC_EVERY_MS = 60_000
#: How long after the person's last change the sync starts (each change restarts it).
AFTER_CHANGE_MS = 3_000
#: A sync quicker than this never shows "syncing…": no flicker in the status bar every minute.
SHOW_SYNCING_MS = 500
#: How long a closing window waits for a sync under way (cancelled) before it goes on.
CLOSE_WAIT_MS = 3_000


def clock(stamp: str | None) -> str:
    """A stored UTC time as the person's local time: "12:03", or "3 May 12:03" if not today."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    if when.date() == datetime.now().astimezone().date():
        return f"{when:%H:%M}"
    return f"{when.day} {when:%b %H:%M}"


def describe(
    link: TeamLink, count: int, *, syncing: bool, unreachable: bool, read_only: bool
) -> tuple[str, str]:
    """The status bar's words for the sync state, and the role of its icon."""
    if read_only:
        return "Team: not syncing (read-only)", "status-skipped"
    if syncing:
        return "Team: syncing…", "recent"
    if link.error:
        what = "hub unreachable" if unreachable else "sync failed"
        tail = f" ({count} waiting)" if count else ""
        return f"Team: {what} since {clock(link.error_since)}{tail}", "status-skipped"
    if count:
        return f"Team: {counted(count, 'document')} waiting", "status-in progress"
    if link.synced_at:
        return f"Team: synced {clock(link.synced_at)}", "status-done"
    return "Team: not synced yet", "status-todo"


def explain(link: TeamLink, count: int) -> str:
    """The tooltip: the hub (never its password), when it last synced, the last error."""
    from annotator.team.hub import shown  # psycopg is loaded for team projects only

    role = "the reviewer" if link.role == "reviewer" else link.name
    hub = shown(link.hub)
    lines = [
        f"Team project on {hub}, as {role}",
        f"Last synced: {clock(link.synced_at) or 'never'}",
        f"{counted(count, 'document')} with changes not sent yet",
    ]
    if link.error:  # the error names the hub too, said once is enough
        error = link.error.removeprefix(f"{hub}: ")
        lines.append(f"Failing since {clock(link.error_since)}: {error}")
    lines.append("Synced every minute and soon after each change; click to sync now")
    return "\n".join(lines)


class TeamSync(QObject):
    """Runs the window's syncs and shows their state; does nothing for a project of its own."""

    def __init__(self, window: MainWindowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.queue = JobQueue(self)
        self.running: Job | None = None
        self._again = False  # asked for while one ran: another follows
        self._syncing_shown = False
        self._unreachable = True  # until a sync says otherwise, a failure is the network's
        self._told = ""  # the hub's refusal last shown in a message: shown once
        self._stopped = False
        link = window.project.team
        self._schema_version = link.schema_version if link else 0
        self._every = self._timer(SYNC_EVERY_MS, self.sync_now, single=False)
        self._soon = self._timer(AFTER_CHANGE_MS, self.sync_now)
        self._slow = self._timer(SHOW_SYNCING_MS, self._show_syncing)
        if link is not None:
            window.controller.changed.connect(self._changed)

    def _timer(self, msecs: int, slot: Callable[[], None], *, single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(msecs)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    @property
    def linked(self) -> bool:
        """The project belongs to a team (and so is synced)."""
        return self.w.project.team is not None

    @property
    def syncs(self) -> bool:
        """The project is synced from this window (linked, and writable)."""
        return self.linked and not self.w.read_only and not self._stopped

    def start(self) -> None:
        """Show the state and sync at once, then every minute."""
        if not self.linked:
            return
        self.w.status.sync_requested.connect(self.sync_now)
        self.show_state()
        if self.syncs:
            self._every.start()
            self.sync_now()

    def stop(self) -> None:
        """The window closes: no more syncs; the one under way is cancelled, and waited for
        a few seconds at most (one connecting to a silent server gives up by itself)."""
        self._stopped = True
        for timer in (self._every, self._soon, self._slow):
            timer.stop()
        self.queue.cancel_all()
        self.queue.wait(CLOSE_WAIT_MS)

    def sync_now(self) -> None:
        """Sync in the background (after the one under way, if any)."""
        if not self.syncs:
            return
        self._soon.stop()
        if self.running is not None:
            self._again = True
            return
        job = tasks.sync_job(self.w.db_path)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.running = job
        self._slow.start()
        self.queue.submit(job)

    # -- what the person sees ----------------------------------------------------------

    def show_state(self) -> int:
        """Show the sync state in the status bar; the number of documents waiting."""
        link = read_link(self.w.db)
        if link is None:
            return 0
        count = waiting(self.w.db)  # one indexed count: fine on the GUI thread
        text, role = describe(
            link,
            count,
            syncing=self._syncing_shown,
            unreachable=self._unreachable,
            read_only=bool(self.w.read_only),
        )
        self.w.status.set_team(text, explain(link, count), role)
        return count

    def _show_syncing(self) -> None:
        self._syncing_shown = self.running is not None
        self.show_state()

    def _changed(self, _session: DocumentSession, _changes: Changes) -> None:
        """A change in the window: recount what waits, and sync a few seconds after the last."""
        try:
            count = self.show_state()
        except ProjectError:  # another program holds the project: the next change recounts
            return
        if count and self.syncs:
            self._soon.start()

    # -- how a sync ended --------------------------------------------------------------

    def _ended(self) -> bool:
        """The sync under way has ended; False once the window has closed (nothing to show)."""
        self.running = None
        self._slow.stop()
        self._syncing_shown = False
        return not self._stopped

    def _next(self) -> None:
        """Show the state; sync again at once if that was asked for meanwhile."""
        self.show_state()
        if self._again and self.syncs:
            self._again = False
            self.sync_now()

    def _cancelled(self) -> None:
        if self._ended():
            self._next()

    def _finished(self, outcome: tasks.SyncOutcome) -> None:
        if not self._ended():
            return
        if outcome.report is not None:
            self._unreachable, self._told = True, ""
            if self._took(outcome.report):
                return  # the window was opened afresh
        elif outcome.busy:
            self._soon.start()  # another writer held the project: try again shortly
        else:
            self._unreachable = outcome.unreachable
            if not outcome.unreachable:
                self._refused(outcome.error)
        self._next()

    def _failed(self, message: str, details: str) -> None:
        """Not the hub's answer but a fault: said once, like a refusal, with the details."""
        if not self._ended():
            return
        self._unreachable = False
        self._refused(message, details)
        self._next()

    def _refused(self, error: str, details: str = "") -> None:
        if error == self._told:
            return
        self._told = error
        show_error(
            self.w.window(),
            "The team hub did not take the sync",
            error,
            "Your work is kept in this project, and the window tries again every minute. "
            "If this goes on, tell whoever runs the hub what it says.",
            details,
            warning=True,
        )

    def _took(self, report: SyncReport) -> bool:
        """Show what the sync brought; True when the window was opened afresh for it."""
        link = read_link(self.w.db)
        if link is not None and link.schema_version != self._schema_version:
            return self._reopen(link.schema_version)
        w = self.w
        if report.received or report.layers:
            w.doc_model.reload()
            w.select_current_in_list()
            w.update_progress()
            if w.editor is None and w.doc_model.rowCount():
                w.open_row(0)
            elif w.review is not None and w.editor is not None:
                w.review.after_open(w.editor.doc_id)  # the annotators' versions, as now
        if report.received:
            w.status.say(f"Team: {counted(report.received, 'new document')} received")
            w.start_preannotation()  # the model analyses them, as after an import
        elif report.layers:
            w.status.say(f"Team: {counted(report.layers, 'annotator layer')} received")
        return False

    def _reopen(self, version: int) -> bool:
        """The team's labels changed: the menus and the palette are made from them, so the
        project opens afresh in a window in this one's place, at the same document."""
        w = self.w
        w.flush_typing()
        doc_id = w.editor.doc_id if w.editor is not None else None
        try:
            other = w.another(w.db_path, w.annotator, review=w.reviewing)
        except (ProjectError, OSError) as exc:
            self._schema_version = version  # not asked again every minute
            w.status.say(f"The team's labels changed; reopen the project to see them ({exc})")
            return False
        w.present(other)
        w.close()
        if doc_id is not None:
            other.open_document(doc_id)
        other.status.say("The team's labels changed: the project was opened again with them")
        return True
