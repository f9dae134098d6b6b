"""Disk trouble during an export: a clear message naming the file, and nothing half-written.

The trouble is real, in a child process: a file-size limit (RLIMIT_FSIZE, with SIGXFSZ
ignored) makes writes fail with EFBIG exactly as a full disk fails them with ENOSPC, and
a folder without write permission refuses to hold the temporary file. When the tests run
as root (containers), the child first gives up the capabilities that let root write
anywhere, so the permission check happens as it would for any user.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import LabelSchema
from annotator.formats.records import atomic_writer
from annotator.jobs.exporting import ExportRequest, ExportWriteError, export
from annotator.nlp.loading import Pipeline
from annotator.store.db import open_project
from tests.conftest import project_from_record

pytestmark = pytest.mark.slow

# Sets the limits, then becomes the command: limits and ignored signals survive exec.
_LAUNCHER = """
import ctypes, json, os, resource, signal, sys
options = json.loads(sys.argv[1])
if options["limit"] is not None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (options["limit"], options["limit"]))
if options["unprivileged"] and os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0):  # PR_CAPBSET_DROP: gone after exec
            raise OSError(ctypes.get_errno(), "cannot drop root's file capabilities")
os.execv(sys.executable, [sys.executable, *options["argv"]])
"""

_API = """
import json, sys
from pathlib import Path
from annotator.jobs.exporting import ExportRequest, ExportWriteError, export, parse_split
from annotator.store.db import open_project
db, fmt, out, split = sys.argv[1:]
request = ExportRequest(fmt, Path(out), split=parse_split(split) if split else None)
try:
    export(open_project(Path(db)), request)
except ExportWriteError as exc:
    print(json.dumps({"message": str(exc), "errno": exc.errno, "filename": exc.filename}))
    sys.exit(3)
"""


def run(
    argv: Sequence[str], *, limit: int | None = None, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python ARGV`` in a child process with a file-size limit and/or no root powers."""
    options = {"limit": limit, "unprivileged": unprivileged, "argv": list(argv)}
    return subprocess.run(
        [sys.executable, "-c", _LAUNCHER, json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, schema: LabelSchema, blank: Pipeline) -> Path:
    """A project whose one finished document exports to several hundred kilobytes."""
    text = " ".join(f"Officer{i} said {i} people were hurt." for i in range(2500))
    record = {
        "text": text,
        "answer": "accept",
        "_annotator_id": "alice",
        "spans": [{"start": 0, "end": 8, "label": "PERSON"}],
    }
    return project_from_record(
        tmp_path_factory.mktemp("disk") / "p.annotator", schema, blank, record
    )


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr  # one line, no traceback
    return lines[0]


# A file-size limit well above what opening the project writes (SQLite's 32 KiB shared
# memory file) and well below the export (hundreds of kilobytes in every format).
LIMIT = 64 * 1024


@pytest.mark.parametrize("fmt", ["jsonl", "spacy"])
def test_a_full_disk_says_so_and_keeps_the_older_export(
    fmt: str, project: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference" / f"out.{fmt}"
    assert main(["export", "--db", str(project), "--format", fmt, "--out", str(reference)]) == 0
    assert reference.stat().st_size > LIMIT  # so the limit bites
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / f"out.{fmt}"
    out.write_bytes(b"last week's export\n")
    argv = ["-m", "annotator", "export", "--db", str(project), "--format", fmt, "--out", str(out)]
    result = run(argv, limit=LIMIT)
    assert result.returncode == 2, result.stderr
    assert _one_error_line(result.stderr) == (
        f"annotator: error: the disk is full or the file too large: {out}"
    )
    assert out.read_bytes() == b"last week's export\n"
    assert [p.name for p in folder.iterdir()] == [out.name]  # no temporary file


def test_a_full_disk_fails_the_python_export_with_the_reason(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.conllu"
    result = run(["-c", _API, str(project), "conllu", str(out), ""], limit=LIMIT)
    assert result.returncode == 3, result.stderr
    error = json.loads(result.stdout)
    assert error["errno"] == errno.EFBIG
    assert error["message"] == f"the disk is full or the file too large: {out}"
    assert error["filename"] == str(out)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_named_and_left_empty(project: Path, locked: Path) -> None:
    out = locked / "out.jsonl"
    argv = [
        "-m",
        "annotator",
        "export",
        "--db",
        str(project),
        "--format",
        "jsonl",
        "--out",
        str(out),
    ]
    result = run(argv, unprivileged=True)
    assert result.returncode == 2, result.stderr
    assert _one_error_line(result.stderr) == (
        f"annotator: error: permission denied (the folder cannot be written to): {out}"
    )
    assert list(locked.iterdir()) == []


def test_a_split_into_an_unwritable_folder_fails_with_the_reason(
    project: Path, locked: Path
) -> None:
    parts = locked / "parts"
    result = run(
        ["-c", _API, str(project), "jsonl", str(parts), "train=0.5,dev=0.5"], unprivileged=True
    )
    assert result.returncode == 3, result.stderr
    error = json.loads(result.stdout)
    assert error["errno"] == errno.EACCES
    assert error["message"] == f"permission denied (the folder cannot be written to): {parts}"
    assert error["filename"] == str(parts)
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full or the file too large"),
        (errno.EFBIG, "the disk is full or the file too large"),
        (errno.EDQUOT, "the disk is full or the file too large"),
        (errno.EACCES, "permission denied (the folder cannot be written to)"),
        (errno.EROFS, "the disk is read-only"),
        (errno.ENOTDIR, "part of the path is a file, not a folder"),
    ],
)
def test_each_kind_of_disk_trouble_reads_as_a_sentence_naming_the_file(
    code: int, reason: str
) -> None:
    error = ExportWriteError(Path("/data/out.jsonl"), OSError(code, os.strerror(code), "/data/.x"))
    assert str(error) == f"{reason}: /data/out.jsonl"
    assert isinstance(error, OSError)  # the command line and the window already handle those
    assert error.errno == code


def test_a_file_in_the_way_of_the_folder_is_named(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("not a folder", encoding="utf-8")
    request = ExportRequest("jsonl", blocker / "out.jsonl")
    db = open_project(project)
    with pytest.raises(ExportWriteError) as raised:
        export(db, request)
    db.conn.close()
    assert str(raised.value).endswith(f": {blocker / 'out.jsonl'}")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_exports_get_the_permissions_of_any_new_file(project: Path, tmp_path: Path) -> None:
    """Renamed temporaries must not stay private (0600): others may need to read the data."""
    mask = os.umask(0o022)
    os.umask(mask)
    expected = 0o666 & ~mask
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(project), "--format", "jsonl", "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == expected
    with atomic_writer(tmp_path / "suggestions.jsonl") as handle:
        handle.write("{}\n")
    assert (tmp_path / "suggestions.jsonl").stat().st_mode & 0o777 == expected
