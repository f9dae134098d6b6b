"""Pushing a project's own layer to the hub: the documents its outbox names, whole.

Each batch is one hub transaction: the layers of those documents are deleted and written
again (``COPY``), so a batch lands whole or not at all, and pushing it twice leaves the
hub as pushing it once did. Only after the hub committed are the notes cleared, each only
if the document did not change again meanwhile; a kill between the two pushes the batch
again next time, which changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.store.db import now, project_uid
from annotator.store.team_link import TeamLink, clear_outbox, hashes, outbox, read_layers
from annotator.team.hub import Conn, HubError

BATCH = 200  # documents a hub transaction: about 12,000 spans of a busy annotator


@dataclass
class Pushed:
    """What a push sent."""

    documents: int = 0
    spans: int = 0
    not_on_hub: int = 0  # documents only this project has (the hub never gave them out)


def check_owner(conn: Conn, link: TeamLink, uid: str) -> None:
    """Refuse to push a layer that another project now pushes (joined again elsewhere)."""
    row = conn.execute(
        "SELECT project_uid FROM annotators WHERE id = %s FOR SHARE", [link.hub_annotator_id]
    ).fetchone()
    if row is None:
        raise HubError(f"the hub no longer knows {link.name}; join the team again")
    if row[0] != uid:
        raise HubError(
            f"{link.name} joined this hub from another project since; this copy no longer "
            "sends its work (open the other project, or join again here to take over)"
        )


def _hub_ids(conn: Conn, local: dict[int, str]) -> dict[int, int]:
    """Local document id -> hub document id, for the documents the hub has."""
    found: dict[str, int] = dict(
        conn.execute(
            "SELECT hash, id FROM documents WHERE hash = ANY(%s)", [list(local.values())]
        ).fetchall()
    )
    return {doc: int(found[digest]) for doc, digest in local.items() if digest in found}


_COPY_SPANS = (
    "COPY spans (key, doc_id, annotator_id, layer, label, char_start, char_end, origin, "
    "attrs, created_at) FROM STDIN"
)
_COPY_RELATIONS = (
    "COPY relations (key, doc_id, annotator_id, label, head, child, attrs, created_at) FROM STDIN"
)
_COPY_FIELDS = "COPY doc_fields (doc_id, annotator_id, name, value, updated_at) FROM STDIN"


def _push_batch(
    conn: Conn,
    db: Database,
    link: TeamLink,
    notes: Sequence[tuple[int, int]],
) -> Pushed:
    who = link.hub_annotator_id
    doc_ids = [doc for doc, _seq in notes]
    rows = read_layers(db, link.annotator_id, doc_ids)
    seqs = dict(notes)
    with conn.transaction():
        check_owner(conn, link, project_uid(db))
        hub = _hub_ids(conn, hashes(db, doc_ids))
        conn.execute(
            "DELETE FROM layers WHERE annotator_id = %s AND doc_id = ANY(%s)",
            [who, list(hub.values())],
        )
        states = {int(r[0]): r[1:] for r in rows.states}
        stamp = now()
        with conn.cursor().copy(
            "COPY layers (doc_id, annotator_id, status, seeded, updated_at, version) FROM STDIN"
        ) as copy:
            for doc, hub_doc in hub.items():
                status, seeded, updated = states.get(doc, ("todo", 0, stamp))
                copy.write_row((hub_doc, who, status, seeded, updated, seqs[doc]))
        # Spans and relations rows start (key, local document, ...), fields (document, ...).
        for statement, table_rows, at in (
            (_COPY_SPANS, rows.spans, 1),
            (_COPY_RELATIONS, rows.relations, 1),
            (_COPY_FIELDS, rows.fields, 0),
        ):
            with conn.cursor().copy(statement) as copy:
                for row in table_rows:
                    if row[at] in hub:
                        copy.write_row((*row[:at], hub[row[at]], who, *row[at + 1 :]))
    clear_outbox(db, notes)
    return Pushed(len(hub), sum(1 for r in rows.spans if r[1] in hub), len(doc_ids) - len(hub))


def push(
    conn: Conn,
    db: Database,
    link: TeamLink,
    control: Control | None = None,
) -> Pushed:
    """Send every noted document's layer to the hub, a batch a transaction."""
    control = control or Control()
    notes = outbox(db)
    done = Pushed()
    for start in range(0, len(notes), BATCH):
        control.check()
        control.progress(start, len(notes), f"Sending {len(notes) - start} documents to the hub")
        sent = _push_batch(conn, db, link, notes[start : start + BATCH])
        done.documents += sent.documents
        done.spans += sent.spans
        done.not_on_hub += sent.not_on_hub
    return done
