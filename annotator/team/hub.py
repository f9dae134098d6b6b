"""Reaching the hub: connecting, creating it, and what it says about itself."""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from annotator.core.schema import LabelSchema
from annotator.core.schema_toml import parse_schema
from annotator.team.hub_tables import DDL, HUB_VERSION

#: A connection to the hub (rows as plain tuples).
Conn = psycopg.Connection[tuple[Any, ...]]

# psycopg logs "error ignored terminating <Copy>" when a connection drops mid-COPY; the
# sync already says what happened, in words, once.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

#: Seconds to wait for the server to answer before calling the hub unreachable: a sync
#: runs in a worker, but a person waiting for `annotator sync` should not wait minutes.
CONNECT_TIMEOUT = 5
DEFAULT_OVERLAP = 1
DEFAULT_QUEUE = 20
DEFAULT_REISSUE_HOURS = 72


class HubError(Exception):
    """The hub cannot be reached or refused what was asked, in words for the user."""


class HubUnreachable(HubError):
    """No answer from the server (or it went away): nothing was lost, try again later."""


def is_hub_url(text: str) -> bool:
    """True for ``postgresql://…`` (or ``postgres://…``) addresses."""
    return text.startswith(("postgresql://", "postgres://"))


def shown(url: str) -> str:
    """The address with any password hidden, for messages and the status bar."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def connect(url: str, *, autocommit: bool = False) -> Conn:
    """A connection to the hub, or ``HubUnreachable`` saying why not."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise HubUnreachable(f"{shown(url)}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@dataclass(frozen=True)
class HubInfo:
    """The hub's identity and the team's settings."""

    uid: str
    overlap: int
    queue: int
    reissue_hours: float
    schema_version: int
    schema: LabelSchema


def read_info(conn: Conn) -> HubInfo:
    """What the hub says about itself (``HubError`` if it is not a hub)."""
    try:
        rows: dict[str, str] = dict(conn.execute("SELECT key, value FROM hub_meta").fetchall())
        version, toml = conn.execute(
            "SELECT version, schema_toml FROM schema_history ORDER BY version DESC LIMIT 1"
        ).fetchone() or (0, "")
    except psycopg.errors.UndefinedTable as exc:
        raise HubError(
            "that database is not an Annotator hub (create one with `annotator team create`)"
        ) from exc
    return HubInfo(
        uid=str(rows["uid"]),
        overlap=int(rows["overlap"]),
        queue=int(rows["queue"]),
        reissue_hours=float(str(rows["reissue_hours"])),
        schema_version=int(version),
        schema=parse_schema(str(toml)),
    )


def _ensure_database(url: str) -> None:
    """Create the URL's database when the server has none of that name."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = str(info.get("dbname") or "")
    if not name:
        return
    maintenance = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with connect(maintenance, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def create_hub(
    url: str,
    schema: LabelSchema,
    *,
    overlap: int = DEFAULT_OVERLAP,
    queue: int = DEFAULT_QUEUE,
    reissue_hours: float = DEFAULT_REISSUE_HOURS,
) -> HubInfo:
    """Create the hub's tables (and its database, if missing); refuse an existing hub."""
    if overlap < 1 or queue < 1 or reissue_hours <= 0:
        raise HubError("overlap and queue must be at least 1, and the re-issue time positive")
    try:
        _ensure_database(url)
    except psycopg.Error as exc:
        raise HubError(f"{shown(url)}: cannot create the database: {_first_line(exc)}") from exc
    with connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('hub_meta')").fetchone()
        if exists is not None and exists[0] is not None:
            raise HubError(f"{shown(url)} is already a hub; `annotator team status` shows it")
        conn.execute(DDL)
        settings = {
            "uid": uuid.uuid4().hex,
            "hub_version": str(HUB_VERSION),
            "overlap": str(overlap),
            "queue": str(queue),
            "reissue_hours": str(reissue_hours),
        }
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO hub_meta (key, value) VALUES (%s, %s)", list(settings.items())
            )
        conn.execute(
            "INSERT INTO schema_history (version, schema_toml, renames) VALUES (1, %s, %s::jsonb)",
            [schema.source, json.dumps({})],
        )
        conn.commit()
        return read_info(conn)


def set_schema(conn: Conn, schema: LabelSchema, renames: dict[str, str]) -> int:
    """Record a new label schema on the hub; every project takes it at its next sync."""
    with conn.transaction():
        conn.execute("LOCK TABLE schema_history IN EXCLUSIVE MODE")
        row = conn.execute("SELECT max(version) FROM schema_history").fetchone()
        version = int(row[0] if row else 0) + 1
        conn.execute(
            "INSERT INTO schema_history (version, schema_toml, renames) VALUES (%s, %s, %s::jsonb)",
            [version, schema.source, json.dumps(renames)],
        )
    return version
