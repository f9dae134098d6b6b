"""Merging annotators' projects into a review project, matching documents by text hash.

Each annotator keeps their identity: the project they worked in (its uid) and their
name, so two people who both call themselves "alice" stay apart. Merging the same file
again replaces that file's layers with the same content: nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.schema import LabelSchema
from annotator.store.db import ProjectError, now, open_project, project_schema, transaction
from annotator.store.db import initialise as initialise_project

_DOC_COLUMNS = "hash, title, text, meta, source, n_words, imported_at"


class MergeError(ProjectError):
    """A project that cannot be merged into this one, with the reason."""


@dataclass
class MergeReport:
    """What a merge did, per source file."""

    documents_added: int = 0
    layers: int = 0  # (document, annotator) pairs copied
    annotators: list[str] = field(default_factory=list)
    per_source: dict[str, set[str]] = field(default_factory=dict)  # file -> document hashes

    def partial(self) -> dict[str, list[str]]:
        """Document hashes that only some of the merged files hold, with those files."""
        everywhere = set.intersection(*self.per_source.values()) if self.per_source else set()
        found: dict[str, list[str]] = {}
        for source, hashes in self.per_source.items():
            for digest in hashes - everywhere:
                found.setdefault(digest, []).append(source)
        return found

    def summary(self) -> str:
        partial = self.partial()
        return (
            f"{len(self.per_source)} projects merged: {self.documents_added} new documents, "
            f"{self.layers} annotator layers, annotators {', '.join(self.annotators)}"
            + (f"; {len(partial)} documents are in only some of the projects" if partial else "")
        )


def _comparable(schema: LabelSchema) -> LabelSchema:
    return replace(schema, source="", name="")


def _check_schema(review: Database, source: Database, name: str) -> None:
    if _comparable(project_schema(review)) != _comparable(project_schema(source)):
        raise MergeError(
            f"{name} uses another label schema than the review project; merge only projects "
            "created with the same schema"
        )


def _annotator(review: Database, name: str, uid: str, kind: str) -> int:
    row = review.execute(
        "SELECT id FROM annotators WHERE name = ? AND project_uid = ? AND kind = ?",
        [name, uid, kind],
    ).fetchone()
    if row is not None:
        return int(row[0])
    cursor = review.execute(
        "INSERT INTO annotators (name, project_uid, kind) VALUES (?, ?, ?)", [name, uid, kind]
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _copy_document(review: Database, source: Database, source_id: int) -> tuple[int, bool]:
    """The review's id of a source document (added if new) and whether it was added."""
    row = source.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [source_id]
    ).fetchone()
    found = review.execute("SELECT id FROM documents WHERE hash = ?", [row[0]]).fetchone()
    if found is not None:
        doc_id, added = int(found[0]), False
    else:
        cursor = review.execute(
            f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", list(row)
        )
        assert cursor.lastrowid is not None
        doc_id, added = cursor.lastrowid, True
    if review.execute("SELECT 1 FROM analyses WHERE doc_id = ?", [doc_id]).fetchone() is None:
        analysis = source.execute(
            "SELECT model, tokens, sent_starts, syntax, created_at FROM analyses WHERE doc_id = ?",
            [source_id],
        ).fetchone()
        if analysis is not None:
            review.execute(
                "INSERT INTO analyses (doc_id, model, tokens, sent_starts, syntax, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [doc_id, *analysis],
            )
    return doc_id, added


def _copy_layer(
    review: Database, source: Database, source_doc: int, source_who: int, doc_id: int, who: int
) -> None:
    """Replace the review's copy of one annotator's work on one document."""
    for table in ("relations", "spans", "doc_fields", "doc_states"):
        review.execute(f"DELETE FROM {table} WHERE doc_id = ? AND annotator_id = ?", [doc_id, who])
    ids: dict[int, int] = {}
    for row in source.execute(
        "SELECT id, layer, label, char_start, char_end, origin, attrs, created_at FROM spans "
        "WHERE doc_id = ? AND annotator_id = ? ORDER BY id",
        [source_doc, source_who],
    ):
        cursor = review.execute(
            "INSERT INTO spans (doc_id, annotator_id, layer, label, char_start, char_end, "
            "origin, attrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_id, who, *row[1:]],
        )
        assert cursor.lastrowid is not None
        ids[row[0]] = cursor.lastrowid
    for label, head, child, attrs, created in source.execute(
        "SELECT label, head, child, attrs, created_at FROM relations "
        "WHERE doc_id = ? AND annotator_id = ? ORDER BY id",
        [source_doc, source_who],
    ):
        review.execute(
            "INSERT INTO relations (doc_id, annotator_id, label, head, child, attrs, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc_id, who, label, ids[head], ids[child], attrs, created],
        )
    for name, value, updated in source.execute(
        "SELECT name, value, updated_at FROM doc_fields WHERE doc_id = ? AND annotator_id = ?",
        [source_doc, source_who],
    ):
        review.execute(
            "INSERT INTO doc_fields (doc_id, annotator_id, name, value, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [doc_id, who, name, value, updated],
        )
    state = source.execute(
        "SELECT status, seeded, updated_at FROM doc_states WHERE doc_id = ? AND annotator_id = ?",
        [source_doc, source_who],
    ).fetchone()
    review.execute(
        "INSERT INTO doc_states (doc_id, annotator_id, status, seeded, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [doc_id, who, *(state or ("todo", 1, now()))],
    )


def merge_projects(
    review: Database, sources: Sequence[Path], control: Control | None = None
) -> MergeReport:
    """Copy every human annotator's layers of ``sources`` into ``review``.

    Each source is merged in one transaction: a failure leaves the review project as it
    was before that source.
    """
    control = control or Control()
    report = MergeReport()
    for number, path in enumerate(sources, start=1):
        control.progress(number - 1, len(sources), f"Merging {path.name}")
        source = open_project(path)
        try:
            if review.execute("SELECT count(*) FROM meta").fetchone()[0] == 0:
                initialise_project(review, project_schema(source))
            _check_schema(review, source, path.name)
            hashes: set[str] = set()
            with transaction(review):
                people = source.execute(
                    "SELECT id, name, project_uid FROM annotators WHERE kind IN ('human', 'gold')"
                ).fetchall()
                mapping = {int(r[0]): _annotator(review, r[1], r[2], "human") for r in people}
                for name in (str(r[1]) for r in people):
                    if name not in report.annotators:
                        report.annotators.append(name)
                for source_doc, digest in source.execute("SELECT id, hash FROM documents"):
                    hashes.add(digest)
                    doc_id, added = _copy_document(review, source, source_doc)
                    report.documents_added += added
                    for (who,) in source.execute(
                        "SELECT annotator_id FROM doc_states WHERE doc_id = ?", [source_doc]
                    ).fetchall():
                        if who in mapping:
                            _copy_layer(review, source, source_doc, who, doc_id, mapping[who])
                            report.layers += 1
                    control.check()
            report.per_source[str(path)] = hashes
        finally:
            source.conn.close()
    control.progress(len(sources), len(sources), report.summary())
    return report
