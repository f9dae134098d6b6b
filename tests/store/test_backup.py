"""Rolling backups: one a day, seven kept, whole copies even while the project is written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.store.backup import (
    backup_project,
    backups_dir,
    list_backups,
    restore_backup,
    safety_copy,
)
from annotator.store.db import ProjectError, connect, open_project
from tests.store.annotated import annotated_project, snapshot

DAY = date(2024, 3, 1)


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    return annotated_project(tmp_path / "news.annotator", schema)


def _add_span(path: Path, label: str = "ORG") -> None:
    db = connect(path)
    with db.conn:
        db.execute(
            "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, "
            "created_at) VALUES (2, 1, 'ner', ?, 0, 9, 'now')",
            [label],
        )
    db.conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_the_backup_is_one_file_beside_the_project_holding_the_annotations(
    project: Path,
) -> None:
    made = backup_project(project, today=DAY)
    assert made == project.parent / "news.backups" / "news-2024-03-01.annotator"
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no temp
    assert _integrity(made) == "ok"
    db = open_project(made)  # it opens as a project of its own
    db.conn.close()
    assert snapshot(made) == snapshot(project)
    (info,) = list_backups(project)
    assert (info.path, info.kind, info.taken.date()) == (made, "daily", DAY)
    assert (info.documents, info.spans) == (3, 5)


def test_one_backup_a_day_keeps_the_first_state_of_the_day(project: Path) -> None:
    first = backup_project(project, today=DAY)
    assert first is not None
    before = first.read_bytes()
    _add_span(project)  # a mistake made later that day must not reach the day's backup
    assert backup_project(project, today=DAY) is None
    assert first.read_bytes() == before
    second = backup_project(project, today=DAY + timedelta(days=1))
    assert second is not None
    assert [(b.taken.date(), b.spans) for b in list_backups(project)] == [
        (DAY + timedelta(days=1), 6),
        (DAY, 5),
    ]


def test_the_last_seven_daily_backups_are_kept(project: Path) -> None:
    days = [DAY + timedelta(days=n) for n in (0, 1, 2, 5, 9, 10, 11, 20, 31)]
    for day in days:
        backup_project(project, today=day)
    safety_copy(project, "before-repair", when=datetime(2024, 3, 3, 9, 30))
    kept = list_backups(project)
    daily = [b.taken.date() for b in kept if b.kind == "daily"]
    assert daily == sorted(days[-7:], reverse=True)  # newest first; the two oldest went
    assert [b.kind for b in kept].count("before repair") == 1  # safety copies kept apart
    assert len(list(backups_dir(project).iterdir())) == 8


def test_unreadable_and_foreign_files_in_the_folder_do_not_stop_the_listing(
    project: Path,
) -> None:
    backup_project(project, today=DAY)
    folder = backups_dir(project)
    (folder / "news-2024-02-30.annotator").write_bytes(b"not a date")  # no such day
    (folder / "news-2024-02-01.annotator").write_bytes(b"garbage" * 100)
    (folder / "other-2024-02-01.annotator").write_bytes(b"another project's")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    listed = list_backups(project)
    assert [b.path.name for b in listed] == [
        "news-2024-03-01.annotator",
        "news-2024-02-01.annotator",
    ]
    assert listed[0].error == ""
    assert listed[1].documents is None
    assert "unreadable" in listed[1].error


def test_projects_that_share_a_stem_keep_their_backups_apart(
    tmp_path: Path, schema: LabelSchema
) -> None:
    a = annotated_project(tmp_path / "a.annotator", schema)
    b = annotated_project(tmp_path / "a.db", schema)
    assert backups_dir(a) != backups_dir(b)
    for day in range(1, 10):
        backup_project(a, today=date(2024, 1, day))
    backup_project(b, today=DAY)
    assert len(list_backups(a)) == 7
    assert [x.taken.date() for x in list_backups(b)] == [DAY]


_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=5, isolation_level=None)
conn.execute("PRAGMA busy_timeout = 5000")
print("ready", flush=True)
for n in range(1, 100000):
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, "
        "created_at) VALUES (2, 1, 'ner', 'ORG', 0, 9, 'now')"
    )
    # The same transaction counts the spans: a torn copy would disagree with itself.
    conn.execute(
        "INSERT OR REPLACE INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
        "VALUES (2, 1, 'written', ?, 'now')", [str(n)]
    )
    conn.execute("COMMIT")
"""


@pytest.mark.slow
def test_a_backup_of_a_project_being_written_is_consistent(project: Path) -> None:
    db = connect(project)
    with db.conn:  # some bulk, so that a copy takes a while
        db.conn.executemany(
            "INSERT INTO documents (hash, title, text, imported_at) VALUES (?, 't', ?, 'now')",
            [(f"{n:040x}", f"filler {n} " * 120) for n in range(1500)],
        )
    db.conn.close()
    with subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(project)], stdout=subprocess.PIPE, text=True
    ) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "ready\n"
            made = []
            for n in range(6):
                time.sleep(0.05)
                made.append(backup_project(project, today=DAY + timedelta(days=n)))
        finally:
            writer.kill()
    written = []
    for path in made:
        assert path is not None
        assert _integrity(path) == "ok"
        conn = sqlite3.connect(path)
        spans = conn.execute("SELECT count(*) FROM spans WHERE label = 'ORG'").fetchone()[0]
        field = conn.execute("SELECT value FROM doc_fields WHERE name = 'written'").fetchone()
        conn.close()
        assert spans == (int(field[0]) if field else 0)
        written.append(spans)
    assert len(set(written)) > 1, "the writer committed while the backups were made"


_BACKUP = """
import sys
from datetime import date
from pathlib import Path
from annotator.store.backup import backup_project
backup_project(Path(sys.argv[1]), today=date(2024, 3, 1))
print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.02, 0.06])
def test_a_backup_killed_half_way_leaves_no_half_backup(project: Path, delay: float) -> None:
    db = connect(project)
    with db.conn:  # about 15 MB: the copy is still running when it is killed
        db.conn.executemany(
            "INSERT INTO documents (hash, title, text, imported_at) VALUES (?, 't', ?, 'now')",
            [(f"{n:040x}", f"{n} filler text " * 800) for n in range(1200)],
        )
    db.conn.close()
    folder = backups_dir(project)
    process = subprocess.Popen([sys.executable, "-c", _BACKUP, str(project)])
    deadline = time.monotonic() + 30
    while not any(folder.glob(".*.tmp")) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    for info in list_backups(project):  # none, or (if it was quicker than the kill) whole
        assert info.error == ""
        assert info.documents == 1203
        assert _integrity(info.path) == "ok"
    if not list_backups(project):
        # The day has no backup yet, so the next opening makes it; a leftover temporary
        # file is cleared once it is old enough not to be another process's.
        leftovers = list(folder.glob(".*.tmp*"))
        for leftover in leftovers:
            os.utime(leftover, (time.time() - 7200, time.time() - 7200))
        made = backup_project(project, today=DAY)
        assert made is not None
        assert _integrity(made) == "ok"
        assert not any(folder.glob(".*.tmp*"))


def test_restore_puts_the_backup_back_and_keeps_a_copy_to_undo_it(project: Path) -> None:
    made = backup_project(project, today=DAY)
    assert made is not None
    kept = snapshot(project)
    _add_span(project)
    changed = snapshot(project)
    reader = connect(project)  # the window's connection stays open through the restore
    copy = restore_backup(project, made, when=datetime(2024, 3, 1, 17, 5, 0))
    assert snapshot(project) == kept
    assert reader.execute("SELECT count(*) FROM spans").fetchone()[0] == 5
    reader.conn.close()
    assert copy.name == "news-2024-03-01-170500-before-restore.annotator"
    assert snapshot(copy) == changed
    restore_backup(project, copy)  # undoing the restore
    assert snapshot(project) == changed
    assert _integrity(project) == "ok"


def test_restore_refuses_a_damaged_backup_or_another_projects(
    project: Path, tmp_path: Path, schema: LabelSchema
) -> None:
    other = annotated_project(tmp_path / "other.annotator", schema)
    before = snapshot(project)
    with pytest.raises(ProjectError, match="another project"):
        restore_backup(project, other)
    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(ProjectError, match=r"damaged\.annotator"):
        restore_backup(project, damaged)
    assert snapshot(project) == before
    assert list_backups(project) == []  # refused before anything was copied
