"""What is at --out, and what killed exports left beside it (issue 12, items 4 and 5a).

Run as root, `--out /dev/full` used to replace the device with a regular file: the
export wrote a temporary beside the target and renamed it onto whatever was there. A
killed export left its temporary (up to 136 MB) for good. An export of no documents
wrote an empty file, said nothing and exited 0.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.jobs.export_files import remove_stale_temporaries
from annotator.nlp.loading import Pipeline
from tests.conftest import project_from_record

TEXT = "Officer Dana Wells said 12 people were hurt in Kandar."
RECORD = {
    "text": TEXT,
    "_annotator_id": "alice",
    "spans": [{"start": 8, "end": 18, "label": "PERSON"}],
}

# A process that takes a temporary as an export does, says where, and waits to be killed.
_WRITER = """
import sys
from pathlib import Path
from annotator.jobs.export_files import new_temporary
print(new_temporary(Path(sys.argv[1])), flush=True)
sys.stdin.read()
"""


@pytest.fixture(scope="module")
def done_project(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, blank: Pipeline
) -> Path:
    record = {**RECORD, "answer": "accept"}
    return project_from_record(
        tmp_path_factory.mktemp("t") / "done.annotator", schema, blank, record
    )


@pytest.fixture(scope="module")
def undone_project(
    tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, blank: Pipeline
) -> Path:
    """alice annotated the one document but did not mark it done."""
    return project_from_record(
        tmp_path_factory.mktemp("u") / "undone.annotator", schema, blank, RECORD
    )


def _export(project: Path, out: Path, *extra: str) -> int:
    return main(["export", "--db", str(project), "--format", "jsonl", "--out", str(out), *extra])


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- what is at --out -------------------------------------------------------------------


def test_a_fifo_is_refused_and_left_alone(
    done_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    assert _export(done_project, fifo) == 2
    assert _one_line(capsys) == (
        f"annotator: error: that is a pipe (FIFO), not a file: name a file to write: {fifo}"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert list(tmp_path.iterdir()) == [fifo]  # no temporary either


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_refused_and_left_alone(
    done_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # /dev/full's numbers
    assert _export(done_project, device) == 2
    assert _one_line(capsys) == (
        f"annotator: error: that is a device, not a file: name a file to write: {device}"
    )
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert device.lstat().st_rdev == os.makedev(1, 7)


def test_a_folder_is_refused(
    done_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out.jsonl"
    folder.mkdir()
    assert _export(done_project, folder) == 2
    assert (
        _one_line(capsys) == f"annotator: error: that is a folder: name a file to write: {folder}"
    )
    assert list(tmp_path.iterdir()) == [folder]


def test_a_symlink_is_written_through_to_its_target(done_project: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "latest.jsonl"
    target.write_text("last week's export\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    link = mine / "out.jsonl"
    link.symlink_to(target)
    assert _export(done_project, link) == 0
    assert link.is_symlink()
    assert link.readlink() == target
    assert TEXT in target.read_text(encoding="utf-8")
    # The temporary went beside the target, and is gone.
    assert list(shared.iterdir()) == [target]
    assert list(mine.iterdir()) == [link]


def test_a_dangling_symlink_makes_its_target(done_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.jsonl"
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    assert _export(done_project, link) == 0
    assert link.is_symlink()
    assert TEXT in target.read_text(encoding="utf-8")


def test_a_symlink_to_a_fifo_is_refused(
    done_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.jsonl"
    link.symlink_to(fifo)
    assert _export(done_project, link) == 2
    assert "that is a pipe (FIFO), not a file" in _one_line(capsys)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink()


# --- temporaries left by killed exports -------------------------------------------------


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding a temporary for tmp_path/out.jsonl, as a running export does."""
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path / "out.jsonl")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield process
    process.kill()
    process.communicate(timeout=30)  # and close the pipes


def _temporary_of(process: subprocess.Popen[str]) -> Path:
    assert process.stdout is not None
    return Path(process.stdout.readline().strip())


@pytest.mark.slow
def test_a_killed_exports_temporary_goes_and_a_running_ones_stays(
    done_project: Path, tmp_path: Path, writer: subprocess.Popen[str]
) -> None:
    running = _temporary_of(writer)
    killed_process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path / "out.jsonl")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    killed = _temporary_of(killed_process)
    killed.write_bytes(b"x" * 100_000)  # the half-written export
    killed_process.kill()
    killed_process.communicate(timeout=30)
    assert killed.exists()
    assert running.exists()
    assert _export(done_project, tmp_path / "out.jsonl") == 0
    assert not killed.exists()
    assert running.exists()  # its export is still running: never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, "out.jsonl"])


def test_old_temporaries_go_fresh_and_foreign_files_stay(tmp_path: Path) -> None:
    hour_ago = time.time() - 3700
    old_legacy = tmp_path / ".out.spacy.0a1b2c3d.tmp"  # what earlier versions left
    fresh_legacy = tmp_path / ".out.jsonl.4e5f6a7b.tmp"  # maybe `annotator suggest`, now
    mine_old = tmp_path / f".out.conll.export-{os.getpid()}-000000-0a1b2c3d.tmp"
    notes = tmp_path / ".out.jsonl.notes.tmp"
    data = tmp_path / "out.jsonl"
    for path in (old_legacy, fresh_legacy, mine_old, notes, data):
        path.write_bytes(b"x")
    for path in (old_legacy, mine_old, notes, data):
        os.utime(path, (hour_ago, hour_ago))
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted([old_legacy, mine_old])
    assert sorted(tmp_path.iterdir()) == sorted([fresh_legacy, notes, data])


# --- nothing to export ------------------------------------------------------------------


def test_nothing_done_says_so_writes_nothing_and_fails(
    undone_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert _export(undone_project, out) == 1
    assert _one_line(capsys) == (
        "annotator: nothing exported: 0 documents are done (by alice, of 1 in the project); "
        "--status all exports every document"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    # An older export there stays as it was.
    out.write_text("last week's export\n", encoding="utf-8")
    assert _export(undone_project, out) == 1
    assert out.read_text(encoding="utf-8") == "last week's export\n"
    # --status all has something to write.
    assert _export(undone_project, out, "--status", "all") == 0
    assert TEXT in out.read_text(encoding="utf-8")


def test_nothing_done_in_a_split_makes_no_folder(
    undone_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parts = tmp_path / "parts"
    assert _export(undone_project, parts, "--split", "train=0.5,dev=0.5") == 1
    assert "0 documents are done" in _one_line(capsys)
    assert not parts.exists()
