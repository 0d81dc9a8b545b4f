// The audit log can't be quietly rewritten (issue 9): append-only by trigger, a hash chain
// over entries and their seals, seals over the rows the log covers, and a head kept outside
// the database. Each way of tampering below is done as someone with the file and sqlite3
// would do it, and must be found.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <fstream>
#include <vector>

#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/masks.hpp"
#include "review/transcripts.hpp"
#include "review/row_seals.hpp"
#include "scratch.hpp"

using review_test::Scratch;

namespace {

// Runs SQL on a database file with plain sqlite3, as someone tampering would.
std::string rawExec(const std::filesystem::path& db, const std::string& sql)
{
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    std::string error = rc == SQLITE_OK ? "" : (message ? message : "error");
    sqlite3_free(message);
    sqlite3_close(handle);
    return error;
}

struct Log {
    std::filesystem::path db;
    std::string tagUuid;
    std::string head; // audit head after the changes
};

// An encounter with a form answer, two tags (one changed, one deleted), then a copy made
// for each test so the original stays untouched.
Log makeLog(const Scratch& scratch)
{
    auto ws = review_test::open(scratch.db());
    REQUIRE(review::addEncounter(ws, "E1", {{"search_type", "person"}}).ok());
    review::NewAnnotation tag;
    tag.encounterRef = "E1";
    tag.code = "ESC.02";
    tag.startUs = 1;
    tag.comment = "first";
    auto kept = review::addAnnotation(ws, tag);
    REQUIRE(kept.ok());
    review::AnnotationChange change;
    change.comment = "second";
    REQUIRE(review::changeAnnotation(ws, kept->uuid, change).ok());
    auto gone = review::addAnnotation(ws, tag);
    REQUIRE(gone.ok());
    REQUIRE(review::deleteAnnotation(ws, gone->uuid).ok());
    auto verdict = review::verifyAudit(ws);
    REQUIRE(verdict.ok());
    CHECK_MESSAGE(verdict->ok(), (verdict->problems.empty() ? "" : verdict->problems.front()));
    auto head = review::auditHead(ws.db());
    REQUIRE(head.ok());
    REQUIRE(ws.db().checkpoint().ok());
    return {scratch.db(), kept->uuid, head->text()};
}

std::filesystem::path copyOf(const Scratch& scratch, const Log& log, const std::string& name)
{
    const auto copy = scratch.dir / (name + ".sqlite");
    std::filesystem::copy_file(log.db, copy);
    return copy;
}

review::AuditVerdict verify(const std::filesystem::path& db, const std::optional<std::string>& head = std::nullopt)
{
    auto ws = review_test::open(db);
    auto verdict = review::verifyAudit(ws, head);
    REQUIRE(verdict.ok());
    return *verdict;
}

bool mentions(const review::AuditVerdict& verdict, const std::string& words)
{
    for (const std::string& p : verdict.problems)
        if (p.find(words) != std::string::npos)
            return true;
    return false;
}

std::string problemsOf(const review::AuditVerdict& verdict)
{
    std::string all;
    for (const std::string& p : verdict.problems)
        all += p + "\n";
    return all;
}

int64_t entryCount(const std::filesystem::path& db)
{
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(handle, "SELECT count(*) FROM audit_entry", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    int64_t n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return n;
}

} // namespace

TEST_CASE("the audit log and its seals refuse UPDATE and DELETE")
{
    Scratch scratch;
    Log log = makeLog(scratch);
    CHECK(rawExec(log.db, "UPDATE audit_entry SET person = 'mallory' WHERE id = 2").find("append-only") != std::string::npos);
    CHECK(rawExec(log.db, "DELETE FROM audit_entry WHERE id = 2").find("append-only") != std::string::npos);
    CHECK(rawExec(log.db, "UPDATE audit_seal SET row_hash = 'x'").find("append-only") != std::string::npos);
    CHECK(rawExec(log.db, "DELETE FROM audit_seal").find("append-only") != std::string::npos);
    CHECK(verify(log.db).ok());
}

TEST_CASE("tampering is found: an edited, deleted, inserted or truncated entry, an emptied log, dropped triggers")
{
    Scratch scratch;
    Log log = makeLog(scratch);

    SUBCASE("an entry edited with the trigger dropped")
    {
        auto db = copyOf(scratch, log, "edited");
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET person = 'mallory' WHERE id = 3;"
                          "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'x'); END;")
                  .empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        CHECK_MESSAGE(mentions(verdict, "entry 3"), problemsOf(verdict));
        CHECK_MESSAGE(mentions(verdict, "altered"), problemsOf(verdict));
    }
    SUBCASE("an entry deleted")
    {
        auto db = copyOf(scratch, log, "deleted");
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE id = 3;").empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        CHECK_MESSAGE(mentions(verdict, "removed"), problemsOf(verdict));
    }
    SUBCASE("an entry inserted")
    {
        auto db = copyOf(scratch, log, "inserted");
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET id = -id WHERE id >= 4;"
                          "UPDATE audit_entry SET id = 1 - id WHERE id < 0;"
                          "INSERT INTO audit_entry (id, at_us, person, action, item, detail, prev_hash, hash, seals)"
                          " SELECT 4, at_us, 'mallory', 'tag.read', '', '{}', hash, hash, NULL FROM audit_entry WHERE id = 3;")
                  .empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
    }
    SUBCASE("the end cut off: the changes it recorded no longer match their rows")
    {
        auto db = copyOf(scratch, log, "truncated");
        const int64_t n = entryCount(db);
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_delete; DROP TRIGGER audit_seal_no_delete;"
                          "DELETE FROM audit_seal WHERE entry_id >= " + std::to_string(n - 1) + ";"
                          "DELETE FROM audit_entry WHERE id >= " + std::to_string(n - 1) + ";")
                  .empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        // And with the head kept outside: the log no longer extends it.
        CHECK(mentions(verify(db, log.head), "does not contain the head"));
    }
    SUBCASE("the whole log deleted")
    {
        auto db = copyOf(scratch, log, "emptied");
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_delete; DROP TRIGGER audit_seal_no_delete;"
                          "DELETE FROM audit_seal; DELETE FROM audit_entry;")
                  .empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        CHECK_MESSAGE(mentions(verdict, "added outside bwv-review"), problemsOf(verdict));
    }
    SUBCASE("the triggers dropped: restored on the next open, and reported from then on")
    {
        auto db = copyOf(scratch, log, "unprotected");
        CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_seal_no_delete;").empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        CHECK_MESSAGE(mentions(verdict, "protection"), problemsOf(verdict));
        CHECK(rawExec(db, "UPDATE audit_entry SET person = 'mallory'").find("append-only") != std::string::npos);
        CHECK_FALSE(verify(db).ok()); // still reported
    }
}

TEST_CASE("a tag edited, added or removed behind the log's back is found")
{
    Scratch scratch;
    Log log = makeLog(scratch);

    SUBCASE("edited")
    {
        auto db = copyOf(scratch, log, "tag-edited");
        CHECK(rawExec(db, "UPDATE annotation SET start_us = 5000000 WHERE uuid = '" + log.tagUuid + "'").empty());
        auto verdict = verify(db);
        CHECK_FALSE(verdict.ok());
        CHECK_MESSAGE(mentions(verdict, "tag " + log.tagUuid + " was changed outside bwv-review"), problemsOf(verdict));
    }
    SUBCASE("added")
    {
        auto db = copyOf(scratch, log, "tag-added");
        CHECK(rawExec(db, "INSERT INTO annotation (uuid, encounter_id, codebook_id, code, start_us, coder_id, created_us,"
                          " changed_us) SELECT 'forged-0000', encounter_id, codebook_id, code, 7, coder_id, created_us,"
                          " changed_us FROM annotation LIMIT 1")
                  .empty());
        auto verdict = verify(db);
        CHECK_MESSAGE(mentions(verdict, "tag forged-0000 is not in the audit log"), problemsOf(verdict));
    }
    SUBCASE("removed")
    {
        auto db = copyOf(scratch, log, "tag-removed");
        CHECK(rawExec(db, "DELETE FROM undo_step; DELETE FROM annotation WHERE uuid = '" + log.tagUuid + "'").empty());
        auto verdict = verify(db);
        CHECK_MESSAGE(mentions(verdict, "tag " + log.tagUuid + " was removed outside bwv-review"), problemsOf(verdict));
    }
    SUBCASE("a form answer edited")
    {
        auto db = copyOf(scratch, log, "form-edited");
        CHECK(rawExec(db, "UPDATE encounter_field SET changed_us = changed_us + 1").empty());
        CHECK(mentions(verify(db), "encounter form answer"));
    }
}

TEST_CASE("a transcript line or a privacy mask changed behind the log's back is found")
{
    Scratch scratch;
    std::string transcriptUuid, maskUuid;
    {
        auto ws = review_test::open(scratch.db());
        const auto camera = scratch.dir / "camera.bin";
        std::ofstream(camera) << "camera A"; // registered by its hash
        REQUIRE(review::addFootage(ws, camera, {std::string("E1"), "A", 0}).ok());
        const review::NewTranscript transcript{std::string(64, 'a'), "a.srt", "SRT",
                                               {{0, 1000000, "", "Stop there"}, {1000000, 2000000, "PC A", "Name?"}}};
        auto stored = review::storeTranscript(ws, camera.string(), transcript, false);
        REQUIRE(stored.ok());
        transcriptUuid = stored->transcript.uuid;
        review::NewMask mask;
        mask.toUs = 1000000;
        mask.box = {0.1, 0.1, 0.2, 0.2};
        auto added = review::addMask(ws, camera.string(), mask);
        REQUIRE(added.ok());
        maskUuid = added->uuid;
        REQUIRE(ws.db().checkpoint().ok());
    }
    const Log log{scratch.db(), "", ""};
    CHECK(verify(log.db).ok());

    SUBCASE("a line moved")
    {
        auto db = copyOf(scratch, log, "line-moved");
        CHECK(rawExec(db, "UPDATE transcript_cue SET start_us = start_us + 1 WHERE position = 1").empty());
        auto verdict = verify(db);
        CHECK_MESSAGE(mentions(verdict, "transcript line " + transcriptUuid + "/1 was changed outside bwv-review"),
                      problemsOf(verdict));
    }
    SUBCASE("a mask moved off the child")
    {
        auto db = copyOf(scratch, log, "mask-moved");
        CHECK(rawExec(db, "UPDATE mask SET keyframes = '[[0, 0.9, 0.9, 0.05, 0.05]]'").empty());
        auto verdict = verify(db);
        CHECK_MESSAGE(mentions(verdict, "privacy mask " + maskUuid + " was changed outside bwv-review"),
                      problemsOf(verdict));
    }
    SUBCASE("a mask deleted")
    {
        auto db = copyOf(scratch, log, "mask-deleted");
        CHECK(rawExec(db, "DELETE FROM mask").empty());
        auto verdict = verify(db);
        CHECK_MESSAGE(mentions(verdict, "privacy mask " + maskUuid + " was removed outside bwv-review"),
                      problemsOf(verdict));
    }
}

TEST_CASE("a full rewrite with every hash recomputed passes alone, and is caught by the head kept outside")
{
    Scratch scratch;
    Log log = makeLog(scratch);
    const auto db = copyOf(scratch, log, "rewritten");
    // The forger moves the kept tag, then recomputes its seal, every entry's seals digest
    // and the whole chain from the start, as the source code shows how.
    CHECK(rawExec(db, "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_seal_no_update;"
                      "UPDATE annotation SET start_us = 9000000 WHERE uuid = '" + log.tagUuid + "'").empty());
    {
        auto ws = review_test::open(db); // restores the triggers: drop them again below
        auto id = ws.db().prepare("SELECT id FROM annotation WHERE uuid = '" + log.tagUuid + "'");
        REQUIRE(id.ok());
        REQUIRE(*id->step());
        std::vector<review::RowKeyPart> where = {id->getInt(0)};
        auto seal = review::currentSeal(ws.db(), review::RowKind::Annotation, where);
        REQUIRE(seal.ok());
        REQUIRE(ws.db().exec("DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_seal_no_update;"
                             "DROP TRIGGER audit_entry_no_delete;").ok());
        REQUIRE(ws.db().exec("UPDATE audit_seal SET row_hash = '" + *seal->hash + "' WHERE row_key = '" + seal->key + "'").ok());
        // Drop the entry that recorded the restored protection, then rechain everything.
        REQUIRE(ws.db().exec("DELETE FROM audit_entry WHERE action = 'audit.protection_restored'").ok());
        auto entries = ws.db().prepare("SELECT id, at_us, person, action, item, detail, seals FROM audit_entry ORDER BY id");
        REQUIRE(entries.ok());
        std::vector<review::AuditEntry> all;
        while (*entries->step())
            all.push_back({entries->getInt(0), entries->getInt(1), entries->getText(2), entries->getText(3),
                           entries->getText(4), entries->getText(5), "", "", entries->getOptText(6)});
        std::string prev(review::kAuditGenesisHash);
        for (review::AuditEntry& e : all) {
            auto seals = ws.db().prepare("SELECT row_key, row_hash FROM audit_seal WHERE entry_id = " + std::to_string(e.id));
            REQUIRE(seals.ok());
            std::vector<review::RowSeal> own;
            while (*seals->step())
                own.push_back({seals->getText(0), seals->getOptText(1)});
            if (e.seals)
                e.seals = review::sealsDigest(own);
            e.prevHash = prev;
            e.hash = review::auditHash(e);
            prev = e.hash;
            REQUIRE(ws.db()
                        .exec("UPDATE audit_entry SET prev_hash = '" + e.prevHash + "', hash = '" + e.hash + "', seals = "
                              + (e.seals ? "'" + *e.seals + "'" : std::string("NULL")) + " WHERE id = " + std::to_string(e.id))
                        .ok());
        }
        REQUIRE(ws.db().exec("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'x'); END;"
                             "CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal BEGIN SELECT RAISE(ABORT, 'x'); END;"
                             "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'x'); END;")
                    .ok());
    }
    auto alone = verify(db);
    CHECK_MESSAGE(alone.ok(), problemsOf(alone)); // a perfect forgery, seen from inside
    auto anchored = verify(db, log.head);
    CHECK_FALSE(anchored.ok());
    CHECK(mentions(anchored, "does not contain the head"));
    CHECK(verify(log.db, log.head).ok()); // the honest database still extends its head
}
