"""Exporting a project as training data: choose the layer and documents, split, write.

Every file is written under a temporary name in the target folder and renamed into
place only when all of them are complete: a cancelled or failed export leaves no
partial file behind (``export_files``). An export of no documents writes no file.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.exported import ExportDoc
from annotator.formats.write_report import WriteReport
from annotator.jobs.export_files import ExportWriteError, real_target, temporaries
from annotator.store.db import project_schema
from annotator.store.export import Layer, choose_layer, export_docs, export_ids

__all__ = ["ExportRequest", "ExportResult", "ExportWriteError", "SplitError", "export"]

FORMATS = {"jsonl": ".jsonl", "conll": ".conll", "conllu": ".conllu", "spacy": ".spacy"}
STATUSES = {"done": ("done",), "all": None}


class SplitError(ValueError):
    """A --split that is not NAME=SHARE,... with shares adding up to 1."""


def parse_split(text: str) -> dict[str, float]:
    """``train=0.8,dev=0.1,test=0.1`` as an ordered mapping of part to share."""
    parts: dict[str, float] = {}
    for item in text.split(","):
        name, _, share = item.partition("=")
        name = name.strip()
        try:
            value = float(share)
        except ValueError:
            raise SplitError(f"'{item.strip()}' is not NAME=SHARE (e.g. train=0.8)") from None
        if not name or name in parts or not 0 < value <= 1:
            raise SplitError(f"'{item.strip()}': each part needs a new name and a share in (0, 1]")
        parts[name] = value
    if abs(sum(parts.values()) - 1) > 1e-6:
        raise SplitError(f"the shares add up to {sum(parts.values()):g}, not 1")
    return parts


def part_of(text_hash: str, seed: int, split: dict[str, float]) -> str:
    """The part a document falls in: fixed by its text and the seed alone, so the same
    article lands in the same part however the project grows or is ordered."""
    digest = hashlib.sha1(f"{seed}:{text_hash}".encode()).hexdigest()
    point = int(digest[:12], 16) / float(1 << 48)
    total = 0.0
    for name, share in split.items():
        total += share
        if point < total:
            return name
    return next(reversed(split))


@dataclass(frozen=True)
class ExportRequest:
    format: str
    out: Path
    annotator: str | None = None
    gold: bool = False
    status: str = "done"
    layers: tuple[str, ...] | None = None  # None: every layer of the project's schema
    split: dict[str, float] | None = None
    seed: int = 0
    tokens: bool = True  # JSONL: each record's "tokens" (False: smaller files)


@dataclass
class ExportResult:
    layer: Layer
    files: dict[str, Path] = field(default_factory=dict)  # part ("" without a split) -> file
    documents: dict[str, int] = field(default_factory=dict)
    report: WriteReport = field(default_factory=WriteReport)
    #: Per layer, spans left out of a CoNLL, CoNLL-U or DocBin export because their layer
    #: is not among those written (the schema no longer has it).
    outside: Counter[str] = field(default_factory=Counter)
    #: Why nothing was written ("" when files were).
    nothing: str = ""

    def summary(self) -> str:
        if self.nothing:
            return f"nothing exported: {self.nothing}"
        counts = ", ".join(f"{self.documents[p]} in {self.files[p]}" for p in self.files)
        return f"exported {self.layer.name}'s annotations: {counts or 'no documents'}"

    def warnings(self) -> list[str]:
        """What the files could not hold, one sentence each."""
        outside = [
            f"{count} span{'s' if count != 1 else ''} of the layer '{layer}', which the "
            "project's schema does not have, left out of this format (JSONL keeps them)"
            for layer, count in sorted(self.outside.items())
        ]
        return self.report.warnings() + outside


@dataclass
class _Counter:
    """Counts documents as the writers take them: progress, cancel, and what to warn about."""

    control: Control
    total: int
    known: set[str]  # the schema's labels and link types
    result: ExportResult
    written: Collection[str] | None  # the layers the format writes (None: every span)
    alive: Callable[[], None]  # marks the temporaries as being written
    done: int = 0

    def counted(self, docs: Iterator[ExportDoc]) -> Iterator[ExportDoc]:
        unknown = self.result.report.unknown
        for doc in docs:
            self.control.check()
            self.alive()
            kept = [self.written is None or s.layer in self.written for s in doc.spans]
            written = [s for s, k in zip(doc.spans, kept, strict=True) if k]
            self.result.outside.update(
                s.layer for s, k in zip(doc.spans, kept, strict=True) if not k
            )
            # Labels a schema change kept as orphans: written as they are, and warned about.
            unknown.update(s.label for s in written if s.label not in self.known)
            unknown.update(
                r.label
                for r in doc.relations
                if kept[r.head] and kept[r.child] and r.label not in self.known
            )
            yield doc
            self.done += 1
            if self.done % 50 == 0:
                message = f"Exported {self.done} of {self.total} documents"
                self.control.progress(self.done, self.total, message)


def _write(
    request: ExportRequest, docs: Iterator[ExportDoc], path: Path, layers: Sequence[str]
) -> WriteReport:
    if request.format == "spacy":
        from annotator.formats.docbin import write_docbin

        return write_docbin(docs, path, layers)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if request.format == "jsonl":
            from annotator.formats.jsonl_out import write_jsonl

            report = write_jsonl(docs, out, tokens=request.tokens)
        elif request.format == "conll":
            from annotator.formats.conll import write_conll

            report = write_conll(docs, out, layers)
        else:
            from annotator.formats.conllu import write_conllu

            report = write_conllu(docs, out, layers)
        out.flush()
        os.fsync(out.fileno())
    return report


def _nothing(db: Database, layer: Layer) -> str:
    """Why an export found no documents, in words."""
    count = int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    if count == 0:
        return "the project has no documents"
    return f"0 documents are done (by {layer.name}, of {count} in the project)"


def _groups(request: ExportRequest, ids: list[int], db: Database) -> dict[str, list[int]]:
    """The documents of each part ("" without a split), in project order."""
    if not request.split:
        return {"": ids}
    hashes = dict(db.execute("SELECT id, hash FROM documents").fetchall())
    groups: dict[str, list[int]] = {part: [] for part in request.split}
    for doc_id in ids:
        groups[part_of(hashes[doc_id], request.seed, request.split)].append(doc_id)
    return groups


def export(db: Database, request: ExportRequest, control: Control | None = None) -> ExportResult:
    """Write the export; returns where the files went and what could not be written.

    Without ``request.layers`` the column formats and the DocBin write every layer of the
    project's schema (JSONL writes every span whatever its layer). Raises ExportWriteError
    (an OSError) when ``out`` is not a regular file, a symlink to one, or nothing yet.
    """
    control = control or Control()
    if request.format not in FORMATS:
        raise ValueError(f"unknown format '{request.format}'; choose {', '.join(FORMATS)}")
    layer = choose_layer(db, request.annotator, gold=request.gold)
    ids = export_ids(db, layer, STATUSES[request.status])
    result = ExportResult(layer)
    if not ids:
        result.nothing = _nothing(db, layer)
        return result
    groups = _groups(request, ids, db)
    suffix = FORMATS[request.format]
    named = {p: request.out / f"{p}{suffix}" if p else request.out for p in groups}
    schema = project_schema(db)
    known = {lab.name for lab in schema.labels} | {r.name for r in schema.relations}
    layers = request.layers or tuple(lay.name for lay in schema.layers)
    written = None if request.format == "jsonl" else set(layers)
    control.progress(0, len(ids), f"Exporting {len(ids)} documents")
    writing = request.out
    try:
        targets = {part: real_target(path) for part, path in named.items()}
        with temporaries(targets) as temps:
            counter = _Counter(control, len(ids), known, result, written, temps.touch)
            for part, part_ids in groups.items():
                writing = named[part]
                loaded = export_docs(
                    db, part_ids, layer, request.layers, syntax=request.format != "jsonl"
                )
                docs = counter.counted(loaded)
                result.report.add(_write(request, docs, temps[part], layers))
                result.documents[part] = len(part_ids)
    except ExportWriteError:
        raise
    except OSError as exc:
        # "[Errno 28] No space left on device" names no file, or only the temporary one.
        raise ExportWriteError(writing, exc) from exc
    result.files = named
    control.progress(len(ids), len(ids), result.summary())
    return result
