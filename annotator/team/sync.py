"""One sync of a linked project with its hub: schema, push, work, pull.

Order matters: the hub's schema changes are applied first (so what is pushed uses the
new labels), then this project's changes go up, then new work (an annotator) or the
annotators' new layers (a reviewer) come down. Every step is idempotent and resumable:
a sync cut off anywhere is simply run again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from sqlite_utils import Database

from annotator.core.control import Cancelled, Control
from annotator.core.schema_toml import parse_schema
from annotator.store.db import transaction
from annotator.store.documents import count_documents
from annotator.store.schema_change import apply_change, plan_change
from annotator.store.team_link import TeamLink, read_link, record_sync, waiting
from annotator.team.assignment import assigned_hashes, take_work
from annotator.team.hub import Conn, HubError, HubUnreachable, connect, read_info, shown
from annotator.team.pull import pull_documents, pull_layers
from annotator.team.push import Pushed, push


@dataclass
class SyncReport:
    """What one sync did."""

    pushed: Pushed = field(default_factory=Pushed)
    given: int = 0  # documents newly assigned to this annotator
    received: int = 0  # documents copied here
    layers: int = 0  # annotators' layers copied (a reviewer)
    schema_version: int = 0
    waiting: int = 0  # documents with changes still to push (made during the sync)

    def summary(self) -> str:
        parts = [f"sent {self.pushed.documents} documents ({self.pushed.spans} spans)"]
        if self.given or self.received:
            parts.append(f"{self.given} new assignments, {self.received} documents received")
        if self.layers:
            parts.append(f"{self.layers} annotators' layers received")
        if self.pushed.not_on_hub:
            parts.append(f"{self.pushed.not_on_hub} documents are not on the hub (kept here)")
        if self.waiting:
            parts.append(f"{self.waiting} documents changed during the sync (sent next time)")
        return "; ".join(parts)


def linked(db: Database) -> TeamLink:
    """The project's link, or ``HubError`` for a project that is no team's."""
    link = read_link(db)
    if link is None:
        raise HubError("this project is not part of a team (join one with `annotator team join`)")
    return link


def pull_schema(conn: Conn, db: Database, link: TeamLink) -> int:
    """Apply the hub's schema changes this project has not seen; the version now held.

    Each step is applied with its version in one transaction, so a sync cut off between
    steps resumes at the next one. Every project applies the same steps with the same
    renames, so the layers pushed afterwards agree. Annotations whose label the new schema
    dropped are kept: nobody's work is deleted by a change made elsewhere.
    """
    rows = conn.execute(
        "SELECT version, schema_toml, renames FROM schema_history WHERE version > %s "
        "ORDER BY version",
        [link.schema_version],
    ).fetchall()
    version = link.schema_version
    for number, toml, renames in rows:
        change = plan_change(db, parse_schema(str(toml)), dict(renames))
        version = int(number)
        with transaction(db):
            apply_change(db, change, orphans="keep")
            record_sync(db, error=None, schema_version=version)
    return version


def _exchange(conn: Conn, db: Database, link: TeamLink, control: Control) -> SyncReport:
    info = read_info(conn)
    if info.uid != link.hub_uid:
        raise HubError(f"{shown(link.hub)} is not the hub this project joined")
    report = SyncReport(schema_version=pull_schema(conn, db, link))
    report.pushed = push(conn, db, link, control)
    if link.role == "annotator":
        report.given = take_work(conn, link.hub_annotator_id, info)
        before = count_documents(db)
        pull_documents(conn, db, assigned_hashes(conn, link.hub_annotator_id), control)
        report.received = count_documents(db) - before
    else:
        report.layers = pull_layers(conn, db, link, control)
    conn.execute("UPDATE annotators SET last_sync = now() WHERE id = %s", [link.hub_annotator_id])
    return report


def sync(db: Database, control: Control | None = None) -> SyncReport:
    """Sync the project with its hub; ``HubError`` (or ``HubUnreachable``) if it could not.

    The outcome is noted in the project (when it last succeeded, or since when it fails),
    which is what the window's status bar shows.
    """
    control = control or Control()
    link = linked(db)
    try:
        with connect(link.hub, autocommit=True) as conn:
            report = _exchange(conn, db, link, control)
    except Cancelled:
        raise
    except psycopg.OperationalError as exc:
        # The server went away or the connection dropped: whatever was committed on both
        # sides stays, the rest is sent again next time.
        problem: HubError = HubUnreachable(f"{shown(link.hub)}: {exc}".splitlines()[0])
        record_sync(db, error=str(problem))
        raise problem from exc
    except HubUnreachable as exc:
        record_sync(db, error=str(exc))
        raise
    except (HubError, psycopg.Error) as exc:
        record_sync(db, error=str(exc).splitlines()[0])
        raise exc if isinstance(exc, HubError) else HubError(str(exc)) from exc
    report.waiting = waiting(db)
    record_sync(db, error=None)
    return report
