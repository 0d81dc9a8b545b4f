-- Issue 14: transcripts beside the picture and privacy masks on the shared screen.
-- Both belong to a footage file, with times in that file's media time, so they follow the
-- camera wherever its offset puts it on an encounter's timeline.

-- One imported SRT or WebVTT file. A camera shows one transcript at a time: importing
-- another for the same footage (with --replace) marks the earlier one replaced; its cues
-- stay, so the audit log and the seals still cover what was shown before.
CREATE TABLE transcript (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    footage_id    INTEGER NOT NULL REFERENCES footage(id),
    source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
    file_name     BLOB NOT NULL,             -- sealed: the name may identify someone
    format        TEXT NOT NULL CHECK (format IN ('SRT', 'WebVTT')),
    cue_count     INTEGER NOT NULL CHECK (cue_count > 0),
    imported_by   INTEGER NOT NULL REFERENCES person(id),
    imported_us   INTEGER NOT NULL,
    replaced_us   INTEGER                    -- NULL: the transcript shown for this footage
);
CREATE UNIQUE INDEX transcript_current ON transcript(footage_id) WHERE replaced_us IS NULL;

CREATE TABLE transcript_cue (
    id            INTEGER PRIMARY KEY,
    transcript_id INTEGER NOT NULL REFERENCES transcript(id),
    position      INTEGER NOT NULL,          -- order in the file, from 0
    start_us      INTEGER NOT NULL,
    end_us        INTEGER NOT NULL CHECK (end_us >= start_us),
    speaker       BLOB NOT NULL,             -- sealed; empty text when the file names none
    text          BLOB NOT NULL,             -- sealed
    UNIQUE (transcript_id, position)
);

-- A privacy mask: a rectangle or ellipse over part of the picture for a span of media
-- time, moving between keyframes. `keyframes` is JSON: [[at_us, x, y, w, h], ...] sorted
-- by time, boxes in fractions of the picture as shown (0..1 from the top left).
CREATE TABLE mask (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    footage_id    INTEGER NOT NULL REFERENCES footage(id),
    shape         TEXT NOT NULL CHECK (shape IN ('rect', 'ellipse')),
    from_us       INTEGER NOT NULL,
    to_us         INTEGER NOT NULL CHECK (to_us > from_us),
    keyframes     TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES person(id),
    created_us    INTEGER NOT NULL,
    removed_us    INTEGER                    -- NULL: in force
);
CREATE INDEX mask_by_footage ON mask(footage_id);
