// Gwet's AC1/AC2, Brennan-Prediger and Conger's kappa against irrCAC. The 3-decimal values
// are those irrCAC's documentation and the test suite of its Python port
// (afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py, test_bp.py, test_conger.py) print;
// the 15-digit ones come from irrCAC's R functions (kgwet/irrCAC, R/agree.coeff3.raw.r,
// gwet.ac1.raw, bp.coeff.raw, conger.kappa.raw) evaluated in R 4.2.2. Matched to 1e-9.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/gwet.hpp"
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

double rounded(double v) { return std::round(v * 1000) / 1000; }

struct Row {
    AgreementWeights weights;
    double pa, pe, value, se, low;           // irrCAC, full precision
    double pa3, pe3, value3, se3, low3;      // published, 3 decimals
};

void check(const common::Result<Agreement>& a, const Row& row)
{
    REQUIRE(a.ok());
    CHECK(rounded(a->observed) == doctest::Approx(row.pa3));
    CHECK(rounded(a->expected) == doctest::Approx(row.pe3));
    CHECK(rounded(a->value) == doctest::Approx(row.value3));
    CHECK(rounded(detail(*a, "standardError")) == doctest::Approx(row.se3));
    CHECK(rounded(a->ciLow) == doctest::Approx(row.low3));
    CHECK(a->observed == doctest::Approx(row.pa).epsilon(1e-9));
    CHECK(a->expected == doctest::Approx(row.pe).epsilon(1e-9));
    CHECK(a->value == doctest::Approx(row.value).epsilon(1e-9));
    CHECK(detail(*a, "standardError") == doctest::Approx(row.se).epsilon(1e-9));
    CHECK(a->ciLow == doctest::Approx(row.low).epsilon(1e-9));
}

} // namespace

TEST_CASE("irrCAC cac.raw4raters: Gwet's AC1 0.775 and AC2 with linear, quadratic and ordinal weights")
{
    const Row rows[] = {
        {AgreementWeights::Identity, 0.818181818181818, 0.190321180555556, 0.775444068126995, 0.142949950640765,
         0.460813348130838, 0.818, 0.190, 0.775, 0.143, 0.461},
        {AgreementWeights::Linear, 0.939393939393939, 0.570963541666667, 0.858739136432611, 0.117329021881364,
         0.600499700423663, 0.939, 0.571, 0.859, 0.117, 0.600},
        {AgreementWeights::Quadratic, 0.975378787878788, 0.713704427083333, 0.914000723551605, 0.103962244645060,
         0.685181365878011, 0.975, 0.714, 0.914, 0.104, 0.685},
        {AgreementWeights::Ordinal, 0.968181818181818, 0.685156250000000, 0.898939769907512, 0.106903523815435,
         0.663646700428235, 0.968, 0.685, 0.899, 0.107, 0.664},
    };
    for (const Row& row : rows) {
        CAPTURE(agreementWeightsName(row.weights));
        auto a = gwetAc(reference::raw4raters(), row.weights);
        check(a, row);
        CHECK(a->ciHigh == 1.0); // irrCAC caps the upper bound at 1
        CHECK(a->units == 12);
    }
    CHECK(gwetAc(reference::raw4raters())->name == "Gwet's AC1");
    CHECK(gwetAc(reference::raw4raters(), AgreementWeights::Quadratic)->name == "Gwet's AC2 (quadratic weights)");
}

TEST_CASE("irrCAC cac.raw4raters: Brennan-Prediger 0.773 and Conger's kappa 0.763")
{
    const Row bp[] = {
        {AgreementWeights::Identity, 0.818181818181818, 0.2, 0.772727272727273, 0.144716619899483, 0.454208139909888,
         0.818, 0.200, 0.773, 0.145, 0.454},
        {AgreementWeights::Linear, 0.939393939393939, 0.6, 0.848484848484849, 0.123356124494103, 0.576979849066912,
         0.939, 0.600, 0.848, 0.123, 0.577},
        {AgreementWeights::Quadratic, 0.975378787878788, 0.75, 0.901515151515151, 0.110894374973973,
         0.657438277859799, 0.975, 0.750, 0.902, 0.111, 0.657},
    };
    for (const Row& row : bp) {
        CAPTURE(agreementWeightsName(row.weights));
        check(brennanPrediger(reference::raw4raters(), row.weights), row);
    }
    // irrCAC prints se 0.149 for Conger here only with custom weights; unweighted its test
    // checks pa, pe, coefficient and interval.
    auto conger = congerKappa(reference::raw4raters());
    REQUIRE(conger.ok());
    CHECK(rounded(conger->value) == doctest::Approx(0.763));
    CHECK(rounded(conger->expected) == doctest::Approx(0.233));
    CHECK(rounded(conger->ciLow) == doctest::Approx(0.435));
    CHECK(conger->value == doctest::Approx(0.762817441303306).epsilon(1e-9));
    CHECK(conger->expected == doctest::Approx(0.233425160697888).epsilon(1e-9));
    CHECK(detail(*conger, "standardError") == doctest::Approx(0.149168152480174).epsilon(1e-9));
    CHECK(conger->ciLow == doctest::Approx(0.434500551336157).epsilon(1e-9));
}

TEST_CASE("irrCAC cac.raw5obser: AC1 0.497, BP 0.487, Conger 0.469 with two-sided intervals")
{
    auto ac1 = gwetAc(reference::raw5observers());
    auto bp = brennanPrediger(reference::raw5observers());
    auto conger = congerKappa(reference::raw5observers());
    check(ac1, {AgreementWeights::Identity, 0.615555555555556, 0.236270781893004, 0.496622054872614, 0.121973368005297,
                0.235015198894355, 0.616, 0.236, 0.497, 0.122, 0.235});
    check(bp, {AgreementWeights::Identity, 0.615555555555556, 0.25, 0.487407407407407, 0.120891586234043,
               0.228120742571365, 0.616, 0.250, 0.487, 0.121, 0.228});
    check(conger, {AgreementWeights::Identity, 0.615555555555556, 0.275625, 0.469274278592656, 0.116663454859817,
                   0.219056053642821, 0.616, 0.276, 0.469, 0.117, 0.219});
    CHECK(ac1->ciHigh == doctest::Approx(0.758228910850874).epsilon(1e-9));
    CHECK(rounded(ac1->ciHigh) == doctest::Approx(0.758));
    CHECK(bp->ciHigh == doctest::Approx(0.746694072243450).epsilon(1e-9));
    CHECK(conger->ciHigh == doctest::Approx(0.719492503542492).epsilon(1e-9));
}

TEST_CASE("two raters: Conger's kappa is Cohen's; Brennan-Prediger by hand")
{
    // Conger (1980): with two raters the coefficient reduces to Cohen's kappa. The grant
    // example of Wikipedia's "Cohen's kappa" (20, 5, 10, 15) gives 0.40.
    std::vector<std::vector<std::string>> rows;
    auto add = [&](int count, const char* a, const char* b) {
        for (int i = 0; i < count; ++i)
            rows.push_back({a, b});
    };
    add(20, "yes", "yes");
    add(5, "yes", "no");
    add(10, "no", "yes");
    add(15, "no", "no");
    auto m = reference::matrix(rows);
    auto conger = congerKappa(m);
    REQUIRE(conger.ok());
    CHECK(conger->value == doctest::Approx(0.40).epsilon(1e-12));
    // Brennan & Prediger (1981): (p_o - 1/q) / (1 - 1/q) = (0.7 - 0.5) / 0.5.
    auto bp = brennanPrediger(m);
    REQUIRE(bp.ok());
    CHECK(bp->value == doctest::Approx(0.4).epsilon(1e-12));
    // Gwet (2008), two categories: p_e = 2 pi (1 - pi), pi the mean share of "no" = 0.5.
    auto ac1 = gwetAc(m);
    REQUIRE(ac1.ok());
    double pi = (25.0 / 50 + 30.0 / 50) / 2, pe = 2 * pi * (1 - pi);
    CHECK(ac1->value == doctest::Approx((0.7 - pe) / (1 - pe)).epsilon(1e-12));
}

TEST_CASE("the kappa paradox: AC1 stays high where kappa collapses")
{
    // 90 both no, 4 + 4 disagreements, 2 both yes (the paradox table of agreement_test.cpp):
    // p_o = 0.92; pi(yes) = 0.06, p_e = 2 (0.06)(0.94) = 0.1128, AC1 = (0.92 - 0.1128) / 0.8872.
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < 90; ++i) rows.push_back({"no", "no"});
    for (int i = 0; i < 4; ++i) {
        rows.push_back({"yes", "no"});
        rows.push_back({"no", "yes"});
    }
    rows.push_back({"yes", "yes"});
    rows.push_back({"yes", "yes"});
    auto ac1 = gwetAc(reference::matrix(rows));
    REQUIRE(ac1.ok());
    CHECK(ac1->value == doctest::Approx((0.92 - 0.1128) / 0.8872).epsilon(1e-12));
}

TEST_CASE("Gwet family: unrated units are dropped, single ratings kept; bad input refused")
{
    auto m = reference::matrix({{"1", "1"}, {"2", "2"}, {"", ""}, {"1", ""}, {"2", "1"}});
    auto ac1 = gwetAc(m);
    REQUIRE(ac1.ok());
    CHECK(ac1->units == 4);
    CHECK(ac1->unitsDropped == 1);
    auto text = gwetAc(reference::matrix({{"a", "b"}, {"a", "a"}}), AgreementWeights::Linear);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().message.find("text labels") != std::string::npos);
    auto one = gwetAc(reference::matrix({{"a", "a"}, {"a", "a"}}));
    REQUIRE_FALSE(one.ok());
    CHECK(one.error().message.find("same category") != std::string::npos);
}
