"""The default project: created on first launch with the sample articles in it."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from annotator import paths
from annotator.core.schema_toml import load_schema
from annotator.jobs.importing import import_files
from annotator.store.db import open_project
from annotator.store.documents import count_documents


def open_default_project(path: Path | None = None) -> tuple[Path, Database]:
    """Open (creating and filling it on first use) the project a bare ``annotator`` opens.

    Only the documents are stored here, so the window appears at once without loading
    spaCy; the window then runs the model over the articles in the background.
    """
    path = path or paths.default_project_path()
    fresh = not path.exists()
    db = open_project(path, new_schema=load_schema(paths.default_schema_path()))
    if fresh or count_documents(db) == 0:
        samples = sorted(paths.sample_docs_dir().glob("*.txt"))
        import_files(db, samples, pipeline=None)
    return path, db
