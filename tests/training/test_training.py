"""A real (tiny) training: spaCy's loop on the sample gold, scored, written, suggesting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.control import Cancelled, Control
from annotator.jobs.suggesting import suggest_project
from annotator.nlp.loading import Pipeline
from annotator.session.project import Project
from annotator.store.db import open_project, project_schema
from annotator.store.suggestions import suggested
from annotator.training.loop import Epoch
from annotator.training.models import list_models, models_folder, read_model
from annotator.training.predict import load_suggester
from annotator.training.project_training import TrainRequest, train_project

pytestmark = pytest.mark.slow

SECONDS = 0.15  # minutes: a few epochs of eight articles


def _train(project: Path, minutes: float = SECONDS, **request: object) -> tuple[Path, list[Epoch]]:
    db = open_project(project)
    epochs: list[Epoch] = []
    model = train_project(
        db,
        project,
        project_schema(db),
        TrainRequest(max_minutes=minutes, **request),  # type: ignore[arg-type]
        epochs.append,
        lambda _message: None,
        Control(),
    )
    db.conn.close()
    return model.path, epochs


def test_training_writes_a_model_with_its_card_beside_the_project(learned_project: Path) -> None:
    path, epochs = _train(learned_project, layers=("attribution",))
    assert path.parent == models_folder(learned_project)
    card = read_model(path).card
    assert set(card.labels) == {"QUOTE", "SOURCE", "CUE"}
    assert card.documents + card.held_out == 8
    assert card.held_out >= 1
    assert set(card.scores) == {"QUOTE", "SOURCE", "CUE"}
    assert all(0.0 <= s.f1 <= 1.0 for s in card.scores.values())
    assert epochs
    assert epochs[0].layer == "attribution"
    assert epochs[0].epoch == 1
    assert (path / "attribution" / "meta.json").is_file()


def test_cancelling_stops_the_training_and_leaves_no_model(learned_project: Path) -> None:
    db = open_project(learned_project)
    with pytest.raises(Cancelled):
        train_project(
            db,
            learned_project,
            project_schema(db),
            TrainRequest(max_minutes=SECONDS),
            lambda _e: None,
            lambda _m: None,
            Control(cancelled=lambda: True),
        )
    db.conn.close()
    assert list_models(learned_project) == []


def test_the_model_suggests_with_a_score_and_the_threshold_hides_the_unsure(
    learned_project: Path, model: Pipeline
) -> None:
    # Long enough to learn the articles it is shown (some twenty short epochs; a machine
    # busy with other tests gets fewer, and there must still be enough).
    path, _ = _train(learned_project, 0.8, layers=("attribution",))
    db = open_project(learned_project)
    suggester = load_suggester(read_model(path), model.nlp.vocab)
    suggest_project(db, model, None, model=suggester, rules=False)
    found = suggested(db, 1, 0)
    from_model = [s for s in found.spans if s.id in found.scores]
    assert from_model, "the model proposed nothing on an article it was trained on"
    assert all(0.0 <= found.scores[s.id or 0] <= 1.0 for s in from_model)
    db.conn.close()
    project = Project.open(learned_project, "carol")
    session = project.session(1)
    shown = session.editor.suggestions.values()
    assert any(session.editor.score_of(s.id or 0) is not None for s in shown)
    project.min_score = 1.01  # nothing a model says is that sure
    shown = session.editor.suggestions.values()
    assert all(session.editor.score_of(s.id or 0) is None for s in shown)
    # With the model's out of the way, every rules' suggestion is offered again.
    assert len(shown) == len(found.spans) - len(from_model)
    project.close()


def test_the_command_line_trains_and_lists_the_model(learned_project: Path) -> None:
    run = [sys.executable, "-m", "annotator"]
    trained = subprocess.run(
        [*run, "train", "--db", str(learned_project), "--layers", "claim", "--max-minutes", "0.1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert trained.returncode == 0, trained.stderr
    assert "CLAIM" in trained.stdout
    assert "held out" in trained.stdout
    listed = subprocess.run(
        [*run, "models", "--db", str(learned_project)], capture_output=True, text=True, check=True
    )
    assert listed.stdout.startswith("* ")  # the one model, in use
