"""File > Join team project…: as `annotator team join`, then the first sync, in a worker.

The hub's address, the person's name, and where to keep their copy; "Join" links a new
project to the hub and fetches the first documents while the dialog shows progress. A
hub that does not answer, or refuses, is said in the dialog, which stays open to correct
the address; on success it emits ``joined`` and the window opens the project.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator import paths
from annotator.ui.jobs import tasks as jobs_ui
from annotator.ui.jobs.queue import Job, JobQueue

PROJECTS = "Annotator projects (*.annotator);;All files (*)"
EXAMPLE = "postgresql://you@server/team"


def default_copy(url: str) -> Path:
    """Where a copy of the hub at ``url`` is kept unless chosen otherwise: beside the
    default project, named after the hub's database."""
    try:
        name = urlsplit(url.strip()).path.strip("/")
    except ValueError:  # a malformed address: the join says what is wrong with it
        name = ""
    name = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "team"
    return paths.default_project_path().parent / f"{name}.annotator"


def is_hub_address(text: str) -> bool:
    """An address the hub could have (as ``annotator.team.hub.is_hub_url``, without psycopg)."""
    return text.startswith(("postgresql://", "postgres://"))


class JoinTeamDialog(QDialog):
    """Asks for the hub, the name and the copy's place; joins in the background."""

    #: The project joined (a Path), and the name joined as.
    joined = Signal(object, str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join team project")
        self.setObjectName("joinTeamDialog")
        self.queue = JobQueue(self)
        self.job: Job | None = None
        self._path_chosen = False  # once the person picks a place, the address leaves it
        intro = QLabel(
            "The team's documents are on a hub, a PostgreSQL database: whoever runs it gives "
            "you its address. You annotate your own copy on this computer; it sends your work "
            "to the hub and fetches new documents by itself, and works offline too."
        )
        intro.setWordWrap(True)
        form = self._form(name)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setTextVisible(False)
        self.error_label = QLabel()
        self.error_label.setObjectName("joinError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # the hub's words, as they are
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #b00020;")  # as the casualty panel's warnings
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.join_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.join_button.setText("&Join")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_work(False)
        self.error_label.hide()
        self._update()
        self.resize(620, self.sizeHint().height())

    def _form(self, name: str) -> QFormLayout:
        """The three fields: the hub's address, the name, the copy's place."""
        self.address = QLineEdit()
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setAccessibleName("Hub address")
        self.address.textChanged.connect(self._address_changed)
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Your name")
        self.name.setToolTip("Your annotations reach the hub under this name")
        self.name.textChanged.connect(self._update)
        self.path = QLineEdit()
        self.path.setAccessibleName("Your copy")
        self.path.textEdited.connect(self._path_edited)
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        form = QFormLayout()
        for text, field, row in (
            ("Hub &address:", self.address, self.address),
            ("Your &name:", self.name, self.name),
            ("Your &copy:", self.path, where),
        ):
            label = QLabel(text)
            label.setBuddy(field)  # Alt+letter goes to the field
            form.addRow(label, row)
        return form

    # -- the form ------------------------------------------------------------------------

    def copy_path(self) -> Path:
        text = self.path.text().strip()
        return Path(text).expanduser() if text else Path()

    def _address_changed(self, text: str) -> None:
        if not self._path_chosen:
            self.path.setText(str(default_copy(text)) if text.strip() else "")
        self._update()

    def _path_edited(self, _text: str) -> None:
        self._path_chosen = True
        self._update()

    def _browse(self) -> None:
        start = self.path.text().strip() or str(default_copy(self.address.text()))
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Where to keep your copy",
            start,
            PROJECTS,
            # A copy joined before (same hub, same name) is joined again, not overwritten.
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            path = Path(name)
            self.path.setText(str(path if path.suffix else path.with_suffix(".annotator")))
            self._path_chosen = True
            self._update()

    def _update(self) -> None:
        filled = all(w.text().strip() for w in (self.address, self.name, self.path))
        self.join_button.setEnabled(filled and self.job is None)

    def problem(self) -> str:
        """What keeps the form from being joined ("" when nothing does)."""
        if not is_hub_address(self.address.text().strip()):
            return (
                f"The hub's address starts with postgresql://, for example {EXAMPLE}: "
                "copy it as whoever runs the hub gave it."
            )
        if not self.name.text().strip():
            return "Say who you are: your annotations reach the hub under this name."
        path = self.copy_path()
        if not self.path.text().strip() or path.is_dir():
            return "Name the file of your copy (a new .annotator file)."
        return ""

    # -- joining -------------------------------------------------------------------------

    def accept(self) -> None:
        """Join: check the form, then join and sync once in the background."""
        if self.job is not None:
            return
        problem = self.problem()
        if problem:
            self._say(problem)
            return
        url, name, path = self.address.text().strip(), self.name.text().strip(), self.copy_path()
        self.error_label.hide()
        job = jobs_ui.join_job(url, path, name)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(lambda outcome: self._finished(outcome, name))
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._ended)
        self.job = job
        self._show_work(True)
        self.progress_label.setText("Reaching the hub…")
        self._fit()
        self.queue.submit(job)

    def reject(self) -> None:
        if self.job is not None:  # a join under way finishes (seconds) before closing
            return
        super().reject()

    def _show_work(self, working: bool) -> None:
        self.progress_label.setVisible(working)
        self.progress_bar.setVisible(working)
        for widget in (self.address, self.name, self.path, self.browse):
            widget.setEnabled(not working)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not working)
        self._update()

    def _progress(self, _done: int, _total: int, message: str) -> None:
        self.progress_label.setText(message)

    def _ended(self) -> None:
        self.job = None
        self._show_work(False)

    def _say(self, message: str) -> None:
        """Say what went wrong, under the form, and go back to the address to correct it."""
        self.error_label.setText(message)
        self.error_label.show()
        self._fit()
        self.address.setFocus()

    def _fit(self) -> None:
        """Grow to show every line of a message (wrapped lines are not in the minimum)."""
        layout = self.layout()
        if layout is None:
            return
        wanted = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.sizeHint().height()
        )
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _finished(self, outcome: jobs_ui.JoinOutcome, name: str) -> None:
        self._ended()
        if outcome.path is not None:
            self.joined.emit(outcome.path, name)
            super().accept()
        elif outcome.unreachable:
            self._say(
                f"The hub did not answer ({outcome.error}). Check the address, and that this "
                "computer can reach the server (network, VPN), then join again."
            )
        else:
            self._say(f"The hub refused: {outcome.error}")

    def _failed(self, message: str, _details: str) -> None:
        self._ended()
        self._say(f"Could not join: {message}")
