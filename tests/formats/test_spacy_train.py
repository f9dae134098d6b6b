"""The ``.spacy`` export trains with ``spacy train`` and the configs in resources/spacy.

The corpus is the sample articles: entities from the real pipeline (the "ner" layer) and
the hand-made quotes, claims and casualty figures of sample_docs/gold.jsonl. A few
training steps only: these tests prove the files and configs work together, not that
the model learns.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import spacy
from spacy.cli.train import train
from spacy.tokens import Doc
from spacy.util import load_config

from annotator import paths
from annotator.core.exported import ExportDoc
from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.formats.docbin import read_docbin, write_docbin
from annotator.nlp.analysis import doc_entities, doc_to_analysis
from annotator.nlp.loading import Pipeline

pytestmark = pytest.mark.slow

CONFIGS = Path(__file__).resolve().parents[2] / "resources" / "spacy"
ALL_LAYERS = ("ner", "attribution", "claim", "casualty")
# Small and quick: the point is that training runs end to end on our files.
QUICK = {
    "training.max_steps": 12,
    "training.eval_frequency": 6,
    "components.tok2vec.model.encode.width": 32,
    "components.tok2vec.model.encode.depth": 2,
}
TIMEOUT = 120  # seconds; a run takes well under 30 s


def export_docs(model: Pipeline, schema: LabelSchema) -> list[ExportDoc]:
    docs: list[ExportDoc] = []
    gold = paths.sample_docs_dir() / "gold.jsonl"
    for doc_id, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        text = record["text"]
        parsed = model.nlp(text)
        analysis = doc_to_analysis(parsed, model.name)
        spans = [
            Span(s["start"], s["end"], s["label"], layer, attrs=s.get("attrs", {}))
            for s in record["spans"]
            if (layer := schema.layer_of(s["label"])) is not None
        ]
        docs.append(
            ExportDoc(
                doc_id=doc_id,
                text=text,
                title=record["meta"]["title"],
                meta=record["meta"],
                tokens=analysis.tokens,
                sent_starts=analysis.sent_starts,
                spans=(*doc_entities(parsed), *spans),
                syntax=analysis.syntax,
            )
        )
    return docs


@pytest.fixture(scope="module")
def corpus(
    model: Pipeline, schema: LabelSchema, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """train.spacy (six articles) and dev.spacy (two), all layers."""
    docs = export_docs(model, schema)
    folder = tmp_path_factory.mktemp("corpus")
    train_path, dev_path = folder / "train.spacy", folder / "dev.spacy"
    for path, part in ((train_path, docs[:6]), (dev_path, docs[6:])):
        report = write_docbin(part, path, ALL_LAYERS)
        assert report.documents == len(part)
        # Every gold span is on token boundaries: nothing but overlapping entities lost.
        assert set(report.skipped) <= {"ner"}
    return train_path, dev_path


def overrides(corpus: tuple[Path, Path]) -> dict[str, object]:
    return {"paths.train": str(corpus[0]), "paths.dev": str(corpus[1]), **QUICK}


def cli_args(settings: dict[str, object]) -> list[str]:
    return [arg for key, value in settings.items() for arg in (f"--{key}", str(value))]


def entity_labels(path: Path) -> set[str]:
    return {ent.label_ for doc in read_docbin(path) for ent in doc.ents}


def test_ner_config_trains_from_the_command_line(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    # As the header of ner.cfg tells users to run it. -W error: a warning from spaCy
    # about our data (misaligned entities, say) fails the test as it would in-process.
    command: Sequence[str] = [
        sys.executable,
        "-W",
        "error",
        "-m",
        "spacy",
        "train",
        str(CONFIGS / "ner.cfg"),
        "--output",
        str(out),
        *cli_args(overrides(corpus)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

    nlp = spacy.load(out / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == entity_labels(corpus[0])  # type: ignore[attr-defined]
    doc = nlp("Søren Åberg met the Kandar Liberation Front in Orlavik.")
    assert isinstance(doc, Doc)
    assert all(ent.label_ in entity_labels(corpus[0]) for ent in doc.ents)


def test_spancat_config_trains_on_casualty_figures(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    train(CONFIGS / "spancat.cfg", out, overrides=overrides(corpus))

    nlp = spacy.load(out / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    assert nlp.get_pipe("spancat").labels == ("CASUALTY",)  # type: ignore[attr-defined]
    doc = nlp("At least 63 people were killed and more than 200 wounded.")
    assert isinstance(doc, Doc)
    assert all(span.label_ == "CASUALTY" for span in doc.spans["casualty"])


def test_spancat_config_can_train_another_layer() -> None:
    # The switch documented in the header of spancat.cfg.
    config = load_config(
        CONFIGS / "spancat.cfg",
        overrides={
            "vars.spans_key": "attribution",
            "training.score_weights.spans_casualty_f": None,
            "training.score_weights.spans_attribution_f": 1.0,
        },
        interpolate=True,
    )
    assert config["components"]["spancat"]["spans_key"] == "attribution"
    weights = {k: v for k, v in config["training"]["score_weights"].items() if v}
    assert weights == {"spans_attribution_f": 1.0}
