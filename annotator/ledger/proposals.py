"""Which event a report is about, proposed from the reports already placed in events.

A report is proposed an event when it names a place that event's reports name (the
entities GPE, LOC and FAC, anyone's layer or the model's), and either its date is within
``DAYS`` of one of theirs or it reports the same casualty outcome; the person confirms or
corrects it. The reasons come with the proposal, in words.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import orjson
from sqlite_utils import Database

from annotator.ledger.reading import events_of, parse_date

DAYS = 3
PLACES = ("GPE", "LOC", "FAC")


@dataclass
class Proposal:
    event: str
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Profile:
    places: set[str] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)


def _profiles(db: Database, doc_ids: list[int] | None) -> dict[int, _Profile]:
    """Places, date and casualty outcomes of documents (all, or ``doc_ids``)."""
    where, args = (
        ("", [])
        if doc_ids is None
        else (f" AND s.doc_id IN ({','.join('?' * len(doc_ids))})", list(doc_ids))
    )
    found: dict[int, _Profile] = defaultdict(_Profile)
    for doc_id, label, text, attrs in db.execute(
        "SELECT s.doc_id, s.label, substr(d.text, s.char_start + 1, s.char_end - s.char_start), "
        "s.attrs FROM spans s JOIN documents d ON d.id = s.doc_id "
        f"WHERE s.label IN ('GPE', 'LOC', 'FAC', 'CASUALTY'){where}",
        args,
    ):
        profile = found[int(doc_id)]
        if label == "CASUALTY":
            outcome = orjson.loads(attrs).get("outcome")
            if isinstance(outcome, str):
                profile.outcomes.add(outcome)
        else:
            profile.places.add(" ".join(str(text).lower().removeprefix("the ").split()))
    rows = (
        db.execute("SELECT id, meta FROM documents").fetchall()
        if doc_ids is None
        else [
            db.execute("SELECT id, meta FROM documents WHERE id = ?", [d]).fetchone()
            for d in doc_ids
        ]
    )
    for doc_id, meta in rows:
        data = orjson.loads(meta or "{}")
        date = parse_date(data.get("date")) if isinstance(data, dict) else None
        if date is not None:
            found[int(doc_id)].dates.add(date)
    return found


def events_by_document(db: Database) -> dict[int, tuple[str, ...]]:
    """The events each document was placed in, by anyone."""
    placed: dict[int, set[str]] = defaultdict(set)
    for doc_id, value in db.execute("SELECT doc_id, value FROM doc_fields WHERE name = 'event'"):
        placed[int(doc_id)].update(events_of(value))
    return {doc: tuple(sorted(names)) for doc, names in placed.items() if names}


def propose_event(db: Database, doc_id: int) -> Proposal | None:
    """The event the document most likely belongs to, with the reasons; None if none fits."""
    placed = events_by_document(db)
    members: dict[str, list[int]] = defaultdict(list)
    for other, names in placed.items():
        if other != doc_id:
            for name in names:
                members[name].append(other)
    if not members:
        return None
    mine = _profiles(db, [doc_id]).get(doc_id, _Profile())
    placed_ids = sorted({d for ds in members.values() for d in ds})
    # Past a few hundred, every document at once: one scan instead of a huge IN (...).
    profiles = _profiles(db, placed_ids if len(placed_ids) <= 500 else None)
    best: Proposal | None = None
    for name, docs in sorted(members.items()):
        theirs = _Profile()
        for other in docs:
            profile = profiles.get(other, _Profile())
            theirs.places |= profile.places
            theirs.dates |= profile.dates
            theirs.outcomes |= profile.outcomes
        proposal = _compare(name, mine, theirs)
        if proposal is not None and (best is None or proposal.score > best.score):
            best = proposal
    return best


def _compare(name: str, mine: _Profile, theirs: _Profile) -> Proposal | None:
    shared = sorted(mine.places & theirs.places)
    if not shared:
        return None
    reasons = [f"names {', '.join(shared[:3])}"]
    score = 2 * len(shared)
    gaps = [abs((a - b).days) for a in mine.dates for b in theirs.dates]
    if gaps and min(gaps) <= DAYS:
        score += 2
        reasons.append(f"{min(gaps)} day{'s' if min(gaps) != 1 else ''} apart")
    outcomes = sorted(mine.outcomes & theirs.outcomes)
    if outcomes:
        score += 1
        reasons.append(f"both report people {', '.join(outcomes)}")
    return Proposal(name, score, reasons) if len(reasons) > 1 else None
