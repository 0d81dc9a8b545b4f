// Quantile functions against R 4.2.2 (qf, qt, qbeta), printed with 15 digits.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/distributions.hpp"

using namespace analysis;

TEST_CASE("F quantiles match R's qf, also for fractional and large degrees of freedom")
{
    CHECK(fQuantile(0.975, 5, 18) == doctest::Approx(3.38196780587524).epsilon(1e-12));
    CHECK(fQuantile(0.975, 19, 39.7494) == doctest::Approx(2.08872545743276).epsilon(1e-12));
    CHECK(fQuantile(0.975, 999, 8991) == doctest::Approx(1.09499439794163).epsilon(1e-12));
    CHECK(fQuantile(0.975, 8991, 999) == doctest::Approx(1.09879724248445).epsilon(1e-12));
    CHECK(fQuantile(0.975, 1, 1) == doctest::Approx(647.789011477844).epsilon(1e-10));
    CHECK(fQuantile(0.975, 2.5, 3.5) == doctest::Approx(12.2730502716643).epsilon(1e-12));
}

TEST_CASE("t and beta quantiles match R's qt and qbeta")
{
    CHECK(tQuantile(0.975, 11) == doctest::Approx(2.20098516009164).epsilon(1e-12));
    CHECK(tQuantile(0.975, 999) == doctest::Approx(1.96234146113345).epsilon(1e-12));
    CHECK(tQuantile(0.025, 3) == doctest::Approx(-3.18244630528371).epsilon(1e-12));
    CHECK(betaQuantile(0.025, 0.5, 3.7) == doctest::Approx(0.000141950167370657).epsilon(1e-10));
    CHECK(regularizedBeta(0.5, 2, 2) == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(std::isnan(fQuantile(1.5, 1, 1)));
    CHECK(std::isnan(tQuantile(0.5, 0)));
}
