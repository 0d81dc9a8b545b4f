// `bwv-review stats irr` end to end (label integration): the executable, its exit codes,
// its text and JSON. Numbers are checked against the library, whose values the unit tests
// check against published ones.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "analysis/agreement.hpp"
#include "analysis/event_agreement.hpp"
#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/workspace.hpp"
#include "review_support.hpp"
#include "test_support.hpp"

namespace {

std::filesystem::path scratchDir()
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-stats-cli-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path writeFile(const std::string& name, const std::string& text)
{
    auto file = scratchDir() / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

test_support::CommandResult bwv(std::vector<std::string> args)
{
    args.insert(args.begin(), test_support::executable().string());
    return test_support::runCommand(args);
}

// Krippendorff (2011) section C data, units as rows (see agreement_test.cpp).
const char* kKrippendorffCsv = "unit,A,B,C,D\n"
                               "1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n"
                               "7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n";

} // namespace

TEST_CASE("stats irr --method alpha: value, reproducible interval, JSON")
{
    auto csv = writeFile("kripp.csv", kKrippendorffCsv);
    auto text = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "alpha"});
    CAPTURE(text.err);
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("Krippendorff's alpha (nominal): 0.743") != std::string::npos); // Krippendorff 2011
    CHECK(text.out.find("95% bootstrap interval") != std::string::npos);
    CHECK(text.out.find("percent agreement") != std::string::npos);

    auto a = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "alpha", "--json"});
    auto b = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "alpha", "--json"});
    REQUIRE(a.exitCode == 0);
    auto ja = nlohmann::json::parse(a.out);
    auto jb = nlohmann::json::parse(b.out);
    CHECK(ja["value"].get<double>() == doctest::Approx(0.743).epsilon(0.0005 / 0.743));
    CHECK(ja["interval"]["low"] == jb["interval"]["low"]);
    CHECK(ja["interval"]["high"] == jb["interval"]["high"]);
    CHECK(ja["interval"]["low"].get<double>() < ja["value"].get<double>());
    CHECK(ja.contains("percentAgreement"));

    auto ordinal = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "alpha", "--level", "ordinal", "--json"});
    REQUIRE(ordinal.exitCode == 0);
    CHECK(nlohmann::json::parse(ordinal.out)["value"].get<double>() == doctest::Approx(0.815).epsilon(0.0005 / 0.815));
}

TEST_CASE("stats irr --method cohen with weights; text labels")
{
    auto csv = writeFile("qwk.csv", "essay,r1,r2\n"
                                    "1,9,8\n2,7,8\n3,8,6\n4,7,6\n5,6,7\n6,8,6\n7,3,1\n8,5,4\n9,10,8\n");
    // "essay" is not an id header: three rater columns -> Cohen refuses.
    auto three = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "cohen"});
    CHECK(three.exitCode == 3);
    CHECK(three.err.find("exactly two raters") != std::string::npos);

    auto ids = writeFile("qwk2.csv", "id,r1,r2\n1,9,8\n2,7,8\n3,8,6\n4,7,6\n5,6,7\n6,8,6\n7,3,1\n8,5,4\n9,10,8\n");
    auto q = bwv({"stats", "irr", "--matrix", ids.string(), "--method", "cohen", "--weights", "quadratic", "--json"});
    REQUIRE(q.exitCode == 0);
    // Maple EssayTools[QuadraticWeightedKappa], example 1.
    CHECK(nlohmann::json::parse(q.out)["value"].get<double>() == doctest::Approx(0.758620689655172));

    auto labels = writeFile("labels.csv", "subject,a,b\n1,calm,calm\n2,tense,calm\n3,hostile,hostile\n4,calm,calm\n");
    auto nominal = bwv({"stats", "irr", "--matrix", labels.string(), "--method", "cohen"});
    CHECK(nominal.exitCode == 0);
    auto weighted = bwv({"stats", "irr", "--matrix", labels.string(), "--method", "cohen", "--weights", "linear"});
    CHECK(weighted.exitCode == 3);
    CHECK(weighted.err.find("numeric") != std::string::npos);
}

TEST_CASE("the kappa paradox is reported with Byrt's indices")
{
    std::string csv = "a,b\n";
    for (int i = 0; i < 90; ++i) csv += "no,no\n";
    for (int i = 0; i < 4; ++i) csv += "yes,no\nno,yes\n";
    csv += "yes,yes\nyes,yes\n";
    auto file = writeFile("paradox.csv", csv);
    auto r = bwv({"stats", "irr", "--matrix", file.string(), "--method", "cohen"});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("prevalence index") != std::string::npos);
    CHECK(r.out.find("warning:") != std::string::npos);
}

TEST_CASE("bad input: one line naming the file, the line and the problem; exit 3")
{
    auto file = writeFile("bad.csv", "subject,a,b\n1,2,3\n2,3\n");
    auto r = bwv({"stats", "irr", "--matrix", file.string(), "--method", "fleiss"});
    CHECK(r.exitCode == 3);
    CHECK(r.out.empty());
    CHECK(r.err == "bwv-review: error: " + file.string() + ":3: this row has 2 fields but the header has 3\n");

    auto missing = bwv({"stats", "irr", "--matrix", "/nonexistent.csv", "--method", "fleiss"});
    CHECK(missing.exitCode == 3);
    CHECK(missing.err.find("/nonexistent.csv") != std::string::npos);

    auto noMethod = bwv({"stats", "irr", "--matrix", file.string()});
    CHECK(noMethod.exitCode == 2);
    auto badMethod = bwv({"stats", "irr", "--matrix", file.string(), "--method", "scott"});
    CHECK(badMethod.exitCode == 2);
    auto levelForCohen = bwv({"stats", "irr", "--matrix", file.string(), "--method", "cohen", "--level", "ordinal"});
    CHECK(levelForCohen.exitCode == 2);
}

TEST_CASE("stats irr --encounter reads the coders' tags from the database")
{
    auto db = scratchDir() / "irr.sqlite";
    std::filesystem::remove(db);
    std::vector<analysis::TimedTag> tags;
    {
        auto wsA = test_support::signedIn(db, "A");
        REQUIRE_MESSAGE(wsA.ok(), (wsA.ok() ? "" : wsA.error().describe()));
        auto enc = review::addEncounter(*wsA, "E-IRR-1");
        REQUIRE_MESSAGE(enc.ok(), (enc.ok() ? "" : enc.error().describe()));
        for (const char* coder : {"A", "B"}) {
            auto ws = test_support::signedIn(db, coder);
            REQUIRE(ws.ok());
            for (int i = 0; i < 12; ++i) {
                review::NewAnnotation n;
                n.encounterRef = "E-IRR-1";
                n.code = i % 3 == 0 ? "ESC.02" : "DEE.01";
                // B is 0.4 s late and misses every fifth tag.
                n.startUs = static_cast<std::int64_t>(i) * 10'000'000 + (coder[0] == 'B' ? 400'000 : 0);
                if (coder[0] == 'B' && i % 5 == 4)
                    continue;
                auto added = review::addAnnotation(*ws, n);
                REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error().describe()));
                tags.push_back({coder, n.code, n.startUs, std::nullopt});
            }
        }
    }
    auto r = test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-IRR-1", "--coders", "A,B", "--tolerance", "1",
                  "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    auto expected = analysis::encounterReliability(tags, {"A", "B"}, {1.0, 1.0});
    REQUIRE(expected.ok());
    CHECK(j["codes"].size() == 2);
    CHECK(j["overall"]["events"].get<std::size_t>() == expected->overall.events);
    CHECK(j["overall"]["event"]["kappa"]["value"].get<double>() == doctest::Approx(expected->overall.eventKappa->value));
    CHECK(j["overall"]["timeUnit"]["kappa"]["value"].get<double>() ==
          doctest::Approx(expected->overall.timeUnitKappa->value));
    // Gwet's AC1 and Brennan-Prediger under each view, through the same analysis functions.
    CHECK(j["overall"]["event"]["ac1"]["value"].get<double>() == doctest::Approx(expected->overall.eventAc1->value));
    CHECK(j["overall"]["event"]["bp"]["value"].get<double>() == doctest::Approx(expected->overall.eventBp->value));
    CHECK(j["overall"]["timeUnit"]["ac1"]["value"].get<double>() ==
          doctest::Approx(expected->overall.timeUnitAc1->value));
    CHECK(j["codes"][0]["event"]["ac1"].contains("ci_low"));
    CHECK(j["codes"][0]["timeUnit"]["bp"]["value"].is_number());

    auto text = test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-IRR-1", "--coders", "A,B"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("ESC.02") != std::string::npos);
    CHECK(text.out.find("(overall)") != std::string::npos);
    CHECK(text.out.find("ev.ac1") != std::string::npos);
    // --unit is seconds with --encounter (and single|average with --matrix icc).
    auto unit = test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-IRR-1", "--coders", "A,B", "--unit", "2",
                     "--json"});
    REQUIRE(unit.exitCode == 0);
    CHECK(nlohmann::json::parse(unit.out)["timeUnitSeconds"] == 2.0);
    CHECK(test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-IRR-1", "--coders", "A,B", "--unit", "single"})
              .exitCode == 2);

    auto unknown = test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-NONE", "--coders", "A,B"});
    CHECK(unknown.exitCode == 3);
    auto oneCoder = test_support::runAs(db, "A", {"stats", "irr", "--encounter", "E-IRR-1", "--coders", "A"});
    CHECK(oneCoder.exitCode == 2);
    std::filesystem::remove_all(scratchDir());
}
