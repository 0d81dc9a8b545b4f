// Adjudication (issue 5): disagreements of a blind double-coded encounter, consensus
// decisions with a reason, originals unchanged, audit intact.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "analysis/disagreements.hpp"
#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter.hpp"
#include "scratch.hpp"
#include "store/database.hpp"

using review_test::Scratch;

namespace {

std::string tag(review::Workspace& ws, const std::string& code, int64_t atUs, std::optional<int64_t> toUs = std::nullopt,
                const std::string& encounter = "E1")
{
    review::NewAnnotation input;
    input.encounterRef = encounter;
    input.code = code;
    input.startUs = atUs;
    input.endUs = toUs;
    auto added = review::addAnnotation(ws, input);
    REQUIRE_MESSAGE(added.ok(), added.error().describe());
    return added->uuid;
}

// Every column of every annotation row, as SQLite stores it, for a byte-for-byte compare.
std::vector<std::string> annotationRows(review::Workspace& ws, const std::string& where)
{
    std::vector<std::string> rows;
    auto collect = [](void* out, int n, char** values, char** names) -> int {
        std::string row;
        for (int i = 0; i < n; ++i)
            row += std::string(names[i]) + "=" + (values[i] ? "'" + std::string(values[i]) + "'" : "NULL") + ";";
        static_cast<std::vector<std::string>*>(out)->push_back(row);
        return 0;
    };
    const std::string sql = "SELECT * FROM annotation WHERE " + where + " ORDER BY id";
    REQUIRE(sqlite3_exec(ws.db().handle(), sql.c_str(), collect, &rows, nullptr) == SQLITE_OK);
    return rows;
}

int count(review::Workspace& ws, const std::string& sql)
{
    auto stmt = ws.db().prepare(sql);
    REQUIRE(stmt.ok());
    REQUIRE(*stmt->step());
    return static_cast<int>(stmt->getInt(0));
}

} // namespace

TEST_CASE("disagreements by hand: one agreement, one code only A tagged, one pair outside the tolerance")
{
    using analysis::TimedTag;
    std::vector<TimedTag> tags = {
        {"A", "ESC.02", 10'000'000, std::nullopt}, // agrees with B's at 10.4 s (tolerance 1 s)
        {"B", "ESC.02", 10'400'000, std::nullopt},
        {"A", "ESC.04", 30'000'000, std::nullopt}, // only A
        {"A", "DEE.05", 50'000'000, std::nullopt}, // 3 s apart: two events
        {"B", "DEE.05", 53'000'000, std::nullopt},
    };
    std::vector<std::string> ids = {"a1", "b1", "a2", "a3", "b2"};
    auto c = analysis::compareCoders(tags, ids, {"A", "B"}, 1.0);
    CHECK(c.events == 4);
    CHECK(c.agreed == 1);
    REQUIRE(c.disagreements.size() == 3);
    CHECK(c.disagreements[0].code == "ESC.04");
    CHECK(c.disagreements[0].startUs == 30'000'000);
    REQUIRE(c.disagreements[0].tags.size() == 1);
    CHECK(c.disagreements[0].tags[0].coder == "A");
    CHECK(c.disagreements[0].tags[0].uuid == "a2");
    CHECK(c.disagreements[0].notTaggedBy == std::vector<std::string>{"B"});
    CHECK(c.disagreements[1].code == "DEE.05");
    CHECK(c.disagreements[1].tags[0].uuid == "a3");
    CHECK(c.disagreements[1].notTaggedBy == std::vector<std::string>{"B"});
    CHECK(c.disagreements[2].code == "DEE.05");
    CHECK(c.disagreements[2].startUs == 53'000'000);
    CHECK(c.disagreements[2].tags[0].uuid == "b2");
    CHECK(c.disagreements[2].notTaggedBy == std::vector<std::string>{"A"});

    // With a 5 s tolerance the DEE.05 pair agrees.
    auto wide = analysis::compareCoders(tags, ids, {"A", "B"}, 5.0);
    CHECK(wide.agreed == 2);
    CHECK(wide.disagreements.size() == 1);
}

TEST_CASE("adjudication of a blind double-coded encounter")
{
    Scratch scratch;
    auto lead = review_test::open(scratch.db(), "lead");
    auto alice = review_test::open(scratch.db(), "alice");
    auto bob = review_test::open(scratch.db(), "bob");
    REQUIRE(review::addEncounter(lead, "E1").ok());
    REQUIRE(review::addEncounter(lead, "E2").ok());
    REQUIRE(review::startBlindCoding(lead, "E1").ok());
    const std::string a1 = tag(alice, "ESC.02", 10'000'000);
    const std::string b1 = tag(bob, "ESC.02", 10'400'000);
    const std::string a2 = tag(alice, "ESC.04", 30'000'000);
    const std::string a3 = tag(alice, "DEE.05", 50'000'000);
    const std::string b2 = tag(bob, "DEE.05", 53'000'000);
    const std::string elsewhere = tag(bob, "ESC.04", 1'000'000, std::nullopt, "E2");

    review::NewDecision decision;
    decision.encounterRef = "E1";
    decision.code = "DEE.05";
    decision.startUs = 51'500'000;
    decision.reason = "both heard the apology; the panel places it at 51.5 s";
    decision.sources = {a3, b2};

    // Before the passes are done: no listing, no decision.
    auto early = analysis::encounterDisagreements(alice, "E1", {"alice", "bob"}, 1.0);
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().code == common::ErrorCode::NotAllowed);
    auto tooSoon = review::recordDecision(lead, decision);
    REQUIRE_FALSE(tooSoon.ok());
    CHECK(tooSoon.error().code == common::ErrorCode::NotAllowed);
    REQUIRE(review::markPassDone(alice, "E1").ok());
    auto stillBob = review::recordDecision(alice, decision);
    REQUIRE_FALSE(stillBob.ok());
    CHECK(stillBob.error().message.find("bob") != std::string::npos);
    CHECK(stillBob.error().message.find("every coder's pass") != std::string::npos);
    REQUIRE(review::markPassDone(bob, "E1").ok());
    // The lead coded nothing; marking their own pass done lets them see and adjudicate.
    CHECK_FALSE(review::recordDecision(lead, decision).ok());
    REQUIRE(review::markPassDone(lead, "E1").ok());

    auto found = analysis::encounterDisagreements(lead, "E1", {"alice", "bob"}, 1.0);
    REQUIRE_MESSAGE(found.ok(), found.error().describe());
    CHECK(found->events == 4);
    CHECK(found->agreed == 1);
    REQUIRE(found->disagreements.size() == 3);
    CHECK(found->disagreements[0].code == "ESC.04");
    CHECK(found->disagreements[0].tags[0].uuid == a2);
    CHECK(found->disagreements[0].notTaggedBy == std::vector<std::string>{"bob"});
    CHECK(found->disagreements[1].tags[0].uuid == a3);
    CHECK(found->disagreements[2].tags[0].uuid == b2);
    CHECK(found->disagreements[2].notTaggedBy == std::vector<std::string>{"alice"});
    CHECK(analysis::encounterDisagreements(lead, "E1", {"alice", "nobody"}, 1.0).error().code ==
          common::ErrorCode::NotFound);

    const std::vector<std::string> originalsBefore = annotationRows(lead, "1");
    const int auditBefore = count(lead, "SELECT count(*) FROM audit_entry");

    // A reason is required; nothing is written without one.
    review::NewDecision noReason = decision;
    noReason.reason = "  ";
    auto refused = review::recordDecision(lead, noReason);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == common::ErrorCode::Usage);
    CHECK(refused.error().message.find("reason") != std::string::npos);
    review::NewDecision wrongSource = decision;
    wrongSource.sources = {a3, elsewhere};
    CHECK(review::recordDecision(lead, wrongSource).error().message.find("not on encounter E1") != std::string::npos);
    CHECK(count(lead, "SELECT count(*) FROM adjudication") == 0);
    CHECK(count(lead, "SELECT count(*) FROM audit_entry") == auditBefore);

    // A consensus tag.
    auto decided = review::recordDecision(lead, decision);
    REQUIRE_MESSAGE(decided.ok(), decided.error().describe());
    CHECK(decided->uuid.size() == 36);
    REQUIRE(decided->annotationUuid.has_value());
    CHECK(decided->sources == std::vector<std::string>{a3, b2});
    CHECK(decided->decidedBy == "lead");
    auto consensus = review::findAnnotation(lead, *decided->annotationUuid);
    REQUIRE(consensus.ok());
    CHECK(consensus->coder == "consensus");
    CHECK(consensus->code == "DEE.05");
    CHECK(consensus->startUs == 51'500'000);

    // "Nothing happened here": no tag.
    review::NewDecision nothing;
    nothing.encounterRef = "E1";
    nothing.code = "ESC.04";
    nothing.startUs = 30'000'000;
    nothing.reason = "the officer finished his sentence; no interruption";
    nothing.sources = {a2};
    nothing.nothingHappened = true;
    auto none = review::recordDecision(lead, nothing);
    REQUIRE_MESSAGE(none.ok(), none.error().describe());
    CHECK_FALSE(none->annotationUuid.has_value());

    // The consensus tag follows the normal rules: an interval code needs an end.
    review::NewDecision badTag = decision;
    badTag.code = "ESC.01";
    CHECK(review::recordDecision(lead, badTag).error().message.find("interval") != std::string::npos);

    // Originals byte for byte unchanged; the only new row is the consensus tag.
    const std::vector<std::string> originalsAfter =
        annotationRows(lead, "coder_id <> (SELECT id FROM person WHERE name = 'consensus')");
    CHECK(originalsAfter == originalsBefore);
    CHECK(annotationRows(lead, "1").size() == originalsBefore.size() + 1);

    // Audit: both decisions, one with the consensus tag it made (sealed with it); the chain holds.
    CHECK(count(lead, "SELECT count(*) FROM audit_entry WHERE action = 'adjudication.decided' AND person = 'lead'") == 2);
    CHECK(count(lead, "SELECT count(*) FROM audit_entry WHERE action = 'adjudication.decided'"
                      " AND json_extract(detail, '$.consensus_tag') IS NOT NULL") == 1);
    CHECK(count(lead, "SELECT count(*) FROM audit_seal s JOIN audit_entry e ON e.id = s.entry_id WHERE"
                      " e.action = 'adjudication.decided' AND s.row_key LIKE 'annotation/%'") == 1);
    auto verdict = review::verifyAudit(lead);
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());

    // Decisions listed in order; the disagreements now say which are decided.
    auto decisions = review::listDecisions(alice, "E1");
    REQUIRE(decisions.ok());
    REQUIRE(decisions->size() == 2);
    CHECK((*decisions)[0].uuid == decided->uuid);
    CHECK((*decisions)[1].uuid == none->uuid);
    CHECK((*decisions)[1].reason == nothing.reason);
    auto after = analysis::encounterDisagreements(lead, "E1", {"alice", "bob"}, 1.0);
    REQUIRE(after.ok());
    CHECK(after->disagreements[0].decision == none->uuid);
    CHECK(after->disagreements[1].decision == decided->uuid);
    CHECK(after->disagreements[2].decision == decided->uuid);

    // Lanes see the consensus coder as one more coder.
    auto lanes = review::annotationLanes(alice, "E1");
    REQUIRE(lanes.ok());
    REQUIRE(lanes->size() == 3);
    CHECK((*lanes)[2].coder == "consensus");

    // A coder whose pass is reopened may not list the decisions (they show others' tags).
    REQUIRE(review::reopenPass(bob, "E1").ok());
    CHECK(review::listDecisions(bob, "E1").error().code == common::ErrorCode::NotAllowed);
    CHECK_FALSE(review::recordDecision(lead, decision).ok());
}

TEST_CASE("adjudication on an encounter that is not blind needs no passes")
{
    Scratch scratch;
    auto alice = review_test::open(scratch.db(), "alice");
    auto bob = review_test::open(scratch.db(), "bob");
    REQUIRE(review::addEncounter(alice, "E1").ok());
    const std::string a = tag(alice, "ESC.02", 1'000'000);
    tag(bob, "ESC.03", 2'000'000);
    auto found = analysis::encounterDisagreements(alice, "E1", {"alice", "bob"}, 1.0);
    REQUIRE_MESSAGE(found.ok(), found.error().describe());
    CHECK(found->disagreements.size() == 2);
    review::NewDecision d;
    d.encounterRef = "E1";
    d.code = "ESC.02";
    d.startUs = 1'000'000;
    d.reason = "clearly a threat";
    d.sources = {a};
    auto decided = review::recordDecision(alice, d);
    REQUIRE_MESSAGE(decided.ok(), decided.error().describe());
    // The decider's own undo does not touch the consensus tag.
    auto undone = review::undo(alice);
    REQUIRE(undone.ok());
    REQUIRE(undone->has_value());
    CHECK((*undone)->uuid == a);
    CHECK_FALSE(review::findAnnotation(alice, *decided->annotationUuid)->deletedUs.has_value());
}
