"""The `annotator` command's arguments: every subcommand, option and help text."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator import __version__
from annotator.cli_ledger import add_ledger_command
from annotator.cli_team import add_team_commands


def build_parser() -> argparse.ArgumentParser:
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
    gui_arguments(gui)

    imp = commands.add_parser(
        "import",
        parents=[common],
        help="import articles (.txt, .jsonl, .csv, saved web pages) or another tool's corpus",
    )
    imp.add_argument("--db", type=Path, required=True, help="project file (created if missing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="PATH", help="files or folders")
    import_arguments(imp)
    imp.add_argument(
        "--no-nlp",
        action="store_true",
        help="store the documents only, fast; the model analyses them later "
        "(the window, or `annotator analyse`)",
    )
    imp.add_argument("--model", action="append", default=[], help="spaCy pipeline to try first")
    imp.add_argument(
        "--workers", type=int, default=1, help="processes for the NLP step (default 1)"
    )

    analyse = commands.add_parser(
        "analyse",
        parents=[common],
        help="run the spaCy model over the documents it has not analysed yet",
    )
    analyse.add_argument("--db", type=Path, required=True, help="project file")
    analyse.add_argument("--model", action="append", default=[], help="spaCy pipeline to try first")
    analyse.add_argument(
        "--workers", type=int, default=1, help="processes for the NLP step (default 1)"
    )
    # How the window runs it in the background (annotator/jobs/analysis_process.py).
    analyse.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)
    analyse.add_argument("--low-priority", action="store_true", help=argparse.SUPPRESS)

    stats = commands.add_parser(
        "stats", parents=[common], help="documents, status and spans of a project"
    )
    stats.add_argument("--db", type=Path, required=True, help="project file")
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    suggest = commands.add_parser(
        "suggest",
        parents=[common],
        help="store the rule-based suggesters' (and a trained model's) suggestions; "
        "write them as JSONL with --out",
    )
    suggest.add_argument("--db", type=Path, required=True, help="project file")
    suggest.add_argument("--out", type=Path, help="JSONL file to write")
    suggest.add_argument(
        "--model",
        action="append",
        default=[],
        help="a trained model's folder (from `annotator train`), or a spaCy pipeline to try first",
    )
    suggest.add_argument(
        "--no-rules", action="store_true", help="only the trained model's suggestions"
    )
    suggest.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)

    train = commands.add_parser(
        "train",
        parents=[common],
        help="train a model from the project's finished documents, to suggest in the next ones",
    )
    training_arguments(train)

    models = commands.add_parser(
        "models", parents=[common], help="list, choose or delete the project's trained models"
    )
    models.add_argument("--db", type=Path, required=True, help="project file")
    models.add_argument("--use", metavar="NAME", help="use this model from now on")
    models.add_argument("--delete", metavar="NAME", help="delete this model")
    models.add_argument("--json", action="store_true", help="print JSON instead of a table")

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
        "--layers",
        help="comma-separated layer names, e.g. ner,casualty "
        "(default: every layer of the project's schema)",
    )
    export.add_argument(
        "--no-tokens",
        action="store_true",
        help="jsonl: leave each record's tokens out (much smaller; spans keep token_start "
        "and token_end)",
    )
    export.add_argument("--split", help="e.g. train=0.8,dev=0.1,test=0.1: by document")
    export.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")

    merge = commands.add_parser(
        "merge",
        parents=[common],
        help="copy annotators' projects into a review project (documents matched by text)",
    )
    merge.add_argument("--db", type=Path, required=True, help="review project (created if missing)")
    merge.add_argument(
        "projects", nargs="+", metavar="PROJECT", help="project files, or one hub's postgresql://…"
    )
    merge.add_argument(
        "--reviewer",
        default="reviewer",
        metavar="NAME",
        help="with a hub: who adjudicates (their gold goes back to the hub)",
    )

    agreement = commands.add_parser(
        "agreement", parents=[common], help="how far annotators agree (after a merge)"
    )
    agreement.add_argument("--db", type=Path, required=True, help="review project")
    agreement.add_argument("--json", action="store_true", help="print the report as JSON")
    agreement.add_argument("--label", help="only spans of this label")

    new = commands.add_parser("new", parents=[common], help="create an empty project")
    new.add_argument("--db", type=Path, required=True, help="project file to create")
    new.add_argument("--schema", type=Path, help="label schema (TOML); default: news")

    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="print a project's label schema, or change it (--set) without orphaning spans",
    )
    schema.add_argument("--db", type=Path, required=True, help="project file")
    schema.add_argument("--set", type=Path, metavar="TOML", help="the new label schema")
    schema.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="a label (or link type) renamed: its spans (links) take the new name",
    )
    orphans = schema.add_mutually_exclusive_group()
    orphans.add_argument(
        "--keep-orphans",
        action="store_true",
        help="keep spans and links whose label the new schema lacks (shown grey)",
    )
    orphans.add_argument(
        "--delete-orphans", action="store_true", help="delete spans and links the new schema lacks"
    )
    schema.add_argument("--dry-run", action="store_true", help="report what would change, only")

    add_team_commands(commands, common)
    add_ledger_command(commands, common)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="look for damage in a project; exit 1 if any is found (and left)",
    )
    check.add_argument("--db", type=Path, required=True, help="project file")
    check.add_argument(
        "--repair",
        action="store_true",
        help="copy the project into its backups folder, then fix what can safely be fixed "
        "(close the window on the project first)",
    )
    return parser


def training_arguments(train: argparse.ArgumentParser) -> None:
    """``annotator train``'s options."""
    train.add_argument("--db", type=Path, required=True, help="project file")
    train.add_argument(
        "--layers", help="span layers to learn, comma-separated (default: every annotated one)"
    )
    whose = train.add_mutually_exclusive_group()
    whose.add_argument("--annotator", metavar="NAME", help="learn from this person's done work")
    whose.add_argument("--gold", action="store_true", help="learn from adjudicated gold only")
    train.add_argument(
        "--out", type=Path, help="models folder (default: PROJECT.models beside the project)"
    )
    train.add_argument("--max-minutes", type=float, default=10.0, help="training time (default 10)")
    train.add_argument(
        "--curve",
        action="store_true",
        help="also train on 25/50/75%% of the documents and write the learning curve "
        "(JSON and PNG); takes about 1.5 times longer",
    )
    train.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)
    train.add_argument("--low-priority", action="store_true", help=argparse.SUPPRESS)


def gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="project file (default: your default project)")
    # `annotator FILE`: how a desktop opens a project file with the application
    # (packaging/annotator.desktop, Exec=annotator %f).
    parser.add_argument("project", nargs="?", type=Path, help="project file, as --db")
    parser.add_argument("--annotator", help="your name, as stored with your annotations")
    parser.add_argument(
        "--review",
        action="store_true",
        help="review mode: adjudicate the merged annotators into gold",
    )
    # Hidden from --help (it is for packagers, not annotators); packaging/README.md has it.
    # Starts the window, opens the first document, lets the model analyse, prints, quits.
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)


def import_arguments(imp: argparse.ArgumentParser) -> None:
    """What ``annotator import`` is told about the files: format, labels, annotators."""
    imp.add_argument(
        "--format",
        choices=["brat", "conll", "doccano", "labelstudio", "webanno", "xmi"],
        help="another tool's files (saved web pages are recognised by their extension)",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OLD=NEW[,OLD=NEW...]",
        help="rename labels to the schema's; labels neither in it nor renamed are refused",
    )
    imp.add_argument(
        "--annotator",
        help="whose the annotations are (JSONL lines without _annotator_id, a tool's files)",
    )
    imp.add_argument(
        "--annotator-from",
        choices=["folder", "filename"],
        help="one sub-folder per annotator, or ARTICLE_NAME.ann beside ARTICLE.txt",
    )
    imp.add_argument(
        "--status",
        choices=["done", "in-progress"],
        help="status of the imported annotated documents (done: agreement counts them)",
    )
