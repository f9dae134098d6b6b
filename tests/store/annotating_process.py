"""A stand-in for an annotation window, run as a separate process by the crash tests.

``python -m tests.store.annotating_process PROJECT DOC_ID ANNOTATOR SEED [--count N]
[--busy-ms MS] [--wait]`` opens the project with ``open_project`` and edits one
document through a ``DocumentEditor``, the object the window's undo commands drive.
Before each change it prints the change it is about to make (``begin ...``) and, once
the call has returned, what was saved, each line flushed at once, so that whoever kills
it knows what must be stored::

    ready
    begin create START END LABEL ATTRS      saved ID START END LABEL ATTRS
    begin relabel ID LABEL                  relabelled ID LABEL ATTRS
    begin attrs ID ATTRS                    attrs ID ATTRS
    begin delete ID                         deleted ID
    begin link HEAD CHILD LABEL             linked ID HEAD CHILD LABEL
                                            refused ERROR MESSAGE  (a ProjectError: not saved)

ATTRS is compact JSON, last on its line (a value may hold a space). The process imports
the store and core layers only (no spaCy, no Qt), so that it starts in a fraction of a
second.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from annotator.core.schema import Label
from annotator.store.annotators import ensure_annotator
from annotator.store.db import BUSY_TIMEOUT_MS, ProjectError, open_project, project_schema
from annotator.store.editing import DocumentEditor

#: Labels the process uses: all three carry attributes, and QUOTE links to SOURCE.
LABELS = ("QUOTE", "SOURCE", "CLAIM")


def compact(attrs: dict[str, Any]) -> str:
    return json.dumps(attrs, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _other_value(label: Label, attrs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The attributes with one enum attribute set to a value it does not have now."""
    enums = [a for a in label.attributes if a.kind == "enum" and len(a.values) > 1]
    attribute = rng.choice(enums)
    choices = [v for v in attribute.values if v != attrs.get(attribute.name)]
    return {**attrs, attribute.name: rng.choice(choices)}


def step(editor: DocumentEditor, rng: random.Random) -> None:
    """Make one random change, announcing it before and reporting it after."""
    mine = sorted(editor.spans)
    roll = rng.random()
    if not mine or roll < 0.55:
        length = len(editor.document.text)
        start = rng.randrange(length - 1)
        end = min(length, start + rng.randint(1, 40))
        label = rng.choice(LABELS)
        span = editor.new_span(start, end, label)
        if span is None or editor.has_span(span.start, span.end, label):
            return
        say(f"begin create {span.start} {span.end} {label} {compact(span.attrs)}")
        made = editor.create(start, end, label)
        assert made is not None
        say(f"saved {made.id} {made.start} {made.end} {made.label} {compact(made.attrs)}")
        return
    span_id = rng.choice(mine)
    span = editor.spans[span_id]
    if roll < 0.70:
        label = rng.choice([name for name in LABELS if name != span.label])
        say(f"begin relabel {span_id} {label}")
        editor.relabel(span_id, label)
        changed = editor.spans[span_id]
        say(f"relabelled {span_id} {changed.label} {compact(changed.attrs)}")
    elif roll < 0.82:
        found = editor.schema.label(span.label)
        assert found is not None
        attrs = _other_value(found, span.attrs, rng)
        say(f"begin attrs {span_id} {compact(attrs)}")
        editor.set_attrs(span_id, attrs)
        say(f"attrs {span_id} {compact(editor.spans[span_id].attrs)}")
    elif roll < 0.90:
        quotes = [s for s in mine if editor.spans[s].label == "QUOTE"]
        sources = [s for s in mine if editor.spans[s].label == "SOURCE"]
        if not quotes or not sources:
            return
        head, child = rng.choice(quotes), rng.choice(sources)
        if any((r.head, r.child) == (head, child) for r in editor.relations.values()):
            return
        say(f"begin link {head} {child} ATTRIBUTED_TO")
        relation = editor.link(head, child, "ATTRIBUTED_TO")
        assert relation is not None
        say(f"linked {relation.id} {head} {child} ATTRIBUTED_TO")
    else:
        say(f"begin delete {span_id}")
        editor.delete(span_id)
        say(f"deleted {span_id}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("doc_id", type=int)
    parser.add_argument("annotator")
    parser.add_argument("seed", type=int)
    parser.add_argument("--count", type=int, default=10_000, help="changes to make, then exit")
    parser.add_argument("--busy-ms", type=int, default=BUSY_TIMEOUT_MS)
    parser.add_argument("--wait", action="store_true", help="after ready, wait for a stdin line")
    args = parser.parse_args(argv)
    db = open_project(args.project, busy_timeout_ms=args.busy_ms)
    schema = project_schema(db)
    editor = DocumentEditor(db, schema, ensure_annotator(db, args.annotator), args.doc_id)
    assert "spacy" not in sys.modules  # a slow start would make the kills miss the edits
    rng = random.Random(args.seed)
    say("ready")
    if args.wait:  # so that two processes start editing at the same moment
        sys.stdin.readline()
    made = 0
    while made < args.count:
        before = len(editor.spans), len(editor.relations), dict(editor.spans)
        try:
            step(editor, rng)
        except ProjectError as exc:  # as the window does: tell, save nothing, go on
            say(f"refused {type(exc).__name__} {exc}")
            made += 1
            continue
        if (len(editor.spans), len(editor.relations), editor.spans) != before:
            made += 1
    db.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
