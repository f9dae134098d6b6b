"""The claims ledger from the main window, and the Document tab's report rows.

Review > Claims ledger… reads the ledger on the window's job queue (progress in the
status bar) and shows it in a window of its own, beside this one; double-clicking a
figure or a claim there opens its document here with the span selected. The Document
tab's outlet and date are saved through the editing session (undoable), and the event
proposed for a report without one is computed on a queue of its own: it only reads,
and must not wait behind an import.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from sqlite_utils import Database

from annotator.core.control import Control
from annotator.ledger.proposals import Proposal, propose_event
from annotator.ui.jobs.queue import Job, JobQueue
from annotator.ui.ledger.job import LedgerResult, ledger_job
from annotator.ui.ledger.window import LedgerWindow
from annotator.ui.panels.document_panel import DocumentPanel
from annotator.ui.window.host import MainWindowHost


class LedgerJobs(QObject):
    """Reads and shows the ledger; saves the report's metadata; proposes events."""

    def __init__(self, window: MainWindowHost, panel: DocumentPanel) -> None:
        super().__init__(window.window())
        self.w = window
        self.panel = panel
        self.ledger_window: LedgerWindow | None = None
        self.proposals = JobQueue(self)
        panel.meta_changed.connect(self.set_meta)
        panel.proposal_wanted.connect(self.propose)

    # -- the ledger ----------------------------------------------------------------------

    def show_ledger(self) -> None:
        """Read the ledger in the background (as last chosen: whose work, the rule)."""
        shown = self.ledger_window
        annotator = shown.annotator.currentData() if shown is not None else None
        self.read(annotator)

    def read(self, annotator: str | None) -> None:
        """Read the ledger of ``annotator``'s work (None: gold, else the only person's)."""
        shown = self.ledger_window
        rule = str(shown.summary.rule.currentData()) if shown is not None else "acled"
        job = ledger_job(self.w.db_path, annotator, rule)
        job.signals.finished.connect(self._ledger_ready)
        job.signals.failed.connect(self.w.jobs.job_failed)
        self.w.status.track(job)
        self.w.queue.submit(job)

    def _ledger_ready(self, result: LedgerResult) -> None:
        window = self.ledger_window
        if window is None:
            # No parent: a window of its own, beside the main one (not kept above it),
            # closed with it (stop()).
            window = self.ledger_window = LedgerWindow(self.w.db_path)
            window.span_requested.connect(self.open_span)
            window.document_requested.connect(self.open_document)
            window.rebuild_requested.connect(self.read)
        window.show_result(result)
        window.show()
        window.raise_()
        window.activateWindow()

    def open_document(self, doc_id: int) -> None:
        """Open a report in the main window, and bring the main window forward."""
        self.w.open_document(doc_id)
        main = self.w.window()
        main.raise_()
        main.activateWindow()

    def open_span(self, doc_id: int, span_id: int, start: int, end: int) -> None:
        """Open the document with the span selected: the same span when the window edits
        the layer the ledger read, else one over the same words."""
        self.open_document(doc_id)
        controller = self.w.controller
        editor = controller.editor
        if editor is None or editor.doc_id != doc_id:
            return  # the opening was refused, and said so
        if span_id not in editor.spans:
            same = [s.id for s in editor.spans.values() if (s.start, s.end) == (start, end)]
            if not same or same[0] is None:
                words = editor.document.text[start:end]
                self.w.status.say(f"“{words}” is marked in another layer than the one open here")
                return
            span_id = same[0]
        controller.select_span_id(span_id)

    # -- the Document tab ----------------------------------------------------------------

    def set_meta(self, key: str, value: object) -> None:
        """Save the report's outlet or date typed in the Document tab (undoable)."""
        self.w.controller.run(lambda session: session.set_meta(key, value))

    def propose(self, doc_id: int) -> None:
        """Propose an event for ``doc_id`` in the background; the tab shows it if it fits."""
        self.proposals.cancel_all()  # for documents left meanwhile: they need none now

        def work(db: Database, control: Control) -> Proposal | None:
            control.check()  # another document opened before this one's turn came
            return propose_event(db, doc_id)

        job = Job("Event proposal", self.w.db_path, work)
        # A proposal is a convenience: one that fails is simply not offered.
        job.signals.finished.connect(lambda found: self.panel.show_proposal(doc_id, found))
        self.proposals.submit(job)

    def stop(self) -> None:
        """The main window closes: wait for a proposal or an export under way, close the
        ledger window."""
        self.proposals.cancel_all()
        self.proposals.wait()
        if self.ledger_window is not None:
            self.ledger_window.queue.wait()  # an export under way is finished, not cut
            self.ledger_window.close()
            self.ledger_window.deleteLater()
            self.ledger_window = None
