// `bwv-review stats summary` end to end (label integration) on a database built through
// the review API; the figures are worked out by hand in the comments.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/screening.hpp"
#include "review/workspace.hpp"
#include "review_support.hpp"
#include "test_support.hpp"

namespace {

test_support::CommandResult bwv(const std::filesystem::path& db, std::vector<std::string> args)
{
    return test_support::runAs(db, "ana", args);
}

void tag(review::Workspace& ws, const std::string& enc, const std::string& code, int64_t startS,
         std::optional<int64_t> endS = std::nullopt)
{
    review::NewAnnotation n;
    n.encounterRef = enc;
    n.code = code;
    n.startUs = startS * 1000000;
    if (endS)
        n.endUs = *endS * 1000000;
    REQUIRE(review::addAnnotation(ws, n).ok());
}

} // namespace

TEST_CASE("stats summary: rates by borough, screening scope, GOWISELY, escalation timing")
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-summary-cli-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto db = dir / "panel.sqlite";
    {
        // A1 Lambeth Q2, form PAC.L = yes: ana ESC.02 at 40 s, DEE.01 at 55 s, PAC.G at 8 s
        // A2 Lambeth Q2:                    ana ESC.01 20-30 s
        // A3 Croydon Q3:                    ben DEE.05 at 12 s
        // Screening "June" shows A2 and A3.
        auto ana = test_support::signedIn(db, "ana");
        REQUIRE(ana.ok());
        REQUIRE(review::addEncounter(*ana, "A1", {{"borough", "Lambeth"}, {"date", "2024-05-01"}, {"PAC.L", "yes"}}).ok());
        REQUIRE(review::addEncounter(*ana, "A2", {{"borough", "Lambeth"}, {"date", "2024-06-30"}}).ok());
        REQUIRE(review::addEncounter(*ana, "A3", {{"borough", "Croydon"}, {"date", "2024-07-01"}}).ok());
        tag(*ana, "A1", "ESC.02", 40);
        tag(*ana, "A1", "DEE.01", 55);
        tag(*ana, "A1", "PAC.G", 8);
        tag(*ana, "A2", "ESC.01", 20, 30);
        auto ben = test_support::signedIn(db, "ben");
        REQUIRE(ben.ok());
        tag(*ben, "A3", "DEE.05", 12);
        review::NewScreening june;
        june.name = "June";
        june.encounterRefs = {"A2", "A3"};
        REQUIRE(review::addScreening(*ana, june).ok());
    }
    auto r = bwv(db, {"stats", "summary", "--by", "borough", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["encounters"] == 3);
    CHECK(j["tags"] == 5);
    REQUIRE(j["groups"].size() == 2); // Croydon, Lambeth
    const auto& lambeth = j["groups"][1];
    CHECK(lambeth["value"] == "Lambeth");
    CHECK(lambeth["encounters"] == 2);
    // ESC in Lambeth: ESC.02 in A1, ESC.01 in A2: 2 tags in 2 of 2 encounters.
    for (const auto& g : lambeth["codeGroups"])
        if (g["code"] == "ESC") {
            CHECK(g["tags"] == 2);
            CHECK(g["encountersWith"] == 2);
            CHECK(g["encounters"] == 2);
            CHECK(g["share"].get<double>() == doctest::Approx(1.0));
        }
    // GOWISELY G: tagged in A1 only: 1 of 3. L: form yes in A1: 1 of 3.
    CHECK(j["gowisely"][0]["given"] == 1);
    CHECK(j["gowisely"][0]["encounters"] == 3);
    CHECK(j["gowisely"][6]["code"] == "PAC.L");
    CHECK(j["gowisely"][6]["given"] == 1);
    // First escalation: A1 at 40 s, A2 at 20 s: median 30 s.
    CHECK(j["firstEscalation"]["withEscalation"] == 2);
    CHECK(j["firstEscalation"]["medianSeconds"].get<double>() == doctest::Approx(30.0));
    // Follow-ups (30 s): ESC.02 at 40 s is followed by DEE.01 at 55 s; ESC.01 by nothing.
    CHECK(j["followUps"]["escalations"] == 2);
    CHECK(j["followUps"]["followedByAny"] == 1);

    // Screening June: A2 and A3, 2 tags. Quarter 2024-Q2: A1 and A2.
    r = bwv(db, {"stats", "summary", "--screening", "June", "--json"});
    REQUIRE(r.exitCode == 0);
    j = nlohmann::json::parse(r.out);
    CHECK(j["encounters"] == 2);
    CHECK(j["tags"] == 2);
    r = bwv(db, {"stats", "summary", "--quarter", "2024-Q2", "--json"});
    REQUIRE(r.exitCode == 0);
    CHECK(nlohmann::json::parse(r.out)["encounters"] == 2);

    CHECK(bwv(db, {"stats", "summary", "--screening", "nope"}).exitCode == 3);
    CHECK(bwv(db, {"stats", "summary", "--quarter", "2024-5"}).exitCode == 2);
    CHECK(bwv(db, {"stats", "summary", "--by", "colour"}).exitCode == 2);
    std::filesystem::remove_all(dir);
}
