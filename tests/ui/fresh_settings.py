"""A fixture: each test starts from empty settings and leaves none behind.

The suite's settings live in a throwaway folder (tests/conftest.py), but one test's
zoom, theme or hidden panel would otherwise reach the windows of the next.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from annotator.ui.window.theme import SYSTEM, apply_theme


@pytest.fixture
def fresh_settings(qapp: object) -> Iterator[QSettings]:
    settings = QSettings()
    settings.clear()
    settings.sync()
    yield settings
    settings.clear()
    settings.sync()
    apply_theme(SYSTEM)
