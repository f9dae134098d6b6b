"""File > Export: the same choices as `annotator export`, run in a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlite_utils import Database

from annotator.core.schema import LabelSchema
from annotator.jobs.exporting import FORMATS, ExportRequest, SplitError, parse_split
from annotator.ui.common.errors import tell

GOLD = "gold (adjudicated)"


class ExportDialog(QDialog):
    """Asks what to export and where; ``request()`` gives the job's parameters."""

    def __init__(
        self, db: Database, schema: LabelSchema, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export training data")
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.format.setToolTip(
            "jsonl: Prodigy-style records; conll: IOB2 columns per layer; "
            "conllu: with lemmas, POS and dependencies; spacy: DocBin"
        )
        self.format.currentTextChanged.connect(self._suffix)
        self.annotator = QComboBox()
        names = [
            str(r[0])
            for r in db.execute("SELECT name FROM annotators WHERE kind = 'human' ORDER BY name")
        ]
        self.annotator.addItems(names)
        if db.execute("SELECT 1 FROM annotators WHERE kind = 'gold'").fetchone():
            self.annotator.addItem(GOLD)
        self.status = QComboBox()
        self.status.addItems(["done", "all"])
        self.layers: dict[str, QCheckBox] = {}
        layers = self._layer_boxes(schema)
        self.split = QLineEdit()
        self.split.setPlaceholderText("e.g. train=0.8,dev=0.1,test=0.1 (empty: one file)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.tokens = QCheckBox("Write each document's tokens")
        self.tokens.setChecked(True)
        self.tokens.setToolTip(
            "JSONL only. Prodigy needs the tokens; without them the file is several "
            "times smaller, and spans still give their token_start and token_end."
        )
        self.out = QLineEdit(str(folder / "export.jsonl"))
        target = self._target_row()
        for label, widget in (
            ("Format", self.format),
            ("Annotations of", self.annotator),
            ("Documents", self.status),
            ("Layers", layers),
            ("Split", self.split),
            ("Seed", self.seed),
            ("Tokens", self.tokens),
            ("Write to", target),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _layer_boxes(self, schema: LabelSchema) -> QWidget:
        """A row with a ticked box per layer of the project's schema."""
        row = QHBoxLayout()
        for layer in schema.layers:
            box = QCheckBox(layer.title)
            box.setChecked(True)
            self.layers[layer.name] = box
            row.addWidget(box)
        widget = QWidget()
        widget.setLayout(row)
        return widget

    def _target_row(self) -> QWidget:
        """The file to write, and a button to choose it."""
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(browse)
        widget = QWidget()
        widget.setLayout(where)
        return widget

    def _suffix(self, name: str) -> None:
        self.tokens.setEnabled(name == "jsonl")  # the other formats are made of tokens
        path = Path(self.out.text() or "export")
        if not self.split.text().strip():
            self.out.setText(str(path.with_suffix(FORMATS[name])))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.out.text())
        if chosen:
            self.out.setText(chosen)

    def request(self) -> ExportRequest:
        """The export the dialog describes; raises SplitError for a malformed split."""
        who = self.annotator.currentText()
        split_text = self.split.text().strip()
        chosen = tuple(name for name, box in self.layers.items() if box.isChecked())
        return ExportRequest(
            format=self.format.currentText(),
            out=Path(self.out.text()).expanduser(),
            annotator=None if who == GOLD or not who else who,
            gold=who == GOLD,
            status=self.status.currentText(),
            # All of them: the export writes the project's layers (and JSONL every span).
            layers=None if len(chosen) == len(self.layers) else chosen,
            split=parse_split(split_text) if split_text else None,
            seed=self.seed.value(),
            tokens=self.tokens.isChecked() or self.format.currentText() != "jsonl",
        )

    def _accept(self) -> None:
        try:
            self.request()
        except SplitError as exc:
            tell(self, "Split", str(exc))
            return
        if not any(box.isChecked() for box in self.layers.values()):
            tell(self, "Layers", "Choose at least one layer to export.")
            return
        self.accept()
