// `bwv-review bench transcript` as README.md describes it (label integration): figures for
// the index and the plain scan of the same synthetic cues, and the two finding the same
// cues for every query. No time is asserted.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

TEST_CASE("bench transcript prints the index's and the scan's figures, which agree")
{
    auto run = test_support::runCommand(
        {test_support::executable().string(), "bench", "transcript", "--cues", "3001", "--json"});
    REQUIRE_MESSAGE(run.exitCode == 0, run.err);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["cues"] == 3001);
    CHECK(j["cameras"] == 3);
    CHECK(j["agree"] == true);
    for (const char* key : {"bytes", "parse_ms", "build_ms", "distinct_words", "scan_prepare_ms", "index_mean_ms",
                            "index_max_ms", "scan_mean_ms", "scan_max_ms"})
        CHECK_MESSAGE(j[key].is_number(), key);
    REQUIRE(j["queries"].size() == 12);
    bool phraseFound = false;
    for (const auto& q : j["queries"]) {
        INFO(q.dump());
        CHECK(q["agree"] == true);
        CHECK(q["index_ms"].get<double>() > 0);
        CHECK(q["scan_ms"].get<double>() > 0);
        if (q["query"] == "you're detained")
            phraseFound = q["matches"].get<int>() > 0;
        if (q["query"] == "not in any cue")
            CHECK(q["matches"] == 0);
    }
    CHECK(phraseFound);

    auto text = test_support::runCommand({test_support::executable().string(), "bench", "transcript", "--cues", "300"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("300 cues of 3 cameras") == 0);
    CHECK(text.out.find("index and scan found the same cues") != std::string::npos);

    auto usage = test_support::runCommand({test_support::executable().string(), "bench", "transcript", "--cues", "x"});
    CHECK(usage.exitCode == 2);
}
