"""A window killed at any moment (SIGKILL) loses nothing it said was saved, and breaks nothing.

Each run starts an annotating process (annotating_process.py: open_project, then a
DocumentEditor, the window's path for every edit) on the same project and kills it with
SIGKILL: some runs while it is still starting, most after a random number of saved changes
plus a random few milliseconds, so that kills land before, during and between commits.
After every kill the project must pass SQLite's integrity check and hold exactly what the
process reported saved, give or take the one change it had announced and not reported.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

from annotator.core.schema import LabelSchema
from annotator.nlp.loading import Pipeline
from tests.store.conftest import Spawn
from tests.store.processes import articles_project, check_after_kill, replay, stored

KILLS = 50


def _is_report(text: str) -> bool:
    return not text.startswith(("begin ", "ready"))


def test_fifty_kills_keep_every_reported_change_and_a_sound_file(
    tmp_path: Path, schema: LabelSchema, blank: Pipeline, spawn: Spawn
) -> None:
    project = tmp_path / "killed.annotator"
    docs = articles_project(project, schema, blank, 3)
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    reported = 0
    state = stored(project)
    began = time.monotonic()
    for run in range(KILLS):
        worker = spawn(project, docs[run % 3], ("alice", "bob")[run % 2], rng.randrange(10**6))
        if run % 5 == 0:
            time.sleep(rng.uniform(0.0, 0.3))  # while it imports, opens and reads
        else:
            worker.wait_for(lambda text: text == "ready")
            for _ in range(rng.randint(0, 12)):
                worker.wait_for(_is_report)
            time.sleep(rng.uniform(0.0, 0.003))  # a commit with fsync takes about this long
        worker.kill()
        worker.finish()
        after = stored(project)  # integrity_check and foreign_key_check first
        outcomes[check_after_kill(after, replay(state, worker), worker)] += 1
        reported += sum(_is_report(line.text) for line in worker.lines)
        state = after
    elapsed = time.monotonic() - began
    print(f"\n{KILLS} kills in {elapsed:.1f} s, {reported} reported changes: {dict(outcomes)}")
    sys.stdout.flush()
    assert sum(outcomes.values()) == KILLS
    # Most kills interrupt a change: the loop does little else between them.
    assert outcomes["in flight, not saved"] + outcomes["in flight, saved"] >= KILLS // 2
    assert len(state.spans) > 0
