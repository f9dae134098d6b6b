"""Four reports of one invented event, as the ledger's tests and the guide's screenshot use.

The Orvan valley offensive, reported by four outlets over four days: a chief minister's
toll of militants, revised upward; a provincial government's parts that do not add up to
its total; a hospital's count that includes civilians; witnesses' count of civilians that
differs from officials'; a neighbouring government's denial; one report without a date.
Each figure is marked with its attributes and linked to its source, as an analyst would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation, Span, Status, text_hash
from annotator.store.annotations import add_span, set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.db import transaction
from annotator.store.documents import NewDocument, id_for_hash, insert_documents
from annotator.store.relations import add_relation, set_field

EVENT = "Orvan valley offensive"
LAYERS = {"CASUALTY": "casualty", "CLAIM": "claim", "SOURCE": "attribution"}


@dataclass
class Mark:
    phrase: str
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the SOURCE phrase it is attributed to
    part_of: tuple[str, str] | None = None  # (the total's phrase, 'part' or 'included')


@dataclass
class Article:
    title: str
    text: str
    meta: dict[str, Any]
    marks: list[Mark]


def _killed(victims: str, **counts: Any) -> dict[str, Any]:
    return {"outcome": "killed", "victims": victims, **counts}


ARTICLES = [
    Article(
        "Offensive in Orvan valley kills 145 militants, minister says",
        "Security forces killed 145 militants in the Orvan valley, the chief minister said "
        "on Saturday. Officials said at least 12 civilians were also killed in the fighting.",
        {"outlet": "Meridian Wire", "date": "2026-03-14"},
        [
            Mark("the chief minister", "SOURCE", {"kind": "government"}),
            Mark("Officials", "SOURCE", {"kind": "anonymous official"}),
            Mark(
                "145 militants",
                "CASUALTY",
                _killed("armed group", best=145, qualifier="exact", scope="cumulative"),
                "the chief minister",
            ),
            Mark(
                "at least 12 civilians",
                "CASUALTY",
                _killed("civilian", min=12, qualifier="at least"),
                "Officials",
            ),
        ],
    ),
    Article(
        "Orvan toll: provincial figures and hospital count",
        "The provincial government said 92 militants were killed on Saturday and another 41 "
        "on Friday, bringing the toll to 145. A hospital official said nearly 50 people were "
        "dead, including 31 civilians.",
        {"outlet": "Daily Kestrel", "date": "2026-03-15T09:30:00"},
        [
            Mark("The provincial government", "SOURCE", {"kind": "government"}),
            Mark("A hospital official", "SOURCE", {"kind": "medical"}),
            Mark(
                "the toll to 145",
                "CASUALTY",
                _killed("armed group", best=145, qualifier="exact", scope="cumulative"),
                "The provincial government",
            ),
            Mark(
                "92 militants",
                "CASUALTY",
                _killed("armed group", best=92, scope="incident"),
                "The provincial government",
                ("the toll to 145", "part"),
            ),
            Mark(
                "another 41",
                "CASUALTY",
                _killed("armed group", best=41, scope="incident"),
                "The provincial government",
                ("the toll to 145", "part"),
            ),
            Mark(
                "nearly 50 people",
                "CASUALTY",
                _killed("mixed", best=50, qualifier="approx"),
                "A hospital official",
            ),
            Mark(
                "31 civilians",
                "CASUALTY",
                _killed("civilian", best=31),
                "A hospital official",
                ("nearly 50 people", "included"),
            ),
        ],
    ),
    Article(
        "Minister raises Orvan toll; Kestrel denies role",
        "The chief minister revised the toll to 160 militants killed. The Kestrel government "
        "denied that its forces took part in the operation.",
        {"site_name": "Valdoria Times", "date": "2026-03-16"},
        [
            Mark("The chief minister", "SOURCE", {"kind": "government"}),
            Mark("The Kestrel government", "SOURCE", {"kind": "government"}),
            Mark(
                "160 militants",
                "CASUALTY",
                _killed("armed group", best=160, scope="cumulative"),
                "The chief minister",
            ),
            Mark(
                "its forces took part in the operation",
                "CLAIM",
                {"type": "event", "modality": "denied"},
                "The Kestrel government",
            ),
        ],
    ),
    Article(
        "Witnesses describe Orvan raid",
        "Witnesses said 20 civilians were killed and 35 injured when the raid began.",
        {"outlet": "Orvan Radio"},
        [
            Mark("Witnesses", "SOURCE", {"kind": "witness"}),
            Mark("20 civilians", "CASUALTY", _killed("civilian", best=20), "Witnesses"),
            Mark(
                "35 injured",
                "CASUALTY",
                {"outcome": "injured", "victims": "civilian", "best": 35},
                "Witnesses",
            ),
        ],
    ),
]


def write_reports(db: Database, annotator: str = "analyst", *, event: str = EVENT) -> list[int]:
    """The four reports in the project, marked by ``annotator``; their document ids."""
    who = ensure_annotator(db, annotator)
    with transaction(db):
        insert_documents(db, [NewDocument(a.title, a.text, a.meta) for a in ARTICLES])
        ids = [id_for_hash(db, text_hash(a.text)) for a in ARTICLES]
        for doc_id, article in zip(ids, ARTICLES, strict=True):
            assert doc_id is not None
            _mark(db, doc_id, who, article)
            set_field(db, doc_id, who, "event", event)
            set_status(db, doc_id, who, Status.DONE)
    return [i for i in ids if i is not None]


def _mark(db: Database, doc_id: int, who: int, article: Article) -> None:
    spans: dict[str, int] = {}
    for mark in article.marks:
        start = article.text.index(mark.phrase)
        span = Span(
            start, start + len(mark.phrase), mark.label, LAYERS[mark.label], attrs=mark.attrs
        )
        stored = add_span(db, doc_id, who, span)
        assert stored.id is not None
        spans[mark.phrase] = stored.id
    for mark in article.marks:
        if mark.source:
            add_relation(
                db, doc_id, who, Relation(spans[mark.phrase], spans[mark.source], "ATTRIBUTED_TO")
            )
        if mark.part_of:
            total, kind = mark.part_of
            add_relation(
                db,
                doc_id,
                who,
                Relation(spans[mark.phrase], spans[total], "SUBSET_OF", {"kind": kind}),
            )
