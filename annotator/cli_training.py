"""`annotator train`, `annotator suggest` and `annotator models`: the model in the loop."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.jobs.child_process import done_line, progress_line
from annotator.store.db import open_project, project_schema
from annotator.training.models import (
    TrainedModel,
    choose_model,
    chosen_model,
    delete_model,
    list_models,
    read_model,
)

if TYPE_CHECKING:
    from annotator.nlp.loading import Pipeline
    from annotator.training.predict import ModelSuggester


class TrainingError(Exception):
    """A mistake on the command line: shown as one line."""


def run_train(args: argparse.Namespace) -> int:
    """Train a new model of the project and say how it scored."""
    from annotator.training.corpus import Source
    from annotator.training.loop import Epoch
    from annotator.training.project_training import NothingToLearn, TrainRequest, train_project

    if args.low_priority and hasattr(os, "nice"):
        os.nice(10)  # the window's own work comes first on a machine with few cores
    db = open_project(args.db)
    request = TrainRequest(
        layers=tuple(x.strip() for x in (args.layers or "").split(",") if x.strip()),
        source=Source(args.annotator, args.gold),
        max_minutes=args.max_minutes,
        curve=args.curve,
        out=args.out,
    )
    # The bar runs over the whole time: the model's, then the curve's smaller trainings
    # (a quarter, a half, three quarters of it again).
    budget = max(1, round(args.max_minutes * 60 * (2.5 if args.curve else 1.0)))
    started = time.monotonic()

    def report(epoch: Epoch) -> None:
        say(
            f"{epoch.layer}: epoch {epoch.epoch}, loss {epoch.loss:.1f}, held-out F1 {epoch.f1:.2f}"
        )

    def say(message: str) -> None:
        if args.progress_json:
            done = min(budget, round(time.monotonic() - started))
            print(progress_line(done, budget, message), flush=True)
        else:
            print(message, flush=True)

    try:
        model = train_project(db, args.db, project_schema(db), request, report, say, Control())
    except NothingToLearn as exc:
        raise TrainingError(str(exc)) from exc
    if args.curve:
        _write_curve(model)
    if args.progress_json:
        print(done_line({"model": str(model.path)}), flush=True)
    else:
        print(describe_model(model))
    return 0


def _write_curve(model: TrainedModel) -> None:
    """The learning curve beside the model: curve.json and curve.png."""
    data = [{"share": p.share, "documents": p.documents, "f1": p.f1} for p in model.card.curve]
    (model.path / "curve.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    from annotator.ui.charts.curve_png import write_curve_png

    write_curve_png(model.card, model.path / "curve.png")


def describe_model(model: TrainedModel) -> str:
    """The card in a few lines: where, from what, how well, per label."""
    card = model.card
    lines = [
        f"{model.path}",
        f"  trained {card.created} in {card.minutes:.1f} min ({card.epochs} epochs) "
        f"on {card.documents} documents ({card.source}); scored on {card.held_out} held out",
        f"  overlap F1 {card.f1:.2f}",
    ]
    for label, score in sorted(card.scores.items()):
        lines.append(
            f"  {label:<12} P {score.precision:.2f}  R {score.recall:.2f}  "
            f"F1 {score.f1:.2f}  exact F1 {score.exact_f1:.2f}  ({score.gold} gold)"
        )
    for name, accuracy in sorted(card.field_accuracy.items()):
        lines.append(f"  field {name}: accuracy {accuracy:.2f}")
    for point in card.curve:
        lines.append(f"  curve: {point.documents} documents -> F1 {point.f1:.2f}")
    return "\n".join(lines)


def run_models(args: argparse.Namespace) -> int:
    """List the project's models; choose or delete one."""
    db = open_project(args.db)
    if args.use:
        if args.use not in {m.name for m in list_models(args.db)}:
            raise TrainingError(f"no model named {args.use!r}")
        choose_model(db, args.use)
    if args.delete:
        try:
            delete_model(args.db, args.delete, db)
        except ValueError as exc:
            raise TrainingError(str(exc)) from exc
    models = list_models(args.db)
    chosen = chosen_model(db, args.db)
    if args.json:
        rows = [{**m.card.to_json(), "path": str(m.path), "used": m == chosen} for m in models]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not models:
        print(f"{args.db}: no trained models (train one with `annotator train --db {args.db}`)")
    for model in models:
        mark = "*" if chosen is not None and model.name == chosen.name else " "
        card = model.card
        print(f"{mark} {model.name}  F1 {card.f1:.2f}  {card.documents} documents  {card.source}")
    return 0


def chosen_suggester(db: Database, project: Path, pipeline: Pipeline) -> ModelSuggester | None:
    """The project's model in use, loaded to read ``pipeline``'s Docs (None: none trained,
    or a pipeline without the parser its features come from)."""
    from annotator.training.predict import load_suggester

    model = chosen_model(db, project)
    if model is None or "parser" not in pipeline.nlp.pipe_names:
        return None
    try:
        return load_suggester(model, pipeline.nlp.vocab)
    except (OSError, ValueError) as exc:
        print(f"warning: the model {model.name} could not be loaded: {exc}", file=sys.stderr)
        return None


def run_suggest(args: argparse.Namespace) -> int:
    """Store (and write) the rules' and a trained model's suggestions."""
    from annotator.jobs.suggesting import suggest_project
    from annotator.nlp.loading import load_pipeline
    from annotator.training.predict import load_suggester

    db = open_project(args.db, for_writing=True)
    trained = [Path(m) for m in args.model if (Path(m) / "card.json").is_file()]
    pipelines = [m for m in args.model if Path(m) not in trained]
    if len(trained) > 1:
        raise TrainingError("give one trained model")
    if args.no_rules and not trained:
        raise TrainingError("--no-rules needs a trained model: --model FOLDER")
    pipeline = load_pipeline(pipelines)
    if not args.no_rules and "parser" not in pipeline.nlp.pipe_names:
        raise TrainingError(f"the suggesters need a pipeline with a parser: {pipeline.notice}")
    model = None
    if trained:
        try:
            model = load_suggester(read_model(trained[0]), pipeline.nlp.vocab)
        except (ValueError, OSError) as exc:
            raise TrainingError(f"{trained[0]}: {exc}") from exc
    control = Control()
    if args.progress_json:
        control = Control(progress=lambda d, t, m: print(progress_line(d, t, m), flush=True))
    count = suggest_project(db, pipeline, args.out, control, model=model, rules=not args.no_rules)
    if args.progress_json:
        print(done_line({"documents": count}), flush=True)
        return 0
    where = f"{args.out}: suggestions" if args.out else "Suggestions"
    by = f" by {model.origin_name}" if model else ""
    print(f"{where}{by} for {count} documents (stored in {args.db})", file=sys.stdout)
    return 0
