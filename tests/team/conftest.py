"""The team tests' common start: a hub with articles, and alice joined to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pg_fixtures import MakeHub
from tests.team.work import AliceJoins, documents_on_hub, join_and_sync


@pytest.fixture
def alice_joins(hub_url: str, make_hub: MakeHub, people: Callable[[str], Path]) -> AliceJoins:
    """Make a hub of ``documents`` articles handing out ``queue`` at a time; alice joins it
    and syncs once (her first work arrives). Returns her project's path."""

    def joins(*, documents: int, queue: int) -> Path:
        make_hub(queue=queue)
        documents_on_hub(hub_url, documents)
        alice = people("alice")
        join_and_sync(hub_url, alice, "alice")
        return alice

    return joins
