"""The project database's tables, version by version.

A project records its version in ``PRAGMA user_version``. Each entry of ``MIGRATIONS``
takes a database from the version before it to its own; a new release appends an entry
and never edits an old one.
"""

from __future__ import annotations

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,          -- sha1 of the text: identity across projects
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT '',
    n_words INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL
);
CREATE TABLE analyses (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,                -- '' when only the tokenizer ran
    tokens TEXT NOT NULL,               -- JSON: flat [start, end, start, end, ...]
    sent_starts TEXT NOT NULL,          -- JSON: token indices that begin sentences
    syntax TEXT,                        -- JSON: tag, pos, morph, lemma, head, dep lists
    created_at TEXT NOT NULL
);
CREATE TABLE annotators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    project_uid TEXT NOT NULL,          -- the project this person worked in
    -- model: pre-annotation (entities); suggester: rule-based suggestions; gold: review
    kind TEXT NOT NULL DEFAULT 'human' CHECK (kind IN ('human', 'model', 'suggester', 'gold')),
    UNIQUE (name, project_uid, kind)
);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    layer TEXT NOT NULL,
    label TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'model')),
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    CHECK (0 <= char_start AND char_start < char_end)
);
CREATE INDEX spans_by_doc ON spans (doc_id, annotator_id);
CREATE INDEX spans_by_annotator ON spans (annotator_id);
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    head INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    child INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX relations_by_doc ON relations (doc_id, annotator_id);
CREATE INDEX relations_by_head ON relations (head);
CREATE INDEX relations_by_child ON relations (child);
CREATE TABLE doc_states (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'todo'
        CHECK (status IN ('todo', 'in progress', 'done', 'skipped')),
    seeded INTEGER NOT NULL DEFAULT 0,  -- model entities copied into this layer
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id)
);
CREATE INDEX doc_states_by_annotator ON doc_states (annotator_id, status);
CREATE TABLE doc_fields (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,                -- JSON
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id, name)
);
CREATE TABLE suggestion_decisions (
    span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,  -- a suggester's span
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (span_id, annotator_id)
);
-- A reviewer's rejection of a unit of disagreement: kept so that it stays decided (gold
-- alone cannot tell "rejected" from "not looked at yet").
CREATE TABLE review_decisions (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit TEXT NOT NULL,                 -- JSON of the unit's key, e.g. ["span", layer, ...]
    decision TEXT NOT NULL CHECK (decision IN ('reject')),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, unit)
);
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
"""

# Version 2: a log of the project's label-schema changes (``annotator schema --set``),
# each with the schemas before and after and what happened to the annotations (JSON).
_V2 = """
CREATE TABLE schema_changes (
    id INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    old_schema TEXT NOT NULL,           -- TOML
    new_schema TEXT NOT NULL,           -- TOML
    report TEXT NOT NULL                -- JSON: renamed, kept or deleted orphans, counts
);
"""

# Version 3: faster listing and search at 100,000 documents.
# - The search index keeps no positions (detail=none): the filter matches words as
#   prefixes and never phrases, and without positions a word found in every document
#   ("the", "said") is read three times faster; the index is smaller too.
# - A narrow index of the ids: listing them from the table itself walked every row's
#   page (0.3 s for 100,000 articles); the index holds only the numbers.
_V3 = """
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content='documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', detail=none
);
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
CREATE INDEX documents_ids ON documents (id);
"""

# Version 4: a span's origin tells the rule-based suggesters ('rules') from the spaCy model
# ('model'). SQLite cannot alter a CHECK constraint, so the table is rebuilt with the same
# ids (the documented twelve-step way: ``_migrate`` turns foreign keys off around it, so
# dropping the old table cascades to nothing, and checks every reference before commit).
# Spans kept from a suggestion were recorded as 'model' until now; the model only ever
# made the entity layer ('ner'), so every other 'model' span came from the rules.
_V4 = """
CREATE TABLE spans_v4 (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    layer TEXT NOT NULL,
    label TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'model', 'rules')),
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    CHECK (0 <= char_start AND char_start < char_end)
);
INSERT INTO spans_v4 (id, doc_id, annotator_id, layer, label, char_start, char_end, origin,
                      attrs, created_at)
    SELECT id, doc_id, annotator_id, layer, label, char_start, char_end,
           CASE WHEN origin = 'model' AND layer <> 'ner' THEN 'rules' ELSE origin END,
           attrs, created_at
    FROM spans;
DROP TABLE spans;
ALTER TABLE spans_v4 RENAME TO spans;
CREATE INDEX spans_by_doc ON spans (doc_id, annotator_id);
CREATE INDEX spans_by_annotator ON spans (annotator_id);
"""

# Version 5: a trained model's confidence in each span it suggests (the rules give none),
# so the window can hide suggestions below the threshold the person set.
_V5 = """
CREATE TABLE suggestion_scores (
    span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    score REAL NOT NULL CHECK (0 <= score AND score <= 1)
);
"""

# Version 6: a project linked to a team hub (annotator/team/). ``team_link`` names the hub
# and the one layer this project pushes (the annotator's own, or the reviewer's gold);
# triggers note every change to that layer in ``team_outbox``, one row per document with
# the number of its latest change, inside the same transaction as the change itself: a
# change is never committed without its note, so a kill can lose no change to the hub.
# A push sends the document's whole layer and deletes the note only if its number is
# unchanged, so a change made during the push is sent next time.
_V6 = """
CREATE TABLE team_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hub TEXT NOT NULL,                  -- the hub's address, as the person gave it
    hub_uid TEXT NOT NULL,              -- the hub's identity: another hub is refused
    role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer')),
    name TEXT NOT NULL,                 -- the annotator's (or reviewer's) name on the hub
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the layer pushed
    hub_annotator_id INTEGER NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    schema_version INTEGER NOT NULL DEFAULT 1,
    synced_at TEXT,
    error TEXT,
    error_since TEXT
);
-- A reviewer's copies of annotators' layers: the hub's change number each was copied at
-- (hub ids). Compared layer by layer, not as one cursor: transactions on the hub commit
-- in another order than their numbers were drawn, and a cursor would skip the late ones.
CREATE TABLE team_pulled (
    hub_doc INTEGER NOT NULL,
    hub_annotator INTEGER NOT NULL,
    change INTEGER NOT NULL,
    PRIMARY KEY (hub_doc, hub_annotator)
);
-- No reference to documents: deleting a document deletes its spans first, whose triggers
-- note the document again; a push skips a document that is no longer there.
CREATE TABLE team_outbox (
    doc_id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);
""" + "".join(
    f"""
CREATE TRIGGER team_{table}_{event[0].lower()} AFTER {event} ON {table}
WHEN {row}.annotator_id = (SELECT annotator_id FROM team_link) BEGIN
    UPDATE team_link SET change_seq = change_seq + 1;
    INSERT INTO team_outbox (doc_id, seq) VALUES ({row}.doc_id, (SELECT change_seq FROM team_link))
        ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq;
END;"""
    for table in ("spans", "relations", "doc_fields", "doc_states")
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
)

# Version 7: links found from their head carry their label and child in the index, so a
# lookup by head and label never visits the table (the claims ledger looks up the source
# and the total of every figure and claim: 140,000 lookups at 10,000 articles).
_V7 = """
DROP INDEX relations_by_head;
CREATE INDEX relations_by_head ON relations (head, label, child);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7)
SCHEMA_VERSION = len(MIGRATIONS)
