"""A project as one person opens it: their layer, their open documents, how it opened."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.core.model import Origin, Span, Status
from annotator.review.gold import find_gold
from annotator.session.project import Project
from annotator.store.annotations import add_span
from annotator.store.annotators import annotator_names
from annotator.store.db import ProjectError
from tests.project_files import Snapshot, read_only
from tests.session.conftest import QUOTE, SOURCE, at, label, saved_spans


def _names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [n for (n,) in conn.execute("SELECT name FROM annotators ORDER BY id")]


def test_opening_a_writable_project_adds_the_annotator(on_disk: Path) -> None:
    assert "bob" not in _names(on_disk)
    project = Project.open(on_disk, "bob")
    assert project.read_only == ""
    assert project.notes() == []
    assert annotator_names(project.db)[project.annotator_id] == "bob"
    project.close()
    assert "bob" in _names(on_disk)


def test_a_read_only_project_adds_nobody_and_shows_a_known_layer(on_disk: Path) -> None:
    alice = Project.open(on_disk, "alice")
    label(alice.session(1), QUOTE, "QUOTE")
    alice_id = alice.annotator_id
    alice.close()
    before = Snapshot.of(on_disk)
    with read_only(on_disk.parent):
        newcomer = Project.open(on_disk, "carol")
        assert "cannot be written" in newcomer.read_only
        assert newcomer.notes() == [f"{on_disk} is open read-only, because {newcomer.read_only}"]
        assert newcomer.annotator_id == 0  # no layer: nothing of anyone's is shown as theirs
        assert newcomer.session(1).editor.spans == {}
        newcomer.close()
        known = Project.open(on_disk, "alice")
        assert known.annotator_id == alice_id
        assert [s[:2] for s in saved_spans(known.session(1))] == [("QUOTE", QUOTE)]
        known.close()
    assert Snapshot.of(on_disk) == before
    assert "carol" not in _names(on_disk)


def test_review_mode_is_refused_on_a_read_only_project(on_disk: Path) -> None:
    before = Snapshot.of(on_disk)
    with (
        read_only(on_disk.parent),
        pytest.raises(ProjectError, match="review mode writes the gold layer"),
    ):
        Project.open(on_disk, "reviewer", review=True)
    assert Snapshot.of(on_disk) == before


def test_review_mode_edits_the_gold_layer(on_disk: Path) -> None:
    project = Project.open(on_disk, "reviewer", review=True)
    assert project.annotator_id == find_gold(project.db)
    assert "reviewer" not in annotator_names(project.db).values()
    project.close()


def test_a_document_keeps_its_session_and_history_and_is_read_again(project: Project) -> None:
    doc = project.session(1)
    label(doc, QUOTE, "QUOTE")
    # Another window (or the model) adds a span to alice's layer meanwhile.
    span = Span(*at(SOURCE), "SOURCE", "attribution", Origin.HUMAN)
    add_span(project.db, 1, project.annotator_id, span)
    again = project.session(1)
    assert again is doc
    assert again.history.undo_text == "Add QUOTE “We will not retreat,”"
    assert sorted(s.label for s in again.editor.spans.values()) == ["QUOTE", "SOURCE"]
    assert project.session(2) is not doc


def test_a_forgotten_document_opens_afresh_without_its_history(project: Project) -> None:
    doc = project.session(1)
    label(doc, QUOTE, "QUOTE")
    project.forget(1)
    project.forget(2)  # never opened: nothing to forget
    again = project.session(1)
    assert again is not doc
    assert again.history.done == 0
    assert [s[:2] for s in saved_spans(again)] == [("QUOTE", QUOTE)]


def test_progress_counts_the_documents_this_person_finished(project: Project) -> None:
    assert project.progress() == (0, 2)
    project.session(2).set_status(Status.DONE)
    assert project.progress() == (1, 2)
    project.session(1).set_status(Status.SKIPPED)
    assert project.progress() == (1, 2)


def test_closing_drops_the_sessions_and_the_connection(on_disk: Path) -> None:
    project = Project.open(on_disk, "alice")
    project.session(1)
    project.close()
    with pytest.raises(sqlite3.ProgrammingError):
        project.db.execute("SELECT 1")
