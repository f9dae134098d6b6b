"""A real full disk for tests: a small tmpfs mounted in the test's folder, then filled.

Mounting needs root (the suite's CI runs as root, as does this sandbox); elsewhere the
tests that need it are skipped, saying why. The tmpfs is unmounted when the test ends,
lazily, so that a connection a failed test left open cannot keep it mounted.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Room for a small project and its -wal and -shm files while it is being made.
SIZE = "2m"
FILLER = "filler.bin"


@contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """A tmpfs of ``SIZE`` mounted at ``folder`` (made if missing) while the block runs."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("a full disk needs a tmpfs, and mounting one needs root and mount(8)")
    made = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here ({made.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last byte; returns the file that did it."""
    filler = folder / FILLER
    block = b"\0" * 4096
    with filler.open("wb", buffering=0) as handle:
        while True:
            try:
                handle.write(block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    for size in (512, 64, 1):  # the last part-block too
        try:
            with filler.open("ab", buffering=0) as handle:
                while True:
                    handle.write(b"\0" * size)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    assert shutil.disk_usage(folder).free == 0
    return filler
