"""Changing a project's label schema without orphaning annotations silently.

A change is planned first (``plan_change``: counts only, nothing written), then applied
in one transaction (``apply_change``). The rules:

- a label renamed (``OLD=NEW``) has its spans relabelled and moved to the new label's
  layer, attributes and all; a link type renamed likewise;
- spans of a label the new schema lacks, and links of a link type it lacks, are
  *orphans*: the change is refused while there are any, unless the caller says to keep
  them (they stay untouched, the window shows them grey, exports write them as they are)
  or to delete them;
- attribute values and document fields the new schema no longer declares are kept in
  the store, and reported; so are values it no longer allows, and links whose ends it
  no longer allows;
- every change is recorded in ``schema_changes`` with the report, as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sqlite_utils import Database

from annotator.core.schema import Attribute, LabelSchema
from annotator.store.db import now, project_schema, set_meta, transaction

OrphanPolicy = Literal["refuse", "keep", "delete"]
_KIND_NOTE = {"model": " (model)", "suggester": " (suggestions)", "gold": " (review)"}


class SchemaChangeError(ValueError):
    """A change that cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Count:
    """How many annotations of one kind (``what``: a label, link type, attribute) are
    affected, and whose (``who``: an annotator, or "" when not per annotator)."""

    what: str
    n: int
    who: str = ""


@dataclass
class SchemaChange:
    """What changing to ``new`` does to the annotations; see the module's rules."""

    old: LabelSchema
    new: LabelSchema
    renamed_labels: dict[str, str]
    renamed_links: dict[str, str]
    relabelled: list[Count] = field(default_factory=list)  # what: "OLD -> NEW"
    moved: list[Count] = field(default_factory=list)  # what: "LABEL: old layer -> new layer"
    relinked: list[Count] = field(default_factory=list)
    orphan_spans: list[Count] = field(default_factory=list)
    orphan_links: list[Count] = field(default_factory=list)
    links_of_orphans: int = 0  # links to or from orphan spans: deleting those takes them
    hidden_attributes: list[Count] = field(default_factory=list)  # what: "LABEL.attribute"
    invalid_values: list[Count] = field(default_factory=list)
    disallowed_links: list[Count] = field(default_factory=list)  # what: "TYPE: HEAD -> CHILD"
    hidden_fields: list[Count] = field(default_factory=list)
    orphans: OrphanPolicy = "refuse"

    @property
    def has_orphans(self) -> bool:
        return bool(self.orphan_spans or self.orphan_links)

    @property
    def changes_anything(self) -> bool:
        return self.old.source != self.new.source or bool(self.relabelled or self.relinked)

    def report(self) -> dict[str, Any]:
        """The report as JSON-ready data, as ``schema_changes.report`` stores it."""
        data = {k: v for k, v in asdict(self).items() if k not in ("old", "new")}
        data["old_name"], data["new_name"] = self.old.name, self.new.name
        return data

    def lines(self) -> list[str]:
        """The report for people, one line each."""
        out = [f"schema {self.old.name} -> {self.new.name}"]

        def section(title: str, counts: list[Count], unit: str) -> None:
            if not counts:
                return
            out.append(title)
            by_what: dict[str, list[Count]] = {}
            for count in counts:
                by_what.setdefault(count.what, []).append(count)
            for what, rows in by_what.items():
                who = ", ".join(f"{c.who} {c.n}" if c.who else str(c.n) for c in rows)
                out.append(f"  {what}: {who} {unit}")

        section("renamed labels (spans relabelled):", self.relabelled, "spans")
        section("labels moved to another layer:", self.moved, "spans")
        section("renamed link types:", self.relinked, "links")
        kept = {"refuse": "would be orphaned", "keep": "kept untouched", "delete": "deleted"}[
            self.orphans
        ]
        section(f"spans of labels no longer in the schema ({kept}):", self.orphan_spans, "spans")
        section(f"links of types no longer in the schema ({kept}):", self.orphan_links, "links")
        if self.links_of_orphans:
            fate = {"refuse": "", "keep": " (kept with them)", "delete": " (deleted with them)"}[
                self.orphans
            ]
            out.append(f"other links to or from those spans{fate}: {self.links_of_orphans}")
        section(
            "attributes the schema no longer declares (values kept, not shown):",
            self.hidden_attributes,
            "values",
        )
        section("values the schema no longer allows (kept):", self.invalid_values, "values")
        section(
            "links the schema no longer allows between their ends (kept):",
            self.disallowed_links,
            "links",
        )
        section("document fields no longer in the schema (kept):", self.hidden_fields, "values")
        if len(out) == 1:
            out.append("no annotation is affected")
        return out

    def refusal(self) -> str:
        spans = sum(c.n for c in self.orphan_spans)
        links = sum(c.n for c in self.orphan_links)
        return (
            f"{spans} spans and {links} links would be left with a label or link type the new "
            "schema lacks; nothing was changed. Rename them (--rename OLD=NEW), or choose "
            "--keep-orphans (kept untouched, shown grey) or --delete-orphans (deleted)"
        )


def _annotators(db: Database) -> dict[int, str]:
    rows = db.execute("SELECT id, name, kind FROM annotators ORDER BY id")
    return {int(i): f"{name}{_KIND_NOTE.get(kind, '')}" for i, name, kind in rows}


def _used(db: Database, table: str) -> set[str]:
    return {str(r[0]) for r in db.execute(f"SELECT DISTINCT label FROM {table}")}


def _split_renames(
    old: LabelSchema,
    new: LabelSchema,
    renames: Mapping[str, str],
    labels: set[str],
    links: set[str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Sort ``OLD=NEW`` pairs into label and link-type renames, checking each."""
    known_labels = labels | {lab.name for lab in old.labels}
    known_links = links | {r.name for r in old.relations}
    by_label: dict[str, str] = {}
    by_link: dict[str, str] = {}
    for before, after in renames.items():
        if before == after:
            raise SchemaChangeError(f"--rename {before}={after} renames a label to itself")
        is_label, is_link = before in known_labels, before in known_links
        if is_label and is_link:
            raise SchemaChangeError(
                f"{before} names both a label and a link type: rename in the TOML"
            )
        if is_label:
            if new.label(after) is None:
                raise SchemaChangeError(
                    f"--rename {before}={after}: the new schema has no label {after}"
                )
            by_label[before] = after
        elif is_link:
            if new.relation(after) is None:
                raise SchemaChangeError(
                    f"--rename {before}={after}: the new schema has no link type {after}"
                )
            by_link[before] = after
        else:
            raise SchemaChangeError(
                f"--rename {before}={after}: the project has no label or link type {before}"
            )
    return by_label, by_link


def _value(kind: str, raw: Any) -> Any:
    """A value as ``json_each`` gives it, back as the Python value it was stored as."""
    if kind in ("true", "false"):
        return kind == "true"
    if kind in ("array", "object"):
        return json.loads(raw)
    return raw


def _attribute_counts(
    rows: Iterable[tuple[Any, ...]], declared: Mapping[str, tuple[Attribute, ...] | None]
) -> tuple[list[Count], list[Count]]:
    """(hidden, invalid) counts from (owner, key, json type, value, n) rows."""
    hidden: dict[str, int] = {}
    invalid: dict[str, int] = {}
    for owner, key, kind, raw, n in rows:
        attributes = declared.get(owner)
        if attributes is None:  # an orphan: reported as such
            continue
        name = f"{owner}.{key}"
        found = next((a for a in attributes if a.name == key), None)
        if found is None:
            hidden[name] = hidden.get(name, 0) + n
        elif kind != "null" and found.check(_value(kind, raw)) is not None:
            invalid[name] = invalid.get(name, 0) + n
    return (
        [Count(k, v) for k, v in sorted(hidden.items())],
        [Count(k, v) for k, v in sorted(invalid.items())],
    )


def _case(mapping: Mapping[str, str], column: str) -> tuple[str, list[str]]:
    """``CASE column WHEN old THEN new ... ELSE column END`` and its parameters."""
    whens = " ".join("WHEN ? THEN ?" for _ in mapping)
    return f"CASE {column} {whens} ELSE {column} END", [x for pair in mapping.items() for x in pair]


def plan_change(db: Database, new: LabelSchema, renames: Mapping[str, str]) -> SchemaChange:
    """What changing the project's schema to ``new`` would do; writes nothing."""
    old = project_schema(db)
    labels, links = _used(db, "spans"), _used(db, "relations")
    by_label, by_link = _split_renames(old, new, renames, labels, links)
    change = SchemaChange(old, new, by_label, by_link)
    who = _annotators(db)

    def final(label: str) -> str:
        return by_label.get(label, label)

    layers = {lab.name: lab.layer for lab in new.labels}
    for annotator, label, layer, n in db.execute(
        "SELECT annotator_id, label, layer, count(*) FROM spans "
        "GROUP BY annotator_id, label, layer ORDER BY label, annotator_id"
    ):
        name = who.get(annotator, str(annotator))
        target = final(label)
        if label in by_label:
            change.relabelled.append(Count(f"{label} -> {target}", n, name))
        if target not in layers:
            change.orphan_spans.append(Count(label, n, name))
        elif layers[target] != layer and label not in by_label:
            change.moved.append(Count(f"{label}: {layer} -> {layers[target]}", n, name))

    kinds = {r.name for r in new.relations}
    for annotator, label, n in db.execute(
        "SELECT annotator_id, label, count(*) FROM relations GROUP BY annotator_id, label "
        "ORDER BY label, annotator_id"
    ):
        name = who.get(annotator, str(annotator))
        if label in by_link:
            change.relinked.append(Count(f"{label} -> {by_link[label]}", n, name))
        if by_link.get(label, label) not in kinds:
            change.orphan_links.append(Count(label, n, name))

    orphan_labels = sorted({c.what for c in change.orphan_spans})
    if orphan_labels:
        # Links of a type that stays but with an orphan at one end (the others are
        # orphans themselves, counted above).
        marks = ",".join("?" * len(orphan_labels))
        spans_of = f"(SELECT id FROM spans WHERE label IN ({marks}))"
        gone = sorted({c.what for c in change.orphan_links})
        change.links_of_orphans = db.execute(
            f"SELECT count(*) FROM relations WHERE (head IN {spans_of} OR child IN {spans_of}) "
            f"AND label NOT IN ({','.join('?' * len(gone))})",
            [*orphan_labels, *orphan_labels, *gone],
        ).fetchone()[0]

    label_case, label_args = _case(by_label, "s.label") if by_label else ("s.label", [])
    span_rows = db.execute(
        f"SELECT {label_case} AS owner, j.key, j.type, j.value, count(*) FROM spans s, "
        "json_each(s.attrs) j WHERE s.attrs != '{}' GROUP BY owner, j.key, j.type, j.value",
        label_args,
    ).fetchall()
    declared: dict[str, tuple[Attribute, ...] | None] = {
        lab.name: lab.attributes for lab in new.labels
    }
    change.hidden_attributes, change.invalid_values = _attribute_counts(span_rows, declared)
    link_case, link_args = _case(by_link, "r.label") if by_link else ("r.label", [])
    link_rows = db.execute(
        f"SELECT {link_case} AS owner, j.key, j.type, j.value, count(*) FROM relations r, "
        "json_each(r.attrs) j WHERE r.attrs != '{}' GROUP BY owner, j.key, j.type, j.value",
        link_args,
    ).fetchall()
    hidden, invalid = _attribute_counts(link_rows, {r.name: r.attributes for r in new.relations})
    change.hidden_attributes += hidden
    change.invalid_values += invalid

    ends: dict[str, int] = {}
    for kind, head, child, n in db.execute(
        "SELECT r.label, h.label, c.label, count(*) FROM relations r "
        "JOIN spans h ON h.id = r.head JOIN spans c ON c.id = r.child "
        "GROUP BY r.label, h.label, c.label"
    ):
        kind, head, child = by_link.get(kind, kind), final(head), final(child)
        if kind not in kinds or head not in layers or child not in layers:
            continue  # orphans, counted above
        if kind not in {r.name for r in new.relations_between(head, child)}:
            key = f"{kind}: {head} -> {child}"
            ends[key] = ends.get(key, 0) + n
    change.disallowed_links = [Count(k, v) for k, v in sorted(ends.items())]

    fields = {f.name for f in new.fields}
    change.hidden_fields = [
        Count(str(name), int(n))
        for name, n in db.execute(
            "SELECT name, count(*) FROM doc_fields GROUP BY name ORDER BY name"
        )
        if name not in fields
    ]
    return change


def _rename_units(db: Database, by_label: Mapping[str, str], layers: Mapping[str, str]) -> None:
    """Keep a reviewer's rejections pointing at the renamed spans and links.

    ``review_decisions.unit`` names a unit by JSON holding labels and layers, written the
    way ``annotator.review.units.unit_id`` writes it (the store cannot import review).
    """

    def span(key: list[Any]) -> list[Any]:
        label = by_label.get(key[1], key[1])
        return [layers.get(label, key[0]), label, *key[2:]]

    rows = db.execute("SELECT doc_id, unit FROM review_decisions").fetchall()
    for doc_id, unit in rows:
        try:
            kind, key = json.loads(unit)
            if kind == "span":
                changed = [kind, span(key)]
            elif kind == "relation":
                changed = [kind, [key[0], span(key[1]), span(key[2])]]
            else:
                continue
        except (ValueError, TypeError, IndexError):
            continue  # not a unit this release wrote: leave it
        text = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
        if text != unit:
            db.execute(
                "UPDATE OR REPLACE review_decisions SET unit = ? WHERE doc_id = ? AND unit = ?",
                [text, doc_id, unit],
            )


def _rename_links(db: Database, by_link: Mapping[str, str]) -> None:
    case, args = _case(by_link, "label")
    marks = ",".join("?" * len(by_link))
    db.execute(f"UPDATE relations SET label = {case} WHERE label IN ({marks})", [*args, *by_link])


def apply_change(db: Database, change: SchemaChange, orphans: OrphanPolicy = "refuse") -> int:
    """Make the change in one transaction; returns the id of its ``schema_changes`` row.

    Raises ``SchemaChangeError`` (and writes nothing) when there are orphans and
    ``orphans`` is "refuse".
    """
    if change.has_orphans and orphans == "refuse":
        raise SchemaChangeError(change.refusal())
    change.orphans = orphans
    with transaction(db):
        if project_schema(db).source != change.old.source:
            raise SchemaChangeError("the schema was changed meanwhile; plan the change again")
        layers = {lab.name: lab.layer for lab in change.new.labels}
        if change.renamed_labels:
            case, args = _case(change.renamed_labels, "label")
            marks = ",".join("?" * len(change.renamed_labels))
            db.execute(
                f"UPDATE spans SET label = {case} WHERE label IN ({marks})",
                [*args, *change.renamed_labels],
            )
        for label, layer in layers.items():
            db.execute(
                "UPDATE spans SET layer = ? WHERE label = ? AND layer != ?", [layer, label, layer]
            )
        if change.renamed_links:
            _rename_links(db, change.renamed_links)
        _rename_units(db, change.renamed_labels, layers)
        if orphans == "delete":
            for table, counts in (
                ("spans", change.orphan_spans),
                ("relations", change.orphan_links),
            ):
                names = sorted({c.what for c in counts})
                if names:
                    marks = ",".join("?" * len(names))
                    # Links and suggestion decisions of deleted spans go by foreign key.
                    db.execute(f"DELETE FROM {table} WHERE label IN ({marks})", names)
        set_meta(db, "label_schema", change.new.source)
        cursor = db.execute(
            "INSERT INTO schema_changes (changed_at, old_schema, new_schema, report) "
            "VALUES (?, ?, ?, ?)",
            [
                now(),
                change.old.source,
                change.new.source,
                json.dumps(change.report(), ensure_ascii=False),
            ],
        )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def schema_history(db: Database) -> list[tuple[int, str, dict[str, Any]]]:
    """The project's schema changes, oldest first: (id, when, report)."""
    rows = db.execute("SELECT id, changed_at, report FROM schema_changes ORDER BY id")
    return [(int(i), str(when), json.loads(report)) for i, when, report in rows]
