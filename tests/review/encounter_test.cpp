// The encounter form, screenings and the feedback form.
#include <doctest/doctest.h>

#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "review/feedback.hpp"
#include "review/screening.hpp"
#include "scratch.hpp"

using review_test::Scratch;

TEST_CASE("encounter form values are checked and stored canonical")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    auto e = review::addEncounter(ws, "MPS-2024-001",
                                  {{"search_type", "Person and Vehicle"}, {"legislation", "Misuse of Drugs Act 1971 s.23"},
                                   {"age_range", "10-17"}, {"date", "2024-03-02"}, {"grounds_flags", "Behaviour, intelligence"},
                                   {"PAC.G", "Yes"}, {"grounds_summary", "smelt cannabis"}});
    REQUIRE_MESSAGE(e.ok(), e.error().describe());
    CHECK(e->fields["search_type"] == "person_and_vehicle");
    CHECK(e->fields["legislation"] == "misuse_of_drugs_act_1971_s23");
    CHECK(e->fields["age_range"] == "10_17");
    CHECK(e->fields["grounds_flags"] == "behaviour,intelligence");
    CHECK(e->fields["PAC.G"] == "yes");

    auto bad = review::setEncounterFields(ws, "MPS-2024-001", {{"search_type", "bicycle"}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().describe() == "encounter MPS-2024-001: \"bicycle\" is not a value of search_type (use one of: person, vehicle, person_and_vehicle)");
    CHECK(review::setEncounterFields(ws, "MPS-2024-001", {{"colour_of_car", "red"}}).error().message.find("not a field") != std::string::npos);
    CHECK_FALSE(review::setEncounterFields(ws, "MPS-2024-001", {{"date", "2024-02-30"}}).ok());
    CHECK_FALSE(review::setEncounterFields(ws, "MPS-2024-001", {{"PAC.12", "yes"}}).ok()); // not asked on the form

    // Clearing and updating through add on an existing reference.
    auto updated = review::addEncounter(ws, "MPS-2024-001", {{"grounds_summary", ""}, {"outcome", "Arrest"}});
    REQUIRE(updated.ok());
    CHECK(updated->uuid == e->uuid);
    CHECK(updated->fields.count("grounds_summary") == 0);
    CHECK(updated->fields["outcome"] == "arrest");
    CHECK(review::findEncounter(ws, e->uuid)->reference == "MPS-2024-001");
    CHECK(review::listEncounters(ws)->size() == 1);
    CHECK(review::findEncounter(ws, "nope").error().code == common::ErrorCode::NotFound);
}

TEST_CASE("screenings keep their encounters in viewing order; feedback is saved per member")
{
    Scratch scratch;
    auto chair = review_test::open(scratch.db(), "chair");
    for (const char* ref : {"A", "B", "C"})
        REQUIRE(review::addEncounter(chair, ref).ok());
    review::NewScreening input;
    input.name = "March panel";
    input.date = "2024-03-14";
    input.venue = "police_premises";
    input.selection = "random";
    input.encounterRefs = {"C", "A"};
    auto s = review::addScreening(chair, input);
    REQUIRE_MESSAGE(s.ok(), s.error().describe());
    CHECK(s->encounterRefs == std::vector<std::string>{"C", "A"});
    CHECK(review::listScreenings(chair)->size() == 1);

    auto bad = input;
    bad.date = "14/03/2024";
    CHECK(review::addScreening(chair, bad).error().message.find("YYYY-MM-DD") != std::string::npos);
    bad = input;
    bad.encounterRefs = {"A", "Z"};
    CHECK(review::addScreening(chair, bad).error().code == common::ErrorCode::NotFound);
    bad.encounterRefs = {"A", "A"};
    CHECK_FALSE(review::addScreening(chair, bad).ok());
    CHECK(review::listScreenings(chair)->size() == 1);

    auto member = review_test::open(scratch.db(), "member1");
    REQUIRE(review::saveFeedbackAnswer(member, s->uuid, "C", "rating", "Concern").ok());
    REQUIRE(review::saveFeedbackAnswer(member, "March panel", "C", "learning_points", "Expl").ok());
    REQUIRE(review::saveFeedbackAnswer(member, "March panel", "C", "learning_points", "Explain the power").ok());
    REQUIRE(review::saveFeedbackAnswer(member, "March panel", "C", "safeguarding", "saf.01, SAF.05").ok());
    CHECK(review::saveFeedbackAnswer(member, "March panel", "C", "rating", "purple").error().message.find("good_practice, adequate, concern") != std::string::npos);
    CHECK_FALSE(review::saveFeedbackAnswer(member, "March panel", "C", "safeguarding", "ESC.01").ok());
    CHECK_FALSE(review::saveFeedbackAnswer(member, "March panel", "C", "colour", "x").ok());

    auto entriesBefore = review::verifyAudit(member)->entries;
    REQUIRE(review::saveFeedbackAnswer(member, "March panel", "C", "rating", "concern").ok()); // unchanged
    CHECK(review::verifyAudit(member)->entries == entriesBefore);

    auto mine = review::feedbackAnswers(member, "March panel", "C");
    REQUIRE(mine.ok());
    CHECK((*mine)["rating"] == "concern");
    CHECK((*mine)["learning_points"] == "Explain the power");
    CHECK((*mine)["safeguarding"] == "SAF.01,SAF.05");
    CHECK(review::feedbackAnswers(chair, "March panel", "C")->empty()); // kept individual
    REQUIRE(review::saveFeedbackAnswer(member, "March panel", "C", "learning_points", "").ok());
    CHECK(review::feedbackAnswers(member, "March panel", "C")->count("learning_points") == 0);
    auto all = review::allFeedbackAnswers(chair, "March panel", "C");
    REQUIRE(all.ok());
    CHECK(all->size() == 1);
    CHECK(review::verifyAudit(chair)->ok());
}
