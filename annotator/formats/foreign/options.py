"""How another tool's files are read: who made the annotations in them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

AnnotatorFrom = Literal["folder", "filename"]


@dataclass(frozen=True)
class ReadOptions:
    """Who annotated the files, when the format does not say.

    ``annotator``: one name for every file (``--annotator``). ``annotator_from``:
    ``folder`` (one sub-folder of ``root`` per annotator, brat's convention) or
    ``filename`` (``ARTICLE_NAME.ann`` beside ``ARTICLE.txt``: after the last underscore).
    ``root``: the folder named on the command line that holds the annotators' folders.
    """

    annotator: str | None = None
    annotator_from: AnnotatorFrom | None = None
    root: Path | None = None


def annotator_of(path: Path, options: ReadOptions) -> str | None:
    """Who annotated ``path``: its annotator's folder or file name, else the one given."""
    if options.annotator_from == "folder" and options.root is not None:
        try:
            parts = path.resolve().relative_to(options.root.resolve()).parts
        except ValueError:
            parts = ()
        if len(parts) > 1:
            return parts[0]
    if options.annotator_from == "filename":
        stem, underscore, who = path.stem.rpartition("_")
        if underscore and stem and who:
            return who
    return options.annotator


def article_stem(path: Path, options: ReadOptions) -> str:
    """The article's own name: ``ARTICLE`` of ``ARTICLE_NAME.ann`` with ``filename``."""
    if options.annotator_from == "filename":
        stem, underscore, who = path.stem.rpartition("_")
        if underscore and stem and who:
            return stem
    return path.stem
