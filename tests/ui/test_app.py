"""Starting up: the annotator's name is asked once and remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.ui import app
from annotator.ui.common import settings


def test_a_name_given_on_the_command_line_holds_for_that_run_only(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--annotator reviewer` once must not make "reviewer" the name an annotator's next
    plain start saves their work under (it used to be remembered)."""
    settings.set_annotator("Nguyễn Thị Hà")
    assert app.annotator_name("reviewer") == "reviewer"
    assert app.annotator_name(None) == "Nguyễn Thị Hà"
    # Nothing remembered yet: the given name is used, and the next plain start asks.
    QSettings().remove(app.ANNOTATOR_KEY)
    assert app.annotator_name("reviewer") == "reviewer"
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ana", True))
    assert app.annotator_name(None) == "Ana"


def test_without_a_name_the_user_is_asked(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    QSettings().remove(app.ANNOTATOR_KEY)
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(args[1]))
        return ("  Søren  ", True)

    # The dialog is modal: stand in for the person typing their name and pressing OK.
    monkeypatch.setattr(QInputDialog, "getText", answer)
    assert app.annotator_name(None) == "Søren"
    assert asked == ["Who is annotating?"]
    assert app.annotator_name(None) == "Søren"
    assert len(asked) == 1


def test_a_named_project_that_does_not_exist_is_created(qapp: QApplication, tmp_path: Path) -> None:
    path = app.prepare_project(tmp_path / "new.annotator")
    assert path.is_file()


def test_a_damaged_project_gives_an_error_exit(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    broken = tmp_path / "broken.annotator"
    broken.write_bytes(b"\x00garbage" * 100)
    assert app.run(db=broken, annotator="alice") == 2
    assert shown
    assert "not an Annotator project" in shown[0]
    assert "annotator: error:" in capsys.readouterr().err
