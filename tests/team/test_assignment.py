"""Handing documents out: overlap k, never twice to one person, re-issued when left alone."""

from __future__ import annotations

import threading
from collections import Counter

import psycopg

from annotator.team.assignment import take_work
from annotator.team.hub import connect, read_info
from tests.pg_fixtures import MakeHub
from tests.team.work import documents_on_hub


def _register(url: str, names: list[str]) -> dict[str, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        return {
            name: conn.execute(
                "INSERT INTO annotators (name, role, project_uid) VALUES (%s, 'annotator', %s) "
                "RETURNING id",
                [name, name],
            ).fetchone()[0]
            for name in names
        }


def _holders(url: str) -> Counter[int]:
    with psycopg.connect(url) as conn:
        return Counter(r[0] for r in conn.execute("SELECT doc_id FROM assignments"))


def test_ten_annotators_at_once_with_overlap_two(hub_url: str, make_hub: MakeHub) -> None:
    make_hub(overlap=2, queue=7)
    documents_on_hub(hub_url, 40)
    ids = _register(hub_url, [f"a{n}" for n in range(10)])
    errors: list[BaseException] = []

    def take(who: int) -> None:
        try:
            with connect(hub_url, autocommit=True) as conn:
                take_work(conn, who, read_info(conn))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(who,)) for who in ids.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    holders = _holders(hub_url)
    assert sum(holders.values()) == 70  # everyone got a full queue
    assert max(holders.values()) == 2  # no document to three people
    assert len(holders) == 35  # the first 35 documents, each to two
    with psycopg.connect(hub_url) as conn:
        pairs = conn.execute("SELECT doc_id, annotator_id FROM assignments").fetchall()
    assert len(set(pairs)) == len(pairs)  # the primary key holds it; nobody has one twice


def test_a_queue_is_topped_up_only_as_work_is_finished(hub_url: str, make_hub: MakeHub) -> None:
    make_hub(overlap=1, queue=3)
    documents_on_hub(hub_url, 10)
    who = _register(hub_url, ["alice"])["alice"]
    with connect(hub_url, autocommit=True) as conn:
        info = read_info(conn)
        assert take_work(conn, who, info) == 3
        assert take_work(conn, who, info) == 0  # nothing finished, nothing more


def test_a_document_left_untouched_is_given_to_someone_else(
    hub_url: str, make_hub: MakeHub
) -> None:
    make_hub(overlap=1, queue=2, reissue_hours=24)
    documents_on_hub(hub_url, 2)
    people = _register(hub_url, ["alice", "bob"])
    with connect(hub_url, autocommit=True) as conn:
        info = read_info(conn)
        assert take_work(conn, people["alice"], info) == 2
        assert take_work(conn, people["bob"], info) == 0  # both held by alice
        conn.execute("UPDATE assignments SET assigned_at = now() - interval '25 hours'")
        assert take_work(conn, people["bob"], info) == 2
        assert take_work(conn, people["alice"], info) == 0  # never the same document twice
    assert _holders(hub_url) == Counter({1: 2, 2: 2})
