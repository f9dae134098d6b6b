"""The reviewer's actions on gold: auto-merge, accepting a version, rejecting a unit.

Each action is one transaction and returns a ``GoldEdit`` saying exactly what it changed,
so that undo can take that back and nothing else. The window's gold ``DocumentEditor``
must ``refresh()`` after an action: these functions write the database directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from annotator.core.model import Relation, Span, Status
from annotator.review.gold import (
    ReviewState,
    begin_review,
    compared_annotators,
    gold_annotator,
    rejections,
    restore_status,
    review_state,
    set_rejection,
)
from annotator.review.unit_attributes import agreed_version
from annotator.review.units import (
    UNDECIDED,
    SpanKey,
    Unit,
    UnitKind,
    UnitState,
    canonical,
    conflicts,
    document_units,
    span_key,
    unit_id,
)
from annotator.store import annotations as store
from annotator.store import relations as links
from annotator.store.db import now, transaction


def _in_order(unit: Unit, who: Sequence[int]) -> list[Any]:
    return [unit.versions[a] for a in who if a in unit.versions]


def _copy(span: Span) -> Span:
    """An annotator's span as a new gold span: the same place, label and attributes."""
    return Span(span.start, span.end, span.label, span.layer, span.origin, dict(span.attrs))


def _outvoted(unit: Unit, spans: list[Unit]) -> bool:
    # A conflicting span marked by other annotators with as many votes: a tie is the
    # reviewer's to break. Spans that the same people all marked (nested) do not compete.
    return any(
        conflicts(unit.span_key, other.span_key)
        and set(other.versions) != set(unit.versions)
        and len(other.versions) >= len(unit.versions)
        for other in spans
    )


def auto_merge(
    db: Database,
    doc_id: int,
    *,
    min_votes: int | None = None,
    annotator_ids: Sequence[int] | None = None,
) -> int:
    """Copy what the annotators agree on into gold the first time review opens a document.

    A span goes in when at least ``min_votes`` of the compared annotators (default: all of
    them) marked it with the very same attributes, and no conflicting span has as many
    votes; then relations reaching the same count whose two ends are in gold; then fields
    everyone set alike. A span whose attributes differ stays out, open for the reviewer
    (see ``agreed_version``): gold never holds attributes nobody chose, nor one
    annotator's picked silently. Returns how many were copied. Does nothing once review
    has begun, so opening a document again never brings back what the reviewer removed.
    """
    if review_state(db, doc_id) is not ReviewState.NOT_STARTED:
        return 0
    who = list(compared_annotators(db, doc_id) if annotator_ids is None else annotator_ids)
    if not who:  # nothing to merge yet: stay "not started" for when someone finishes
        with transaction(db):
            restore_status(db, doc_id, Status.TODO)  # only guards gold against seeding
        return 0
    threshold = len(who) if min_votes is None else min_votes
    if threshold < 1:
        raise ValueError(f"min_votes must be at least 1, not {threshold}")
    units = document_units(db, doc_id, who)
    with transaction(db):
        merge = _Merge(db, doc_id, gold_annotator(db), who, threshold)
        copied = merge.spans(units) + merge.relations(units)
        for unit in units:
            # Agreeing fields only: a majority's value is still the reviewer's to pick.
            if unit.kind is UnitKind.FIELD and unit.state is UnitState.AGREE and not unit.overruled:
                links.set_field(db, doc_id, merge.gold, str(unit.key), _in_order(unit, who)[0])
                copied += 1
        restore_status(db, doc_id, Status.IN_PROGRESS)
    return copied


_OPEN = (UnitState.AGREE, *UNDECIDED)  # what nobody decided yet: what may be merged


@dataclass
class _Merge:
    """An auto-merge under way: what it compares, and the gold spans by key."""

    db: Database
    doc_id: int
    gold: int
    who: list[int]
    threshold: int
    have: dict[SpanKey, int | None] = field(default_factory=dict)

    def spans(self, units: list[Unit]) -> int:
        """Copy the spans with a version enough annotators share; returns how many."""
        self.have = {span_key(s): s.id for s in store.spans_of(self.db, self.doc_id, self.gold)}
        spans = [u for u in units if u.kind is UnitKind.SPAN]
        copied = 0
        for unit in spans:
            if unit.state not in _OPEN or len(unit.versions) < self.threshold:
                continue
            # After a reset to "not started" gold may hold the reviewer's own choice there.
            if unit.overruled or _outvoted(unit, spans):
                continue
            chosen = agreed_version(_in_order(unit, self.who), self.threshold)
            if chosen is not None:
                stored = store.add_span(self.db, self.doc_id, self.gold, _copy(chosen))
                self.have[unit.span_key] = stored.id
                copied += 1
        return copied

    def relations(self, units: list[Unit]) -> int:
        """Copy the relations enough annotators share whose ends are in gold."""
        copied = 0
        for unit in units:
            if unit.kind is not UnitKind.RELATION or unit.state not in _OPEN:
                continue
            if unit.overruled or len(unit.versions) < self.threshold:
                continue
            label, head, child = unit.relation_key
            head_id, child_id = self.have.get(head), self.have.get(child)
            chosen = agreed_version(_in_order(unit, self.who), self.threshold)
            if chosen is None or head_id is None or child_id is None:
                continue
            relation = Relation(head_id, child_id, label, dict(chosen.attrs))
            links.insert_relation(self.db, self.doc_id, self.gold, relation)
            copied += 1
        return copied


@dataclass(frozen=True)
class GoldEdit:
    """What one action changed in gold, so that undo takes back exactly that."""

    doc_id: int
    status_before: Status
    removed_spans: tuple[Span, ...] = ()
    removed_relations: tuple[Relation, ...] = ()
    added_spans: tuple[Span, ...] = ()
    added_relations: tuple[Relation, ...] = ()
    field_name: str | None = None  # the field set or cleared, with its value before
    field_before: Any = None
    # unit id -> when it had been rejected before the action (None: it had not been)
    rejections_before: tuple[tuple[str, str | None], ...] = ()


@dataclass
class _Changes:
    """A GoldEdit being written."""

    doc_id: int
    gold: int
    status_before: Status
    removed_spans: list[Span] = field(default_factory=list)
    removed_relations: dict[int, Relation] = field(default_factory=dict)
    added_spans: list[Span] = field(default_factory=list)
    added_relations: list[Relation] = field(default_factory=list)
    field_name: str | None = None
    field_before: Any = None
    rejections_before: dict[str, str | None] = field(default_factory=dict)

    def remove_span(self, db: Database, span: Span) -> None:
        assert span.id is not None
        for relation in links.relations_touching(db, span.id):
            if relation.id is not None:
                self.removed_relations.setdefault(relation.id, relation)
        store.delete_span(db, span.id)  # its relations go by foreign key
        self.removed_spans.append(span)

    def remove_relation(self, db: Database, relation: Relation) -> None:
        assert relation.id is not None
        links.delete_relation(db, relation.id)
        self.removed_relations[relation.id] = relation

    def add_relation(self, db: Database, relation: Relation) -> None:
        new_id = links.insert_relation(db, self.doc_id, self.gold, relation)
        self.added_relations.append(
            Relation(relation.head, relation.child, relation.label, relation.attrs, new_id)
        )

    def set_field(self, db: Database, name: str, value: Any) -> None:
        before = links.set_field(db, self.doc_id, self.gold, name, value)
        if self.field_name is None:
            self.field_name, self.field_before = name, before

    def decide(self, db: Database, unit: str, rejected: bool) -> None:
        """Record or clear the rejection of ``unit``, remembering how it was."""
        if unit not in self.rejections_before:
            self.rejections_before[unit] = rejections(db, self.doc_id).get(unit)
        set_rejection(db, self.doc_id, unit, now() if rejected else None)

    def done(self) -> GoldEdit:
        return GoldEdit(
            self.doc_id,
            self.status_before,
            tuple(self.removed_spans),
            tuple(self.removed_relations.values()),
            tuple(self.added_spans),
            tuple(self.added_relations),
            self.field_name,
            self.field_before,
            tuple(self.rejections_before.items()),
        )


def _start(db: Database, doc_id: int) -> _Changes:
    status = begin_review(db, doc_id)
    return _Changes(doc_id, gold_annotator(db), status)


def _put_span(db: Database, changes: _Changes, span: Span, keep: frozenset[int]) -> int:
    """Put ``span`` into gold instead of the gold spans of its layer it overlaps.

    Links of a replaced span with the very same key move to the new one: taking another
    annotator's attributes for a span must not cut its links. Returns the new span's id.
    """
    db_gold = store.spans_of(db, changes.doc_id, changes.gold)
    key = span_key(span)
    replaced = [
        s
        for s in db_gold
        if s.id not in keep and s.layer == span.layer and s.overlaps(span.start, span.end)
    ]
    before = len(changes.removed_relations)
    for old in replaced:
        changes.remove_span(db, old)
    taken = list(changes.removed_relations.values())[before:]
    stored = store.add_span(
        db,
        changes.doc_id,
        changes.gold,
        Span(span.start, span.end, span.label, span.layer, span.origin, dict(span.attrs)),
    )
    assert stored.id is not None
    changes.added_spans.append(stored)
    same = {s.id for s in replaced if span_key(s) == key}
    gone = {s.id for s in replaced} - same
    for relation in taken:
        head = stored.id if relation.head in same else relation.head
        child = stored.id if relation.child in same else relation.child
        # Not "did an end change": SQLite may give the new span the id the old one had.
        moved = relation.head in same or relation.child in same
        if moved and not {head, child} & gone:
            changes.add_relation(db, Relation(head, child, relation.label, dict(relation.attrs)))
    changes.decide(db, unit_id(UnitKind.SPAN, key), rejected=False)
    return stored.id


def _gold_span_ids(db: Database, changes: _Changes) -> dict[SpanKey, int]:
    return {span_key(s): s.id for s in store.spans_of(db, changes.doc_id, changes.gold) if s.id}


def _follow_links(
    db: Database, changes: _Changes, key: SpanKey, annotator_ids: Sequence[int] | None
) -> None:
    """Bring the links every annotator agrees on at a span just put in gold.

    What the auto-merge does for the spans it copies: a span it left out because its
    attributes differ would otherwise lose, once accepted, the links everyone made to it.
    Only links whose other end is in gold too, and that nobody rejected.
    """
    gold = _gold_span_ids(db, changes)
    for unit in document_units(db, changes.doc_id, annotator_ids):
        if unit.kind is not UnitKind.RELATION or unit.state is not UnitState.AGREE:
            continue
        label, head, child = unit.relation_key
        if key in (head, child) and head in gold and child in gold:
            attrs = next(iter(unit.versions.values())).attrs
            changes.add_relation(db, Relation(gold[head], gold[child], label, dict(attrs)))


def accept_version(
    db: Database,
    doc_id: int,
    unit: Unit,
    annotator_id: int,
    *,
    annotator_ids: Sequence[int] | None = None,
) -> GoldEdit:
    """Put one annotator's version of a unit into gold; returns what undo needs.

    A span replaces the gold spans of its layer that it overlaps (their links go with
    them), attributes and all, and brings the links all of ``annotator_ids`` (those
    compared, as for ``document_units``) agree on whose other end is in gold. A relation
    brings its end spans from that annotator when gold lacks them. A field takes the
    annotator's value. Any rejection of the unit is cleared.
    """
    if annotator_id not in unit.versions:
        raise KeyError(f"annotator {annotator_id} has no version of {unit.description}")
    version = unit.versions[annotator_id]
    with transaction(db):
        changes = _start(db, doc_id)
        if unit.kind is UnitKind.SPAN:
            _put_span(db, changes, version, frozenset())
            _follow_links(db, changes, unit.span_key, annotator_ids)
        elif unit.kind is UnitKind.RELATION:
            label, head_key, child_key = unit.relation_key
            # Neither end may push out the other, whether it was in gold or just came.
            have = _gold_span_ids(db, changes)
            keep = {have[k] for k in (head_key, child_key) if k in have}
            ends: dict[SpanKey, int] = {}
            for key, span_id in ((head_key, version.head), (child_key, version.child)):
                found = _gold_span_ids(db, changes).get(key)
                if found is None:
                    found = _put_span(db, changes, store.get_span(db, span_id), frozenset(keep))
                ends[key] = found
                keep.add(found)
            head, child = ends[head_key], ends[child_key]
            for old in links.relations_of(db, doc_id, changes.gold):
                if (old.head, old.child, old.label) == (head, child, label):
                    changes.remove_relation(db, old)
            changes.add_relation(db, Relation(head, child, label, dict(version.attrs)))
        else:
            changes.set_field(db, str(unit.key), version)
        changes.decide(db, unit.id, rejected=False)
    return changes.done()


def reject_unit(db: Database, doc_id: int, unit: Unit) -> GoldEdit:
    """Record that no version of the unit is right, and take it out of gold if it is there."""
    with transaction(db):
        changes = _start(db, doc_id)
        if unit.kind is UnitKind.SPAN:
            for span in store.spans_of(db, doc_id, changes.gold):
                if span_key(span) == unit.span_key:
                    changes.remove_span(db, span)
        elif unit.kind is UnitKind.RELATION:
            label, head_key, child_key = unit.relation_key
            keys = {v: k for k, v in _gold_span_ids(db, changes).items()}
            for relation in links.relations_of(db, doc_id, changes.gold):
                ends = (keys.get(relation.head), keys.get(relation.child))
                if relation.label == label and ends == (head_key, child_key):
                    changes.remove_relation(db, relation)
        else:
            name = str(unit.key)
            value = links.get_fields(db, doc_id, changes.gold).get(name)
            offered = {canonical(v) for v in unit.versions.values()}
            if value is not None and canonical(value) in offered:
                changes.set_field(db, name, None)  # a value of the reviewer's own stays
        changes.decide(db, unit.id, rejected=True)
    return changes.done()


def _undo(db: Database, edit: GoldEdit) -> None:
    with transaction(db):
        gold = gold_annotator(db)
        for relation in edit.added_relations:
            db.execute("DELETE FROM relations WHERE id = ?", [relation.id])
        for span in edit.added_spans:
            db.execute("DELETE FROM spans WHERE id = ?", [span.id])
        for span in edit.removed_spans:
            store.add_span(db, edit.doc_id, gold, span)  # keeps its id, as links expect
        for relation in edit.removed_relations:
            links.insert_relation(db, edit.doc_id, gold, relation)
        if edit.field_name is not None:
            links.set_field(db, edit.doc_id, gold, edit.field_name, edit.field_before)
        for unit, decided_at in edit.rejections_before:
            set_rejection(db, edit.doc_id, unit, decided_at)
        restore_status(db, edit.doc_id, edit.status_before)


def undo_accept(db: Database, edit: GoldEdit) -> None:
    """Take back an ``accept_version``: gold and the rejections as they were before it."""
    _undo(db, edit)


def undo_reject(db: Database, edit: GoldEdit) -> None:
    """Take back a ``reject_unit``: the rejection goes, what it removed from gold returns."""
    _undo(db, edit)
