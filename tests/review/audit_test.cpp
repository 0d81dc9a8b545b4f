// The audit log: append-only by trigger, a hash chain that finds edits, removals and
// insertions made behind its back.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/encounter.hpp"
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

std::filesystem::path makeLog(const Scratch& scratch)
{
    auto ws = review_test::open(scratch.db());
    REQUIRE(review::addEncounter(ws, "E1", {{"search_type", "person"}}).ok());
    review::NewAnnotation tag;
    tag.encounterRef = "E1";
    tag.code = "ESC.02";
    tag.startUs = 1;
    auto added = review::addAnnotation(ws, tag);
    REQUIRE(added.ok());
    REQUIRE(review::deleteAnnotation(ws, added->uuid).ok());
    auto verdict = review::verifyAudit(ws.db());
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());
    CHECK(verdict->entries >= 5); // codebook, encounter, form, created, deleted
    REQUIRE(ws.db().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    return scratch.db();
}

common::Result<review::AuditVerdict> verify(const std::filesystem::path& db)
{
    auto ws = review_test::open(db);
    return review::verifyAudit(ws.db());
}

} // namespace

TEST_CASE("the audit log refuses UPDATE and DELETE")
{
    Scratch scratch;
    auto db = makeLog(scratch);
    CHECK(rawExec(db, "UPDATE audit_entry SET coder = 'mallory' WHERE id = 2").find("append-only") != std::string::npos);
    CHECK(rawExec(db, "DELETE FROM audit_entry WHERE id = 2").find("append-only") != std::string::npos);
    CHECK(verify(db)->ok());
}

TEST_CASE("audit verify finds an entry edited with the trigger dropped")
{
    Scratch scratch;
    auto db = makeLog(scratch);
    const auto copy = scratch.dir / "copy.sqlite";
    std::filesystem::copy_file(db, copy);
    CHECK(rawExec(copy, "DROP TRIGGER audit_entry_no_update;"
                        "UPDATE audit_entry SET detail = '{\"reference\":\"E2\"}' WHERE id = 2;").empty());
    auto verdict = verify(copy);
    REQUIRE(verdict.ok());
    REQUIRE_FALSE(verdict->ok());
    CHECK(*verdict->brokenAt == 2);
    CHECK(verdict->problem.find("entry 2") != std::string::npos);
    CHECK(verdict->problem.find("altered") != std::string::npos);
    CHECK(verify(db)->ok()); // the original is untouched
}

TEST_CASE("audit verify finds a removed entry and a forged one")
{
    Scratch scratch;
    auto db = makeLog(scratch);
    const auto removed = scratch.dir / "removed.sqlite";
    std::filesystem::copy_file(db, removed);
    CHECK(rawExec(removed, "DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE id = 3;").empty());
    auto verdict = verify(removed);
    REQUIRE(verdict.ok());
    CHECK(verdict->brokenAt == 4);

    // Rewriting an entry and its own hash still breaks the link to the next one.
    const auto forged = scratch.dir / "forged.sqlite";
    std::filesystem::copy_file(db, forged);
    auto ws = review_test::open(forged);
    auto stmt = ws.db().prepare("SELECT id, at_us, coder, action, item, detail, prev_hash FROM audit_entry WHERE id = 3");
    REQUIRE(stmt.ok());
    REQUIRE(*stmt->step());
    review::AuditEntry entry{stmt->getInt(0), stmt->getInt(1), "mallory", stmt->getText(3),
                             stmt->getText(4), stmt->getText(5), stmt->getText(6), ""};
    entry.hash = review::auditHash(entry);
    stmt = ws.db().prepare("SELECT 1"); // release the read
    CHECK(rawExec(forged, "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET coder = 'mallory', hash = '"
                              + entry.hash + "' WHERE id = 3;").empty());
    verdict = review::verifyAudit(ws.db());
    REQUIRE(verdict.ok());
    CHECK(verdict->brokenAt == 4);
}
