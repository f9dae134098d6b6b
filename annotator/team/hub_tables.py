"""The hub's tables on PostgreSQL.

The hub mirrors a project's tables where it holds the same things (documents, analyses,
spans, relations, document fields), so a team can query its annotations with SQL, and
adds what only a team needs: who joined, who was given what, the schema's history and a
number for every change reaching the hub (a reviewer copies the layers whose number
changed). Documents go out as text: each project analyses them with its own pipeline, as
after any import, so the hub needs no spaCy. A layer is one annotator's work on one
document; it is replaced
whole by its owner's push, so two pushes never conflict and pushing twice changes nothing.
"""

from __future__ import annotations

HUB_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS hub_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS schema_history (
    version INTEGER PRIMARY KEY,
    schema_toml TEXT NOT NULL,
    renames JSONB NOT NULL DEFAULT '{}',
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS documents (
    id BIGSERIAL PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT '',
    n_words INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS annotators (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer')),
    project_uid TEXT NOT NULL,        -- the one local project that pushes this layer
    joined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_sync TIMESTAMPTZ,
    UNIQUE (name, role)
);
CREATE TABLE IF NOT EXISTS assignments (
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id BIGINT NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    assigned_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (doc_id, annotator_id)
);
CREATE INDEX IF NOT EXISTS assignments_by_annotator ON assignments (annotator_id);
CREATE SEQUENCE IF NOT EXISTS changes;
CREATE TABLE IF NOT EXISTS layers (
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id BIGINT NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    seeded INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL,          -- the local project's change number it was pushed at
    change BIGINT NOT NULL DEFAULT nextval('changes'),
    PRIMARY KEY (doc_id, annotator_id)
);
CREATE INDEX IF NOT EXISTS layers_by_change ON layers (change);
CREATE INDEX IF NOT EXISTS layers_by_annotator ON layers (annotator_id, status);
CREATE TABLE IF NOT EXISTS spans (
    doc_id BIGINT NOT NULL,
    annotator_id BIGINT NOT NULL,
    key BIGINT NOT NULL,              -- the span's id in its owner's project
    layer TEXT NOT NULL,
    label TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    origin TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id, key),
    FOREIGN KEY (doc_id, annotator_id) REFERENCES layers ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS relations (
    doc_id BIGINT NOT NULL,
    annotator_id BIGINT NOT NULL,
    key BIGINT NOT NULL,
    label TEXT NOT NULL,
    head BIGINT NOT NULL,
    child BIGINT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id, key),
    FOREIGN KEY (doc_id, annotator_id) REFERENCES layers ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS doc_fields (
    doc_id BIGINT NOT NULL,
    annotator_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id, name),
    FOREIGN KEY (doc_id, annotator_id) REFERENCES layers ON DELETE CASCADE
);
"""
