-- bwv-review schema, version 1. Applied in one transaction by store::migrate; the version
-- is PRAGMA user_version. Times are integer microseconds: media time (from the first
-- presented frame) for tags, Unix time for *_us stamps of when something happened.
-- Every row that can travel between machines has a uuid besides its integer key.

CREATE TABLE coder (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,       -- login or --as name; never leaves the panel
    pseudonym   TEXT,                       -- what exports show instead of the name
    created_us  INTEGER NOT NULL
);

-- Footage is referred to by path and SHA-256, opened read-only, never copied.
CREATE TABLE footage (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    duration_us  INTEGER,                   -- probe facts: NULL when probing failed
    frames       INTEGER,
    width        INTEGER,
    height       INTEGER,
    fps          REAL,
    video_codec  TEXT,
    audio_codec  TEXT,
    probe_json   TEXT,                      -- the full probe facts as JSON
    probe_error  TEXT,                      -- why probing failed, if it did
    added_by     INTEGER NOT NULL REFERENCES coder(id),
    added_us     INTEGER NOT NULL,
    verified_us  INTEGER                    -- last time the hash was checked and matched
);

CREATE TABLE encounter (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    reference   TEXT NOT NULL UNIQUE,       -- the force's reference (hashed in exports)
    created_us  INTEGER NOT NULL,
    changed_us  INTEGER NOT NULL
);

-- The encounter form (CODEBOOK.md): one row per answered field; field names are those of
-- review/encounter_form.cpp, or a codebook code id for the codes asked per encounter (E).
CREATE TABLE encounter_field (
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id) ON DELETE CASCADE,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    changed_by    INTEGER NOT NULL REFERENCES coder(id),
    changed_us    INTEGER NOT NULL,
    PRIMARY KEY (encounter_id, field)
) WITHOUT ROWID;

-- Footage filmed at an encounter: encounter time = offset_us + media time.
CREATE TABLE encounter_footage (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id) ON DELETE CASCADE,
    footage_id    INTEGER NOT NULL REFERENCES footage(id),
    offset_us     INTEGER NOT NULL DEFAULT 0,
    label         TEXT NOT NULL DEFAULT '',  -- "Officer A"
    UNIQUE (encounter_id, footage_id)
);
CREATE INDEX encounter_footage_by_footage ON encounter_footage(footage_id);

-- A panel's session.
CREATE TABLE screening (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    panel       TEXT NOT NULL DEFAULT '',
    force       TEXT NOT NULL DEFAULT '',
    held_on     TEXT CHECK (held_on IS NULL OR held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    venue       TEXT CHECK (venue IS NULL OR venue IN ('police_premises', 'streamed')),
    selection   TEXT CHECK (selection IS NULL OR selection IN ('random', 'chair_selected', 'sub_group', 'requested')),
    attendees   TEXT NOT NULL DEFAULT '{}', -- JSON: role -> count
    created_by  INTEGER NOT NULL REFERENCES coder(id),
    created_us  INTEGER NOT NULL
);

CREATE TABLE screening_encounter (
    screening_id  INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    position      INTEGER NOT NULL,          -- viewing order, from 1
    PRIMARY KEY (screening_id, encounter_id),
    UNIQUE (screening_id, position)
) WITHOUT ROWID;

-- Codebooks are versioned: a change makes a new version; annotations keep theirs.
CREATE TABLE codebook (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    title       TEXT NOT NULL DEFAULT '',
    content     TEXT NOT NULL,               -- the codebook JSON as imported (normalised)
    sha256      TEXT NOT NULL,               -- of content: an unchanged import is no new version
    created_by  INTEGER REFERENCES coder(id),
    created_us  INTEGER NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE code (
    codebook_id     INTEGER NOT NULL REFERENCES codebook(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,           -- "ESC.01"
    position        INTEGER NOT NULL,
    group_id        TEXT NOT NULL,           -- "ESC"
    label           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('point', 'interval', 'encounter')),
    on_form         INTEGER NOT NULL DEFAULT 0, -- also asked once per encounter (E)
    definition      TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    colour          TEXT NOT NULL,
    hotkey          TEXT,
    value_choices   TEXT,                    -- JSON array, when the code carries a value
    PRIMARY KEY (codebook_id, code)
) WITHOUT ROWID;

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- A tag. start_us/end_us: encounter time in microseconds; end_us only for intervals.
CREATE TABLE annotation (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    footage_id    INTEGER REFERENCES footage(id), -- the camera it was tagged on, if any
    codebook_id   INTEGER NOT NULL REFERENCES codebook(id),
    code          TEXT NOT NULL,
    start_us      INTEGER NOT NULL,
    end_us        INTEGER CHECK (end_us IS NULL OR end_us >= start_us),
    subject       TEXT CHECK (subject IS NULL OR subject IN ('officer', 'person', 'other_officer', 'bystander')),
    intensity     INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 3),
    value         TEXT,
    comment       TEXT NOT NULL DEFAULT '',
    coder_id      INTEGER NOT NULL REFERENCES coder(id),
    created_us    INTEGER NOT NULL,
    changed_us    INTEGER NOT NULL,
    deleted_us    INTEGER,                   -- soft delete: set, never removed
    FOREIGN KEY (codebook_id, code) REFERENCES code(codebook_id, code)
);
CREATE INDEX annotation_by_encounter ON annotation(encounter_id, coder_id, start_us);
CREATE INDEX annotation_by_code ON annotation(code);

-- Undo/redo of annotation changes, per coder, kept across restarts. before/after are
-- JSON snapshots of the annotation's editable fields (deleted_us included).
CREATE TABLE undo_step (
    id             INTEGER PRIMARY KEY,
    coder_id       INTEGER NOT NULL REFERENCES coder(id),
    annotation_id  INTEGER NOT NULL REFERENCES annotation(id),
    action         TEXT NOT NULL,            -- created, changed, deleted
    before_state   TEXT NOT NULL,
    after_state    TEXT NOT NULL,
    undone         INTEGER NOT NULL DEFAULT 0,
    at_us          INTEGER NOT NULL
);
CREATE INDEX undo_step_by_coder ON undo_step(coder_id, undone, id);

-- Panel feedback (CODEBOOK.md): one answer per member, encounter and question, saved as
-- the member types.
CREATE TABLE feedback_answer (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    screening_id  INTEGER NOT NULL REFERENCES screening(id),
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    coder_id      INTEGER NOT NULL REFERENCES coder(id),
    question      TEXT NOT NULL,
    value         TEXT NOT NULL,
    changed_us    INTEGER NOT NULL,
    UNIQUE (screening_id, encounter_id, coder_id, question)
);

-- The audit log (Data Protection Act 2018 s.62): append-only, each entry carrying the
-- SHA-256 of the previous one (hash computed in review/audit_log.cpp).
CREATE TABLE audit_entry (
    id         INTEGER PRIMARY KEY,
    at_us      INTEGER NOT NULL,
    coder      TEXT NOT NULL,
    action     TEXT NOT NULL,                -- footage.registered, annotation.created, ...
    item       TEXT NOT NULL,                -- uuid or name of what it concerns
    detail     TEXT NOT NULL,                -- JSON
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed');
END;
