#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/event_agreement.hpp"

using namespace analysis;

namespace {

constexpr std::int64_t kSecond = 1'000'000;

TimedTag point(const std::string& coder, const std::string& code, double seconds)
{
    return {coder, code, static_cast<std::int64_t>(seconds * kSecond), std::nullopt};
}

TimedTag span(const std::string& coder, const std::string& code, double from, double to)
{
    return {coder, code, static_cast<std::int64_t>(from * kSecond), static_cast<std::int64_t>(to * kSecond)};
}

const CodeReliability& codeOf(const EncounterReliability& r, const std::string& code)
{
    for (const CodeReliability& c : r.codes)
        if (c.code == code)
            return c;
    FAIL("no code " << code);
    return r.overall;
}

} // namespace

TEST_CASE("point tags of the same code match within the tolerance, not beyond it")
{
    std::vector<TimedTag> tags = {point("A", "ESC.02", 10.0), point("B", "ESC.02", 10.9),
                                  point("A", "ESC.02", 20.0), point("B", "ESC.02", 21.5),
                                  point("B", "DEE.01", 10.0)};
    auto events = matchEvents(tags, {"A", "B"}, 1.0);
    // DEE.01 (one event, B only); ESC.02: 10.0 with 10.9, then 20.0 and 21.5 apart.
    REQUIRE(events.size() == 4);
    CHECK(events[0].code == "DEE.01");
    CHECK(events[1].tagOfCoder == std::vector<int>{0, 1});
    CHECK(events[2].tagOfCoder == std::vector<int>{2, -1});
    CHECK(events[3].tagOfCoder == std::vector<int>{-1, 3});
    // A wider tolerance joins the second pair.
    CHECK(matchEvents(tags, {"A", "B"}, 1.5).size() == 3);
}

TEST_CASE("intervals match by overlap; a point matches an interval it falls in")
{
    std::vector<TimedTag> tags = {span("A", "ESC.01", 5, 9), span("B", "ESC.01", 8, 12),
                                  span("A", "ESC.01", 20, 22), span("B", "ESC.01", 22, 25),
                                  point("C", "ESC.01", 6)};
    auto events = matchEvents(tags, {"A", "B", "C"}, 0.5);
    REQUIRE(events.size() == 3);
    CHECK(events[0].tagOfCoder == std::vector<int>{0, 1, 4});
    CHECK(events[1].tagOfCoder == std::vector<int>{2, -1, -1}); // [20,22) and [22,25) only touch
    CHECK(events[2].tagOfCoder == std::vector<int>{-1, 3, -1});
}

TEST_CASE("each coder contributes at most one tag to an event")
{
    std::vector<TimedTag> tags = {point("A", "X", 1.0), point("A", "X", 1.2), point("B", "X", 1.1)};
    auto events = matchEvents(tags, {"A", "B"}, 1.0);
    REQUIRE(events.size() == 2);
    CHECK(events[0].tagOfCoder == std::vector<int>{0, 2});
    CHECK(events[1].tagOfCoder == std::vector<int>{1, -1});
}

TEST_CASE("identical coding gives perfect reliability per code and overall")
{
    std::vector<TimedTag> tags;
    const char* codes[] = {"ESC.01", "DEE.02", "PAC.G"};
    for (const char* coder : {"A", "B", "C"})
        for (int i = 0; i < 30; ++i)
            tags.push_back(i % 2 ? point(coder, codes[i % 3], i * 7.0) : span(coder, codes[i % 3], i * 7.0, i * 7.0 + 3));
    auto r = encounterReliability(tags, {"A", "B", "C"}, {1.0, 1.0});
    REQUIRE(r.ok());
    REQUIRE(r->codes.size() == 3);
    for (const CodeReliability& c : r->codes) {
        CAPTURE(c.code);
        REQUIRE(c.eventKappa.has_value());
        CHECK(c.eventKappa->value == doctest::Approx(1.0));
        CHECK(c.eventAlpha->value == doctest::Approx(1.0));
        CHECK(c.timeUnitKappa->value == doctest::Approx(1.0));
        CHECK(c.events == 10);
        CHECK(c.eventsByAll == 10);
    }
    CHECK(r->overall.eventKappa->value == doctest::Approx(1.0));
    CHECK(r->overall.timeUnitKappa->value == doctest::Approx(1.0));
}

TEST_CASE("time-unit kappa equals Cohen's kappa on the units written out by hand")
{
    // Unit 1 s. ESC.01: A over [0,3) s, B over [1,3) s; DEE.05 by A at 5.5 s extends the
    // timeline to six units (0..5).
    std::vector<TimedTag> tags = {span("A", "ESC.01", 0, 3), span("B", "ESC.01", 1, 3), point("A", "DEE.05", 5.5),
                                  point("B", "DEE.05", 4.2)};
    auto r = encounterReliability(tags, {"A", "B"}, {1.0, 1.0});
    REQUIRE(r.ok());
    CHECK(r->timeUnits == 6);
    RatingsMatrix esc = RatingsMatrix::fromLabels(
        {"A", "B"}, {{"1", "0"}, {"1", "1"}, {"1", "1"}, {"0", "0"}, {"0", "0"}, {"0", "0"}});
    RatingsMatrix dee = RatingsMatrix::fromLabels(
        {"A", "B"}, {{"0", "0"}, {"0", "0"}, {"0", "0"}, {"0", "0"}, {"0", "1"}, {"1", "0"}});
    auto escKappa = cohenKappa(esc);
    auto deeKappa = cohenKappa(dee);
    REQUIRE(escKappa.ok());
    REQUIRE(deeKappa.ok());
    CHECK(codeOf(*r, "ESC.01").timeUnitKappa->value == doctest::Approx(escKappa->value));
    CHECK(codeOf(*r, "DEE.05").timeUnitKappa->value == doctest::Approx(deeKappa->value));
    // The DEE.05 points are 1.3 s apart: one event with a 2 s tolerance, two with 1 s.
    CHECK(codeOf(*r, "DEE.05").events == 2);
    auto wide = encounterReliability(tags, {"A", "B"}, {2.0, 1.0});
    REQUIRE(wide.ok());
    CHECK(codeOf(*wide, "DEE.05").events == 1);
}

TEST_CASE("a rare code: high time-unit agreement, low kappa, and a prevalence warning")
{
    std::vector<TimedTag> tags = {span("A", "SAF.06", 10, 12), span("B", "SAF.06", 11, 14),
                                  point("A", "PAC.G", 100), point("B", "PAC.G", 100.2)};
    auto r = encounterReliability(tags, {"A", "B"}, {1.0, 1.0});
    REQUIRE(r.ok());
    const CodeReliability& saf = codeOf(*r, "SAF.06");
    REQUIRE(saf.timeUnitKappa.has_value());
    CHECK(saf.timeUnitKappa->percentAgreement > 0.95);
    REQUIRE(saf.timeUnitKappa->prevalenceBias.has_value());
    CHECK(std::fabs(saf.timeUnitKappa->prevalenceBias->prevalenceIndex) > 0.9);
    CHECK(saf.timeUnitKappa->value < 0.6);
}

TEST_CASE("bad input is refused in words")
{
    std::vector<TimedTag> tags = {point("A", "X", 1), point("B", "X", 1)};
    CHECK_FALSE(encounterReliability(tags, {"A"}, {}).ok());
    CHECK_FALSE(encounterReliability(tags, {"A", "C"}, {}).ok());
    CHECK_FALSE(encounterReliability({span("A", "X", 5, 4)}, {"A", "B"}, {}).ok());
    CHECK_FALSE(encounterReliability(tags, {"A", "B"}, {1.0, 0.0}).ok());
    auto tooFine = encounterReliability({point("A", "X", 100000)}, {"A", "B"}, {1.0, 0.001});
    REQUIRE_FALSE(tooFine.ok());
    CHECK(tooFine.error().message.find("longer unit") != std::string::npos);
}

TEST_CASE("per code: Gwet's AC1 and Brennan-Prediger beside kappa, computed by hand")
{
    // One code, both coders tag three events, A one more: event units (1,1) x3 and (1,0).
    // p_o = 3/4. AC1: pi_yes = (1 + 1 + 1 + 1/2) / 4 = 0.875, p_e = 2 (0.875)(0.125) = 0.21875,
    // AC1 = (0.75 - 0.21875) / 0.78125 = 0.68. Brennan-Prediger: (0.75 - 1/2) / (1/2) = 0.5.
    std::vector<TimedTag> tags = {point("A", "ESC.02", 10), point("B", "ESC.02", 10.2), point("A", "ESC.02", 30),
                                  point("B", "ESC.02", 30.1), point("A", "ESC.02", 50), point("B", "ESC.02", 50.3),
                                  point("A", "ESC.02", 70)};
    auto r = encounterReliability(tags, {"A", "B"}, {1.0, 1.0});
    REQUIRE(r.ok());
    const CodeReliability& c = codeOf(*r, "ESC.02");
    REQUIRE(c.eventAc1.has_value());
    REQUIRE(c.eventBp.has_value());
    CHECK(c.eventAc1->value == doctest::Approx(0.68).epsilon(1e-12));
    CHECK(c.eventBp->value == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(c.eventAc1->units == 4);
    // The time-unit and overall views carry them too.
    CHECK(c.timeUnitAc1.has_value());
    CHECK(c.timeUnitBp.has_value());
    CHECK(r->overall.eventAc1.has_value());
    CHECK(r->overall.timeUnitBp.has_value());
}
