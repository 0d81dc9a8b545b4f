// Nothing shown as saved is ever lost: `bwv-review tag add` killed with SIGKILL at
// moments spread over its run, 20 rounds; and two processes tagging one database at once.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "review/workspace.hpp"
#include "crash_support.hpp"
#include "review_support.hpp"
#include "test_support.hpp"

namespace {

using namespace crash_support;
using Clock = std::chrono::steady_clock;

std::vector<std::string> tagAdd(const std::filesystem::path& db, const std::string& coder, int i)
{
    return {test_support::executable().string(), "--db", db.string(), "--as", coder, "tag", "add", "--encounter", "E1",
            "--code", "ESC.02", "--at", std::to_string(i) + ".25", "--comment", "round " + std::to_string(i)};
}

} // namespace

TEST_CASE("tag add killed with SIGKILL at random moments: the database stays sound, no printed tag is lost")
{
    Scratch scratch;
    const auto db = scratch.dir / "crash.sqlite";
    auto setup = test_support::runAs(db, "alice", {"encounter", "add", "E1"});
    REQUIRE_MESSAGE(setup.exitCode == 0, setup.err);

    // How long one tag add takes here, so the kills spread over its whole run.
    auto start = Clock::now();
    auto timing = test_support::runCommand(tagAdd(db, "alice", 0));
    REQUIRE(timing.exitCode == 0);
    auto runTime = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    std::vector<std::string> printed = printedUuids(timing.out);

    std::mt19937 random(20240314); // deterministic moments
    int killedEarly = 0, finished = 0;
    for (int round = 1; round <= 20; ++round) {
        // Moments from the start of the process to a little past its usual end.
        auto delay = std::chrono::microseconds(random() % static_cast<unsigned>(runTime.count() * 13 / 10 + 1));
        Killed r = runAndKill(tagAdd(db, "alice", round), delay);
        for (const std::string& uuid : printedUuids(r.out))
            printed.push_back(uuid);
        (r.finished ? finished : killedEarly)++;
        if (r.finished)
            CHECK_MESSAGE(r.exitCode == 0, "round " << round);
    }
    MESSAGE("tag add takes ~" << runTime.count() / 1000 << " ms; " << killedEarly << " rounds killed, " << finished
                              << " finished");

    CHECK(integrityCheck(db) == "ok");
    // A normal run after all that works, and every tag that was printed is there.
    auto after = test_support::runCommand(tagAdd(db, "alice", 99));
    REQUIRE_MESSAGE(after.exitCode == 0, after.err);
    for (const std::string& uuid : printedUuids(after.out))
        printed.push_back(uuid);
    const std::set<std::string> stored = storedTags(db);
    for (const std::string& uuid : printed)
        CHECK_MESSAGE(stored.count(uuid) == 1, "printed but lost: " << uuid);
    CHECK(printed.size() >= 2);
    auto audit = test_support::runAs(db, "alice", {"audit", "verify"});
    CHECK_MESSAGE(audit.exitCode == 0, audit.err);
    CHECK(integrityCheck(db) == "ok");
}

TEST_CASE("two processes tag one database at once: nothing lost, never 'database is locked'")
{
    Scratch scratch;
    const auto db = scratch.dir / "two.sqlite";
    test_support::makeTestDatabase(db, {"alice", "bob"});
    auto setup = test_support::runAs(db, "alice", {"encounter", "add", "E1"});
    REQUIRE(setup.exitCode == 0);

    constexpr int kEach = 12;
    std::vector<test_support::CommandResult> results[2];
    auto worker = [&](int who) {
        for (int i = 0; i < kEach; ++i)
            results[who].push_back(test_support::runCommand(tagAdd(db, who ? "bob" : "alice", i)));
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();

    std::set<std::string> printed;
    for (const auto& list : results) {
        for (const auto& r : list) {
            CHECK_MESSAGE(r.exitCode == 0, r.err);
            CHECK(r.err.find("locked") == std::string::npos);
            for (const std::string& uuid : printedUuids(r.out))
                printed.insert(uuid);
        }
    }
    CHECK(printed.size() == 2 * kEach);
    const std::set<std::string> stored = storedTags(db);
    CHECK(stored == printed);
    CHECK(integrityCheck(db) == "ok");
    auto audit = test_support::runAs(db, "alice", {"audit", "verify"});
    CHECK_MESSAGE(audit.exitCode == 0, audit.err);
}

TEST_CASE("a process adding tags in a loop, killed mid-write 20 times: every tag it reported is there")
{
    // Kills land inside the database work here: each round waits for tag_loop's first
    // tag, then kills it 0-40 ms later, mid-loop. It prints each UUID only after
    // addAnnotation() has returned.
    Scratch scratch;
    const auto db = scratch.dir / "loop.sqlite";
    {
        auto ws = test_support::signedIn(db, "setup");
        REQUIRE(ws.ok());
        REQUIRE(review::addEncounter(*ws, "E1").ok());
    }
    std::mt19937 random(7);
    std::set<std::string> reported;
    for (int round = 0; round < 20; ++round) {
        auto delay = std::chrono::microseconds(random() % 40000);
        Killed r = runAndKill({BWV_TAG_LOOP, db.string(), "looper"}, delay, true);
        CHECK_MESSAGE(!r.finished, "tag_loop stopped by itself in round " << round << " with " << r.exitCode);
        for (const std::string& uuid : printedUuids(r.out))
            reported.insert(uuid);
    }
    CHECK(integrityCheck(db) == "ok");
    auto ws = test_support::signedIn(db, "checker");
    REQUIRE_MESSAGE(ws.ok(), ws.error().describe());
    review::AnnotationFilter all;
    all.includeDeleted = true;
    auto tags = review::listAnnotations(*ws, all);
    REQUIRE(tags.ok());
    std::set<std::string> stored;
    for (const review::Annotation& a : *tags)
        stored.insert(a.uuid);
    for (const std::string& uuid : reported)
        CHECK_MESSAGE(stored.count(uuid) == 1, "reported but lost: " << uuid);
    MESSAGE(reported.size() << " tags reported, " << stored.size() << " stored");
    CHECK(reported.size() >= 20); // at least the first tag of every round
    auto verdict = review::verifyAudit(*ws);
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());
}
