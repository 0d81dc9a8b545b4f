// Kendall's W, Light's kappa and agreement within a tolerance against the R package irr:
// published values from its documentation examples (and the tests of its Python port,
// sophiedkk/pyirr), full precision from irr's formulas (cran/irr R/kendall.R,
// R/kappam.light.R, R/agree.R) evaluated in R 4.2.2; and R's binom.test for the interval.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/rank_agreement.hpp"
#include "reference_data.hpp"

using namespace analysis;

namespace {

double detail(const Agreement& a, const std::string& key)
{
    for (const Detail& d : a.details)
        if (d.key == key)
            return d.value;
    FAIL("no detail " << key);
    return 0;
}

} // namespace

TEST_CASE("irr's ?kendall example: kendall(anxiety, TRUE) gives Wt = 0.54, chi-squared 30.8")
{
    auto w = kendallW(reference::anxiety());
    REQUIRE(w.ok());
    CHECK(std::round(w->value * 100) / 100 == doctest::Approx(0.54));  // published, 2 decimals
    CHECK(std::round(detail(*w, "chiSquared") * 10) / 10 == doctest::Approx(30.8));
    CHECK(w->value == doctest::Approx(0.53965687595437).epsilon(1e-9));
    CHECK(detail(*w, "df") == 19);
    CHECK(w->ciLow < w->value);
    CHECK(w->ciHigh > w->value);
}

TEST_CASE("Kendall's W by hand: perfect and reversed rankings, ties corrected")
{
    // Three raters ranking four units identically: W = 1.
    auto same = kendallW(reference::matrix({{"1", "2", "1"}, {"2", "4", "3"}, {"3", "6", "5"}, {"4", "8", "9"}}));
    REQUIRE(same.ok());
    CHECK(same->value == doctest::Approx(1.0).epsilon(1e-12));
    // Two raters with opposite rankings of three units: rank sums all 4, S = 0, W = 0.
    auto opposite = kendallW(reference::matrix({{"1", "3"}, {"2", "2"}, {"3", "1"}}));
    REQUIRE(opposite.ok());
    CHECK(opposite->value == doctest::Approx(0.0));
    // Ties: rater 1 ranks (1.5, 1.5, 3), rater 2 (1, 2, 3). Rank sums 2.5, 3.5, 6, mean 4:
    // S = 2.25 + 0.25 + 4 = 6.5; T = 2^3 - 2 = 6; W = 12 S / (m^2 (n^3 - n) - m T) = 78 / 84.
    auto tied = kendallW(reference::matrix({{"1", "1"}, {"1", "2"}, {"2", "3"}}));
    REQUIRE(tied.ok());
    CHECK(tied->value == doctest::Approx(78.0 / 84.0).epsilon(1e-12));
}

TEST_CASE("Light's kappa by hand: the mean pairwise Cohen's kappa")
{
    // Three raters, two categories. Raters 1 and 2 agree on every unit: kappa 1. Rater 3
    // agrees with each of them on half the units, with p_e 1/2: kappa 0 twice. Light's
    // kappa = (1 + 0 + 0) / 3.
    auto m = reference::matrix({{"a", "a", "a"}, {"a", "a", "b"}, {"b", "b", "a"}, {"b", "b", "b"}});
    auto light = lightKappa(m);
    REQUIRE(light.ok());
    CHECK(light->value == doctest::Approx(1.0 / 3.0).epsilon(1e-12));
    CHECK(detail(*light, "pairs") == 3);
}

TEST_CASE("irr's agree(video) is 35%, agree(video, 1) is 90%; exact binomial interval as binom.test")
{
    auto exact = agreementWithin(reference::video(), 0);
    auto within1 = agreementWithin(reference::video(), 1);
    REQUIRE(exact.ok());
    REQUIRE(within1.ok());
    CHECK(exact->value == doctest::Approx(0.35));
    CHECK(within1->value == doctest::Approx(0.90));
    // R 4.2.2: binom.test(7, 20)$conf.int and binom.test(18, 20)$conf.int.
    CHECK(exact->ciLow == doctest::Approx(0.153909204784541).epsilon(1e-9));
    CHECK(exact->ciHigh == doctest::Approx(0.592188534532828).epsilon(1e-9));
    CHECK(within1->ciLow == doctest::Approx(0.683017285980918).epsilon(1e-9));
    CHECK(within1->ciHigh == doctest::Approx(0.987651472829705).epsilon(1e-9));
    CHECK(detail(*within1, "agreeingUnits") == 18);
}

TEST_CASE("agreement within: decimals, text labels, missing ratings")
{
    auto decimals = agreementWithin(reference::matrix({{"0.1", "0.3"}, {"0.5", "0.9"}}), 0.2);
    REQUIRE(decimals.ok());
    CHECK(decimals->value == doctest::Approx(0.5)); // 0.3 - 0.1 counts as within 0.2
    auto labels = reference::matrix({{"calm", "calm"}, {"calm", "tense"}, {"tense", "tense"}, {"calm", ""}});
    auto exact = agreementWithin(labels, 0);
    REQUIRE(exact.ok());
    CHECK(exact->value == doctest::Approx(2.0 / 3.0));
    CHECK(exact->unitsDropped == 1);
    auto within = agreementWithin(labels, 1);
    REQUIRE_FALSE(within.ok());
    CHECK(within.error().message.find("text labels") != std::string::npos);
}
