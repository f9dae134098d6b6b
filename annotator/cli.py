"""The `annotator` command: the window by default, and subcommands that need no window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.schema import SchemaError
from annotator.store.db import ProjectError, project_schema

EXIT_REJECTED = 1
EXIT_ERROR = 2


class CommandError(Exception):
    """A mistake the user can fix; shown as one line, without a traceback."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate news articles: quotes, claims, casualty figures and stance.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", parents=[common], help="open the window (the default command)")
    _gui_arguments(gui)

    imp = commands.add_parser("import", parents=[common], help="import .txt, .jsonl and .csv files")
    imp.add_argument("--db", type=Path, required=True, help="project file (created if missing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument(
        "--annotator", help="whose annotations spans in JSONL lines without _annotator_id are"
    )
    imp.add_argument(
        "--no-nlp", action="store_true", help="store tokens and sentences only, no entities"
    )
    imp.add_argument("--model", action="append", default=[], help="spaCy pipeline to try first")
    imp.add_argument(
        "--workers", type=int, default=1, help="processes for the NLP step (default 1)"
    )

    stats = commands.add_parser(
        "stats", parents=[common], help="documents, status and spans of a project"
    )
    stats.add_argument("--db", type=Path, required=True, help="project file")
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    suggest = commands.add_parser(
        "suggest",
        parents=[common],
        help="run the rule-based suggesters over a project; write what they propose as JSONL",
    )
    suggest.add_argument("--db", type=Path, required=True, help="project file")
    suggest.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    suggest.add_argument("--model", action="append", default=[], help="spaCy pipeline to try first")

    export = commands.add_parser(
        "export", parents=[common], help="write training data: JSONL, CoNLL, CoNLL-U, spaCy"
    )
    export.add_argument("--db", type=Path, required=True, help="project file")
    export.add_argument("--format", required=True, choices=["jsonl", "conll", "conllu", "spacy"])
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        help="file to write (a folder of one file per part with --split)",
    )
    who = export.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="whose annotations (default: the only annotator)")
    who.add_argument("--gold", action="store_true", help="the reviewer's adjudicated layer")
    export.add_argument(
        "--status",
        choices=["done", "all"],
        default="done",
        help="documents marked done (default) or all of them",
    )
    export.add_argument(
        "--layers", help="comma-separated: ner,attribution,claim,casualty (default: all)"
    )
    export.add_argument("--split", help="e.g. train=0.8,dev=0.1,test=0.1: by document")
    export.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")

    merge = commands.add_parser(
        "merge",
        parents=[common],
        help="copy annotators' projects into a review project (documents matched by text)",
    )
    merge.add_argument("--db", type=Path, required=True, help="review project (created if missing)")
    merge.add_argument("projects", nargs="+", type=Path, metavar="PROJECT")

    agreement = commands.add_parser(
        "agreement", parents=[common], help="how far annotators agree (after a merge)"
    )
    agreement.add_argument("--db", type=Path, required=True, help="review project")
    agreement.add_argument("--json", action="store_true", help="print the report as JSON")
    agreement.add_argument("--label", help="only spans of this label")

    new = commands.add_parser("new", parents=[common], help="create an empty project")
    new.add_argument("--db", type=Path, required=True, help="project file to create")
    new.add_argument("--schema", type=Path, help="label schema (TOML); default: news")
    return parser


def _gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="project file (default: your default project)")
    parser.add_argument("--annotator", help="your name, as stored with your annotations")
    parser.add_argument(
        "--review",
        action="store_true",
        help="review mode: adjudicate the merged annotators into gold",
    )


def _import(args: argparse.Namespace) -> int:
    from annotator import paths
    from annotator.core.schema import load_schema
    from annotator.jobs.importing import import_files
    from annotator.nlp.loading import BLANK, Pipeline, blank_pipeline, load_pipeline
    from annotator.store.db import open_project

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        raise CommandError(f"no such file: {', '.join(missing)}")
    db = open_project(args.db, new_schema=load_schema(paths.default_schema_path()))
    pipeline = Pipeline(blank_pipeline(), BLANK) if args.no_nlp else load_pipeline(args.model)
    if pipeline.notice and not args.no_nlp:
        print(f"warning: {pipeline.notice}", file=sys.stderr)
    report = import_files(
        db, args.files, pipeline=pipeline, annotator=args.annotator, n_process=args.workers
    )
    for rejection in report.rejections:
        print(f"rejected: {rejection}", file=sys.stderr)
    print(f"{args.db}: {report.summary()}; analysed with {pipeline.name}")
    return EXIT_REJECTED if report.rejections else 0


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


def _suggest(args: argparse.Namespace) -> int:
    from annotator.jobs.suggesting import suggest_project
    from annotator.nlp.loading import load_pipeline
    from annotator.store.db import open_project

    db = open_project(args.db)
    pipeline = load_pipeline(args.model)
    if "parser" not in pipeline.nlp.pipe_names:
        raise CommandError(f"the suggesters need a pipeline with a parser: {pipeline.notice}")
    count = suggest_project(db, pipeline, args.out)
    print(f"{args.out}: suggestions for {count} documents (stored in {args.db} too)")
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
    try:
        split = parse_split(args.split) if args.split else None
        request = ExportRequest(
            args.format, args.out, args.annotator, args.gold, args.status, layers, split, args.seed
        )
        result = export(db, request)
    except (ExportError, SplitError) as exc:
        raise CommandError(str(exc)) from exc
    for warning in result.report.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0


def _merge(args: argparse.Namespace) -> int:
    from annotator.review.merge import merge_projects
    from annotator.store.db import connect, open_project

    missing = [str(p) for p in args.projects if not p.exists()]
    if missing:
        raise CommandError(f"no such project: {', '.join(missing)}")
    if args.db.resolve() in {p.resolve() for p in args.projects}:
        raise CommandError("the review project cannot be one of the projects merged into it")
    review = open_project(args.db) if args.db.exists() else connect(args.db)
    report = merge_projects(review, args.projects)
    print(f"{args.db}: {report.summary()}")
    for digest, sources in sorted(report.partial().items()):
        title = review.execute("SELECT title FROM documents WHERE hash = ?", [digest]).fetchone()
        print(f"  only in {', '.join(sources)}: {title[0] if title else digest}")
    return 0


def _figure(value: object) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _agreement(args: argparse.Namespace) -> int:
    from annotator.review.report import agreement_report, dumps
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
    from annotator.core.schema import load_schema
    from annotator.store.db import open_project

    if args.db.exists():
        raise CommandError(f"{args.db} already exists")
    schema = load_schema(args.schema or paths.default_schema_path())
    open_project(args.db, new_schema=schema)
    print(f"created {args.db} with the {schema.name} schema ({len(schema.labels)} labels)")
    return 0


def _gui(args: argparse.Namespace) -> int:
    from annotator.ui.app import run

    return run(
        db=getattr(args, "db", None),
        annotator=getattr(args, "annotator", None),
        review=getattr(args, "review", False),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `annotator` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in (*_HANDLERS, "-h", "--help", "--version", "--debug"):
        argv.insert(0, "gui")  # `annotator --db P` opens the window like `annotator gui --db P`
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        return _HANDLERS[command](args)
    except (CommandError, SchemaError, ProjectError, OSError) as exc:
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
    "stats": _stats,
    "suggest": _suggest,
    "export": _export,
    "merge": _merge,
    "agreement": _agreement,
    "new": _new,
}
