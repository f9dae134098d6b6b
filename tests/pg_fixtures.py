"""A real PostgreSQL server for the team tests, started from the machine's packages.

One server per test process (``pytest -n auto`` starts one per worker), one new database
per test. Without PostgreSQL's server programs the tests fail and say what to install:
`.ci/run` installs them (Debian's ``postgresql``), and a skip would hide the missing part.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.schema import LabelSchema
from annotator.team.hub import HubInfo, create_hub
from benchmarks.pg_cluster import Cluster, remove, start_cluster

_NUMBERS = itertools.count(1)


@pytest.fixture(scope="session")
def pg() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server for this test process."""
    cluster = start_cluster()
    yield cluster
    remove(cluster)


@pytest.fixture
def hub_url(pg: Cluster) -> Iterator[str]:
    """The address of a new, empty database on the server (not yet a hub)."""
    name = f"hub_{os.getpid()}_{next(_NUMBERS)}"
    yield pg.url(name)
    if pg.process is None:  # a test that killed the server and failed before restarting it
        pg.start()


MakeHub = Callable[..., HubInfo]


@pytest.fixture
def make_hub(hub_url: str, schema: LabelSchema) -> MakeHub:
    """Create the hub at ``hub_url`` with the given settings (news schema by default)."""

    def make(**settings: object) -> HubInfo:
        return create_hub(hub_url, schema, **settings)  # type: ignore[arg-type]

    return make


@pytest.fixture
def people(tmp_path: Path) -> Callable[[str], Path]:
    """Where a person's local project lives: one folder each, like one machine each."""

    def place(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        return folder / f"{name}.annotator"

    return place
