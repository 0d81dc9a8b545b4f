-- The chair's work (CODEBOOK.md: chair's consolidation, police response) and the
-- researchers' blind double coding with adjudication (issue 5). Times as in 0001.

-- The chair's consolidation of members' feedback on one encounter of a screening. The
-- members' own answers stay in feedback_answer; this is what the chair decided to send.
CREATE TABLE consolidation (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    screening_id  INTEGER NOT NULL REFERENCES screening(id),
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    rating        TEXT CHECK (rating IS NULL OR rating IN ('good_practice', 'adequate', 'concern')),
    points        TEXT NOT NULL DEFAULT '',  -- points to send to the police
    questions     TEXT NOT NULL DEFAULT '',  -- questions for the police
    chair_id      INTEGER NOT NULL REFERENCES coder(id),
    changed_us    INTEGER NOT NULL,
    UNIQUE (screening_id, encounter_id)
);

-- A point or question sent to the police and what they answered. Raised at one screening,
-- it is carried forward to every later screening of the panel until its status is closed.
CREATE TABLE police_action (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    screening_id  INTEGER NOT NULL REFERENCES screening(id), -- where it was raised
    encounter_id  INTEGER REFERENCES encounter(id),          -- NULL: about the screening as a whole
    request       TEXT NOT NULL,
    response      TEXT NOT NULL DEFAULT '',
    responded_on  TEXT CHECK (responded_on IS NULL OR responded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    closed_on     TEXT CHECK (closed_on IS NULL OR closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                                                             -- set when closed: later screenings no longer carry it
    created_by    INTEGER NOT NULL REFERENCES coder(id),
    created_us    INTEGER NOT NULL,
    changed_us    INTEGER NOT NULL
);
CREATE INDEX police_action_by_status ON police_action(status, screening_id);

-- Blind coding: on an encounter listed here, a coder sees only their own tags until their
-- coding_pass row says done. Reopening a pass deletes its row (audited).
CREATE TABLE blind_coding (
    encounter_id  INTEGER PRIMARY KEY REFERENCES encounter(id),
    started_by    INTEGER NOT NULL REFERENCES coder(id),
    started_us    INTEGER NOT NULL
);

CREATE TABLE coding_pass (
    encounter_id  INTEGER NOT NULL REFERENCES encounter(id),
    coder_id      INTEGER NOT NULL REFERENCES coder(id),
    done_us       INTEGER NOT NULL,
    PRIMARY KEY (encounter_id, coder_id)
) WITHOUT ROWID;

-- Adjudication: the consensus on a disagreement, recorded by a chair or lead researcher as
-- an annotation of the coder named 'consensus' (so lanes, exports and reliability treat it
-- as one more coder) with the reason and the original tags it was decided from. The
-- originals are never changed.
CREATE TABLE adjudication (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    encounter_id   INTEGER NOT NULL REFERENCES encounter(id),
    annotation_id  INTEGER REFERENCES annotation(id), -- the consensus tag; NULL: decided that nothing happened
    code           TEXT NOT NULL,
    start_us       INTEGER NOT NULL CHECK (start_us >= 0),  -- encounter time of what was decided
    end_us         INTEGER CHECK (end_us IS NULL OR end_us >= start_us),
    reason         TEXT NOT NULL CHECK (length(reason) > 0),
    sources        TEXT NOT NULL DEFAULT '[]',        -- JSON array of the original tags' uuids
    decided_by     INTEGER NOT NULL REFERENCES coder(id),
    decided_us     INTEGER NOT NULL
);
CREATE INDEX adjudication_by_encounter ON adjudication(encounter_id);
