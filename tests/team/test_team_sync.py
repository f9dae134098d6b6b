"""A whole team on one hub: ten at once, a schema change for all, the reviewer, a new machine."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from annotator.core.schema_toml import parse_schema
from annotator.review.agreement_report import agreement_report
from annotator.store.db import open_project, project_schema
from annotator.team.hub import HubError, connect, set_schema
from annotator.team.sync import sync
from tests.pg_fixtures import MakeHub
from tests.team.work import (
    AliceJoins,
    annotate,
    assert_agree,
    documents_on_hub,
    join_and_sync,
    sync_project,
    write_note,
)


def test_ten_annotators_syncing_at_once_all_arrive(
    hub_url: str, make_hub: MakeHub, people: Callable[[str], Path]
) -> None:
    make_hub(overlap=2, queue=4)
    documents_on_hub(hub_url, 20)
    paths = [people(f"annotator{n}") for n in range(10)]
    for n, path in enumerate(paths):
        join_and_sync(hub_url, path, f"annotator{n}")
        annotate(path)
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            sync_project(path)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for path in paths:
        assert len(assert_agree(hub_url, path)["states"]) == 4
    with psycopg.connect(hub_url) as conn:
        done = conn.execute("SELECT count(*) FROM layers WHERE status = 'done'").fetchone()
    assert done == (40,)


def test_a_schema_change_on_the_hub_reaches_every_annotator(
    hub_url: str, make_hub: MakeHub, people: Callable[[str], Path]
) -> None:
    make_hub(overlap=2, queue=2)
    documents_on_hub(hub_url, 2)
    alice, bob = people("alice"), people("bob")
    for name, path in (("alice", alice), ("bob", bob)):
        join_and_sync(hub_url, path, name)
        annotate(path)
        sync_project(path)
    db = open_project(alice)
    old = project_schema(db)
    db.conn.close()
    renamed = parse_schema(
        old.source.replace('name = "CUE"', 'name = "REPORTING_VERB"').replace(
            '"CUE"', '"REPORTING_VERB"'
        )
    )
    with connect(hub_url, autocommit=True) as conn:
        assert set_schema(conn, renamed, {"CUE": "REPORTING_VERB"}) == 2
    for path in (alice, bob):
        sync_project(path)
        db = open_project(path)
        assert "REPORTING_VERB" in {label.name for label in project_schema(db).labels}
        labels = {r[0] for r in db.execute("SELECT label FROM spans")}
        db.conn.close()
        assert "REPORTING_VERB" in labels
        assert "CUE" not in labels
        assert_agree(hub_url, path)
    with psycopg.connect(hub_url) as conn:
        hub_labels = {r[0] for r in conn.execute("SELECT DISTINCT label FROM spans")}
    assert "CUE" not in hub_labels
    assert "REPORTING_VERB" in hub_labels


def test_the_reviewer_merges_from_the_hub_and_reads_agreement(
    hub_url: str, make_hub: MakeHub, people: Callable[[str], Path]
) -> None:
    make_hub(overlap=2, queue=3)
    documents_on_hub(hub_url, 3)
    for name in ("alice", "bob"):
        path = people(name)
        join_and_sync(hub_url, path, name)
        annotate(path)
        sync_project(path)
    review = people("review")
    join_and_sync(hub_url, review, "rita", role="reviewer")
    db = open_project(review)
    names = {r[0] for r in db.execute("SELECT name FROM annotators WHERE kind = 'human'")}
    assert names == {"alice", "bob"}
    report = agreement_report(db)
    db.conn.close()
    assert report["documents"] == 3
    # Bob changes his mind about one document: the reviewer's next sync brings only that.
    bob = people("bob")
    write_note(bob, 1, "the toll is disputed")
    sync_project(bob)
    db = open_project(review)
    assert sync(db).layers == 1
    notes = {r[0] for r in db.execute("SELECT value FROM doc_fields WHERE name = 'note'")}
    db.conn.close()
    assert '"the toll is disputed"' in notes
    # The reviewer's gold goes back to the hub.
    write_note(review, 1, "adjudicated")
    sync_project(review)
    gold = assert_agree(hub_url, review)
    assert ("note", '"adjudicated"') in {(name, value) for _h, name, value in gold["fields"]}


def test_joining_again_on_a_new_machine_brings_the_work_and_retires_the_old_copy(
    hub_url: str, alice_joins: AliceJoins, tmp_path: Path
) -> None:
    laptop = alice_joins(documents=5, queue=3)
    annotate(laptop)
    sync_project(laptop)
    desktop = tmp_path / "desktop" / "alice.annotator"
    join_and_sync(hub_url, desktop, "alice")
    assert assert_agree(hub_url, desktop)["states"] == assert_agree(hub_url, laptop)["states"]
    write_note(laptop, 1, "written on the old laptop")
    with pytest.raises(HubError, match="joined this hub from another project"):
        sync_project(laptop)
