"""The benchmarks still run (their small version); the figures themselves are not asserted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks import bench_foundation


def test_foundation_benchmark_smoke(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_foundation.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for line in ("open 1,", "create a span", "bare nlp.pipe", "import cost over bare"):
        assert line in out
