"""The formats of other tools that ``annotator import --format NAME`` reads, and where.

A reader is imported when its format is first used: the XMI and web-page readers load
libraries (dkpro-cassis, trafilatura) that importing a .txt file never needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.formats.foreign.options import ReadOptions
from annotator.formats.import_record import ImportRecord, Rejection

Reader = Callable[[Path, ReadOptions], Iterator[ImportRecord | Rejection]]


@dataclass(frozen=True)
class Format:
    """A tool's file format: its name on the command line, its files, its reader."""

    name: str
    title: str  # for the import dialog
    suffixes: tuple[str, ...]
    module: str
    function: str

    def reader(self) -> Reader:
        module = importlib.import_module(f"annotator.formats.foreign.{self.module}")
        found: Reader = getattr(module, self.function)
        return found


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("brat", "brat standoff (.ann + .txt)", (".ann",), "brat", "read_brat"),
        Format(
            "conll",
            "CoNLL (IOB1, IOB2, BIOES)",
            (".conll", ".conll03", ".iob", ".bio", ".bioes"),
            "conll_in",
            "read_conll",
        ),
        Format("doccano", "doccano JSONL", (".jsonl", ".json"), "doccano", "read_doccano"),
        Format("labelstudio", "Label Studio JSON", (".json",), "labelstudio", "read_labelstudio"),
        Format("webanno", "WebAnno / INCEpTION TSV 3", (".tsv",), "webanno_tsv", "read_webanno"),
        Format("xmi", "UIMA CAS XMI (INCEpTION)", (".xmi",), "xmi", "read_xmi"),
        Format(
            "html",
            "Saved web pages",
            (".html", ".htm", ".mhtml", ".mht"),
            "web_page",
            "read_web_page",
        ),
    )
}
#: Saved web pages are recognised by their extension, without ``--format``.
WEB_PAGE_SUFFIXES = FORMATS["html"].suffixes


def files_of(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[tuple[Path, Path]]:
    """Each file to read, with the folder named on the command line that holds it.

    A folder stands for the files of the format in it and its sub-folders, in name
    order; a file named on its own is read whatever its extension.
    """
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
            for file in found:
                yield file, path
        else:
            yield path, path.parent


def read_foreign(
    paths: Iterable[Path], name: str, options: ReadOptions
) -> Iterator[ImportRecord | Rejection]:
    """Every record and rejection of ``paths`` read as format ``name``."""
    fmt = FORMATS[name]
    read = fmt.reader()
    any_file = False
    for file, root in files_of(paths, fmt.suffixes):
        any_file = True
        yield from read(file, replace(options, root=options.root or root))
    if not any_file:
        where = ", ".join(str(p) for p in paths)
        yield Rejection(where, None, f"no {fmt.title} files ({', '.join(fmt.suffixes)}) found")
