// What goes into the final coding (issue 12): agreed events averaged, decisions in,
// "nothing happened" out, newer decisions over older ones.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/final_coding.hpp"

using namespace analysis;

namespace {

constexpr std::int64_t kSecond = 1'000'000;

TimedTag point(const std::string& coder, const std::string& code, double seconds)
{
    return {coder, code, std::llround(seconds * kSecond), std::nullopt};
}

TimedTag span(const std::string& coder, const std::string& code, double from, double to)
{
    return {coder, code, std::llround(from * kSecond), std::llround(to * kSecond)};
}

// Rounded, not truncated: 10.2 * 1e6 is a hair under 10200000 in binary.
std::int64_t us(double seconds) { return std::llround(seconds * kSecond); }

} // namespace

TEST_CASE("final coding: agreed events averaged, decisions in, nothing-happened out")
{
    std::vector<TimedTag> tags = {
        point("A", "ESC.02", 10), point("B", "ESC.02", 10.4),          // 0, 1: agreed, mean 10.2
        span("A", "ESC.01", 30, 40), span("B", "ESC.01", 32, 44),      // 2, 3: agreed, [31, 42]
        point("A", "ESC.04", 50),                                      // 4: A only, decided "nothing"
        point("A", "DEE.05", 60), point("B", "DEE.05", 63),            // 5, 6: apart: decided yes at 61.5
        point("A", "ESC.03", 70), point("B", "ESC.03", 70.2),          // 7, 8: agreed, but a decision cites 7
        point("A", "ESC.09", 80), point("B", "ESC.09", 80.1),          // 9, 10: agreed; "nothing" decided there
    };
    std::vector<std::string> ids = {"a0", "b1", "a2", "b3", "a4", "a5", "b6", "a7", "b8", "a9", "b10"};
    std::vector<DecisionFacts> decisions;
    decisions.push_back({"ESC.04", us(50), std::nullopt, true, {"a4"}, {}, {}, {}});
    decisions.push_back({"DEE.05", us(61.5), std::nullopt, false, {"a5", "b6"}, "officer", 2, std::nullopt});
    decisions.push_back({"ESC.03", us(70), std::nullopt, false, {"a7"}, {}, {}, {}});       // older ...
    decisions.push_back({"ESC.03", us(70.1), std::nullopt, false, {"a7", "b8"}, {}, 3, {}}); // ... set aside by this
    decisions.push_back({"ESC.09", us(80.05), std::nullopt, true, {}, {}, {}, {}});         // no sources: by time

    FinalCodingPlan plan = planFinalCoding(tags, ids, {"A", "B"}, 1.0, decisions);
    CHECK(plan.agreed == 2);     // ESC.02 and ESC.01
    CHECK(plan.decided == 2);    // DEE.05 and the newer ESC.03
    CHECK(plan.removed == 2);    // ESC.04 and ESC.09
    CHECK(plan.superseded == 2); // ESC.03 (cited) and ESC.09 (same code, same moment)
    CHECK(plan.setAside == 1);
    REQUIRE(plan.tags.size() == 4);
    CHECK(plan.tags[0] == review::FinalTag{"ESC.02", us(10.2), std::nullopt, {}, {}, {}});
    CHECK(plan.tags[1] == review::FinalTag{"ESC.01", us(31), us(42), {}, {}, {}});
    CHECK(plan.tags[2] == review::FinalTag{"DEE.05", us(61.5), std::nullopt, "officer", 2, {}});
    CHECK(plan.tags[3] == review::FinalTag{"ESC.03", us(70.1), std::nullopt, {}, 3, {}});

    // The same input gives the same plan: what makes a re-run change nothing.
    FinalCodingPlan again = planFinalCoding(tags, ids, {"A", "B"}, 1.0, decisions);
    CHECK(again.tags == plan.tags);
}

TEST_CASE("final coding: an event needs every named coder")
{
    std::vector<TimedTag> tags = {point("A", "ESC.02", 10), point("B", "ESC.02", 10.4), point("C", "ESC.05", 20),
                                  point("A", "ESC.05", 20.1)};
    std::vector<std::string> ids = {"1", "2", "3", "4"};
    FinalCodingPlan two = planFinalCoding(tags, ids, {"A", "B"}, 1.0, {});
    REQUIRE(two.tags.size() == 1);
    CHECK(two.tags[0].code == "ESC.02");
    FinalCodingPlan three = planFinalCoding(tags, ids, {"A", "B", "C"}, 1.0, {});
    CHECK(three.tags.empty());
    CHECK(three.agreed == 0);
    // The mean rounds to the microsecond: 10 s and 10.000001 s give 10.000001 (half up).
    FinalCodingPlan rounding = planFinalCoding({{"A", "ESC.02", 10'000'000, {}}, {"B", "ESC.02", 10'000'001, {}}},
                                               {"x", "y"}, {"A", "B"}, 1.0, {});
    REQUIRE(rounding.tags.size() == 1);
    CHECK(rounding.tags[0].startUs == 10'000'001);
}
