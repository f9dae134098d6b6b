"""`annotator team …`, `annotator sync` and `annotator merge` from a hub: team projects."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from annotator.team.hub import HubError, is_hub_url, shown

EXIT_REJECTED = 1


def add_team_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `team` command with its subcommands, and `sync`."""
    team = commands.add_parser(
        "team", parents=[common], help="a team project on a PostgreSQL hub (create, join, …)"
    )
    sub = team.add_subparsers(dest="team_command", metavar="TEAM_COMMAND", required=True)
    create = sub.add_parser("create", parents=[common], help="create the hub's tables")
    create.add_argument("url", metavar="postgresql://USER@HOST/DB")
    create.add_argument("--schema", type=Path, help="label schema (TOML); default: news")
    create.add_argument(
        "--overlap", type=int, default=1, metavar="K", help="annotators per document (default 1)"
    )
    create.add_argument(
        "--queue",
        type=int,
        default=20,
        metavar="N",
        help="unfinished documents each annotator holds (default 20)",
    )
    create.add_argument(
        "--reissue-hours",
        type=float,
        default=72.0,
        metavar="H",
        help="give a document to someone else when left untouched this long (default 72)",
    )
    imp = sub.add_parser("import", parents=[common], help="documents into the hub")
    imp.add_argument("url", metavar="postgresql://USER@HOST/DB")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files or folders")
    join = sub.add_parser("join", parents=[common], help="a local project linked to the hub")
    join.add_argument("url", metavar="postgresql://USER@HOST/DB")
    join.add_argument("--db", type=Path, required=True, help="local project (created)")
    join.add_argument("--annotator", required=True, metavar="NAME", help="who you are")
    status = sub.add_parser("status", parents=[common], help="documents, assignments, progress")
    status.add_argument("url", metavar="postgresql://USER@HOST/DB")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    schema = sub.add_parser("schema", parents=[common], help="change the team's label schema")
    schema.add_argument("url", metavar="postgresql://USER@HOST/DB")
    schema.add_argument("--set", type=Path, required=True, metavar="TOML")
    schema.add_argument("--rename", action="append", default=[], metavar="OLD=NEW")

    sync = commands.add_parser(
        "sync", parents=[common], help="send your work to the team's hub and fetch new work"
    )
    sync.add_argument("--db", type=Path, required=True, help="a project that joined a team")


def run_team(args: argparse.Namespace) -> int:
    """`annotator team SUBCOMMAND`."""
    handler = {
        "create": _create,
        "import": _import,
        "join": _join,
        "status": _status,
        "schema": _schema,
    }[args.team_command]
    if not is_hub_url(args.url):
        raise HubError(f"{args.url}: a hub's address starts with postgresql://")
    return handler(args)


def _create(args: argparse.Namespace) -> int:
    from annotator import paths
    from annotator.core.schema_toml import load_schema
    from annotator.team.hub import create_hub

    schema = load_schema(args.schema or paths.default_schema_path())
    info = create_hub(
        args.url, schema, overlap=args.overlap, queue=args.queue, reissue_hours=args.reissue_hours
    )
    print(
        f"{shown(args.url)}: a new hub, schema {schema.name or 'news'}, overlap {info.overlap}, "
        f"queue {info.queue}; next: `annotator team import {shown(args.url)} FILES…`"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from annotator.jobs.importing import import_files
    from annotator.store.db import open_project
    from annotator.team.documents import upload_documents
    from annotator.team.hub import connect, read_info

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        raise HubError(f"no such file or folder: {', '.join(missing)}")
    with connect(args.url, autocommit=True) as conn, tempfile.TemporaryDirectory() as folder:
        # The ordinary import reads and checks the files; its project is only the carrier.
        staging = open_project(
            Path(folder) / "staging.annotator", new_schema=read_info(conn).schema
        )
        report = import_files(staging, args.files, pipeline=None)
        for rejection in report.rejections:
            print(f"rejected: {rejection}", file=sys.stderr)
        added = upload_documents(conn, staging)
        total = int(staging.execute("SELECT count(*) FROM documents").fetchone()[0])
        staging.conn.close()
    if report.annotated:
        print(
            f"warning: {report.annotated} documents came with annotations; the hub takes the "
            "documents only (annotators' work comes from their own projects)",
            file=sys.stderr,
        )
    print(f"{shown(args.url)}: {added:,} new documents ({total - added:,} were there already)")
    return EXIT_REJECTED if report.rejections else 0


def _join(args: argparse.Namespace) -> int:
    from annotator.team.join import join
    from annotator.team.sync import sync

    db = join(args.url, args.db, args.annotator)
    report = sync(db)
    print(f"{args.db}: joined {shown(args.url)} as {args.annotator}; {report.summary()}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from annotator.team.hub import connect
    from annotator.team.status import hub_status

    with connect(args.url, autocommit=True) as conn:
        status = hub_status(conn)
    if args.json:
        print(json.dumps(status.as_json(), indent=2))
    else:
        print("\n".join(status.lines()))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from annotator.core.schema_toml import load_schema
    from annotator.team.hub import connect, set_schema

    renames = dict(_pair(text) for item in args.rename for text in item.split(","))
    with connect(args.url, autocommit=True) as conn:
        version = set_schema(conn, load_schema(args.set), renames)
    print(f"{shown(args.url)}: schema version {version}; every project takes it at its next sync")
    return 0


def _pair(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise HubError(f"--rename {text}: write OLD=NEW")
    return old.strip(), new.strip()


def run_sync(args: argparse.Namespace) -> int:
    """`annotator sync --db LOCAL`."""
    from annotator.store.db import open_project
    from annotator.team.sync import sync

    db = open_project(args.db, for_writing=True)
    report = sync(db)
    print(f"{args.db}: {report.summary()}")
    return 0


def merge_from_hub(review: Path, url: str, reviewer: str) -> int:
    """`annotator merge --db REVIEW postgresql://…`: a review project fed by the hub."""
    from annotator.team.join import join
    from annotator.team.sync import sync

    db = join(url, review, reviewer, role="reviewer")
    report = sync(db)
    print(f"{review}: review project of {shown(url)} as {reviewer}; {report.summary()}")
    return 0
