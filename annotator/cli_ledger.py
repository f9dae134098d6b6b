"""`annotator ledger`: the claims ledger from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.ledger.coding import RULES


def add_ledger_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    ledger = commands.add_parser(
        "ledger",
        parents=[common],
        help="every figure and claim about each event, side by side, with a coded toll",
    )
    ledger.add_argument("--db", type=Path, required=True, help="project file")
    ledger.add_argument("--event", help="only this event")
    ledger.add_argument(
        "--annotator", help="whose layer to read where there is no gold (needed if several)"
    )
    ledger.add_argument(
        "--rule", choices=sorted(RULES), default="acled", help="how the toll is coded"
    )
    shape = ledger.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="the whole ledger as JSON")
    shape.add_argument("--csv", action="store_true", help="one row per figure and claim")
    ledger.add_argument(
        "--summary", action="store_true", help="with --csv: the coded summary, a row per event"
    )


def run_ledger(args: argparse.Namespace) -> int:
    """Print the ledger: readable text, JSON or CSV."""
    from annotator.ledger.ledger import build_ledger, entries_csv, json_text, summary_csv
    from annotator.ledger.text import ledger_lines
    from annotator.store.db import open_project

    db = open_project(args.db)
    try:
        ledger = build_ledger(db, event=args.event, annotator=args.annotator, rule=args.rule)
    finally:
        db.conn.close()
    if args.event is not None and not ledger.events:
        print(f"annotator: no event {args.event!r} in {args.db}", file=sys.stderr)
        return 1
    if args.json:
        print(json_text(ledger), end="")
    elif args.csv:
        print(summary_csv(ledger) if args.summary else entries_csv(ledger), end="")
    else:
        print("\n".join(ledger_lines(ledger)))
    return 0
