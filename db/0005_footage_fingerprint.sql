-- Issue 10: the window checks footage at open by size and a quick fingerprint ("SIZE:" and
-- the SHA-256 of the first and last MiB) before the full hash finishes in the background.
-- NULL for footage registered before this version: the window then waits for the full
-- hash. Not covered by the row seals (an older database's seals stay valid): the full
-- SHA-256, which is, decides.
ALTER TABLE footage ADD COLUMN fingerprint TEXT;
