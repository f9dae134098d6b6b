"""The project's trained models: listed newest first, chosen, deleted, never half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.training.models import (
    CARD_VERSION,
    CurvePoint,
    LabelScore,
    ModelCard,
    choose_model,
    chosen_model,
    delete_model,
    list_models,
    models_folder,
    read_model,
    write_card,
)


def _card(name: str, created: str, f1: float = 0.5) -> ModelCard:
    return ModelCard(
        name=name,
        created=created,
        labels={"QUOTE": "attribution"},
        fields={},
        source="gold",
        documents=40,
        held_out=10,
        f1=f1,
        scores={"QUOTE": LabelScore(0.6, 0.5, 0.55, 0.3, 20, 18)},
        curve=[CurvePoint(0.5, 20, 0.4), CurvePoint(1.0, 40, 0.55)],
    )


def _model(project: Path, name: str, created: str) -> Path:
    path = models_folder(project) / name
    path.mkdir(parents=True)
    write_card(path, _card(name, created))
    return path


def test_models_live_beside_the_project_and_list_newest_first(tmp_path: Path) -> None:
    project = tmp_path / "news.annotator"
    _model(project, "older", "2026-12-01T10:00:00+00:00")
    _model(project, "newer", "2026-12-05T10:00:00+00:00")
    (models_folder(project) / "half.partial").mkdir()  # a training killed half-way
    assert models_folder(project) == tmp_path / "news.models"
    assert [m.name for m in list_models(project)] == ["newer", "older"]


def test_the_newest_is_used_until_another_is_chosen(tmp_path: Path, db: Database) -> None:
    project = tmp_path / "news.annotator"
    _model(project, "older", "2026-12-01T10:00:00+00:00")
    _model(project, "newer", "2026-12-05T10:00:00+00:00")
    assert (chosen := chosen_model(db, project)) is not None
    assert chosen.name == "newer"
    choose_model(db, "older")
    assert (chosen := chosen_model(db, project)) is not None
    assert chosen.name == "older"
    delete_model(project, "older")
    assert not (models_folder(project) / "older").exists()
    assert (chosen := chosen_model(db, project)) is not None
    assert chosen.name == "newer"


def test_deleting_refuses_what_is_not_a_model(tmp_path: Path) -> None:
    project = tmp_path / "news.annotator"
    _model(project, "kept", "2026-12-01T10:00:00+00:00")
    with pytest.raises(ValueError, match="no model named"):
        delete_model(project, "../news.annotator")
    assert (models_folder(project) / "kept").is_dir()


def test_a_card_reads_back_as_written_and_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = _model(tmp_path / "p.annotator", "m", "2026-12-01T10:00:00+00:00")
    assert read_model(path).card == _card("m", "2026-12-01T10:00:00+00:00")
    data = json.loads((path / "card.json").read_text(encoding="utf-8"))
    data["version"] = CARD_VERSION + 1
    (path / "card.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="newer version"):
        read_model(path)


def test_deleting_a_model_takes_its_suggestions_with_it(tmp_path: Path, db: Database) -> None:
    from annotator.core.model import Origin, Span
    from annotator.core.suggestions import Proposal
    from annotator.store.db import transaction
    from annotator.store.documents import NewDocument, insert_documents
    from annotator.store.suggestions import store_model_proposal, suggested

    project = tmp_path / "news.annotator"
    _model(project, "older", "2026-12-01T10:00:00+00:00")
    (doc_id,) = insert_documents(db, [NewDocument("t", "The mayor said talks failed.", {})])
    assert doc_id is not None
    proposal = Proposal()
    proposal.add(Span(15, 27, "QUOTE", "attribution", Origin.MODEL))
    proposal.scores[0] = 0.8
    with transaction(db):
        store_model_proposal(db, doc_id, proposal, "model older")
    assert len(suggested(db, doc_id, 0).spans) == 1
    delete_model(project, "older", db)
    assert suggested(db, doc_id, 0).spans == []
