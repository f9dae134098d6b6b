"""The ledger's three exports, each written whole or not at all.

The text is written to a temporary file in the target folder, then renamed over the
target: a full disk or a crash leaves the old file (or none), never half of a new one.
The window writes them in a worker: the JSON of ten thousand articles takes seconds.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from annotator.ledger.ledger import Ledger, entries_csv, json_text, summary_csv

#: kind -> (button, file name ending, file dialog filter)
EXPORTS = {
    "csv": ("Export CSV…", "-ledger.csv", "CSV files (*.csv)"),
    "json": ("Export JSON…", "-ledger.json", "JSON files (*.json)"),
    "summary": ("Export summary CSV…", "-ledger-summary.csv", "CSV files (*.csv)"),
}


def export_text(ledger: Ledger, kind: str) -> str:
    """The ledger as `annotator ledger` prints it with --csv, --json or --csv --summary."""
    if kind == "csv":
        return entries_csv(ledger)
    if kind == "summary":
        return summary_csv(ledger)
    if kind == "json":
        return json_text(ledger)
    raise ValueError(f"no ledger export {kind!r}: use {', '.join(EXPORTS)}")


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it; raises OSError."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:  # named by the file asked for, not the temporary one
        temporary.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
