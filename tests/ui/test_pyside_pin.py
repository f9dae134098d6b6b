"""PySide6 6.12.0 loses a reference to None on every call of a void method (Python 3.11).

After some thousands of calls the interpreter aborts with "deallocating None". The pin
in pyproject.toml keeps 6.12 out; this test would catch it coming back.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_installed_pyside_is_below_6_12() -> None:
    major, minor = (int(part) for part in pyside_version.split(".")[:2])
    assert (major, minor) < (6, 12), f"PySide6 {pyside_version} is known to be broken"


def test_void_methods_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(100_000):
        label.setText("x" if i % 2 else "y")
    # Other code may take or drop a few references meanwhile; the bug drops 100,000.
    assert abs(sys.getrefcount(None) - before) < 1000
