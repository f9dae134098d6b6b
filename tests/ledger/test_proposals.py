"""A new report is proposed the event whose reports share its places, dates and outcomes."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.core.model import Span
from annotator.ledger.proposals import propose_event
from annotator.store.annotations import add_span
from annotator.store.annotators import ensure_annotator
from annotator.store.db import transaction
from annotator.store.documents import NewDocument, insert_documents
from tests.ledger.orvan import EVENT, write_reports


def _report(db: Database, text: str, date: str, places: list[str], killed: str | None) -> int:
    who = ensure_annotator(db, "analyst")
    with transaction(db):
        (doc_id,) = insert_documents(db, [NewDocument("New report", text, {"date": date})])
        assert doc_id is not None
        for place in places:
            at = text.index(place)
            add_span(db, doc_id, who, Span(at, at + len(place), "GPE", "ner"))
        if killed:
            at = text.index(killed)
            add_span(
                db,
                doc_id,
                who,
                Span(
                    at,
                    at + len(killed),
                    "CASUALTY",
                    "casualty",
                    attrs={"outcome": "killed", "best": 7},
                ),
            )
    return doc_id


def test_a_report_from_the_same_valley_days_later_is_proposed_the_event(db: Database) -> None:
    ids = write_reports(db)
    who = ensure_annotator(db, "analyst")
    text = db.execute("SELECT text FROM documents WHERE id = ?", [ids[0]]).fetchone()[0]
    at = text.index("Orvan valley")
    add_span(db, ids[0], who, Span(at, at + len("Orvan valley"), "GPE", "ner"))
    new = _report(
        db,
        "Fresh clashes in the Orvan valley killed 7 people on Tuesday.",
        "2026-03-17",
        ["Orvan valley"],
        "7 people",
    )
    proposal = propose_event(db, new)
    assert proposal is not None
    assert proposal.event == EVENT
    assert proposal.reasons == ["names orvan valley", "1 day apart", "both report people killed"]
    elsewhere = _report(db, "Floods in Tavrin closed the port.", "2026-03-15", ["Tavrin"], None)
    assert propose_event(db, elsewhere) is None
