"""The model runs in a child process: progress comes back, cancel stops it, errors are told."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.control import Cancelled, Control
from annotator.jobs.analysis_process import AnalysisFailed, run_analysis
from annotator.jobs.importing import import_files
from annotator.store.db import open_project
from annotator.store.documents import docs_without_analysis
from tests.conftest import SAMPLE_DOCS


def _project_with_documents(path: Path) -> Path:
    db = open_project(path)
    import_files(db, SAMPLE_DOCS, pipeline=None)
    assert len(docs_without_analysis(db, model=True)) == len(SAMPLE_DOCS)
    db.conn.close()
    return path


def test_the_child_analyses_every_pending_document_and_reports_progress(
    project_path: Path,
) -> None:
    _project_with_documents(project_path)
    seen: list[tuple[int, int, str]] = []
    outcome = run_analysis(project_path, Control(progress=lambda *a: seen.append(a)))
    assert outcome.model.name.startswith("en_core_web_sm")
    assert outcome.model.notice == ""
    assert len(outcome.doc_ids) == len(SAMPLE_DOCS)
    assert seen[-1][:2] == (len(SAMPLE_DOCS), len(SAMPLE_DOCS))
    db = open_project(project_path)
    assert docs_without_analysis(db, model=True) == []
    entities = db.execute("SELECT count(*) FROM spans WHERE origin = 'model'").fetchone()[0]
    assert entities > 0
    # Run again: nothing left to do, and it says so.
    assert run_analysis(project_path).doc_ids == []


def test_cancelling_stops_the_child_and_keeps_the_project_sound(project_path: Path) -> None:
    _project_with_documents(project_path)
    seen: list[int] = []
    control = Control(
        progress=lambda done, total, message: seen.append(done), cancelled=lambda: bool(seen)
    )
    with pytest.raises(Cancelled):
        run_analysis(project_path, control)
    db = open_project(project_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # What was not analysed is still pending, for the next run.
    assert docs_without_analysis(db, model=True)


def test_a_failing_child_raises_with_its_error(tmp_path: Path) -> None:
    with pytest.raises(AnalysisFailed, match="no such project"):
        run_analysis(tmp_path / "missing.annotator")
