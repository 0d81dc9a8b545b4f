-- People who sign in, their roles, the database key, sealed free text, members' feedback
-- submissions, retention, and audit seals (issue 9; src/README.md "How trust works").

-- Coders become people: everyone who signs in, whatever their roles. Foreign keys named
-- coder_id keep their name: there they mean "the person who coded this".
ALTER TABLE coder RENAME TO person;
ALTER TABLE person ADD COLUMN roles TEXT NOT NULL DEFAULT 'member';  -- review/permissions.hpp, comma-separated
ALTER TABLE person ADD COLUMN passphrase TEXT;       -- Argon2id record (review/keys.hpp); NULL: none set yet
ALTER TABLE person ADD COLUMN wrapped_key BLOB;      -- the database key, wrapped under the passphrase
ALTER TABLE person ADD COLUMN failed_signins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN last_failed_us INTEGER;
ALTER TABLE person ADD COLUMN removed_us INTEGER;     -- removed people keep their row: their tags stay theirs

-- Free text is stored sealed from now on (BLOBs, review/keys.hpp); a database made before
-- this version is sealed by its first `init`.

-- The audit log names the person who acted, and binds the rows a change wrote to their
-- content (audit_seal); `seals` is the SHA-256 over the entry's seal rows, part of its hash.
ALTER TABLE audit_entry RENAME COLUMN coder TO person;
ALTER TABLE audit_entry ADD COLUMN seals TEXT;

CREATE TABLE audit_seal (
    entry_id  INTEGER NOT NULL REFERENCES audit_entry(id),
    row_key   TEXT NOT NULL,       -- "annotation/UUID", "encounter_field/ENCOUNTER_UUID/FIELD", ...
    row_hash  TEXT,                -- SHA-256 of the row's stored content; NULL: the row was removed
    PRIMARY KEY (row_key, entry_id)
) WITHOUT ROWID;
CREATE INDEX audit_seal_by_entry ON audit_seal(entry_id, row_key);
CREATE INDEX audit_entry_by_action ON audit_entry(action);

CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: seals cannot be changed');
END;
CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: seals cannot be removed');
END;

-- A member's feedback on an encounter, submitted: from then on they see the other members'
-- tags and feedback on it (as "Member n"), and their own answers are final.
CREATE TABLE feedback_submission (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    screening_id  INTEGER NOT NULL REFERENCES screening(id),
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    coder_id      INTEGER NOT NULL REFERENCES person(id),
    submitted_us  INTEGER NOT NULL,
    UNIQUE (screening_id, encounter_id, coder_id)
);
CREATE INDEX feedback_submission_by_encounter ON feedback_submission(encounter_id, coder_id);

-- How long a panel keeps free text and footage paths after the screening that showed an
-- encounter; tags and ratings are kept. NULL days: kept.
CREATE TABLE retention (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    panel            BLOB NOT NULL,         -- sealed panel name, as in screening.panel
    panel_hash       TEXT NOT NULL UNIQUE,  -- keyed hash of the panel name, to find it
    free_text_days   INTEGER CHECK (free_text_days IS NULL OR free_text_days >= 0),
    paths_days       INTEGER CHECK (paths_days IS NULL OR paths_days >= 0),
    changed_by       INTEGER NOT NULL REFERENCES person(id),
    changed_us       INTEGER NOT NULL
);
