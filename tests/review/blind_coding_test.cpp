// Blind coding (issue 5): each coder sees only their own tags on a blind encounter until
// their pass is done; done passes freeze the coder's tags until reopened (audited).
#include <doctest/doctest.h>

#include "analysis/summary_source.hpp"
#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter.hpp"
#include "scratch.hpp"
#include "store/database.hpp"

using review_test::Scratch;

namespace {

review::NewAnnotation point(const std::string& code, int64_t atUs, const std::string& encounter = "E1")
{
    review::NewAnnotation tag;
    tag.encounterRef = encounter;
    tag.code = code;
    tag.startUs = atUs;
    return tag;
}

std::vector<std::string> laneCoders(review::Workspace& ws)
{
    auto lanes = review::annotationLanes(ws, "E1");
    REQUIRE_MESSAGE(lanes.ok(), lanes.error().describe());
    std::vector<std::string> out;
    for (const review::AnnotationLane& lane : *lanes)
        out.push_back(lane.coder);
    return out;
}

std::size_t listed(review::Workspace& ws, std::optional<std::string> encounter = "E1",
                   std::optional<std::string> coder = std::nullopt)
{
    review::AnnotationFilter filter;
    filter.encounterRef = encounter;
    filter.coder = coder;
    auto list = review::listAnnotations(ws, filter);
    REQUIRE_MESSAGE(list.ok(), list.error().describe());
    return list->size();
}

int auditCount(review::Workspace& ws, const std::string& action)
{
    auto stmt = ws.db().prepare("SELECT count(*) FROM audit_entry WHERE action = ?");
    REQUIRE(stmt.ok());
    stmt->bind(1, action);
    REQUIRE(*stmt->step());
    return static_cast<int>(stmt->getInt(0));
}

} // namespace

TEST_CASE("a blind coder sees only their own lane and tags until their pass is done")
{
    Scratch scratch;
    auto lead = review_test::open(scratch.db(), "lead");
    auto alice = review_test::open(scratch.db(), "alice");
    auto bob = review_test::open(scratch.db(), "bob");
    REQUIRE(review::addEncounter(lead, "E1").ok());
    REQUIRE(review::addEncounter(lead, "E2").ok()); // not blind: unaffected throughout
    auto started = review::startBlindCoding(lead, "E1");
    REQUIRE_MESSAGE(started.ok(), started.error().describe());
    CHECK(started->blind);
    CHECK(started->startedBy == "lead");

    REQUIRE(review::addAnnotation(alice, point("ESC.02", 10'000'000)).ok());
    REQUIRE(review::addAnnotation(alice, point("DEE.05", 20'000'000)).ok());
    REQUIRE(review::addAnnotation(bob, point("ESC.02", 10'400'000)).ok());
    REQUIRE(review::addAnnotation(bob, point("ESC.04", 40'000'000)).ok());
    REQUIRE(review::addAnnotation(bob, point("ESC.04", 1'000'000, "E2")).ok());

    // Before either pass is done: each sees only themselves, by every read path.
    CHECK(laneCoders(alice) == std::vector<std::string>{"alice"});
    CHECK(laneCoders(bob) == std::vector<std::string>{"bob"});
    CHECK(listed(alice) == 2);
    CHECK(listed(alice, "E1", "bob") == 0);
    CHECK(listed(alice, std::nullopt) == 3); // own 2 on E1 + bob's on E2 (not blind)
    CHECK(listed(bob) == 2);
    CHECK(listed(lead) == 0); // the lead has no pass either
    CHECK_FALSE(*review::maySeeOthersTags(alice, "E1"));
    CHECK(*review::maySeeOthersTags(alice, "E2"));
    auto irr = review::requireSightOfOthers(alice, "E1", "measuring agreement");
    REQUIRE_FALSE(irr.ok());
    CHECK(irr.error().code == common::ErrorCode::NotAllowed);
    CHECK(irr.error().message.find("mark your pass done first") != std::string::npos);

    // Summaries count only what the coder may see.
    auto summary = analysis::loadSummaryData(alice, {});
    REQUIRE_MESSAGE(summary.ok(), summary.error().describe());
    std::size_t bobs = 0;
    for (const auto& t : summary->tags)
        bobs += t.coder == "bob" ? 1 : 0;
    CHECK(bobs == 1); // E2 only
    CHECK(summary->tags.size() == 3);

    // Status tells a blind coder who is coding, not what they tagged.
    auto status = review::blindCodingStatus(alice, "E1");
    REQUIRE(status.ok());
    REQUIRE(status->passes.size() == 2);
    CHECK(status->passes[0].coder == "alice");
    CHECK(*status->passes[0].tags == 2);
    CHECK(status->passes[1].coder == "bob");
    CHECK_FALSE(status->passes[1].tags.has_value());
    CHECK_FALSE(status->allPassesDone);

    // Alice is done: she sees both, Bob still only himself.
    auto done = review::markPassDone(alice, "E1");
    REQUIRE_MESSAGE(done.ok(), done.error().describe());
    CHECK(done->actingCoderMaySeeOthers);
    CHECK(laneCoders(alice) == std::vector<std::string>{"alice", "bob"});
    CHECK(listed(alice) == 4);
    CHECK(laneCoders(bob) == std::vector<std::string>{"bob"});
    CHECK(listed(bob) == 2);
    CHECK(review::requireSightOfOthers(alice, "E1", "measuring agreement").ok());

    // Her tags are frozen now: adding, changing, deleting and undo are refused.
    auto late = review::addAnnotation(alice, point("ESC.03", 5'000'000));
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == common::ErrorCode::NotAllowed);
    CHECK(late.error().message.find("reopen") != std::string::npos);
    review::AnnotationFilter mine;
    mine.encounterRef = "E1";
    mine.coder = "alice";
    const std::string first = review::listAnnotations(alice, mine)->front().uuid;
    CHECK_FALSE(review::deleteAnnotation(alice, first).ok());
    review::AnnotationChange change;
    change.startUs = 11'000'000;
    CHECK_FALSE(review::changeAnnotation(alice, first, change).ok());
    CHECK_FALSE(review::undo(alice).ok());
    CHECK(review::addAnnotation(alice, point("ESC.03", 5'000'000, "E2")).ok()); // other encounters are not frozen

    // Reopening is audited and hides the others again.
    auto reopened = review::reopenPass(alice, "E1");
    REQUIRE_MESSAGE(reopened.ok(), reopened.error().describe());
    CHECK(auditCount(lead, "blind.pass_reopened") == 1);
    CHECK(laneCoders(alice) == std::vector<std::string>{"alice"});
    REQUIRE(review::markPassDone(alice, "E1").ok());

    // Both done: both see both.
    REQUIRE(review::markPassDone(bob, "E1").ok());
    CHECK(laneCoders(alice) == std::vector<std::string>{"alice", "bob"});
    CHECK(laneCoders(bob) == std::vector<std::string>{"alice", "bob"});
    status = review::blindCodingStatus(bob, "E1");
    REQUIRE(status.ok());
    CHECK(status->allPassesDone);
    CHECK(*status->passes[0].tags == 2);
    CHECK(auditCount(lead, "blind.started") == 1);
    CHECK(auditCount(lead, "blind.pass_done") == 3);
    auto verdict = review::verifyAudit(lead);
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());
}

TEST_CASE("blind coding refuses what makes no sense, in plain words")
{
    Scratch scratch;
    auto lead = review_test::open(scratch.db(), "lead");
    REQUIRE(review::addEncounter(lead, "E1").ok());
    auto notBlind = review::markPassDone(lead, "E1");
    REQUIRE_FALSE(notBlind.ok());
    CHECK(notBlind.error().message.find("not blind coded") != std::string::npos);
    REQUIRE(review::startBlindCoding(lead, "E1").ok());
    auto twice = review::startBlindCoding(lead, "E1");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("already started by lead") != std::string::npos);
    CHECK(review::reopenPass(lead, "E1").error().message.find("nothing to reopen") != std::string::npos);
    REQUIRE(review::markPassDone(lead, "E1").ok());
    CHECK(review::markPassDone(lead, "E1").error().message.find("already marked done") != std::string::npos);
    CHECK(review::startBlindCoding(lead, "NOPE").error().code == common::ErrorCode::NotFound);

    // An interval left open would be frozen open: it must be stopped first.
    auto alice = review_test::open(scratch.db(), "alice");
    auto open = review::startIntervalTag(alice, point("ESC.01", 2'000'000));
    REQUIRE(open.ok());
    auto refused = review::markPassDone(alice, "E1");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "your interval ESC.01 from 2.000000 s is still open: stop it before marking your pass done");
    REQUIRE(review::stopIntervalTag(alice, open->uuid, 3'000'000).ok());
    CHECK(review::markPassDone(alice, "E1").ok());
}
