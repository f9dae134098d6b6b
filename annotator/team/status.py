"""What the hub holds: documents, assignments and progress per annotator."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.team.hub import Conn, read_info

_PEOPLE = """
SELECT a.name, a.role,
       count(g.doc_id) AS assigned,
       count(l.doc_id) FILTER (WHERE l.status = 'in progress') AS in_progress,
       count(l.doc_id) FILTER (WHERE l.status = 'done') AS done,
       count(l.doc_id) FILTER (WHERE l.status = 'skipped') AS skipped,
       to_char(a.last_sync AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_sync
FROM annotators a
LEFT JOIN assignments g ON g.annotator_id = a.id
LEFT JOIN layers l ON l.doc_id = g.doc_id AND l.annotator_id = a.id
GROUP BY a.id ORDER BY a.role, a.name
"""

_DOCUMENTS = """
SELECT count(*),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assignments g WHERE g.doc_id = d.id)),
       count(*) FILTER (WHERE (SELECT count(*) FROM layers l JOIN annotators a
                                ON a.id = l.annotator_id AND a.role = 'annotator'
                                WHERE l.doc_id = d.id AND l.status = 'done') >= %s)
FROM documents d
"""


@dataclass
class AnnotatorProgress:
    name: str
    role: str
    assigned: int
    in_progress: int
    done: int
    skipped: int
    last_sync: str | None


@dataclass
class HubStatus:
    """The team at a glance (``annotator team status``)."""

    overlap: int
    queue: int
    reissue_hours: float
    schema_version: int
    documents: int
    assigned: int  # documents given to at least one person
    complete: int  # documents done by `overlap` annotators
    annotators: list[AnnotatorProgress] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        head = [
            f"{self.documents:,} documents, {self.assigned:,} given out, {self.complete:,} done "
            f"by {self.overlap} annotator{'s' if self.overlap != 1 else ''} "
            f"(overlap {self.overlap}, queue {self.queue}, re-issued after "
            f"{self.reissue_hours:g} h, schema version {self.schema_version})",
            f"{'name':<20} {'role':<9} {'assigned':>8} {'working':>8} {'done':>6} "
            f"{'skipped':>7}  last sync",
        ]
        return head + [
            f"{p.name:<20} {p.role:<9} {p.assigned:>8} {p.in_progress:>8} {p.done:>6} "
            f"{p.skipped:>7}  {p.last_sync or 'never'}"
            for p in self.annotators
        ]


def hub_status(conn: Conn) -> HubStatus:
    """Documents, assignments and each annotator's progress on the hub."""
    info = read_info(conn)
    row = conn.execute(_DOCUMENTS, [info.overlap]).fetchone()
    assert row is not None
    people = [
        AnnotatorProgress(str(name), str(role), int(n), int(w), int(d), int(s), sync)
        for name, role, n, w, d, s, sync in conn.execute(_PEOPLE).fetchall()
    ]
    return HubStatus(
        overlap=info.overlap,
        queue=info.queue,
        reissue_hours=info.reissue_hours,
        schema_version=info.schema_version,
        documents=int(row[0]),
        assigned=int(row[1]),
        complete=int(row[2]),
        annotators=people,
    )
