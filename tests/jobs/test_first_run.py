"""The default project: made once, with the sample articles, in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from annotator import paths
from annotator.jobs.first_run import open_default_project
from annotator.store.documents import count_documents
from tests.conftest import SAMPLE_DOCS


def test_default_project_lives_in_the_user_data_folder() -> None:
    path = paths.default_project_path()
    assert path.parent.name == "Annotator"
    assert str(path).startswith(str(Path.home())) or "annotator-tests-" in str(path)


def test_first_run_creates_the_project_with_the_samples_once(tmp_path: Path) -> None:
    path, db = open_default_project(tmp_path / "first" / "default.annotator")
    assert count_documents(db) == len(SAMPLE_DOCS)
    db.conn.close()
    again_path, again = open_default_project(path)
    assert again_path == path
    assert count_documents(again) == len(SAMPLE_DOCS)
