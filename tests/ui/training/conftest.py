"""Projects to train on and projects with a model: the gold sample articles, marked done.

Built once per session and copied for each test: importing the eight articles with the
real spaCy model takes seconds, a real training and its suggestions half a minute each.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import paths
from annotator.core.model import Origin, Span
from annotator.core.suggestions import Proposal
from annotator.store.db import open_project, transaction
from annotator.store.documents import get_document
from annotator.store.listing import doc_ids
from annotator.store.suggestions import store_model_proposal
from annotator.training.models import list_models, models_folder

GOLD = paths.sample_docs_dir() / "gold.jsonl"
PROJECT = "news.annotator"
#: A few seconds of training: the real loop, a model worth nothing.
MINUTES = "0.1"


def _annotator(*args: str) -> None:
    """Run the real ``annotator`` command, as the window's jobs do."""
    subprocess.run(
        [sys.executable, "-m", "annotator", *args], check=True, capture_output=True, timeout=600
    )


@pytest.fixture(scope="session")
def _trained_template(tmp_path_factory: pytest.TempPathFactory, gold_done_template: Path) -> Path:
    """The gold project with one trained model, in use, with suggestions of known scores."""
    path = tmp_path_factory.mktemp("trained") / PROJECT
    shutil.copy(gold_done_template, path)
    _annotator("train", "--db", str(path), "--max-minutes", MINUTES)
    (model,) = list_models(path)
    store_scored_suggestions(path, f"model {model.name}")
    return path


#: The confidence of the model's suggestions over the first words of every document.
SCORES = (0.3, 0.6, 0.9)


def scored_words(text: str) -> list[tuple[int, int]]:
    """Where the scored suggestions are: the first, third and fifth words."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    return [words[0], words[2], words[4]]


def store_scored_suggestions(path: Path, suggester: str) -> None:
    """What a model a few seconds old suggests is chance: these are known, stored as
    ``annotator suggest`` stores a model's (CLAIM spans of SCORES' confidence)."""
    db = open_project(path, for_writing=True)
    with transaction(db):
        for doc_id in doc_ids(db):
            proposal = Proposal()
            for (start, end), score in zip(
                scored_words(get_document(db, doc_id).text), SCORES, strict=True
            ):
                index = proposal.add(Span(start, end, "CLAIM", "claim", Origin.MODEL))
                proposal.scores[index] = score
            store_model_proposal(db, doc_id, proposal, suggester)
    db.conn.close()


def copy_project(template: Path, folder: Path) -> Path:
    """A copy of ``template`` in ``folder``, with its models folder."""
    path = Path(shutil.copy(template, folder / PROJECT))
    if models_folder(template).is_dir():
        shutil.copytree(models_folder(template), models_folder(path))
    return path


@pytest.fixture
def gold_project(tmp_path: Path, gold_done_template: Path) -> Path:
    """Eight articles with gold annotations, done: something to learn from."""
    return copy_project(gold_done_template, tmp_path)


@pytest.fixture
def trained_project(tmp_path: Path, _trained_template: Path) -> Path:
    """The same with a trained model, in use, and suggestions of it (SCORES) stored."""
    return copy_project(_trained_template, tmp_path)
