"""Exporting a project as training data: choose the layer and documents, split, write.

Every file is written under a temporary name in the target folder and renamed into
place only when all of them are complete: a cancelled or failed export leaves no
partial file behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotator.core.control import Control
from annotator.core.exported import ExportDoc
from annotator.formats.records import temporary_beside
from annotator.formats.report import WriteReport
from annotator.store.db import project_schema
from annotator.store.export import Layer, choose_layer, export_docs, export_ids

FORMATS = {"jsonl": ".jsonl", "conll": ".conll", "conllu": ".conllu", "spacy": ".spacy"}
STATUSES = {"done": ("done",), "all": None}


class SplitError(ValueError):
    """A --split that is not NAME=SHARE,... with shares adding up to 1."""


_FULL = "the disk is full or the file too large"
_DENIED = "permission denied (the folder cannot be written to)"
#: What went wrong when an export could not be written, in words a user can act on.
_WRITE_PROBLEMS = {
    errno.ENOSPC: _FULL,
    errno.EFBIG: _FULL,
    errno.EDQUOT: _FULL,
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "that is a folder: name a file to write",
    errno.ENAMETOOLONG: "the file name is too long",
}


class ExportWriteError(OSError):
    """The export could not be written; the message names the file and says why in words.

    An OSError, so whatever handles file trouble handles it (the command line prints it
    as one line and exits 2). Nothing of the export is left behind when it is raised.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        problem = _WRITE_PROBLEMS.get(cause.errno or 0) or cause.strerror or str(cause)
        super().__init__(cause.errno, problem, str(path))
        self.message = f"{problem}: {path}"

    def __str__(self) -> str:
        return self.message


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
    layers: tuple[str, ...] | None = None  # None: every layer
    split: dict[str, float] | None = None
    seed: int = 0


@dataclass
class ExportResult:
    layer: Layer
    files: dict[str, Path] = field(default_factory=dict)  # part ("" without a split) -> file
    documents: dict[str, int] = field(default_factory=dict)
    report: WriteReport = field(default_factory=WriteReport)

    def summary(self) -> str:
        counts = ", ".join(f"{self.documents[p]} in {self.files[p]}" for p in self.files)
        return f"exported {self.layer.name}'s annotations: {counts or 'no documents'}"


@contextmanager
def _temporaries(targets: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Temporary paths beside each target, renamed onto the targets if all goes well."""
    temps: dict[str, Path] = {}
    try:
        for part, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temps[part] = temporary_beside(target)
        yield temps
        for part, target in targets.items():
            os.replace(temps[part], target)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def _counted(
    docs: Iterator[ExportDoc],
    control: Control,
    done: list[int],
    total: int,
    known: set[str],
    unknown: Counter[str],
) -> Iterator[ExportDoc]:
    for doc in docs:
        control.check()
        # Labels a schema change kept as orphans: written as they are, and warned about.
        unknown.update(s.label for s in doc.spans if s.label not in known)
        unknown.update(r.label for r in doc.relations if r.label not in known)
        yield doc
        done[0] += 1
        if done[0] % 50 == 0:
            control.progress(done[0], total, f"Exported {done[0]} of {total} documents")


def _write(request: ExportRequest, docs: Iterator[ExportDoc], path: Path) -> WriteReport:
    layers: Sequence[str] = request.layers or ("ner", "attribution", "claim", "casualty")
    if request.format == "spacy":
        from annotator.formats.docbin import write_docbin

        return write_docbin(docs, path, layers)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if request.format == "jsonl":
            from annotator.formats.jsonl_out import write_jsonl

            report = write_jsonl(docs, out)
        elif request.format == "conll":
            from annotator.formats.conll import write_conll

            report = write_conll(docs, out, layers)
        else:
            from annotator.formats.conllu import write_conllu

            report = write_conllu(docs, out, layers)
        out.flush()
        os.fsync(out.fileno())
    return report


def export(db: Database, request: ExportRequest, control: Control | None = None) -> ExportResult:
    """Write the export; returns where the files went and what could not be written."""
    control = control or Control()
    if request.format not in FORMATS:
        raise ValueError(f"unknown format '{request.format}'; choose {', '.join(FORMATS)}")
    layer = choose_layer(db, request.annotator, gold=request.gold)
    ids = export_ids(db, layer, STATUSES[request.status])
    suffix = FORMATS[request.format]
    if request.split:
        hashes = dict(db.execute("SELECT id, hash FROM documents").fetchall())
        groups: dict[str, list[int]] = {part: [] for part in request.split}
        for doc_id in ids:
            groups[part_of(hashes[doc_id], request.seed, request.split)].append(doc_id)
        targets = {part: request.out / f"{part}{suffix}" for part in groups}
    else:
        groups = {"": ids}
        targets = {"": request.out}
    result = ExportResult(layer)
    schema = project_schema(db)
    known = {lab.name for lab in schema.labels} | {r.name for r in schema.relations}
    done = [0]
    control.progress(0, len(ids), f"Exporting {len(ids)} documents")
    writing = request.out
    try:
        with _temporaries(targets) as temps:
            for part, part_ids in groups.items():
                writing = targets[part]
                loaded = export_docs(
                    db, part_ids, layer, request.layers, syntax=request.format != "jsonl"
                )
                docs = _counted(loaded, control, done, len(ids), known, result.report.unknown)
                result.report.add(_write(request, docs, temps[part]))
                result.documents[part] = len(part_ids)
    except OSError as exc:
        # "[Errno 28] No space left on device" names no file, or only the temporary one.
        raise ExportWriteError(writing, exc) from exc
    result.files = targets
    control.progress(len(ids), len(ids), result.summary())
    return result
