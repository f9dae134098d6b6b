"""`annotator check --repair`: a backup first, then a clean project that kept every good
annotation; what cannot be mended safely is left and said."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import text_hash
from annotator.core.schema import LabelSchema
from annotator.store.backup import backup_project, list_backups
from annotator.store.db import connect
from annotator.store.documents import docs_without_analysis
from tests.store import damage
from tests.store.annotated import TEXTS, annotated_project, snapshot


@pytest.fixture
def project(tmp_path: Path, schema: LabelSchema) -> Path:
    return annotated_project(tmp_path / "news.annotator", schema)


def _run(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = main(["check", "--db", str(path), *extra])
    return code, capsys.readouterr().out.splitlines()


def test_repair_leaves_a_clean_project_with_every_good_annotation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = snapshot(project)
    damage.plant(project, *damage.REPAIRABLE)
    damaged = snapshot(project)
    code, out = _run(project, capsys, "--repair")
    assert code == 0
    (copy,) = list_backups(project)
    assert copy.kind == "before repair"
    assert f"copied the project before repairing it: {copy.path}" in out
    assert snapshot(copy.path) == damaged  # the copy holds the project as it was
    fixed = [line for line in out if line.startswith("fixed: ")]
    assert len(fixed) == 17
    for line in (
        "fixed: deleted span 102 (GPE at 36..45 in document 3) does not fit the text of 44 "
        "characters, with 1 link to it",
        "fixed: deleted link 101 (ATTRIBUTED_TO, document 1) joins span 1 of document 1 to "
        "span 4 of document 2",
        "fixed: dropped analysis of document 3: token 1 (40..45) does not fit the text of 44 "
        "characters; it is made again when the window next opens",
        "fixed: recomputed the hash of document 1",
        "fixed: rebuilt the search index",
    ):
        assert line in out, line
    assert out[-1] == "the project passes every check now"

    assert snapshot(project) == good  # every planted row went, every good one stayed
    assert _run(project, capsys)[0] == 0
    db = connect(project)
    assert docs_without_analysis(db, model=False) == [2, 3]  # made again on next opening
    assert db.execute("SELECT hash FROM documents WHERE id = 1").fetchone()[0] == text_hash(
        TEXTS[0]
    )
    # The document filter finds the title as it now is.
    found = db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Renamed'")
    assert found.fetchall() == [(2,)]
    db.conn.close()


def test_a_hash_that_would_duplicate_another_document_is_left(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage.plant(
        project,
        "INSERT INTO documents (id, hash, title, text, imported_at) "
        f"VALUES (4, 'abc', 'Copy', '{TEXTS[1]}', 'now')",
    )
    code, out = _run(project, capsys, "--repair")
    assert code == 1
    assert (
        "not fixed: document 4: its text is the same as document 2's, so its hash was left "
        "alone; compare their annotations and keep one of the two" in out
    )
    assert out[-2:] == [
        "problems left: 1",
        "  hash: document 4: stored hash abc is not its text's",
    ]
    assert [b.kind for b in list_backups(project)] == ["before repair"]


def test_a_damaged_file_is_not_patched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = backup_project(project)
    damage.corrupt_page(project)
    before = project.read_bytes()
    code, out = _run(project, capsys, "--repair")
    assert code == 1
    assert project.read_bytes() == before
    assert [b.path for b in list_backups(project)] == [made]  # no copy of the damage either
    assert any(line.startswith("--repair does not patch a damaged file") for line in out)
