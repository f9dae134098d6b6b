"""The ledger of four reports of one event: grouped, compared, coded by a stated rule."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.core.model import Span
from annotator.ledger.ledger import (
    NO_EVENT,
    as_json,
    build_ledger,
    entries_csv,
    event_json,
    summary_csv,
)
from annotator.ledger.reading import LedgerError
from annotator.review.gold import gold_annotator
from annotator.store.annotations import add_span
from annotator.store.annotators import ensure_annotator
from annotator.store.relations import set_field
from tests.ledger.orvan import EVENT, write_reports


def test_the_reports_of_an_event_come_together_in_date_order(db: Database) -> None:
    ids = write_reports(db)
    ledger = build_ledger(db)
    assert [e.name for e in ledger.events] == [EVENT]
    event = ledger.events[0]
    assert [r.doc_id for r in event.reports] == ids  # 14, 15, 16 March, then the undated
    assert [r.outlet for r in event.reports] == [
        "Meridian Wire",
        "Daily Kestrel",
        "Valdoria Times",
        "Orvan Radio",
    ]
    assert event.reports[-1].date is None
    groups = event.groups()
    assert [f.text for f in groups[("killed", "armed group")]] == [
        "145 militants",
        "92 militants",
        "another 41",
        "the toll to 145",
        "160 militants",
    ]
    first = groups[("killed", "armed group")][0]
    assert first.source is not None
    assert first.source.kind == "government"
    assert first.sentence.startswith("Security forces killed 145 militants")


def test_every_disagreement_is_marked(db: Database) -> None:
    write_reports(db)
    found = {(d.kind, d.victims): d.message for d in build_ledger(db).events[0].disagreements}
    assert "the chief minister revised the count: 145 → 160" in found[("revised", "armed group")]
    assert found[("counts differ", "armed group")] == (
        "sources give different counts (The chief minister: 160; The provincial government: 145)"
    )
    assert "Officials: 12" in found[("counts differ", "civilian")]
    assert "Witnesses: 20" in found[("counts differ", "civilian")]
    assert found[("parts do not add up", "armed group")] == "92 + 41 = 133, but the total is 145"
    assert found[("denied", None)] == (
        "The Kestrel government denies: its forces took part in the operation"
    )
    # 31 civilians named inside a toll of 50 is consistent: no mark for it.
    assert ("parts do not add up", "mixed") not in found


def test_the_coded_summary_follows_the_stated_rule(db: Database) -> None:
    ids = write_reports(db)
    acled = build_ledger(db, rule="acled").events[0].summary
    # Per category, the lowest report: militants 145, civilians 12; 157 beats the mixed 50.
    deaths = acled["deaths"]
    assert (deaths.low, deaths.best, deaths.high) == (157, 157, 180)
    assert deaths.reports["high"] == [ids[2], ids[3]]  # 160 militants and 20 civilians
    assert (acled["injuries"].low, acled["injuries"].best) == (35, 35)
    ucdp = build_ledger(db, rule="ucdp").events[0].summary
    # Militants: the minister's latest 160 and the province's 145 → 152.5 → 152;
    # civilians: officials 12 and witnesses 20 → 16.
    assert ucdp["deaths"].best == 152 + 16


def test_json_has_the_documented_shape(db: Database) -> None:
    write_reports(db)
    data = as_json(build_ledger(db, event=EVENT))
    assert data["version"] == 1
    assert data["rule"]["name"] == "acled"
    assert "conservative" in data["rule"]["text"]
    event = data["events"][0]
    assert set(event) == {
        "event",
        "documents",
        "figures",
        "claims",
        "disagreements",
        "timeline",
        "summary",
    }
    assert event["documents"][-1] == {
        "doc_id": 4,
        "title": "Witnesses describe Orvan raid",
        "outlet": "Orvan Radio",
        "date": None,
        "undated": True,
    }
    figure = event["figures"][0]
    assert {k: figure[k] for k in ("text", "outcome", "victims", "best", "qualifier")} == {
        "text": "145 militants",
        "outcome": "killed",
        "victims": "armed group",
        "best": 145,
        "qualifier": "exact",
    }
    assert figure["source"] == {"text": "the chief minister", "kind": "government"}
    assert event["timeline"]["government"] == [
        ["2026-03-14", 145],
        ["2026-03-15", 145],
        ["2026-03-16", 160],
    ]
    assert event["summary"]["deaths"]["best"] == 157


def test_csv_rows_carry_their_disagreements(db: Database) -> None:
    write_reports(db)
    ledger = build_ledger(db)
    rows = entries_csv(ledger).splitlines()
    assert rows[0].startswith("event,entry,outlet,date,doc_id")
    denial = next(r for r in rows if "its forces took part" in r)
    assert denial.endswith(",denied")
    assert summary_csv(ledger).splitlines()[1].startswith(f"{EVENT},deaths,157,157,180,")


def test_gold_is_read_where_the_reviewer_made_it(db: Database) -> None:
    write_reports(db, "alice")
    write_reports(db, "bob")
    with pytest.raises(LedgerError, match="say whose work the ledger reads"):
        build_ledger(db)
    with pytest.raises(LedgerError, match="no annotator 'carol'"):
        build_ledger(db, annotator="carol")
    add_span(db, 1, gold_annotator(db), Span(0, 8, "SOURCE", "attribution"))
    ledger = build_ledger(db, annotator="alice")
    # Document 1 is read from gold now, which has no figures (nor event) yet.
    assert [e.name for e in ledger.events] == [EVENT, NO_EVENT]
    assert {f.doc_id for f in ledger.events[0].figures} == {2, 3, 4}
    assert ledger.events[1].figures == []


def test_the_readme_documents_the_json_shape(db: Database) -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    shape = readme[readme.index("## The claims ledger") :]
    shape = shape[: shape.index("`--csv` writes")]
    write_reports(db)
    event = as_json(build_ledger(db))["events"][0]
    for key in event:
        assert f'"{key}"' in shape, key
    for record in ("figures", "claims", "documents", "disagreements"):
        for key in event[record][0]:
            assert f'"{key}"' in shape, f"{record}.{key}"
    for key in event["summary"]["deaths"]:
        assert f'"{key}"' in shape, key


def test_the_collector_runs_again_after_the_ledger_even_when_it_fails(db: Database) -> None:
    import gc

    write_reports(db, "alice")
    write_reports(db, "bob")
    assert gc.isenabled()
    build_ledger(db, annotator="alice")
    assert gc.isenabled()
    with pytest.raises(LedgerError):
        build_ledger(db)
    assert gc.isenabled()
    gc.disable()  # someone else's pause is theirs to end
    try:
        build_ledger(db, annotator="bob")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_figures_source_and_total_are_found_without_visiting_the_links(
    db: Database,
) -> None:
    from annotator.ledger.reading import _ENTRIES

    plan = " | ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN " + _ENTRIES.format(people="?", documents=""), [1]
        )
    )
    # 140,000 lookups at 10,000 articles: the index answers them (migration 7); only a
    # total that is found is read from the table, for its kind (part or included).
    assert "att USING COVERING INDEX relations_by_head (head=? AND label=?)" in plan, plan
    assert "sub USING INDEX relations_by_head (head=? AND label=?)" in plan, plan


def test_one_events_ledger_is_that_event_of_the_whole_ledger(db: Database) -> None:
    ids = write_reports(db)
    set_field(db, ids[1], ensure_annotator(db, "analyst"), "event", "Kestrel ridge; " + EVENT)
    set_field(db, ids[3], ensure_annotator(db, "analyst"), "event", "Kestrel ridge")
    whole = {e.name: event_json(e) for e in build_ledger(db, rule="ucdp").events}
    assert sorted(whole) == ["Kestrel ridge", EVENT]
    for name, shown in whole.items():
        (alone,) = build_ledger(db, event=name, rule="ucdp").events
        assert event_json(alone) == shown, name  # read from its documents only
    assert build_ledger(db, event="Nowhere").events == []
