"""Syncing with a real PostgreSQL hub: what an annotator does arrives whole, exactly once."""

from __future__ import annotations

import psycopg
import pytest

from annotator.core.control import Control
from annotator.store.db import open_project
from annotator.store.team_link import read_link, waiting
from annotator.team.hub import HubUnreachable
from benchmarks.pg_cluster import Cluster
from tests.team.work import (
    AliceJoins,
    annotate,
    assert_agree,
    sync_project,
)


def test_an_annotators_work_reaches_the_hub_row_for_row(
    hub_url: str, alice_joins: AliceJoins
) -> None:
    alice = alice_joins(documents=8, queue=5)
    annotate(alice)
    sync_project(alice)
    rows = assert_agree(hub_url, alice)
    assert len(rows["spans"]) == 15
    assert len(rows["relations"]) == 10
    assert {status for _h, status in rows["states"]} == {"done"}


def test_a_finished_annotator_gets_more_work_and_never_a_document_twice(
    alice_joins: AliceJoins,
) -> None:
    alice = alice_joins(documents=10, queue=3)
    first = annotate(alice)
    sync_project(alice)
    db = open_project(alice)
    titles = [r[0] for r in db.execute("SELECT title FROM documents ORDER BY id")]
    db.conn.close()
    assert len(first) == 3
    assert titles == [f"Article {n}" for n in range(6)]  # three done, three new


def test_the_same_change_pushed_twice_changes_nothing(
    hub_url: str, alice_joins: AliceJoins
) -> None:
    alice = alice_joins(documents=4, queue=4)
    annotate(alice)
    sync_project(alice)
    before = assert_agree(hub_url, alice)
    # As if the project had been killed after the hub committed, before it cleared its notes.
    db = open_project(alice)
    with db.conn:
        db.execute("INSERT INTO team_outbox (doc_id, seq) SELECT id, 1 FROM documents")
    db.conn.close()
    sync_project(alice)
    assert assert_agree(hub_url, alice) == before


def test_a_connection_dropped_mid_push_loses_and_duplicates_nothing(
    hub_url: str, alice_joins: AliceJoins, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = alice_joins(documents=30, queue=30)
    annotate(alice)
    monkeypatch.setattr("annotator.team.push.BATCH", 10)
    dropped: list[int] = []

    def drop_after_first_batch(done: int, total: int, message: str) -> None:
        if done == 10 and not dropped:  # the second batch is about to go
            with psycopg.connect(hub_url, autocommit=True) as admin:
                dropped.extend(
                    r[0]
                    for r in admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    ).fetchall()
                )

    with pytest.raises(HubUnreachable):
        sync_project(alice, Control(progress=drop_after_first_batch))
    assert dropped
    db = open_project(alice)
    assert waiting(db) == 20  # the first ten arrived; the rest wait
    link = read_link(db)
    assert link is not None
    assert link.error is not None
    db.conn.close()
    sync_project(alice)
    assert_agree(hub_url, alice)


def test_the_server_killed_and_restarted_mid_sync(
    pg: Cluster,
    hub_url: str,
    alice_joins: AliceJoins,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice = alice_joins(documents=30, queue=30)
    annotate(alice)
    monkeypatch.setattr("annotator.team.push.BATCH", 10)

    def crash(done: int, total: int, message: str) -> None:
        if done == 20:
            pg.kill()

    with pytest.raises(HubUnreachable):
        sync_project(alice, Control(progress=crash))
    with pytest.raises(HubUnreachable):  # while it is down: a clear refusal, no wait
        sync_project(alice)
    pg.start()
    sync_project(alice)
    assert_agree(hub_url, alice)


def test_offline_work_waits_and_arrives_when_the_hub_is_back(
    pg: Cluster, hub_url: str, alice_joins: AliceJoins
) -> None:
    alice = alice_joins(documents=6, queue=6)
    pg.stop()
    try:
        annotate(alice)  # a day's work with the hub gone
        with pytest.raises(HubUnreachable):
            sync_project(alice)
        db = open_project(alice)
        link = read_link(db)
        assert waiting(db) == 6
        assert link is not None
        assert link.error_since is not None
        db.conn.close()
    finally:
        pg.start()
    sync_project(alice)
    rows = assert_agree(hub_url, alice)
    assert len(rows["states"]) == 6
    db = open_project(alice)
    link = read_link(db)
    assert link is not None
    assert link.error is None
    assert link.synced_at is not None
    db.conn.close()
