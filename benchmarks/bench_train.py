"""Issue 15's figures: a model trained on the project's annotations, against the rules.

Run: `python -m benchmarks.bench_train --polnear PATH` where PATH is a checkout of PolNeAR
(github.com/networkdynamics/PolNeAR: 1,028 US political news articles of 2016 whose
attributions, source / cue / content, trained annotators marked in brat standoff). It is
not in this repository (the articles belong to their publishers) and nothing is fetched:
clone it once and point the benchmark at it. `--quick` runs a small version on the
project's own sample gold instead (what the test suite runs).

The corpus goes in the way a user's would: `annotator import --format brat --map
Content=QUOTE,Source=SOURCE,Cue=CUE --annotator-from filename --status done`, analysed by
the installed English pipeline. The model trains as `annotator train` does, on the first
300 training articles (of which it holds 20 % out by text hash to choose its epoch; 25 /
50 / 75 / 100 % of the rest for the learning curve, time in proportion). It is scored on
the 84 articles of PolNeAR's test split, imported into the same project but not marked
done, so no training ever reads them; the rule-based suggesters are scored on the same 84.
Targets: QUOTE overlap F1 >= 0.72 for the model alone, >= 0.75 for model and rules
together; training <= 10 minutes; a suggestion of one article <= 150 ms.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.core.model import Status
from annotator.core.schema_toml import load_schema
from annotator.core.suggestions import offered
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.importing import import_files
from annotator.nlp.loading import load_pipeline
from annotator.store.db import open_project, project_schema
from annotator.store.documents import get_analysis
from annotator.training.models import TrainedModel, read_model
from annotator.training.parsed import doc_from_analysis
from annotator.training.predict import load_suggester
from annotator.training.project_training import TrainRequest, train_project
from annotator.training.scoring import Item, combine, score_spans

LABELS = ("QUOTE", "SOURCE", "CUE")
MAP = {"Content": "QUOTE", "Source": "SOURCE", "Cue": "CUE"}


def _row(what: str, figure: str, target: str = "") -> None:
    print(f"{what:<62} {figure:>18}   {('target: ' + target) if target else ''}")


def _gather(polnear: Path, split: str, count: int | None, into: Path) -> int:
    """The split's first ``count`` articles, each .txt beside one annotator's .ann."""
    texts = polnear / "data" / split / "text"
    annotations = sorted((polnear / "data" / split / "attributions").glob("*.ann"))
    into.mkdir(parents=True)
    taken: set[str] = set()
    for ann in annotations:
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in taken or not (texts / f"{stem}.txt").is_file():
            continue  # a second annotator of the same article: one reading each
        shutil.copy(texts / f"{stem}.txt", into / f"{stem}.txt")
        shutil.copy(ann, into / ann.name)
        taken.add(stem)
        if count is not None and len(taken) >= count:
            break
    return len(taken)


def build_project(folder: Path, polnear: Path | None, train: int) -> tuple[Path, frozenset[int]]:
    """A project of the training articles and the test articles; returns the test ids."""
    project = folder / "polnear.annotator"
    db = open_project(project, new_schema=load_schema(paths.default_schema_path()))
    pipeline = load_pipeline()
    if polnear is None:  # --quick: the sample gold, the last two articles for the test
        lines = (paths.sample_docs_dir() / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        (folder / "train.jsonl").write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
        (folder / "test.jsonl").write_text("\n".join(lines[-2:]) + "\n", encoding="utf-8")
        train_files, test_files = [folder / "train.jsonl"], [folder / "test.jsonl"]
        formats = ImportOptions()
    else:
        _gather(polnear, "train", train, folder / "train")
        _gather(polnear, "test", None, folder / "test")
        train_files, test_files = [folder / "train"], [folder / "test"]
        formats = ImportOptions(format="brat", label_map=MAP, annotator_from="filename")
    import_files(db, train_files, pipeline=pipeline, options=replace(formats, status=Status.DONE))
    before = {int(r[0]) for r in db.execute("SELECT id FROM documents")}
    # Not done: no training reads them (training learns from finished documents only).
    unfinished = replace(formats, status=Status.IN_PROGRESS)
    import_files(db, test_files, pipeline=pipeline, options=unfinished)
    test = frozenset(int(r[0]) for r in db.execute("SELECT id FROM documents")) - before
    db.conn.close()
    return project, test


def _train(project: Path, minutes: float, curve: bool, out: Any) -> None:
    """In a process of its own, so that its peak memory is the training's alone."""
    db = open_project(project)
    request = TrainRequest(layers=("attribution",), max_minutes=minutes, curve=curve)
    model = train_project(
        db, project, project_schema(db), request, _print_epoch, print, _no_control()
    )
    out.put((str(model.path), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _print_epoch(epoch: Any) -> None:
    print(
        f"  {epoch.layer} epoch {epoch.epoch}: held-out F1 {epoch.f1:.3f} ({epoch.elapsed:.0f} s)",
        flush=True,
    )


def _no_control() -> Any:
    from annotator.core.control import Control

    return Control()


def train_in_child(project: Path, minutes: float, curve: bool) -> tuple[TrainedModel, float]:
    """Train with the learning curve in a child process; the model and its peak MB."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_train, args=(project, minutes, curve, queue))
    child.start()
    path, peak = queue.get()
    child.join()
    return read_model(Path(path)), float(peak)


def _gold(project: Path, test: frozenset[int]) -> dict[int, list[Item]]:
    """The test articles' annotations (one annotator's each: see _gather)."""
    db = open_project(project)
    gold = {}
    for doc_id in sorted(test):
        rows = db.execute(
            "SELECT s.char_start, s.char_end, s.label FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id WHERE s.doc_id = ? AND a.kind = 'human' "
            "AND s.layer = 'attribution'",
            [doc_id],
        )
        gold[doc_id] = [Item(int(start), int(end), str(label)) for start, end, label in rows]
    db.conn.close()
    return gold


def score(gold: dict[int, list[Item]], found: dict[int, list[Item]]) -> dict[str, Any]:
    """Overlap and exact scores per label over the test documents."""
    return {
        label: (
            combine(score_spans(gold[d], found.get(d, []), label, "overlap") for d in gold),
            combine(score_spans(gold[d], found.get(d, []), label, "exact") for d in gold),
        )
        for label in LABELS
    }


def model_and_rules(
    project: Path, test: frozenset[int], model: TrainedModel
) -> tuple[dict[int, list[Item]], dict[int, list[Item]], dict[int, list[Item]], list[float]]:
    """The model's, the rules' and the two together's spans per test document; ms each."""
    from annotator.nlp.suggest import suggest

    pipeline = load_pipeline()
    suggester = load_suggester(model, pipeline.nlp.vocab)
    db = open_project(project)
    learned: dict[int, list[Item]] = {}
    rules: dict[int, list[Item]] = {}
    both: dict[int, list[Item]] = {}
    times = []
    for doc_id in sorted(test):
        text = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        analysis = get_analysis(db, doc_id, syntax=True)
        assert analysis is not None
        started = time.perf_counter()  # what the window does: the stored analysis, read
        proposal = suggester.propose(doc_from_analysis(pipeline.nlp.vocab, text, analysis))
        times.append((time.perf_counter() - started) * 1000)
        by_rules = [s for s in suggest(pipeline.nlp(text)).spans if s.label in LABELS]
        learned[doc_id] = [Item(s.start, s.end, s.label) for s in proposal.spans]
        rules[doc_id] = [Item(s.start, s.end, s.label) for s in by_rules]
        together = {(s.start, s.end, s.label) for s in offered(proposal.spans, by_rules)}
        both[doc_id] = [Item(*key) for key in sorted(together)]
    db.conn.close()
    return learned, rules, both, times


def window_during_training(project: Path, minutes: float) -> dict[str, Any]:
    """The event-loop probe of the scale benchmark, in a window process of its own."""
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.scale_window",
            "during-training",
            str(project),
            str(minutes),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    result: dict[str, Any] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def _report(name: str, scores: dict[str, Any], target: str = "") -> None:
    quote, exact = scores["QUOTE"]
    _row(
        f"{name}: QUOTE overlap F1 (P / R), exact F1",
        f"{quote.f1:.3f} ({quote.precision:.2f} / {quote.recall:.2f}), {exact.f1:.2f}",
        target,
    )
    for label in ("SOURCE", "CUE"):
        overlap, exact = scores[label]
        _row(f"{name}: {label} overlap F1, exact F1", f"{overlap.f1:.3f}, {exact.f1:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--polnear", type=Path, help="a checkout of PolNeAR")
    parser.add_argument("--train", type=int, default=300, help="training articles (300)")
    parser.add_argument("--minutes", type=float, default=10.0, help="training time at 100%%")
    parser.add_argument("--quick", action="store_true", help="the sample gold, seconds")
    parser.add_argument("--no-curve", action="store_true", help="the model alone, no curve")
    parser.add_argument("--card", type=Path, help="keep a copy of the model's card.json here")
    args = parser.parse_args(argv)
    if not args.quick and (args.polnear is None or not (args.polnear / "data").is_dir()):
        parser.error("--polnear PATH (a checkout of github.com/networkdynamics/PolNeAR) or --quick")
    minutes = 0.15 if args.quick else args.minutes
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}{' (quick)' if args.quick else ''}"
    )
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        project, test = build_project(Path(tmp), None if args.quick else args.polnear, args.train)
        model, peak = train_in_child(project, minutes, not args.no_curve)
        card = model.card
        if args.card is not None:
            shutil.copy(model.path / "card.json", args.card)
        for point in card.curve:
            _row(
                f"learning curve: {point.documents} articles, overlap F1 (all labels)",
                f"{point.f1:.3f}",
            )
        _row(
            f"training: {card.documents} articles, {card.held_out} held out by hash",
            f"{card.minutes:.1f} min",
            "<= 10 min",
        )
        _row("peak memory of the training process", f"{peak:,.0f} MB")
        gold = _gold(project, test)
        learned, rules, both, times = model_and_rules(project, test, model)
        _row(
            f"suggest one article with the model, median / max of {len(times)}",
            f"{statistics.median(times):.0f} / {max(times):.0f} ms",
            "<= 150 ms",
        )
        stall = window_during_training(project, 0.2 if args.quick else 1.0)
        _row(
            f"the window while it trains ({stall['seconds']:.0f} s): longest event-loop stall",
            f"{stall['gap']['max_ms']:.0f} ms ({stall['over_50ms']} over 50 ms)",
            "<= 50 ms",
        )
        _report("model alone", score(gold, learned), ">= 0.72")
        _report("rules alone", score(gold, rules))
        _report("model + rules", score(gold, both), ">= 0.75")
    return 0


if __name__ == "__main__":
    sys.exit(main())
