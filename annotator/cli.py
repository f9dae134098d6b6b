"""The `annotator` command: the window by default, and subcommands that need no window."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator import cli_ledger, cli_team, cli_training
from annotator.cli_parser import build_parser
from annotator.core.schema import SchemaError
from annotator.core.suggesters import schema_gaps
from annotator.core.words import counted
from annotator.ledger.reading import LedgerError
from annotator.store.db import ProjectError, project_schema
from annotator.team.hub import HubError, is_hub_url

if TYPE_CHECKING:
    from annotator.jobs.import_options import ImportOptions

EXIT_REJECTED = 1
EXIT_ERROR = 2
#: As a shell reports a command killed by SIGPIPE (128 + 13): its reader went away.
EXIT_BROKEN_PIPE = 141


class CommandError(Exception):
    """A mistake the user can fix; shown as one line, without a traceback."""


def _import(args: argparse.Namespace) -> int:
    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.jobs.importing import import_files
    from annotator.store.db import open_project

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    options = _import_options(args)
    db = open_project(
        args.db, new_schema=load_schema(paths.default_schema_path()), for_writing=True
    )
    pipeline = None
    if not args.no_nlp:
        from annotator.nlp.loading import load_pipeline

        pipeline = load_pipeline(args.model)
        if pipeline.notice:
            print(f"warning: {pipeline.notice}", file=sys.stderr)
    report = import_files(
        db,
        args.files,
        pipeline=pipeline,
        annotator=args.annotator,
        n_process=args.workers,
        options=options,
    )
    for rejection in report.rejections:
        print(f"rejected: {rejection}", file=sys.stderr)
    summary = report.summary()  # says what was analysed, and with which model
    if pipeline is None:
        summary += "; not analysed yet (the window analyses them, or run `annotator analyse`)"
    print(f"{args.db}: {summary}")
    return EXIT_REJECTED if report.rejections else 0


def _import_options(args: argparse.Namespace) -> ImportOptions:
    from annotator.core.model import Status
    from annotator.jobs.import_options import ImportOptions, parse_label_map

    try:
        label_map = parse_label_map(args.map)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    status = {"done": Status.DONE, "in-progress": Status.IN_PROGRESS}.get(args.status or "")
    return ImportOptions(args.format, label_map, args.annotator_from, status)


def _analyse(args: argparse.Namespace) -> int:
    from annotator.core.control import Control
    from annotator.jobs.analysis_process import ModelInfo, outcome_line, progress_line
    from annotator.jobs.preannotate import preannotate_project
    from annotator.nlp.loading import load_pipeline
    from annotator.store.db import open_project

    if args.low_priority and hasattr(os, "nice"):
        os.nice(10)  # the window's own work comes first on a machine with few cores
    db = open_project(args.db, for_writing=True)
    pipeline = load_pipeline(args.model)
    if pipeline.notice and not args.progress_json:
        print(f"warning: {pipeline.notice}", file=sys.stderr)
    control = Control()
    if args.progress_json:

        def report(done: int, total: int, message: str) -> None:
            print(progress_line(done, total, message), flush=True)

        control = Control(progress=report)
    trained = cli_training.chosen_suggester(db, args.db, pipeline)
    done = preannotate_project(
        db, pipeline, project_schema(db), control, n_process=args.workers, trained=trained
    )
    if args.progress_json:
        print(outcome_line(ModelInfo(pipeline.name, pipeline.notice), done), flush=True)
    else:
        print(f"{args.db}: {counted(len(done), 'document')} analysed with {pipeline.name}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from annotator.store.db import open_project
    from annotator.store.stats import project_stats

    stats = project_stats(open_project(args.db))
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    print(f"documents: {stats['documents']}")
    for model, count in stats["analysed"].items():
        print(f"  analysed ({model}): {count}")
    for name, counts in stats["status"].items():
        shown = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
        print(f"status of {name}: {shown}")
    rows = [
        (
            row["annotator"]
            + {"model": " (model)", "suggester": " (suggestions)"}.get(row["kind"], ""),
            row["layer"],
            row["label"],
            row["origin"],
            str(row["count"]),
        )
        for row in stats["spans"]
    ]
    if rows:
        header = ("annotator", "layer", "label", "origin", "spans")
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
            print("  ".join([*cells, row[-1].rjust(widths[-1])]))
    return 0


def _export(args: argparse.Namespace) -> int:
    from annotator.jobs.exporting import ExportRequest, SplitError, export, parse_split
    from annotator.store.db import open_project
    from annotator.store.export import ExportError

    db = open_project(args.db)
    layers = None
    if args.layers:
        layers = tuple(name.strip() for name in args.layers.split(",") if name.strip())
        known = {layer.name for layer in project_schema(db).layers}
        unknown = [name for name in layers if name not in known]
        if unknown:
            raise CommandError(f"unknown layer {', '.join(unknown)}; layers: {', '.join(known)}")
    if args.no_tokens and args.format != "jsonl":
        raise CommandError("--no-tokens is for --format jsonl (the other formats need tokens)")
    try:
        split = parse_split(args.split) if args.split else None
        request = ExportRequest(
            args.format,
            args.out,
            args.annotator,
            args.gold,
            args.status,
            layers,
            split,
            args.seed,
            tokens=not args.no_tokens,
        )
        result = export(db, request)
    except (ExportError, SplitError) as exc:
        raise CommandError(str(exc)) from exc
    if result.nothing:
        hint = "; --status all exports every document" if args.status == "done" else ""
        print(f"annotator: {result.summary()}{hint}", file=sys.stderr)
        return EXIT_REJECTED
    for warning in result.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0


def _merge(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.review.merge import merge_projects
    from annotator.store.db import connect, open_project

    hubs = [p for p in args.projects if is_hub_url(p)]
    if hubs:
        if len(args.projects) > 1:
            raise CommandError("merge from one hub, or from project files: not both")
        return cli_team.merge_from_hub(args.db, hubs[0], args.reviewer)
    args.projects = [Path(p) for p in args.projects]
    missing = [str(p) for p in args.projects if not p.exists()]
    if missing:
        raise CommandError(f"no such project: {', '.join(missing)}")
    if args.db.resolve() in {p.resolve() for p in args.projects}:
        raise CommandError("the review project cannot be one of the projects merged into it")
    review = open_project(args.db, for_writing=True) if args.db.exists() else connect(args.db)
    report = merge_projects(review, args.projects)
    print(f"{args.db}: {report.summary()}")
    for digest, sources in sorted(report.partial().items()):
        title = review.execute("SELECT title FROM documents WHERE hash = ?", [digest]).fetchone()
        print(f"  only in {', '.join(sources)}: {title[0] if title else digest}")
    return 0


def _figure(value: object) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _agreement(args: argparse.Namespace) -> int:
    from annotator.review.agreement_report import agreement_report, dumps
    from annotator.store.db import open_project

    report = agreement_report(open_project(args.db), label=args.label)
    if args.json:
        print(dumps(report))
        return 0
    print(
        f"{report['documents']} documents finished by {', '.join(report['annotators'])}"
        + (f"; spans labelled {args.label} only" if args.label else "")
    )
    for pair in report["pairs"]:
        print(f"\n{pair['a']} vs {pair['b']}, {pair['documents']} documents both finished")
        print(f"  {'label':<14} {'exact P/R/F1':>20} {'overlap P/R/F1':>20}")
        exact, overlap = pair["spans"]["exact"], pair["spans"]["overlap"]
        for name in [*exact["labels"], "micro"]:
            cells = []
            for scores in (exact, overlap):
                prf = scores["micro"] if name == "micro" else scores["labels"][name]
                cells.append("/".join(_figure(prf[k]) for k in ("precision", "recall", "f1")))
            print(f"  {name:<14} {cells[0]:>20} {cells[1]:>20}")
    for title, table in (
        ("tokens, per layer", report["tokens"]),
        ("document fields", report["fields"]),
        ("attributes of matched spans", report["attributes"]),
    ):
        if table:
            print(f"\n{title}: kappa, alpha, percent agreement, classes")
            for name, row in table.items():
                classes = ", ".join(f"{k} {v}" for k, v in list(row["distribution"].items())[:4])
                print(
                    f"  {name:<24} {_figure(row['kappa']):>6} {_figure(row['alpha']):>6} "
                    f"{_figure(row['percent']):>6}  {classes}"
                )
    for row in report["gold"]:
        micro = row["spans"]["overlap"]["micro"]
        print(
            f"\n{row['annotator']} against gold: overlap F1 {_figure(micro['f1'])} "
            f"over {row['documents']} documents"
        )
    worst = [d for d in report["per_document"] if d["f1_overlap"] is not None][:10]
    if worst:
        print("\ndocuments with the least agreement (mean pairwise overlap F1):")
        for row in worst:
            print(f"  {_figure(row['f1_overlap']):>6}  {row['title']}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.store.db import open_project

    if args.db.exists():
        raise CommandError(f"{args.db} already exists")
    schema = load_schema(args.schema or paths.default_schema_path())
    open_project(args.db, new_schema=schema)
    print(f"created {args.db} with the {schema.name} schema ({len(schema.labels)} labels)")
    for gap in schema_gaps(schema):  # made all the same: the schema may be meant so
        print(f"warning: {gap}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from annotator.core.schema_toml import load_schema
    from annotator.store.db import open_project
    from annotator.store.schema_change import (
        OrphanPolicy,
        SchemaChangeError,
        apply_change,
        plan_change,
    )

    if not args.set:
        if args.rename or args.keep_orphans or args.delete_orphans or args.dry_run:
            raise CommandError("--rename, --keep-orphans, --delete-orphans need --set NEW.toml")
        print(project_schema(open_project(args.db)).source, end="")
        return 0
    renames: dict[str, str] = {}
    for pair in args.rename:
        before, sep, after = (part.strip() for part in pair.partition("="))
        if not sep or not before or not after or before in renames:
            raise CommandError(f"--rename {pair}: write OLD=NEW, each OLD once")
        renames[before] = after
    new = load_schema(args.set)
    db = open_project(args.db, for_writing=not args.dry_run)
    try:
        change = plan_change(db, new, renames)
    except SchemaChangeError as exc:
        raise CommandError(str(exc)) from exc
    policy: OrphanPolicy = (
        "keep" if args.keep_orphans else "delete" if args.delete_orphans else "refuse"
    )
    change.orphans = policy
    for line in change.lines():
        print(line)
    if not change.changes_anything:
        print(f"{args.db}: the schema is unchanged")
        return 0
    if args.dry_run:
        print(f"{args.db}: nothing was changed (--dry-run)")
        return EXIT_REJECTED if change.has_orphans and policy == "refuse" else 0
    try:
        number = apply_change(db, change, policy)
    except SchemaChangeError as exc:
        print(f"annotator: refused: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"{args.db}: now uses the {new.name} schema (change {number}, kept in the project)")
    for gap in schema_gaps(new):
        print(f"warning: {gap}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    from annotator.store.repair import run_check

    return 0 if run_check(args.db, repair=args.repair, say=print) else EXIT_REJECTED


def _gui(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()  # the smoke start's timing includes loading Qt
    db, project = getattr(args, "db", None), getattr(args, "project", None)
    if db and project and db != project:
        raise CommandError(f"two projects named: {project} and --db {db}; open one at a time")
    db = db or project
    if getattr(args, "smoke", False):
        from annotator.ui.smoke import smoke_start

        return smoke_start(
            db,
            getattr(args, "annotator", None),
            review=getattr(args, "review", False),
            started=started,
        )
    from annotator.ui.app import run

    return run(
        db=db,
        annotator=getattr(args, "annotator", None),
        review=getattr(args, "review", False),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `annotator` command; returns the exit code."""
    try:
        try:
            code = _run(list(sys.argv[1:] if argv is None else argv))
        finally:
            # Here, not at exit (--help exits through here too): a closed pipe is caught
            # below. stdout is None in a windowed build without a console.
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read our output stopped (`annotator stats ... | head`): stop quietly, as
        # command-line tools do, and keep Python from failing again on its final flush.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE
    return code


def _run(argv: list[str]) -> int:
    if argv and argv[0] not in (*_HANDLERS, "-h", "--help", "--version", "--debug"):
        argv.insert(0, "gui")  # `annotator --db P` opens the window like `annotator gui --db P`
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        return _HANDLERS[command](args)
    except BrokenPipeError:
        raise  # not an error of the command's: main stops quietly
    except (
        CommandError,
        cli_training.TrainingError,
        SchemaError,
        ProjectError,
        HubError,
        LedgerError,
        OSError,
    ) as exc:
        if args.debug:
            raise
        print(f"annotator: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130


_HANDLERS = {
    "gui": _gui,
    "import": _import,
    "analyse": _analyse,
    "stats": _stats,
    "suggest": cli_training.run_suggest,
    "train": cli_training.run_train,
    "models": cli_training.run_models,
    "export": _export,
    "merge": _merge,
    "agreement": _agreement,
    "new": _new,
    "check": _check,
    "schema": _schema,
    "team": cli_team.run_team,
    "sync": cli_team.run_sync,
    "ledger": cli_ledger.run_ledger,
}
