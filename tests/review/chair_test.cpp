// The chair's work (review/chair.hpp): merging members' feedback, the consolidation, and
// police actions carried forward from screening to screening. The truth is computed here
// from the answers the test inserts, not from the code under test.
#include <doctest/doctest.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "review/chair.hpp"
#include "review/encounter.hpp"
#include "review/feedback.hpp"
#include "review/screening.hpp"
#include "scratch.hpp"
#include "store/database.hpp"

using review_test::Scratch;

namespace {

int64_t count(review::Workspace& ws, const std::string& sql)
{
    auto st = ws.db().prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(st->step().value());
    return st->getInt(0);
}

std::string addScreening(review::Workspace& ws, const std::string& name, const std::string& date, const std::string& panel,
                         std::vector<std::string> encounters)
{
    review::NewScreening s;
    s.name = name;
    s.date = date;
    s.panel = panel;
    s.encounterRefs = std::move(encounters);
    auto added = review::addScreening(ws, s);
    REQUIRE_MESSAGE(added.ok(), added.error().describe());
    return added->uuid;
}

std::vector<std::string> uuids(const std::vector<review::PoliceAction>& actions)
{
    std::vector<std::string> out;
    for (const auto& a : actions)
        out.push_back(a.uuid);
    return out;
}

} // namespace

TEST_CASE("merge: rating counts, spread, GOWISELY and texts come from every member's answers")
{
    Scratch scratch;
    auto chair = review_test::open(scratch.db(), "chair");
    for (const char* ref : {"E1", "E2", "E3", "E4"})
        REQUIRE(review::addEncounter(chair, ref).ok());
    addScreening(chair, "April panel", "2024-04-25", "North", {"E1", "E2", "E3", "E4"});

    // member -> encounter -> rating ("" = no rating given)
    const std::map<std::string, std::map<std::string, std::string>> ratings = {
        {"alice", {{"E1", "good_practice"}, {"E2", "concern"}, {"E3", "adequate"}, {"E4", ""}}},
        {"bob", {{"E1", "concern"}, {"E2", "concern"}, {"E3", "good_practice"}, {"E4", ""}}},
        {"carol", {{"E1", "good_practice"}, {"E2", "adequate"}, {"E3", ""}, {"E4", ""}}},
    };
    const std::map<std::string, std::string> gowiselyG = {{"alice", "yes"}, {"bob", "yes"}, {"carol", "no"}};
    for (const auto& [member, perEncounter] : ratings) {
        auto ws = review_test::open(scratch.db(), member);
        for (const auto& [enc, rating] : perEncounter)
            if (!rating.empty())
                REQUIRE(review::saveFeedbackAnswer(ws, "April panel", enc, "rating", rating).ok());
        REQUIRE(review::saveFeedbackAnswer(ws, "April panel", "E1", "gowisely.G", gowiselyG.at(member)).ok());
        REQUIRE(review::saveFeedbackAnswer(ws, "April panel", "E1", "themes", "grounds, " + member + " theme").ok());
        REQUIRE(review::saveFeedbackAnswer(ws, "April panel", "E1", "learning_points", "point from " + member).ok());
    }
    REQUIRE(review::saveFeedbackAnswer(chair, "April panel", "E1", "safeguarding", "saf.01").ok());
    auto bob = review_test::open(scratch.db(), "bob");
    REQUIRE(review::saveFeedbackAnswer(bob, "April panel", "E1", "safeguarding", "SAF.01, SAF.09").ok());

    for (const char* enc : {"E1", "E2", "E3", "E4"}) {
        CAPTURE(enc);
        std::array<int, 3> expected{};
        int rated = 0;
        for (const auto& [member, perEncounter] : ratings) {
            const std::string& r = perEncounter.at(enc);
            if (r.empty())
                continue;
            ++rated;
            expected[r == "good_practice" ? 0 : r == "adequate" ? 1 : 2]++;
        }
        auto merge = review::mergeFeedback(chair, "April panel", enc);
        REQUIRE_MESSAGE(merge.ok(), merge.error().describe());
        CHECK(merge->ratings.counts == expected);
        CHECK(merge->ratings.rated == rated);
        CHECK(merge->memberRatings.size() == static_cast<std::size_t>(rated));
    }
    auto e1 = review::mergeFeedback(chair, "April panel", "E1");
    REQUIRE(e1.ok());
    CHECK(e1->ratings.text() == "2 good practice, 1 concern");
    CHECK(e1->ratings.most == "good_practice");
    CHECK(e1->ratings.best == "good_practice");
    CHECK(e1->ratings.worst == "concern");
    CHECK(e1->members == std::vector<std::string>{"alice", "bob", "carol", "chair"});
    CHECK(e1->gowisely.size() == 8);
    CHECK(e1->gowisely[0].element == "G");
    CHECK(e1->gowisely[0].yes == 2);
    CHECK(e1->gowisely[0].no == 1);
    CHECK(e1->gowisely[1].answers.empty());
    CHECK(e1->themes.at("grounds") == 3);
    CHECK(e1->themes.at("bob theme") == 1);
    CHECK(e1->learningPoints.size() == 3);
    CHECK(e1->safeguarding.at("SAF.01") == 2);
    CHECK(e1->safeguarding.at("SAF.09") == 1);
    CHECK_FALSE(e1->consolidation);

    auto e3 = review::mergeFeedback(chair, "April panel", "E3"); // 1 adequate, 1 good practice: a tie
    REQUIRE(e3.ok());
    CHECK_FALSE(e3->ratings.most);
    CHECK(e3->ratings.text() == "1 good practice, 1 adequate");
    auto e4 = review::mergeFeedback(chair, "April panel", "E4");
    REQUIRE(e4.ok());
    CHECK(e4->ratings.text() == "no ratings");
    CHECK_FALSE(e4->ratings.best);
}

TEST_CASE("consolidation: saved as the chair types, audited, unchanged values write nothing")
{
    Scratch scratch;
    {
        auto chair = review_test::open(scratch.db(), "chair");
        REQUIRE(review::addEncounter(chair, "E1").ok());
        REQUIRE(review::addEncounter(chair, "E9").ok());
        addScreening(chair, "May panel", "2024-05-20", "North", {"E1"});
        auto audits = count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'consolidation.changed'");

        auto saved = review::saveConsolidation(chair, "May panel", "E1", {"Good Practice", std::nullopt, std::nullopt});
        REQUIRE_MESSAGE(saved.ok(), saved.error().describe());
        CHECK(saved->rating == "good_practice");
        saved = review::saveConsolidation(chair, "May panel", "E1", {std::nullopt, "Explain the grounds first.", "Why cuffs?"});
        REQUIRE(saved.ok());
        CHECK(saved->rating == "good_practice"); // kept
        CHECK(count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'consolidation.changed'") == audits + 2);
        saved = review::saveConsolidation(chair, "May panel", "E1", {"good_practice", "Explain the grounds first.", std::nullopt});
        REQUIRE(saved.ok());
        CHECK(count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'consolidation.changed'") == audits + 2);

        // Refused, nothing changed.
        auto bad = review::saveConsolidation(chair, "May panel", "E1", {"purple", "changed", std::nullopt});
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().code == common::ErrorCode::Usage);
        CHECK(bad.error().message == "the rating must be good practice, adequate or concern, not \"purple\"");
        auto notShown = review::saveConsolidation(chair, "May panel", "E9", {"concern", std::nullopt, std::nullopt});
        REQUIRE_FALSE(notShown.ok());
        CHECK(notShown.error().code == common::ErrorCode::NotFound);
        CHECK(notShown.error().describe() == "screening May panel: encounter E9 was not shown at this screening");
        auto noScreening = review::saveConsolidation(chair, "June panel", "E1", {"concern", std::nullopt, std::nullopt});
        REQUIRE_FALSE(noScreening.ok());
        CHECK(noScreening.error().code == common::ErrorCode::NotFound);
        CHECK(count(chair, "SELECT count(*) FROM consolidation") == 1);
        CHECK(count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'consolidation.changed'") == audits + 2);
    }
    // Reopened: what was shown as saved is there.
    auto again = review_test::open(scratch.db(), "someone");
    auto merge = review::mergeFeedback(again, "May panel", "E1");
    REQUIRE(merge.ok());
    REQUIRE(merge->consolidation);
    CHECK(merge->consolidation->rating == "good_practice");
    CHECK(merge->consolidation->points == "Explain the grounds first.");
    CHECK(merge->consolidation->questions == "Why cuffs?");
    CHECK(merge->consolidation->chair == "chair");
    // Clearing the rating.
    auto cleared = review::saveConsolidation(again, "May panel", "E1", {"", std::nullopt, std::nullopt});
    REQUIRE(cleared.ok());
    CHECK_FALSE(cleared->rating);
}

TEST_CASE("police actions are carried forward to later screenings of the panel until closed")
{
    Scratch scratch;
    auto chair = review_test::open(scratch.db(), "chair");
    for (const char* ref : {"E1", "E2", "E3", "E4"})
        REQUIRE(review::addEncounter(chair, ref).ok());
    // Created out of date order: the order is by held_on, then creation.
    std::string march = addScreening(chair, "March", "2024-03-13", "North", {"E3"});
    std::string january = addScreening(chair, "January", "2024-01-10", "North", {"E1"});
    std::string february = addScreening(chair, "February", "2024-02-14", "North", {"E2"});
    std::string south = addScreening(chair, "South February", "2024-02-01", "South", {"E4"});

    auto raise = [&](const std::string& screening, std::optional<std::string> encounter, const std::string& request) {
        auto a = review::raisePoliceAction(chair, {screening, std::move(encounter), request});
        REQUIRE_MESSAGE(a.ok(), a.error().describe());
        CHECK(a->status == "open");
        return a->uuid;
    };
    std::string stillOpen = raise(january, "E1", "Why was the camera started late?");
    std::string closedBetween = raise(january, std::nullopt, "Share the handcuffing policy");
    std::string fromFebruary = raise(february, "E2", "Was a parent contacted?");
    std::string fromMarch = raise(march, std::nullopt, "Training on GOWISELY");
    std::string otherPanel = raise(south, "E4", "Another panel's question");

    auto answered = review::respondToPoliceAction(chair, closedBetween, {"Policy attached", "2024-02-16", "answered"});
    REQUIRE(answered.ok());
    CHECK_FALSE(answered->closedOn);
    auto closed = review::respondToPoliceAction(chair, closedBetween, {std::nullopt, "2024-02-20", "closed"});
    REQUIRE(closed.ok());
    CHECK(closed->closedOn == "2024-02-20");
    CHECK(closed->response == "Policy attached");

    auto at = [&](const std::string& screening) {
        auto list = review::policeActionsCarriedForward(chair, screening);
        REQUIRE_MESSAGE(list.ok(), list.error().describe());
        return uuids(*list);
    };
    CHECK(at(january) == std::vector<std::string>{stillOpen, closedBetween});
    CHECK(at(february) == std::vector<std::string>{stillOpen, closedBetween, fromFebruary});
    CHECK(at(march) == std::vector<std::string>{stillOpen, fromFebruary, fromMarch});
    CHECK(at("South February") == std::vector<std::string>{otherPanel});

    auto open = review::listPoliceActions(chair, february, true);
    REQUIRE(open.ok());
    CHECK(uuids(*open) == std::vector<std::string>{stillOpen, fromFebruary});
    auto all = review::listPoliceActions(chair, std::nullopt, false);
    REQUIRE(all.ok());
    CHECK(all->size() == 5);
    auto openAtEnd = review::policeActionsOpenOn(chair, "2024-02-29");
    REQUIRE(openAtEnd.ok());
    CHECK(uuids(*openAtEnd) == std::vector<std::string>{stillOpen, otherPanel, fromFebruary});

    // Reopening clears the closing date; it is carried forward again.
    REQUIRE(review::respondToPoliceAction(chair, closedBetween, {std::nullopt, std::nullopt, "open"}).ok());
    CHECK(at(march) == std::vector<std::string>{stillOpen, closedBetween, fromFebruary, fromMarch});
    CHECK(count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'police_action.raised'") == 5);
    CHECK(count(chair, "SELECT count(*) FROM audit_entry WHERE action = 'police_action.changed'") == 3);
}

TEST_CASE("police actions: bad input is one sentence and changes nothing")
{
    Scratch scratch;
    auto chair = review_test::open(scratch.db(), "chair");
    REQUIRE(review::addEncounter(chair, "E1").ok());
    REQUIRE(review::addEncounter(chair, "E2").ok());
    addScreening(chair, "April panel", "2024-04-25", "North", {"E1"});
    auto action = review::raisePoliceAction(chair, {"April panel", "E1", "Why?"});
    REQUIRE(action.ok());
    const auto audits = count(chair, "SELECT count(*) FROM audit_entry");
    auto unchanged = [&] {
        CHECK(count(chair, "SELECT count(*) FROM audit_entry") == audits);
        CHECK(count(chair, "SELECT count(*) FROM police_action WHERE status = 'open' AND response = ''"
                           " AND responded_on IS NULL") == 1);
        CHECK(count(chair, "SELECT count(*) FROM police_action") == 1);
    };

    auto badDate = review::respondToPoliceAction(chair, action->uuid, {"We looked", "2024-02-30", "answered"});
    REQUIRE_FALSE(badDate.ok());
    CHECK(badDate.error().code == common::ErrorCode::Usage);
    CHECK(badDate.error().message == "\"2024-02-30\" is not a date: write it as YYYY-MM-DD, for example 2024-05-02");
    auto badStatus = review::respondToPoliceAction(chair, action->uuid, {"We looked", "2024-05-02", "done"});
    REQUIRE_FALSE(badStatus.ok());
    CHECK(badStatus.error().message == "the status must be open, answered or closed, not \"done\"");
    auto nothing = review::respondToPoliceAction(chair, action->uuid, {});
    REQUIRE_FALSE(nothing.ok());
    CHECK(nothing.error().code == common::ErrorCode::Usage);
    auto unknown = review::respondToPoliceAction(chair, "7d0c3f9e-0000-4000-8000-000000000000", {"x", std::nullopt, std::nullopt});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == common::ErrorCode::NotFound);
    CHECK(unknown.error().message == "there is no police action with this id");
    auto noScreening = review::raisePoliceAction(chair, {"No such panel", std::nullopt, "Why?"});
    REQUIRE_FALSE(noScreening.ok());
    CHECK(noScreening.error().code == common::ErrorCode::NotFound);
    CHECK(noScreening.error().describe() == "screening No such panel: there is no such screening");
    auto notShown = review::raisePoliceAction(chair, {"April panel", "E2", "Why?"});
    REQUIRE_FALSE(notShown.ok());
    CHECK(notShown.error().code == common::ErrorCode::NotFound);
    auto empty = review::raisePoliceAction(chair, {"April panel", std::nullopt, "   "});
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == common::ErrorCode::Usage);
    unchanged();
}
