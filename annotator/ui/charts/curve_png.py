"""The learning curve as a PNG file, drawn by the window's chart with no window shown.

``annotator train --curve`` calls this from the command line, where no QApplication
exists: one is made on the offscreen platform, so that it needs no display.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.training.models import ModelCard

SIZE = (720, 440)
#: The application made here, kept for the process's life (Qt must outlive its widgets).
_APPLICATION: list[QApplication] = []


def _application() -> None:
    if QApplication.instance() is None:
        _APPLICATION.append(QApplication(["annotator", "-platform", "offscreen"]))


def write_curve_png(card: ModelCard, path: Path) -> None:
    """Draw ``card``'s learning curve into ``path`` (PNG), through a temporary file.

    Raises OSError when the file cannot be written.
    """
    _application()
    from annotator.ui.charts.learning_curve import LearningCurveChart

    chart = LearningCurveChart()
    try:
        chart.set_title(f"Model {card.name}: held-out F1 by training documents")
        chart.show_card(card)
        chart.resize(*SIZE)
        chart.ensurePolished()
        layout = chart.layout()
        if layout is not None:
            layout.activate()  # lay out the plot at its size: it is never shown
        image = chart.grab()
        temporary = path.with_name(f"{path.name}.tmp")
        if not image.save(str(temporary), "PNG"):
            temporary.unlink(missing_ok=True)
            raise OSError(f"could not write {path}")
        temporary.replace(path)
    finally:
        chart.deleteLater()
