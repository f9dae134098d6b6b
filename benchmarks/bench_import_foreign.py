"""Issue 14's figures: importing another tool's corpus (brat) and saved web pages.

Run: `python -m benchmarks.bench_import_foreign` (add `--quick` for the small smoke run).
Targets: 1,000 brat articles of ~600 words with ~60 spans each at >= 500 articles/s,
1,000 saved pages at >= 50 pages/s, both without NLP (`--no-nlp`).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.jobs.import_options import ImportOptions
from annotator.jobs.importing import import_files
from annotator.store.db import open_project
from benchmarks.corpus import articles, write_jsonl

LABELS = ("PERSON", "ORG", "GPE", "DATE", "CARDINAL", "NORP")
WORD = re.compile(r"\S+")


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<58} {figure:>16}   target: {target}")


def write_brat(folder: Path, count: int, spans: int) -> int:
    """``count`` .txt/.ann pairs, each with ``spans`` one-word spans; returns spans written."""
    written = 0
    for i, (_, text) in enumerate(articles(count)):
        words = list(WORD.finditer(text))
        step = max(1, len(words) // spans)
        lines = []
        for n, match in enumerate(words[::step][:spans], start=1):
            label = LABELS[n % len(LABELS)]
            lines.append(f"T{n}\t{label} {match.start()} {match.end()}\t{match.group()}")
        (folder / f"a{i:05}.txt").write_text(text, encoding="utf-8")
        (folder / f"a{i:05}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += len(lines)
    return written


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Ledger</title>
<meta property="og:url" content="https://ledger.example/news/{n}">
<meta name="author" content="Staff reporter"><meta name="date" content="2026-11-{day:02}">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{title}</h1><p class="byline">By Staff reporter</p>
{paragraphs}
</article>
<aside class="related"><h2>Related</h2><a href="/a">Markets rally on rate hopes</a></aside>
<section class="comments"><h2>Comments</h2><p>Reader99: first!</p></section></main>
<footer>Copyright The Daily Ledger. Terms. Privacy.</footer></body></html>
"""


def write_pages(folder: Path, count: int) -> None:
    """``count`` saved news pages with navigation, banners, comments and a footer."""
    for i, (title, text) in enumerate(articles(count, seed=23)):
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")[1:])
        page = PAGE.format(title=html.escape(title), n=i, day=1 + i % 28, paragraphs=body)
        (folder / f"page{i:05}.html").write_text(page, encoding="utf-8")


def _import(folder: Path, name: str, options: ImportOptions) -> tuple[float, int]:
    project = folder / f"{name}.annotator"
    db = open_project(project, new_schema=load_schema(paths.default_schema_path()))
    start = time.perf_counter()
    report = import_files(db, [folder / name], pipeline=None, options=options)
    took = time.perf_counter() - start
    db.conn.close()
    assert not report.rejections, report.rejections[:3]
    return took, report.imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}{' (quick)' if args.quick else ''}"
    )
    count = 50 if args.quick else 1_000
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        (folder / "brat").mkdir()
        spans = write_brat(folder / "brat", count, spans=60)
        took, imported = _import(folder, "brat", ImportOptions(format="brat"))
        _row(
            f"import {imported:,} brat articles, {spans // max(imported, 1)} spans each, no NLP",
            f"{imported / took:,.0f} articles/s",
            ">= 500 articles/s",
        )
        # The same articles as Annotator's own JSONL, without annotations: what this machine
        # does for the documents alone, so the figures above read against it.
        (folder / "plain").mkdir()
        write_jsonl(folder / "plain" / "plain.jsonl", articles(count))
        took, imported = _import(folder, "plain", ImportOptions())
        _row(
            f"reference: the same {imported:,} articles as JSONL, no spans",
            f"{imported / took:,.0f} articles/s",
            "(this machine)",
        )
        (folder / "pages").mkdir()
        write_pages(folder / "pages", count)
        took, imported = _import(folder, "pages", ImportOptions())
        _row(
            f"import {imported:,} saved web pages, no NLP",
            f"{imported / took:,.0f} pages/s",
            ">= 50 pages/s",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
