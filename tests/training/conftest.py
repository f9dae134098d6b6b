"""A project to learn from: the eight sample articles with their hand-made gold, done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def learned_project(gold_done_template: Path, tmp_path: Path) -> Path:
    """A copy of the shared template (tests/conftest.py) for one test to change."""
    path = tmp_path / "news.annotator"
    shutil.copy(gold_done_template, path)
    return path
