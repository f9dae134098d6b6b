"""Helpers for tests about project files: old versions, read-only files, untouched files."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.store.migrations import MIGRATIONS

IS_ROOT = os.geteuid() == 0


def project_at_version(path: Path, version: int, schema: LabelSchema) -> Path:
    """A project as release ``version`` made it: only its migrations ran, with one document
    that alice annotated (a PERSON and a QUOTE linked by nothing) and her status."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:version]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    uid = uuid.uuid4().hex
    stamp = "2024-01-01T00:00:00+00:00"
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("project_uid", uid), ("created_at", stamp), ("label_schema", schema.source)],
    )
    text = 'Ahmed Zubair said "we will stay" on Monday.'
    conn.execute(
        "INSERT INTO documents (id, hash, title, text, imported_at) VALUES (1, 'h1', 'One', ?, ?)",
        [text, stamp],
    )
    conn.execute("INSERT INTO annotators (id, name, project_uid) VALUES (1, 'alice', ?)", [uid])
    conn.executemany(
        "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, attrs, "
        "created_at) VALUES (1, 1, ?, ?, ?, ?, ?, ?)",
        [
            ("ner", "PERSON", 0, 12, "{}", stamp),
            ("attribution", "QUOTE", 18, 31, '{"type": "direct"}', stamp),
        ],
    )
    conn.execute(
        "INSERT INTO doc_states (doc_id, annotator_id, status, seeded, updated_at) "
        "VALUES (1, 1, 'done', 1, ?)",
        [stamp],
    )
    conn.commit()
    conn.close()
    return path


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and modification time, and the names in its folder."""

    data: bytes
    mtime_ns: int
    folder: tuple[str, ...]

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        return cls(
            path.read_bytes(),
            path.stat().st_mtime_ns,
            tuple(sorted(p.name for p in path.parent.iterdir())),
        )


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder impossible to write for this process, then writable again.

    A normal user gets chmod (0o444 / 0o555). Root writes through any chmod, so for root
    the file gets the immutable attribute (chattr +i), which stops root too; where that
    is not available the test is skipped, saying it is because the tests run as root.
    """
    if not IS_ROOT:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    made = (
        subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True, check=False)
        if chattr
        else None
    )
    if made is None or made.returncode != 0:
        why = "no chattr command" if made is None else made.stderr.strip()
        pytest.skip(
            "the tests run as root (uid 0): chmod does not stop root from writing, and "
            f"chattr +i is not available here ({why})"
        )
    try:
        yield
    finally:
        subprocess.run([str(chattr), "-i", str(path)], check=True)


def without(source: str, table: str, name: str) -> str:
    """The schema TOML ``source`` without its ``[[table]]`` named ``name`` (with the
    attribute tables under it): a schema with a label or link type removed."""
    pattern = rf'\[\[{table}\]\]\nname = "{name}"\n.*?(?=\n\[\[(?!{table}\.)|\n# ---|\Z)'
    trimmed, count = re.subn(pattern, "", source, flags=re.S)
    assert count == 1, f"no [[{table}]] {name}"
    return trimmed
