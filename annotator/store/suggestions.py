"""Suggestions: the rule-based suggesters' spans, kept apart until a person decides.

They are stored as the spans and relations of a ``suggester`` annotator. A person's
decision is a row in ``suggestion_decisions``; accepting copies the suggestion, the
spans it links to and its links into that person's layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation, Span
from annotator.core.suggestions import Proposal, offered
from annotator.store.annotations import add_spans, spans_of
from annotator.store.annotators import ensure_annotator
from annotator.store.db import CHANGED_ELSEWHERE, Gone, now, transaction
from annotator.store.relations import insert_relation, insert_relations, relations_of

SUGGESTER = "rules"


def suggester_id(db: Database, name: str = SUGGESTER) -> int:
    """The annotator whose spans are ``name``'s suggestions (the rules, by default)."""
    return ensure_annotator(db, name, kind="suggester")


def store_proposal(
    db: Database, doc_id: int, proposal: Proposal, suggester: str = SUGGESTER
) -> None:
    """Replace a document's suggestions from ``suggester``, in the caller's transaction.

    Decisions about the old suggestions go with them: the suggestions may have changed.
    Other suggesters' suggestions stay (a model's predictions imported with the document
    are not replaced when the rules run).
    """
    who = suggester_id(db, suggester)
    db.execute("DELETE FROM spans WHERE doc_id = ? AND annotator_id = ?", [doc_id, who])
    add_spans(db, doc_id, who, proposal.spans)
    # The document has no other suggester spans now, and new rows take ids in the order
    # they go in: its spans in id order are the proposal's, in order.
    ids = [
        int(row[0])
        for row in db.execute(
            "SELECT id FROM spans WHERE doc_id = ? AND annotator_id = ? ORDER BY id", [doc_id, who]
        )
    ]
    assert len(ids) == len(proposal.spans)
    db.conn.executemany(
        "INSERT INTO suggestion_scores (span_id, score) VALUES (?, ?)",
        [(ids[index], min(1.0, max(0.0, score))) for index, score in proposal.scores.items()],
    )
    insert_relations(
        db,
        doc_id,
        who,
        [Relation(ids[r.head], ids[r.child], r.label, r.attrs) for r in proposal.relations],
    )


MODEL_PREFIX = "model "


def store_model_proposal(db: Database, doc_id: int, proposal: Proposal, suggester: str) -> None:
    """Replace a document's trained-model suggestions with ``proposal`` from ``suggester``.

    Earlier models' suggestions go (a newer model replaces them), but what people
    rejected stays rejected: a new suggestion over the same words with the same label
    carries the old rejection over. In the caller's transaction.
    """
    rejected = db.execute(
        "SELECT s.char_start, s.char_end, s.label, d.annotator_id FROM spans s "
        "JOIN annotators a ON a.id = s.annotator_id "
        "JOIN suggestion_decisions d ON d.span_id = s.id "
        "WHERE s.doc_id = ? AND a.kind = 'suggester' AND a.name LIKE ? AND d.decision = 'reject'",
        [doc_id, MODEL_PREFIX + "%"],
    ).fetchall()
    db.execute(
        "DELETE FROM spans WHERE doc_id = ? AND annotator_id IN (SELECT id FROM annotators "
        "WHERE kind = 'suggester' AND name LIKE ? AND name <> ?)",
        [doc_id, MODEL_PREFIX + "%", suggester],
    )
    store_proposal(db, doc_id, proposal, suggester)
    if rejected:
        who = suggester_id(db, suggester)
        ids = {
            (int(r[1]), int(r[2]), str(r[3])): int(r[0])
            for r in db.execute(
                "SELECT id, char_start, char_end, label FROM spans "
                "WHERE doc_id = ? AND annotator_id = ?",
                [doc_id, who],
            )
        }
        for start, end, label, person in rejected:
            if (start, end, label) in ids:
                _decide(db, [ids[(start, end, label)]], int(person), "reject")


def forget_suggester(db: Database, name: str) -> int:
    """Remove a suggester and every suggestion it made (a deleted model's); returns how many."""
    with transaction(db):
        count = db.execute(
            "SELECT count(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.kind = 'suggester' AND a.name = ?",
            [name],
        ).fetchone()[0]
        db.execute("DELETE FROM annotators WHERE kind = 'suggester' AND name = ?", [name])
    return int(count)


@dataclass(frozen=True)
class Suggested:
    """A document's suggestions, and which of them one annotator has decided on."""

    spans: list[Span]
    relations: list[Relation]
    decided: set[int]
    scores: dict[int, float] = field(default_factory=dict)  # span id -> a model's confidence

    def pending(self, have: set[tuple[int, int, str]], min_score: float = 0.0) -> list[Span]:
        """Undecided suggestions, leaving out those the annotator made already (``have``)
        and a model's below ``min_score`` (the rules' have no score); where the model and
        the rules propose one label over the same words, one is offered (``offered``)."""
        candidates = [
            s
            for s in self.spans
            if s.id not in self.decided
            and (s.start, s.end, s.label) not in have
            and (s.id not in self.scores or self.scores[s.id] >= min_score)
        ]
        model = [s for s in candidates if s.id in self.scores]
        if not model:
            return candidates
        kept = {id(s) for s in offered(model, [s for s in candidates if s.id not in self.scores])}
        return [s for s in candidates if id(s) in kept]


def suggested(db: Database, doc_id: int, annotator_id: int) -> Suggested:
    """All of a document's suggestions, with the annotator's decisions."""
    # Reading never adds the suggester: a read-only project must open too.
    suggesters = [
        int(row[0])
        for row in db.execute("SELECT id FROM annotators WHERE kind = 'suggester' ORDER BY id")
    ]
    if not suggesters:
        return Suggested([], [], set())
    decided = {
        row[0]
        for row in db.execute(
            "SELECT d.span_id FROM suggestion_decisions d JOIN spans s ON s.id = d.span_id "
            "WHERE s.doc_id = ? AND d.annotator_id = ?",
            [doc_id, annotator_id],
        )
    }
    spans = [span for who in suggesters for span in spans_of(db, doc_id, who)]
    relations = [link for who in suggesters for link in relations_of(db, doc_id, who)]
    scores = {
        int(span_id): float(score)
        for span_id, score in db.execute(
            "SELECT c.span_id, c.score FROM suggestion_scores c JOIN spans s ON s.id = c.span_id "
            "WHERE s.doc_id = ?",
            [doc_id],
        )
    }
    return Suggested(spans, relations, decided, scores)


@dataclass(frozen=True)
class Accepted:
    """What accepting a suggestion wrote, so that undo can take exactly that back."""

    decided: tuple[int, ...]  # suggestion span ids
    spans: tuple[Span, ...]  # spans created in the person's layer
    relations: tuple[Relation, ...]  # relations created in the person's layer


def _decide(db: Database, span_ids: list[int], annotator_id: int, decision: str) -> None:
    for span_id in span_ids:
        db.execute(
            "INSERT INTO suggestion_decisions (span_id, annotator_id, decision, decided_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET decision = excluded.decision",
            [span_id, annotator_id, decision, now()],
        )


def accept(
    db: Database,
    doc_id: int,
    annotator_id: int,
    span_id: int,
    link_defaults: Callable[[str], dict[str, Any]] = lambda _: {},
) -> Accepted:
    """Copy a suggestion with the spans it links to and the links into a person's layer.

    A span the person already has (same offsets and label) is linked, not copied. A link
    gets the schema's defaults (``link_defaults``) for what the suggester left unset, as
    one made by hand would.
    """
    # The suggester that proposed it (the rules, or a model's imported predictions).
    row = db.execute(
        "SELECT annotator_id FROM spans WHERE id = ? AND doc_id = ?", [span_id, doc_id]
    ).fetchone()
    if row is None:
        raise Gone(f"the suggestion is not there any more: {CHANGED_ELSEWHERE}")
    who = int(row[0])
    suggested = {s.id: s for s in spans_of(db, doc_id, who)}
    links = [r for r in relations_of(db, doc_id, who) if r.head == span_id]
    group = [span_id, *(r.child for r in links if r.child in suggested)]
    mine = {(s.start, s.end, s.label): s.id for s in spans_of(db, doc_id, annotator_id)}
    existing = {(r.head, r.child, r.label) for r in relations_of(db, doc_id, annotator_id)}
    created: list[Span] = []
    made_links: list[Relation] = []
    with transaction(db):
        copy_of: dict[int, int] = {}
        for sid in group:
            source = suggested[sid]
            key = (source.start, source.end, source.label)
            if key not in mine:
                span = Span(
                    source.start,
                    source.end,
                    source.label,
                    source.layer,
                    source.origin,  # the suggester's: the rules (or a trained model)
                    dict(source.attrs),
                )
                add_spans(db, doc_id, annotator_id, [span])
                new_id = int(db.execute("SELECT last_insert_rowid()").fetchone()[0])
                mine[key] = new_id
                created.append(
                    Span(
                        span.start,
                        span.end,
                        span.label,
                        span.layer,
                        span.origin,
                        span.attrs,
                        new_id,
                        doc_id,
                        annotator_id,
                    )
                )
            copy_of[sid] = mine[key]  # type: ignore[assignment]
        for link in links:
            if link.child not in copy_of:
                continue
            head, child = copy_of[link.head], copy_of[link.child]
            if (head, child, link.label) not in existing:
                attrs = {**link_defaults(link.label), **link.attrs}
                relation = Relation(head, child, link.label, attrs)
                new_id = insert_relation(db, doc_id, annotator_id, relation)
                made_links.append(Relation(head, child, link.label, dict(attrs), new_id))
        _decide(db, group, annotator_id, "accept")
    return Accepted(tuple(group), tuple(created), tuple(made_links))


def revert_accept(db: Database, annotator_id: int, accepted: Accepted) -> None:
    """Undo an accept: remove what it created and forget the decisions."""
    with transaction(db):
        for relation in accepted.relations:
            db.execute("DELETE FROM relations WHERE id = ?", [relation.id])
        for span in accepted.spans:
            db.execute("DELETE FROM spans WHERE id = ?", [span.id])
        forget(db, list(accepted.decided), annotator_id)


def reject(db: Database, annotator_id: int, span_ids: list[int]) -> None:
    with transaction(db):
        _decide(db, span_ids, annotator_id, "reject")


def forget(db: Database, span_ids: list[int], annotator_id: int) -> None:
    """Take decisions back (undo of a reject)."""
    with transaction(db):
        for span_id in span_ids:
            db.execute(
                "DELETE FROM suggestion_decisions WHERE span_id = ? AND annotator_id = ?",
                [span_id, annotator_id],
            )
