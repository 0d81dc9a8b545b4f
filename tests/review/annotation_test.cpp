// Tags: validation, soft delete, undo/redo that survives a restart, interval tagging,
// lanes per coder, two writers at once.
#include <doctest/doctest.h>

#include <thread>

#include "review_support.hpp"
#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "scratch.hpp"

using review_test::Scratch;

namespace {

review::NewAnnotation point(const std::string& code, int64_t atUs)
{
    review::NewAnnotation tag;
    tag.encounterRef = "E1";
    tag.code = code;
    tag.startUs = atUs;
    return tag;
}

} // namespace

TEST_CASE("tags are checked against the codebook before anything is saved")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    REQUIRE(review::addEncounter(ws, "E1").ok());

    auto ok = review::addAnnotation(ws, point("ESC.02", 1500000));
    REQUIRE_MESSAGE(ok.ok(), ok.error().describe());
    CHECK(ok->startUs == 1500000);
    CHECK(ok->coder == "alice");
    CHECK(ok->uuid.size() == 36);

    auto interval = point("ESC.01", 1000000);
    auto noEnd = review::addAnnotation(ws, interval);
    REQUIRE_FALSE(noEnd.ok());
    CHECK(noEnd.error().message == "ESC.01 (Officer raises voice) is an interval: give its end time too");
    interval.endUs = 900000;
    CHECK(review::addAnnotation(ws, interval).error().message.find("is before the start") != std::string::npos);
    interval.endUs = 4000000;
    interval.subject = "Other officer";
    interval.intensity = 2;
    auto good = review::addAnnotation(ws, interval);
    REQUIRE(good.ok());
    CHECK(*good->subject == "other_officer");
    CHECK(*good->endUs == 4000000);

    auto pointWithEnd = point("ESC.02", 1);
    pointWithEnd.endUs = 2;
    CHECK(review::addAnnotation(ws, pointWithEnd).error().message.find("marks one moment") != std::string::npos);
    CHECK(review::addAnnotation(ws, point("NOPE.1", 1)).error().message.find("is not in the codebook") != std::string::npos);
    CHECK(review::addAnnotation(ws, point("PAC.10", 1)).error().message.find("encounter form") != std::string::npos);
    auto badIntensity = point("ESC.02", 1);
    badIntensity.intensity = 4;
    CHECK_FALSE(review::addAnnotation(ws, badIntensity).ok());
    auto badSubject = point("ESC.02", 1);
    badSubject.subject = "dog";
    CHECK_FALSE(review::addAnnotation(ws, badSubject).ok());
    auto taser = point("UOF.09", 5);
    taser.value = "sprayed";
    CHECK(review::addAnnotation(ws, taser).error().message.find("drawn, aimed, red-dot, fired") != std::string::npos);
    taser.value = "aimed";
    CHECK(review::addAnnotation(ws, taser).ok());
    auto elsewhere = point("ESC.02", 1);
    elsewhere.encounterRef = "NO-SUCH";
    CHECK(review::addAnnotation(ws, elsewhere).error().code == common::ErrorCode::NotFound);

    // A batch is all or nothing.
    auto batch = review::addAnnotations(ws, {point("ESC.03", 1), point("NOPE", 2)});
    CHECK_FALSE(batch.ok());
    CHECK(review::listAnnotations(ws)->size() == 3);
}

TEST_CASE("deleting a tag keeps it in the database, marked deleted")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    REQUIRE(review::addEncounter(ws, "E1").ok());
    auto tag = review::addAnnotation(ws, point("DEE.01", 2000000));
    REQUIRE(tag.ok());
    auto deleted = review::deleteAnnotation(ws, tag->uuid);
    REQUIRE(deleted.ok());
    CHECK(deleted->deletedUs.has_value());
    CHECK(review::listAnnotations(ws)->empty());
    review::AnnotationFilter all;
    all.includeDeleted = true;
    auto everything = review::listAnnotations(ws, all);
    REQUIRE(everything->size() == 1);
    CHECK(everything->front().uuid == tag->uuid);
    auto again = review::deleteAnnotation(ws, tag->uuid);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("was deleted") != std::string::npos);
    review::AnnotationChange change;
    change.comment = "late";
    CHECK_FALSE(review::changeAnnotation(ws, tag->uuid, change).ok());
}

TEST_CASE("undo and redo survive closing and reopening the database")
{
    Scratch scratch;
    std::string uuid;
    {
        auto ws = review_test::open(scratch.db());
        REQUIRE(review::addEncounter(ws, "E1").ok());
        auto tag = review::addAnnotation(ws, point("ESC.04", 3000000));
        REQUIRE(tag.ok());
        uuid = tag->uuid;
        review::AnnotationChange change;
        change.comment = "talks over her";
        change.startUs = 3100000;
        REQUIRE(review::changeAnnotation(ws, uuid, change).ok());
        REQUIRE(review::deleteAnnotation(ws, uuid).ok());
    }
    {
        auto ws = review_test::open(scratch.db());
        auto undone = review::undo(ws); // the delete
        REQUIRE(undone.ok());
        REQUIRE(undone->has_value());
        CHECK_FALSE((*undone)->deletedUs.has_value());
        CHECK((*undone)->comment == "talks over her");
        undone = review::undo(ws); // the change
        REQUIRE(undone->has_value());
        CHECK((*undone)->comment.empty());
        CHECK((*undone)->startUs == 3000000);
        // Someone else's undo stack is their own.
        auto bob = review_test::open(scratch.db(), "bob");
        CHECK_FALSE(review::undo(bob)->has_value());
    }
    {
        auto ws = review_test::open(scratch.db());
        auto redone = review::redo(ws);
        REQUIRE(redone.ok());
        REQUIRE(redone->has_value());
        CHECK((*redone)->comment == "talks over her");
        CHECK((*redone)->startUs == 3100000);
        redone = review::redo(ws);
        REQUIRE(redone->has_value());
        CHECK((*redone)->deletedUs.has_value());
        CHECK_FALSE(review::redo(ws)->has_value());

        // Undo everything, including the creation: the tag is gone from the list.
        for (int i = 0; i < 3; ++i)
            REQUIRE(review::undo(ws)->has_value());
        CHECK_FALSE(review::undo(ws)->has_value());
        CHECK(review::listAnnotations(ws)->empty());
        // A new change drops what could have been redone.
        REQUIRE(review::redo(ws)->has_value()); // creation again
        review::AnnotationChange change;
        change.comment = "new branch";
        REQUIRE(review::changeAnnotation(ws, uuid, change).ok());
        CHECK_FALSE(review::redo(ws)->has_value());
        auto verdict = review::verifyAudit(ws);
        REQUIRE(verdict.ok());
        CHECK(verdict->ok());
    }
}

TEST_CASE("interval tagging: start saves at once, stop sets the end; lanes per coder")
{
    Scratch scratch;
    auto alice = review_test::open(scratch.db(), "alice");
    REQUIRE(review::addEncounter(alice, "E1").ok());
    auto started = review::startIntervalTag(alice, point("DEE.03", 10000000));
    REQUIRE_MESSAGE(started.ok(), started.error().describe());
    CHECK_FALSE(started->endUs.has_value());
    CHECK(review::startIntervalTag(alice, point("ESC.02", 1)).error().message.find("not an interval") != std::string::npos);
    {
        auto again = review_test::open(scratch.db(), "alice"); // after a restart
        auto open = review::openIntervals(again, "E1");
        REQUIRE(open.ok());
        REQUIRE(open->size() == 1);
        CHECK(open->front().uuid == started->uuid);
    }
    CHECK(review::stopIntervalTag(alice, started->uuid, 9000000).error().message.find("before the start") != std::string::npos);
    auto stopped = review::stopIntervalTag(alice, started->uuid, 14000000);
    REQUIRE(stopped.ok());
    CHECK(*stopped->endUs == 14000000);
    CHECK(review::openIntervals(alice, "E1")->empty());

    auto bob = review_test::open(scratch.db(), "bob");
    REQUIRE(review::addAnnotation(bob, point("ESC.02", 500000)).ok());
    REQUIRE(review::addAnnotation(bob, point("ESC.03", 100000)).ok());
    auto lanes = review::annotationLanes(alice, "E1");
    REQUIRE(lanes.ok());
    REQUIRE(lanes->size() == 2);
    CHECK((*lanes)[0].coder == "alice");
    CHECK((*lanes)[0].annotations.size() == 1);
    CHECK((*lanes)[1].coder == "bob");
    REQUIRE((*lanes)[1].annotations.size() == 2);
    CHECK((*lanes)[1].annotations[0].code == "ESC.03"); // by time
    review::AnnotationFilter byBob;
    byBob.coder = "bob";
    CHECK(review::listAnnotations(alice, byBob)->size() == 2);
}

TEST_CASE("two writers on one database at once lose nothing")
{
    Scratch scratch;
    {
        auto ws = review_test::open(scratch.db());
        REQUIRE(review::addEncounter(ws, "E1").ok());
    }
    constexpr int kEach = 150;
    std::vector<std::string> errors[2];
    auto work = [&](int who) {
        auto ws = test_support::signedIn(scratch.db(), who ? "bob" : "alice");
        if (!ws) {
            errors[who].push_back(ws.error().describe());
            return;
        }
        for (int i = 0; i < kEach; ++i) {
            auto tag = review::addAnnotation(*ws, point("ESC.02", i * 1000));
            if (!tag)
                errors[who].push_back(tag.error().describe());
        }
    };
    std::thread a(work, 0), b(work, 1);
    a.join();
    b.join();
    CHECK(errors[0].empty());
    CHECK(errors[1].empty());
    auto ws = review_test::open(scratch.db());
    CHECK(review::listAnnotations(ws)->size() == 2 * kEach);
    auto verdict = review::verifyAudit(ws);
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());
}
