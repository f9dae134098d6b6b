"""Issue 16's figures: a team of 20 on a PostgreSQL hub of 5,000 articles, overlap 2.

One annotator's full sync of 500 annotated documents (target ≤ 5 s), the hub's throughput
with all 20 syncing at once (each a process of its own, as on 20 machines), the reviewer's
`merge` from the hub, and the memory of a sync. The server is a throwaway one from the
machine's packages, with fsync on (`benchmarks/pg_cluster.py`), or the one at ``--url``.

Run: `python -m benchmarks.bench_team` (`--quick`: 4 annotators, 200 documents).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.store.db import connect, initialise, now, open_project, transaction
from annotator.store.documents import NewDocument, insert_documents
from annotator.store.team_link import read_link, waiting
from annotator.team.documents import upload_documents
from annotator.team.hub import connect as hub_connect
from annotator.team.hub import create_hub
from annotator.team.join import join
from annotator.team.sync import sync
from benchmarks.corpus import articles
from benchmarks.pg_cluster import remove, start_cluster

SPANS_PER_DOC = 30  # quotes, sources, cues, claims, casualty figures of a busy article
LINKS_PER_DOC = 10


def _row(what: str, figure: str, target: str = "") -> None:
    print(f"{what:<62} {figure:>16}" + (f"   target: {target}" if target else ""))


def _hub(url: str, count: int, queue: int) -> float:
    """A new hub with ``count`` articles; seconds to send them."""
    schema = load_schema(paths.default_schema_path())
    create_hub(url, schema, overlap=2, queue=queue)
    staging = connect(":memory:")
    initialise(staging, schema)
    with transaction(staging):
        insert_documents(staging, [NewDocument(t, x, {}) for t, x in articles(count)])
    started = time.perf_counter()
    with hub_connect(url, autocommit=True) as conn:
        upload_documents(conn, staging)
    return time.perf_counter() - started


def _annotate(path: Path, seed: int) -> int:
    """The project's person finishes every document: spans, links, a note. Documents done."""
    rng = random.Random(seed)
    db = open_project(path)
    link = read_link(db)
    assert link is not None
    me, stamp = link.annotator_id, now()
    docs = db.execute("SELECT id, length(text) FROM documents").fetchall()
    with transaction(db):
        for doc_id, length in docs:
            starts = sorted(rng.sample(range(0, length - 20), SPANS_PER_DOC))
            labels = ("QUOTE", "SOURCE", "CUE", "CLAIM", "CASUALTY")
            ids = []
            for n, start in enumerate(starts):
                label = labels[n % len(labels)]
                layer = {
                    "QUOTE": "attribution",
                    "SOURCE": "attribution",
                    "CUE": "attribution",
                    "CLAIM": "claim",
                    "CASUALTY": "casualty",
                }[label]
                cursor = db.execute(
                    "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, "
                    "attrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        doc_id,
                        me,
                        layer,
                        label,
                        start,
                        start + rng.randint(3, 15),
                        '{"type": "direct"}' if label == "QUOTE" else "{}",
                        stamp,
                    ],
                )
                ids.append(cursor.lastrowid)
            for n in range(LINKS_PER_DOC):
                db.execute(
                    "INSERT INTO relations (doc_id, annotator_id, label, head, child, attrs, "
                    "created_at) VALUES (?, ?, 'ATTRIBUTED_TO', ?, ?, '{}', ?)",
                    [doc_id, me, ids[n * 2], ids[n * 2 + 1], stamp],
                )
            db.execute(
                "INSERT INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
                "VALUES (?, ?, 'note', '\"checked\"', ?)",
                [doc_id, me, stamp],
            )
            db.execute(
                "INSERT INTO doc_states (doc_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, 'done', ?)",
                [doc_id, me, stamp],
            )
    db.conn.close()
    return len(docs)


def _sync_one(path: str) -> tuple[float, int]:
    """Sync the project at ``path``: (seconds, documents sent). Runs in a worker process."""
    db = open_project(Path(path))
    started = time.perf_counter()
    report = sync(db)
    seconds = time.perf_counter() - started
    assert waiting(db) == 0
    db.conn.close()
    return seconds, report.pushed.documents


def _sync_memory(path: Path) -> float:
    """Peak resident memory (MB) of `annotator sync` on the project, in a process of its own."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "annotator", "sync", "--db", str(path)],
        check=True,
        capture_output=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


def _window_during_sync(path: Path) -> dict[str, Any]:
    """The window's event loop while its background sync sends every document again
    (benchmarks/scale_window.py, in a process of its own, offscreen)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale_window", "during-sync", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(url: str, folder: Path, *, annotators: int, documents: int) -> None:
    per_person = documents * 2 // annotators
    seconds = _hub(url, documents, per_person)
    _row(f"send {documents:,} articles to the hub", f"{documents / seconds:,.0f} docs/s")
    team = [folder / f"annotator{n}.annotator" for n in range(annotators)]
    started = time.perf_counter()
    for n, path in enumerate(team):
        db = join(url, path, f"annotator{n}")
        sync(db)
        db.conn.close()
    _row(
        f"{annotators} annotators join, {per_person} documents each",
        f"{time.perf_counter() - started:,.1f} s",
    )
    done = [_annotate(path, n) for n, path in enumerate(team)]
    assert all(d == per_person for d in done), done
    first = _sync_one(str(team[0]))
    _row(
        f"one annotator's full sync of {first[1]} annotated documents ({SPANS_PER_DOC} spans each)",
        f"{first[0]:.2f} s",
        "≤ 5 s",
    )
    rest = [str(p) for p in team[1:]]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=len(rest)) as pool:
        results = list(pool.map(_sync_one, rest))
    wall = time.perf_counter() - started
    sent = sum(n for _s, n in results)
    _row(
        f"{len(rest)} annotators syncing at once: documents/s at the hub",
        f"{sent / wall:,.0f} docs/s",
    )
    _row(
        f"  the slowest of the {len(rest)} syncs (wall {wall:.1f} s)",
        f"{max(s for s, _n in results):.2f} s",
    )
    review = folder / "review.annotator"
    started = time.perf_counter()
    db = join(url, review, "rita", role="reviewer")
    report = sync(db)
    db.conn.close()
    _row(
        f"reviewer's merge from the hub ({report.layers:,} layers)",
        f"{time.perf_counter() - started:.1f} s",
    )
    # Memory: a sync that has 500 documents to send again.
    db = open_project(team[0])
    with transaction(db):
        db.execute(
            "INSERT INTO team_outbox (doc_id, seq) SELECT id, 1 FROM documents "
            "WHERE true ON CONFLICT DO NOTHING"
        )
    db.conn.close()
    _row(
        f"peak memory of `annotator sync` sending {per_person} documents",
        f"{_sync_memory(team[0]):,.0f} MB",
    )
    stall = _window_during_sync(team[0])
    _row(
        f"the window's longest stall while it syncs {per_person} documents",
        f"{stall['gap']['max_ms']:.0f} ms",
        "≤ 50 ms",
    )
    _row("  5 ms ticks later than 50 ms", f"{stall['over_50ms']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="4 annotators, 200 documents")
    parser.add_argument("--url", help="an existing server's postgresql://… (a new database)")
    args = parser.parse_args(argv)
    annotators, documents = (4, 200) if args.quick else (20, 5000)
    cluster = None if args.url else start_cluster(durable=True)
    url = args.url or (cluster.url("bench") if cluster else "")
    try:
        with tempfile.TemporaryDirectory() as folder:
            run(url, Path(folder), annotators=annotators, documents=documents)
    finally:
        if cluster is not None:
            remove(cluster)
    return 0


if __name__ == "__main__":
    sys.exit(main())
