"""Where an export's files go: checking the targets, and the temporaries renamed onto them.

Every file is written under a temporary name beside its target and renamed into place
only when all of them are complete, so a cancelled or failed export leaves no partial
file behind. A temporary's name holds the process that writes it
(``.NAME.export-PID-HOST-RANDOM.tmp``), so that the next export into the folder can
remove what a killed one left, without touching the file of an export still running.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: A temporary older than this is stale whoever wrote it: a live export touches its
#: temporaries as it goes (``Temporaries.touch``), far more often than this.
STALE_AFTER = 3600.0

_FULL = "the disk is full or the file too large"
_DENIED = "permission denied (the folder cannot be written to)"
#: What went wrong when an export could not be written, in words a user can act on.
_WRITE_PROBLEMS = {
    errno.ENOSPC: _FULL,
    errno.EFBIG: _FULL,
    errno.EDQUOT: _FULL,
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "that is a folder: name a file to write",
    errno.ENAMETOOLONG: "the file name is too long",
}

# Ours: .NAME.export-PID-HOST-RANDOM.tmp. Older versions (and ``atomic_writer``) wrote
# .NAME.RANDOM.tmp, which says nothing about its writer: only age makes one stale.
_OURS = re.compile(r"^\..+\.export-(\d+)-([0-9a-f]{6})-[0-9a-f]{8}\.tmp$")
_LEGACY = re.compile(r"^\..+\.(jsonl|conll|conllu|spacy)\.[0-9a-f]{8}\.tmp$")


class ExportWriteError(OSError):
    """The export could not be written; the message names the file and says why in words.

    An OSError, so whatever handles file trouble handles it (the command line prints it
    as one line and exits 2). Nothing of the export is left behind when it is raised.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        problem = _WRITE_PROBLEMS.get(cause.errno or 0) or cause.strerror or str(cause)
        super().__init__(cause.errno, problem, str(path))
        self.message = f"{problem}: {path}"

    def __str__(self) -> str:
        return self.message


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def real_target(path: Path) -> Path:
    """The file an export to ``path`` writes: ``path`` itself, or a symlink's target.

    Raises ExportWriteError for anything but a regular file or nothing: a folder, a
    device (``/dev/full``), a FIFO or a socket would be replaced by the rename.
    """
    try:
        target = path.resolve() if path.is_symlink() else path
    except RuntimeError:  # a symlink loop (Python 3.11 raises this, later ones OSError)
        raise ExportWriteError(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP))) from None
    except OSError as exc:
        raise ExportWriteError(path, exc) from exc
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ExportWriteError(path, exc) from exc
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISDIR(mode):
        raise ExportWriteError(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    problem = f"that is {_kind(mode)}, not a file: name a file to write"
    raise ExportWriteError(path, OSError(errno.EINVAL, problem))


def _host() -> str:
    """Six hex digits for this machine: a PID says nothing about another host's processes
    (a folder on a network share)."""
    return hashlib.sha1(socket.gethostname().encode("utf-8")).hexdigest()[:6]


def new_temporary(target: Path) -> Path:
    """A new empty file beside ``target`` under a hidden name holding this process's id.

    Unlike ``tempfile.mkstemp`` (always 0600) it gets the permissions any new file gets,
    so an export renamed into place can be read by whoever could read one written directly.
    """
    while True:
        name = f".{target.name}.export-{os.getpid()}-{_host()}-{secrets.token_hex(4)}.tmp"
        temporary = target.parent / name
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temporary


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine (unknown: assume it does)."""
    if os.name != "posix":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process, alive
        return True
    return True


def _stale(entry: os.DirEntry[str], now: float) -> bool:
    ours = _OURS.match(entry.name)
    if ours is None and _LEGACY.match(entry.name) is None:
        return False
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if now - info.st_mtime > STALE_AFTER:
        return True
    # A fresh one is stale only if its writer, on this machine, is gone.
    return ours is not None and ours[2] == _host() and not _running(int(ours[1]))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove what killed exports left in ``folder``; returns what was removed.

    Stale: one of our temporaries whose process is gone, or any export temporary older
    than an hour. The temporary of an export running now (in this process or another)
    is never touched: its process exists and it touches the file as it goes.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if _stale(entry, now):
            with suppress(OSError):  # gone already, or not ours to remove: no matter
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class Temporaries:
    """The temporary file of each target while an export writes them."""

    def __init__(self) -> None:
        self.paths: dict[str, Path] = {}
        self._touched = 0.0

    def __getitem__(self, part: str) -> Path:
        return self.paths[part]

    def touch(self) -> None:
        """Mark the temporaries as alive (at most once a minute: it costs a system call)."""
        now = time.monotonic()
        if now - self._touched < 60:
            return
        self._touched = now
        for path in self.paths.values():
            with suppress(OSError):
                os.utime(path)


@contextmanager
def temporaries(targets: dict[str, Path]) -> Iterator[Temporaries]:
    """Temporary paths beside each target, renamed onto the targets if all goes well.

    ``targets`` must come from ``real_target``. Stale temporaries in the targets' folders
    are removed first.
    """
    temps = Temporaries()
    try:
        for part, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(target.parent)
            temps.paths[part] = new_temporary(target)
        yield temps
        for part, target in targets.items():
            real_target(target)  # still nothing else there: never rename onto a device
            os.replace(temps[part], target)
    finally:
        for temp in temps.paths.values():
            temp.unlink(missing_ok=True)
