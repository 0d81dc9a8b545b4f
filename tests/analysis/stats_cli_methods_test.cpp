// `bwv-review stats irr --matrix` with the methods of issue 12 (label integration): the
// command line contract, JSON keys, the weights file and bad input. Values are the
// published ones the unit tests check (Shrout & Fleiss 1979, irr, irrCAC, Cohen 1968).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

std::filesystem::path scratchDir()
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-stats-methods-" + std::to_string(getpid()));
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

nlohmann::json jsonOf(std::vector<std::string> args)
{
    args.push_back("--json");
    auto r = bwv(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

// Shrout & Fleiss (1979), Table 2.
const char* kShroutFleiss = "subject,judge1,judge2,judge3,judge4\n"
                            "1,9,2,5,8\n2,6,1,3,2\n3,8,4,6,8\n4,7,1,2,6\n5,10,5,6,9\n6,6,2,4,7\n";
// irrCAC's cac.raw4raters (Gwet 2014, p. 120), units as rows, empty = missing.
const char* kRaw4 = "unit,r1,r2,r3,r4\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n"
                    "7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n";

} // namespace

TEST_CASE("stats irr --method icc: all six forms with their intervals, text and JSON")
{
    auto csv = writeFile("sf.csv", kShroutFleiss);
    struct Form {
        const char* model;
        const char* unit;
        double value; // Shrout & Fleiss (1979), two decimals
    };
    const Form forms[] = {{"oneway", "single", 0.17},           {"twoway-agreement", "single", 0.29},
                          {"twoway-consistency", "single", 0.71}, {"oneway", "average", 0.44},
                          {"twoway-agreement", "average", 0.62},  {"twoway-consistency", "average", 0.91}};
    for (const Form& f : forms) {
        CAPTURE(f.model);
        CAPTURE(f.unit);
        auto j = jsonOf({"stats", "irr", "--matrix", csv.string(), "--method", "icc", "--model", f.model, "--unit", f.unit});
        CHECK(j["method"] == "icc");
        CHECK(j["value"].get<double>() == doctest::Approx(f.value).epsilon(0.005 / f.value));
        CHECK(j["ci_low"].get<double>() < j["value"].get<double>());
        CHECK(j["ci_high"].get<double>() > j["value"].get<double>());
        CHECK(j["model"] == f.model);
        CHECK(j.contains("f"));
    }
    auto text = bwv({"stats", "irr", "--matrix", csv.string(), "--method", "icc", "--model", "twoway-agreement",
                     "--unit", "single"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.rfind("ICC(A,1): 0.290\n  95% interval: 0.019 to 0.761", 0) == 0);
    // The model and unit are part of the contract: no silent default.
    CHECK(bwv({"stats", "irr", "--matrix", csv.string(), "--method", "icc"}).exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", csv.string(), "--method", "icc", "--model", "twoway"}).exitCode == 2);
}

TEST_CASE("every method prints value, ci_low, ci_high and method in JSON")
{
    auto csv = writeFile("raw4.csv", kRaw4);
    auto sf = writeFile("sf2.csv", kShroutFleiss);
    auto two = writeFile("two.csv", "a,b\n1,1\n2,2\n3,2\n1,1\n2,3\n3,3\n");
    struct Case {
        std::vector<std::string> args;
        bool interval;
    };
    const Case cases[] = {
        {{"--matrix", two.string(), "--method", "cohen"}, false},
        {{"--matrix", csv.string(), "--method", "fleiss"}, false},
        {{"--matrix", csv.string(), "--method", "alpha"}, true},
        {{"--matrix", csv.string(), "--method", "gwet"}, true},
        {{"--matrix", csv.string(), "--method", "gwet", "--weights", "quadratic"}, true},
        {{"--matrix", csv.string(), "--method", "bp"}, true},
        {{"--matrix", csv.string(), "--method", "conger"}, true},
        {{"--matrix", sf.string(), "--method", "light"}, true},
        {{"--matrix", sf.string(), "--method", "kendall"}, true},
        {{"--matrix", sf.string(), "--method", "finn", "--levels", "10"}, true},
        {{"--matrix", sf.string(), "--method", "agreement", "--within", "3"}, true},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = {"stats", "irr"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        CAPTURE(c.args[3]);
        auto j = jsonOf(args);
        CHECK(j["method"] == c.args[3]);
        CHECK(j["value"].is_number());
        REQUIRE(j.contains("ci_low"));
        REQUIRE(j.contains("ci_high"));
        CHECK(j["ci_low"].is_number() == c.interval);
        CHECK(j["ci_high"].is_number() == c.interval);
    }
    // irrCAC (cac.raw4raters): AC1 0.775 (0.461, 1), AC2 quadratic 0.914, BP 0.773, Conger 0.763.
    auto ac1 = jsonOf({"stats", "irr", "--matrix", csv.string(), "--method", "gwet"});
    CHECK(ac1["value"].get<double>() == doctest::Approx(0.775444068126995).epsilon(1e-9));
    CHECK(ac1["ci_low"].get<double>() == doctest::Approx(0.460813348130838).epsilon(1e-9));
    CHECK(ac1["ci_high"].get<double>() == 1.0);
    CHECK(ac1["units"] == 12);
    auto ac2 = jsonOf({"stats", "irr", "--matrix", csv.string(), "--method", "gwet", "--weights", "quadratic"});
    CHECK(ac2["value"].get<double>() == doctest::Approx(0.914000723551605).epsilon(1e-9));
    CHECK(ac2["weights"] == "quadratic");
    // Agreement within 3 on Shrout & Fleiss: the units' ranges are 7, 5, 4, 6, 5, 5, so no
    // unit agrees; the exact interval starts at 0.
    auto within = jsonOf({"stats", "irr", "--matrix", sf.string(), "--method", "agreement", "--within", "3"});
    CHECK(within["value"].get<double>() == 0.0);
    CHECK(within["ci_low"].get<double>() == 0.0);
    // Bootstrap intervals are reproducible for a seed and change with it.
    auto k1 = jsonOf({"stats", "irr", "--matrix", sf.string(), "--method", "kendall", "--seed", "7"});
    auto k2 = jsonOf({"stats", "irr", "--matrix", sf.string(), "--method", "kendall", "--seed", "7"});
    CHECK(k1["ci_low"] == k2["ci_low"]);
    CHECK(k1["bootstrap"]["seed"] == 7);
}

TEST_CASE("Cohen's kappa with a weights file: Cohen 1968's .348 and .353")
{
    // Cohen (1968), Table 1 as 100 units (proportions x 100), with his disagreement weights
    // (psych's ?cohen.kappa: "cohen reports .492 and .348", and kw = .353 for the
    // asymmetric weights).
    std::string csv = "r1,r2\n";
    const int counts[3][3] = {{44, 7, 9}, {5, 20, 5}, {1, 3, 6}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int n = 0; n < counts[i][j]; ++n)
                csv += std::to_string(i + 1) + "," + std::to_string(j + 1) + "\n";
    auto ratings = writeFile("cohen1968.csv", csv);
    auto dis = writeFile("dis.csv", "disagreement,1,2,3\n1,0,1,3\n2,1,0,6\n3,3,6,0\n");
    auto asym = writeFile("asym.csv", "disagreement,1,2,3\n1,0,1,4\n2,1,0,6\n3,2,2,0\n");
    auto plain = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen"});
    auto weighted = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", dis.string()});
    auto asymmetric = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", asym.string()});
    CHECK(plain["value"].get<double>() == doctest::Approx(0.492).epsilon(0.0005 / 0.492));
    CHECK(weighted["value"].get<double>() == doctest::Approx(0.348).epsilon(0.0005 / 0.348));
    CHECK(asymmetric["value"].get<double>() == doctest::Approx(0.353).epsilon(0.0005 / 0.353));
    CHECK(weighted["weights"] == "file");
    // The same weights as agreement weights (1 - d / 6) give the same kappa.
    auto agree = writeFile("agree.csv", "agreement,1,2,3\n1,1,0.8333333333333334,0.5\n2,0.8333333333333334,1,0\n"
                                        "3,0.5,0,1\n");
    auto viaAgreement = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file",
                                agree.string()});
    CHECK(viaAgreement["value"].get<double>() == doctest::Approx(weighted["value"].get<double>()).epsilon(1e-12));
    // Quadratic weights from a file equal --weights quadratic.
    auto quad = writeFile("quad.csv", "disagreement,1,2,3\n1,0,1,4\n2,1,0,1\n3,4,1,0\n");
    auto fromFile = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", quad.string()});
    auto builtIn = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights", "quadratic"});
    CHECK(fromFile["value"].get<double>() == doctest::Approx(builtIn["value"].get<double>()).epsilon(1e-12));

    // Labels match by number too: "1.0" in the file is the rating "1".
    auto decimals = writeFile("decimals.csv", "disagreement,1.0,2.0,3.0\n1.0,0,1,3\n2.0,1,0,6\n3.0,3,6,0\n");
    auto byNumber = jsonOf({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file",
                            decimals.string()});
    CHECK(byNumber["value"].get<double>() == doctest::Approx(weighted["value"].get<double>()).epsilon(1e-12));

    // A file that does not fit: one line naming the file, exit 3.
    auto missing = writeFile("missing.csv", "disagreement,1,2\n1,0,1\n2,1,0\n");
    auto r = bwv({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", missing.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err == "bwv-review: error: " + missing.string() +
                       ": the ratings use the category 3, which the weights file does not list\n");
    auto kind = writeFile("kind.csv", "weights,1,2\n1,0,1\n2,1,0\n");
    r = bwv({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", kind.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find(kind.string() + ":1: the first cell must say agreement or disagreement") != std::string::npos);
    auto diagonal = writeFile("diag.csv", "agreement,1,2\n1,0.5,1\n2,1,1\n");
    r = bwv({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights-file", diagonal.string()});
    CHECK(r.exitCode == 3);
    CHECK(bwv({"stats", "irr", "--matrix", ratings.string(), "--method", "cohen", "--weights", "linear",
               "--weights-file", dis.string()})
              .exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", ratings.string(), "--method", "fleiss", "--weights-file", dis.string()})
              .exitCode == 2);
}

TEST_CASE("bad input is one plain sentence naming the file, exit 3; wrong options exit 2")
{
    auto labels = writeFile("labels.csv", "subject,a,b\n1,calm,tense\n2,calm,calm\n3,tense,tense\n");
    auto r = bwv({"stats", "irr", "--matrix", labels.string(), "--method", "icc", "--model", "oneway", "--unit", "single"});
    CHECK(r.exitCode == 3);
    CHECK(r.out.empty());
    CHECK(r.err == "bwv-review: error: " + labels.string() + ": the ratings include text labels; the ICC needs numbers\n");
    r = bwv({"stats", "irr", "--matrix", labels.string(), "--method", "kendall"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("text labels") != std::string::npos);
    // Light's kappa works on labels.
    CHECK(bwv({"stats", "irr", "--matrix", labels.string(), "--method", "light"}).exitCode == 0);

    auto same = writeFile("same.csv", "a,b,c\n3,3,3\n3,3,3\n3,3,3\n");
    r = bwv({"stats", "irr", "--matrix", same.string(), "--method", "icc", "--model", "oneway", "--unit", "single"});
    CHECK(r.exitCode == 3);
    CHECK(r.err == "bwv-review: error: " + same.string() + ": every rating is the same number, so the ICC is undefined\n");
    r = bwv({"stats", "irr", "--matrix", same.string(), "--method", "gwet"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find(same.string() + ": ") != std::string::npos);

    auto one = writeFile("one.csv", "subject,a\n1,3\n2,4\n");
    r = bwv({"stats", "irr", "--matrix", one.string(), "--method", "kendall"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find(one.string()) != std::string::npos);
    CHECK(r.err.find("at least two") != std::string::npos);

    auto gaps = writeFile("gaps.csv", "a,b,c\n1,2,\n,2,3\n1,,3\n");
    r = bwv({"stats", "irr", "--matrix", gaps.string(), "--method", "icc", "--model", "oneway", "--unit", "single"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("needs at least two units rated by every rater") != std::string::npos);

    auto sf = writeFile("sf3.csv", kShroutFleiss);
    CHECK(bwv({"stats", "irr", "--matrix", sf.string(), "--method", "gwet", "--weights", "radical"}).exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", sf.string(), "--method", "bp", "--weights", "linear"}).exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", sf.string(), "--method", "kendall", "--within", "1"}).exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", sf.string(), "--method", "gwet", "--replicates", "50"}).exitCode == 2);
    CHECK(bwv({"stats", "irr", "--matrix", sf.string(), "--method", "finn", "--model", "twoway-agreement"}).exitCode == 2);
}

TEST_CASE("bench irr --matrix-units times every method with its interval")
{
    auto r = bwv({"bench", "irr", "--matrix-units", "30", "--matrix-raters", "3", "--repeat", "1", "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["units"] == 30);
    CHECK(j["raters"] == 3);
    REQUIRE(j["methods"].size() == 23);
    for (const auto& m : j["methods"]) {
        CAPTURE(m["method"].get<std::string>());
        CHECK(m["value"].is_number());
        CHECK(m["medianMs"].get<double>() >= 0);
    }
    auto text = bwv({"bench", "irr", "--matrix-units", "30", "--matrix-raters", "3", "--repeat", "1"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("icc twoway-agreement single") != std::string::npos);
    CHECK(bwv({"bench", "irr", "--matrix-units", "5"}).exitCode == 2);
}

TEST_CASE("missing ratings: listwise for icc, kendall, light, finn, agreement; counted in unitsDropped")
{
    auto gaps = writeFile("gaps2.csv", std::string(kShroutFleiss) + "7,5,,4,4\n");
    for (const char* method : {"kendall", "light", "finn", "agreement"}) {
        CAPTURE(method);
        auto j = jsonOf({"stats", "irr", "--matrix", gaps.string(), "--method", method});
        CHECK(j["units"] == 6);
        CHECK(j["unitsDropped"] == 1);
    }
    auto icc = jsonOf({"stats", "irr", "--matrix", gaps.string(), "--method", "icc", "--model", "twoway-consistency",
                       "--unit", "single"});
    CHECK(icc["unitsDropped"] == 1);
    CHECK(icc["value"].get<double>() == doctest::Approx(0.714840714840715).epsilon(1e-9));
    // Gwet, Brennan-Prediger and Conger keep units with some ratings (irrCAC).
    auto raw4 = writeFile("raw4b.csv", kRaw4);
    for (const char* method : {"gwet", "bp", "conger"}) {
        auto j = jsonOf({"stats", "irr", "--matrix", raw4.string(), "--method", method});
        CHECK(j["units"] == 12);
        CHECK(j["unitsDropped"] == 0);
    }
    std::filesystem::remove_all(scratchDir());
}
