"""File > Import: files or folders, their format, whose work they hold, and label renames.

The files are read once in the background to list their labels; each label the
project's schema lacks gets a menu to rename it to one the schema has, or to refuse it
(refused labels are counted in the import's report, never dropped silently).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.formats.foreign.options import AnnotatorFrom
from annotator.formats.foreign.registry import FORMATS
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.import_scan import LabelScan
from annotator.ui.jobs.queue import Job
from annotator.ui.jobs.tasks import scan_job

REFUSE = "Refuse"
BY_EXTENSION = "By extension: .txt, .jsonl, .csv, saved web pages"
_FILES = "Documents and corpora (*.txt *.jsonl *.csv *.html *.htm *.mhtml *.ann *.conll "
_FILES += "*.iob *.json *.tsv *.xmi);;All files (*)"


class ImportDialog(QDialog):
    """Asks what to import and how; ``paths()`` and ``options()`` give the job's parameters."""

    scanned = Signal()  # the labels of the files are listed (or why they could not be read)

    def __init__(
        self, schema: LabelSchema, db_path: Path, annotator: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setObjectName("importDialog")
        self.resize(620, 520)
        self._schema, self._db_path, self._annotator = schema, db_path, annotator
        self._paths: list[Path] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._scan: Job | None = None  # the latest; earlier ones are kept until done
        self._scans: list[Job] = []  # a running QRunnable must outlive its Python owner
        self.menus: dict[str, QComboBox] = {}  # unknown label -> its rename menu
        form = QFormLayout(self)
        form.addRow("Files", self._file_buttons())
        form.addRow("Format", self._format_box())
        form.addRow("Annotations by", self._who_box())
        self.done_box = QCheckBox("Mark the annotated documents done (agreement counts them)")
        form.addRow("", self.done_box)
        self.labels_note = QLabel("Choose files or a folder to see their labels.")
        self.labels_note.setWordWrap(True)
        form.addRow("Labels", self.labels_note)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("importLabels")
        self.table.setHorizontalHeaderLabels(["In the files", "Count", "In this project"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        form.addRow(self.table)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._show_paths()

    # -- building ------------------------------------------------------------------------

    def _file_buttons(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        layout.addWidget(self.files_label, 1)
        for text, slot in (("Files…", self._add_files), ("Folder…", self._add_folder)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            layout.addWidget(button)
        return row

    def _format_box(self) -> QComboBox:
        self.format = QComboBox()
        self.format.addItem(BY_EXTENSION, None)
        for fmt in FORMATS.values():
            if fmt.name != "html":  # saved pages are recognised by their extension
                self.format.addItem(fmt.title, fmt.name)
        self.format.currentIndexChanged.connect(self.rescan)
        return self.format

    def _who_box(self) -> QComboBox:
        self.who = QComboBox()
        self.who.addItem(f"Me ({self._annotator}), unless the files name someone", None)
        self.who.addItem("One sub-folder per annotator (brat)", "folder")
        self.who.addItem("The file name: ARTICLE_NAME.ann beside ARTICLE.txt", "filename")
        self.who.currentIndexChanged.connect(self.rescan)
        return self.who

    # -- files ---------------------------------------------------------------------------

    def _add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import files", str(self._db_path.parent), _FILES
        )
        self.add_paths([Path(n) for n in names])

    def _add_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder", str(self._db_path.parent))
        if name:
            self.add_paths([Path(name)])

    def add_paths(self, paths: list[Path]) -> None:
        """Import these too; the labels are read again."""
        self._paths += [p for p in paths if p not in self._paths]
        self._show_paths()
        self.rescan()

    def _show_paths(self) -> None:
        names = ", ".join(p.name for p in self._paths[:3])
        more = f" and {len(self._paths) - 3} more" if len(self._paths) > 3 else ""
        self.files_label.setText(names + more if names else "none chosen")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self._paths))

    def paths(self) -> list[Path]:
        return list(self._paths)

    # -- labels --------------------------------------------------------------------------

    def options(self, *, with_map: bool = True) -> ImportOptions:
        """What the import is told: format, renames, whose, which status."""
        who: AnnotatorFrom | None = self.who.currentData()
        renames = {
            label: menu.currentText()
            for label, menu in self.menus.items()
            if menu.currentText() != REFUSE
        }
        return ImportOptions(
            format=self.format.currentData(),
            label_map=renames if with_map else {},
            annotator_from=who,
            status=Status.DONE if self.done_box.isChecked() else None,
        )

    def rescan(self) -> None:
        """Read the files again (in the background) for the labels they use."""
        if self._scan is not None:
            self._scan.cancel()
        if not self._paths:
            return
        self.labels_note.setText("Reading the files…")
        job = scan_job(self._db_path, self._paths, self.options(with_map=False))
        job.signals.finished.connect(self.show_labels)
        job.signals.failed.connect(self._scan_failed)
        self._scan = job
        self._scans.append(job)
        self._pool.start(job)

    def _scan_failed(self, message: str, details: str) -> None:
        self.labels_note.setText(f"The files could not be read: {message}")
        self.scanned.emit()

    def show_labels(self, scan: LabelScan) -> None:
        """List the labels; each one the schema lacks gets a menu (refused by default)."""
        if self._scan is None or self.sender() not in (None, self._scan.signals):
            return  # an earlier scan, overtaken by a change of files or format
        known = {label.name for label in self._schema.labels}
        known |= {relation.name for relation in self._schema.relations}
        choices = [REFUSE, *sorted(known)]
        unknown = sorted(label for label in scan.labels if label not in known)
        self.menus = {}
        self.table.setRowCount(len(scan.labels))
        for row, (label, count) in enumerate(sorted(scan.labels.items())):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(f"{count:,}"))
            if label in known:
                self.table.setItem(row, 2, QTableWidgetItem("kept"))
                continue
            menu = QComboBox()
            menu.addItems(choices)
            self.table.setCellWidget(row, 2, menu)
            self.menus[label] = menu
        who = f", by {', '.join(sorted(scan.annotators))}" if scan.annotators else ""
        refused = f"; {scan.rejections} problems to report" if scan.rejections else ""
        lacking = (
            f" {len(unknown)} labels are not in the schema: rename them or they are refused."
            if unknown
            else ""
        )
        self.labels_note.setText(f"{scan.documents:,} documents{who}{refused}.{lacking}")
        self.scanned.emit()

    def done(self, result: int) -> None:
        if self._scan is not None:
            self._scan.cancel()
        self._pool.waitForDone()  # the scan's worker is gone before the dialog
        super().done(result)
