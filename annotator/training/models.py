"""The project's trained models: a folder each, beside the project file, with a card.

``news.annotator`` keeps its models in ``news.models/<name>/``: the spaCy pipeline and
``card.json`` (when it was trained, from which documents, its held-out scores and
learning curve). The newest is used unless the project chose another (``meta`` key
``model``, so every window of the project agrees).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.store.db import get_meta, set_meta
from annotator.store.suggestions import MODEL_PREFIX, forget_suggester

CARD = "card.json"
#: The card's shape; a reader refuses a card of a newer version than it knows.
CARD_VERSION = 1
CHOSEN_KEY = "model"


@dataclass(frozen=True)
class LabelScore:
    """Held-out precision, recall and F1 of one label, by overlap and exact match."""

    precision: float
    recall: float
    f1: float
    exact_f1: float
    gold: int
    predicted: int


@dataclass(frozen=True)
class CurvePoint:
    """One point of the learning curve: F1 after training on ``documents`` documents."""

    share: float
    documents: int
    f1: float


@dataclass(frozen=True)
class ModelCard:
    """What a trained model is: enough to choose between models and to trust one."""

    name: str
    created: str  # ISO 8601, local time with offset
    labels: dict[str, str]  # span label -> layer
    fields: dict[str, list[str]]  # document field -> its values (text classifier)
    source: str  # whose work it learned from, in words
    documents: int  # training documents
    held_out: int  # documents it was scored on
    f1: float  # micro-averaged overlap F1 over the span labels, held out
    scores: dict[str, LabelScore]
    field_accuracy: dict[str, float] = field(default_factory=dict)
    curve: list[CurvePoint] = field(default_factory=list)
    minutes: float = 0.0
    epochs: int = 0
    recipe: str = ""
    base: str = ""  # the installed pipeline whose weights it started from
    version: int = CARD_VERSION

    def to_json(self) -> dict[str, Any]:
        """The card as written to ``card.json``."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelCard:
        """Read a card; raises ValueError for one of a newer version."""
        if int(data.get("version", 1)) > CARD_VERSION:
            raise ValueError(f"the model card is of a newer version ({data['version']})")
        values = dict(data)
        values["scores"] = {k: LabelScore(**v) for k, v in data.get("scores", {}).items()}
        values["curve"] = [CurvePoint(**p) for p in data.get("curve", [])]
        return cls(**values)


@dataclass(frozen=True)
class TrainedModel:
    """A model on disk: its folder and its card."""

    path: Path
    card: ModelCard

    @property
    def name(self) -> str:
        return self.card.name


def models_folder(project: Path) -> Path:
    """Where a project's models live: ``<stem>.models`` beside the project file."""
    return project.with_name(f"{project.stem}.models")


def new_model_name(project: Path, when: datetime | None = None) -> str:
    """A fresh, sortable name: the date and time of training."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    name, n = stamp, 1
    while (models_folder(project) / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def read_model(path: Path) -> TrainedModel:
    """The model in ``path``; raises ValueError when it holds no readable card."""
    try:
        data = json.loads((path / CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path} is not a trained model: {exc}") from exc
    return TrainedModel(path, ModelCard.from_json(data))


def list_models(project: Path) -> list[TrainedModel]:
    """The project's models, newest first; folders without a readable card are passed over."""
    folder = models_folder(project)
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            found.append(read_model(path))
        except ValueError:
            continue  # a training stopped half-way, or something a person put there
    return sorted(found, key=lambda m: m.card.created, reverse=True)


def chosen_model(db: Database, project: Path) -> TrainedModel | None:
    """The model the project uses: the one chosen in the window, else the newest."""
    models = list_models(project)
    wanted = get_meta(db, CHOSEN_KEY)
    for model in models:
        if model.name == wanted:
            return model
    return models[0] if models else None


def choose_model(db: Database, name: str) -> None:
    """Use model ``name`` from now on (empty: the newest)."""
    set_meta(db, CHOSEN_KEY, name)


def delete_model(project: Path, name: str, db: Database | None = None) -> None:
    """Remove a model's folder (and, given the project's ``db``, its suggestions); refuses
    a name that is not one of the project's models."""
    if name not in {m.name for m in list_models(project)}:
        raise ValueError(f"no model named {name!r} in {models_folder(project)}")
    shutil.rmtree(models_folder(project) / name)
    if db is not None:
        forget_suggester(db, f"{MODEL_PREFIX}{name}")


def write_card(path: Path, card: ModelCard) -> None:
    """Write the card last, through a temporary file: a folder with a card is complete."""
    temporary = path / f"{CARD}.tmp"
    temporary.write_text(json.dumps(card.to_json(), indent=2), encoding="utf-8")
    temporary.replace(path / CARD)
