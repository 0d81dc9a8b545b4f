// Reliability coefficients against published values. Every expected number below is
// quoted from the source cited beside it; none is this program's own output.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/agreement.hpp"
#include "analysis/ratings_matrix.hpp"

using namespace analysis;

namespace {

// Observers as rows (as the sources print them), "" for a missing value; returns units x raters.
RatingsMatrix fromObserverRows(const std::vector<std::vector<std::string>>& observers)
{
    std::vector<std::string> raters;
    for (std::size_t r = 0; r < observers.size(); ++r)
        raters.push_back("observer" + std::to_string(r + 1));
    std::vector<std::vector<std::string>> cells(observers.front().size(), std::vector<std::string>(observers.size()));
    for (std::size_t r = 0; r < observers.size(); ++r)
        for (std::size_t u = 0; u < observers[r].size(); ++u)
            cells[u][r] = observers[r][u];
    return RatingsMatrix::fromLabels(raters, cells);
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
// Communication Departmental Papers 43, section C: 4 observers x 12 units, nominal data with
// missing values ("." in the paper).
RatingsMatrix krippendorff2011()
{
    return fromObserverRows({
        {"1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""},
        {"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"},
        {"", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""},
        {"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""},
    });
}

// The reliability data of the Wikipedia article "Krippendorff's alpha", section "A
// computational example" (after Krippendorff), 3 coders x 15 units with missing values;
// the same data and values are in the test suite of the Python package `krippendorff`
// (pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py).
RatingsMatrix wikipediaExample()
{
    return fromObserverRows({
        {"", "", "", "", "", "3", "4", "1", "2", "1", "1", "3", "3", "", "3"},
        {"1", "", "2", "1", "3", "3", "4", "3", "", "", "", "", "", "", ""},
        {"", "", "2", "1", "3", "4", "4", "", "2", "1", "1", "3", "3", "", "4"},
    });
}

RatingsMatrix twoRaters(const std::vector<std::pair<std::string, std::string>>& pairs)
{
    std::vector<std::vector<std::string>> cells;
    for (const auto& [a, b] : pairs)
        cells.push_back({a, b});
    return RatingsMatrix::fromLabels({"A", "B"}, cells);
}

// Units from a 2x2 table: a both yes, b A yes/B no, c A no/B yes, d both no.
RatingsMatrix fromTwoByTwo(int a, int b, int c, int d)
{
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < a; ++i) pairs.emplace_back("yes", "yes");
    for (int i = 0; i < b; ++i) pairs.emplace_back("yes", "no");
    for (int i = 0; i < c; ++i) pairs.emplace_back("no", "yes");
    for (int i = 0; i < d; ++i) pairs.emplace_back("no", "no");
    return twoRaters(pairs);
}

} // namespace

TEST_CASE("Krippendorff 2011: nominal alpha with missing data is 0.743")
{
    auto alpha = krippendorffAlpha(krippendorff2011(), Level::Nominal);
    REQUIRE(alpha.ok());
    CHECK(alpha->value == doctest::Approx(0.743).epsilon(0.0005 / 0.743));
    CHECK(alpha->units == 11); // unit 12 has one value only and is not pairable
}

TEST_CASE("Krippendorff 2011 data: ordinal 0.815 and ratio 0.797 (python krippendorff tests)")
{
    // pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py, test_ordinal_metric and
    // test_ratio_metric, on the data of Krippendorff (2011) section C.
    auto ordinal = krippendorffAlpha(krippendorff2011(), Level::Ordinal);
    auto ratio = krippendorffAlpha(krippendorff2011(), Level::Ratio);
    REQUIRE(ordinal.ok());
    REQUIRE(ratio.ok());
    CHECK(std::round(ordinal->value * 1000) / 1000 == doctest::Approx(0.815));
    CHECK(std::round(ratio->value * 1000) / 1000 == doctest::Approx(0.797));
}

TEST_CASE("Wikipedia's computational example: nominal 0.691358 and interval 0.810845")
{
    auto nominal = krippendorffAlpha(wikipediaExample(), Level::Nominal);
    auto interval = krippendorffAlpha(wikipediaExample(), Level::Interval);
    REQUIRE(nominal.ok());
    REQUIRE(interval.ok());
    CHECK(nominal->value == doctest::Approx(0.691358).epsilon(1e-6));
    CHECK(interval->value == doctest::Approx(0.810845).epsilon(1e-6));
}

TEST_CASE("alpha on text labels: nominal works, interval is refused in words")
{
    auto m = twoRaters({{"calm", "calm"}, {"tense", "tense"}, {"calm", "tense"}, {"hostile", "hostile"}});
    CHECK(krippendorffAlpha(m, Level::Nominal).ok());
    auto interval = krippendorffAlpha(m, Level::Interval);
    REQUIRE_FALSE(interval.ok());
    CHECK(interval.error().message.find("text labels") != std::string::npos);
}

TEST_CASE("Cohen's kappa on a published 2x2 table is 0.40")
{
    // 50 grant proposals read by two readers: both yes 20, A yes B no 5, A no B yes 10, both
    // no 15; p_o = 0.70, p_e = 0.50, kappa = 0.40 (Wikipedia "Cohen's kappa", worked example;
    // also tutorialspoint/howcodex "Cohen's Kappa Coefficient").
    auto kappa = cohenKappa(fromTwoByTwo(20, 5, 10, 15));
    REQUIRE(kappa.ok());
    CHECK(kappa->observed == doctest::Approx(0.70));
    CHECK(kappa->expected == doctest::Approx(0.50));
    CHECK(kappa->value == doctest::Approx(0.40));
}

TEST_CASE("Cohen 1968, Table 1: kappa .492, weighted kappa .348 and .353")
{
    // Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70:213-220, Table 1, as
    // transcribed in the R package psych, ?cohen.kappa examples: "cohen reports .492 and
    // .348" for the symmetric disagreement weights, and "Cohen reports kw = .353" for the
    // asymmetric ones.
    std::vector<std::vector<double>> cohen = {
        {0.44, 0.07, 0.09},
        {0.05, 0.20, 0.05},
        {0.01, 0.03, 0.06},
    };
    std::vector<std::vector<double>> weights = {{0, 1, 3}, {1, 0, 6}, {3, 6, 0}};
    std::vector<std::vector<double>> asymmetric = {{0, 1, 4}, {1, 0, 6}, {2, 2, 0}};
    auto unweighted = cohenKappaFromTable(cohen);
    auto weighted = cohenKappaFromTable(cohen, weights);
    auto weighted2 = cohenKappaFromTable(cohen, asymmetric);
    REQUIRE(unweighted.ok());
    REQUIRE(weighted.ok());
    REQUIRE(weighted2.ok());
    CHECK(std::round(unweighted->value * 1000) / 1000 == doctest::Approx(0.492));
    CHECK(std::round(weighted->value * 1000) / 1000 == doctest::Approx(0.348));
    CHECK(std::round(weighted2->value * 1000) / 1000 == doctest::Approx(0.353));
}

TEST_CASE("quadratic weighted kappa: Maple EssayTools examples 0.758620689655172 and 0.438095238095238")
{
    // Maple help page EssayTools[QuadraticWeightedKappa], examples 1 and 2.
    std::vector<std::string> a = {"9", "7", "8", "7", "6", "8", "3", "5", "10"};
    std::vector<std::string> b1 = {"8", "8", "6", "6", "7", "6", "1", "4", "8"};
    std::vector<std::string> b2 = {"3", "5", "6", "6", "7", "6", "1", "4", "8"};
    std::vector<std::pair<std::string, std::string>> p1, p2;
    for (std::size_t i = 0; i < a.size(); ++i) {
        p1.emplace_back(a[i], b1[i]);
        p2.emplace_back(a[i], b2[i]);
    }
    auto k1 = cohenKappa(twoRaters(p1), Weights::Quadratic);
    auto k2 = cohenKappa(twoRaters(p2), Weights::Quadratic);
    REQUIRE(k1.ok());
    REQUIRE(k2.ok());
    CHECK(k1->value == doctest::Approx(0.758620689655172).epsilon(1e-12));
    CHECK(k2->value == doctest::Approx(0.438095238095238).epsilon(1e-12));
}

TEST_CASE("kappa paradox: Byrt et al. 1993 identities and the warning")
{
    // High agreement, one category dominant: 2 both yes, 4 + 4 disagreements, 90 both no.
    auto k = cohenKappa(fromTwoByTwo(2, 4, 4, 90));
    REQUIRE(k.ok());
    REQUIRE(k->prevalenceBias.has_value());
    const PrevalenceBias& pb = *k->prevalenceBias;
    // Byrt, Bishop & Carlin (1993) eq. 5: kappa = (PABAK - PI^2 + BI^2) / (1 - PI^2 + BI^2),
    // and PABAK = 2 p_o - 1.
    double pi2 = pb.prevalenceIndex * pb.prevalenceIndex, bi2 = pb.biasIndex * pb.biasIndex;
    CHECK(k->value == doctest::Approx((pb.pabak - pi2 + bi2) / (1 - pi2 + bi2)));
    CHECK(pb.pabak == doctest::Approx(2 * k->percentAgreement - 1));
    CHECK(k->percentAgreement >= 0.8);
    CHECK(k->value < 0.4);
    REQUIRE(k->warnings.size() == 1);
    CHECK(k->warnings[0].find("prevalence index") != std::string::npos);
    CHECK(k->warnings[0].find("Byrt") != std::string::npos);

    // The balanced table of the grant example raises no warning.
    auto balanced = cohenKappa(fromTwoByTwo(20, 5, 10, 15));
    REQUIRE(balanced.ok());
    CHECK(balanced->warnings.empty());
}

TEST_CASE("the identity also holds for a biased table, and bias is flagged")
{
    auto k = cohenKappa(fromTwoByTwo(40, 30, 2, 28));
    REQUIRE(k.ok());
    const PrevalenceBias& pb = *k->prevalenceBias;
    double pi2 = pb.prevalenceIndex * pb.prevalenceIndex, bi2 = pb.biasIndex * pb.biasIndex;
    CHECK(k->value == doctest::Approx((pb.pabak - pi2 + bi2) / (1 - pi2 + bi2)));
    CHECK(std::fabs(pb.biasIndex) > 0.2);
    CHECK_FALSE(k->warnings.empty());
}

TEST_CASE("two raters, two categories: Fleiss' kappa and alpha approach Cohen's as units grow")
{
    // Fleiss (1971) kappa with two raters equals Scott's pi; alpha = pi corrected by (n-1)/n
    // (Krippendorff 2011, section A). Checked as relations, not as numbers.
    RatingsMatrix m = fromTwoByTwo(20, 5, 10, 15);
    auto fleiss = fleissKappa(m);
    auto alpha = krippendorffAlpha(m, Level::Nominal);
    REQUIRE(fleiss.ok());
    REQUIRE(alpha.ok());
    double n = 2.0 * 50;
    double pi = fleiss->value;
    CHECK(alpha->value == doctest::Approx(1 - (n - 1) / n * (1 - pi)));
}

TEST_CASE("bootstrap interval is reproducible and brackets alpha")
{
    RatingsMatrix m = krippendorff2011();
    auto a = bootstrapAlpha(m, Level::Nominal, 2000, 0.95, 7);
    auto b = bootstrapAlpha(m, Level::Nominal, 2000, 0.95, 7);
    auto c = bootstrapAlpha(m, Level::Nominal, 2000, 0.95, 8);
    auto alpha = krippendorffAlpha(m, Level::Nominal);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(a->low == b->low);
    CHECK(a->high == b->high);
    CHECK((a->low != c->low || a->high != c->high));
    CHECK(a->low < alpha->value);
    CHECK(a->high > alpha->value);
    CHECK(a->high <= 1.0);
}

TEST_CASE("units with a missing rating: Cohen and Fleiss drop them, alpha keeps them")
{
    RatingsMatrix m = twoRaters({{"1", "1"}, {"2", "2"}, {"1", ""}, {"2", "1"}, {"1", "1"}});
    auto kappa = cohenKappa(m);
    REQUIRE(kappa.ok());
    CHECK(kappa->units == 4);
    CHECK(kappa->unitsDropped == 1);
    auto fleiss = fleissKappa(m);
    REQUIRE(fleiss.ok());
    CHECK(fleiss->unitsDropped == 1);
}

TEST_CASE("degenerate inputs are refused with a reason")
{
    RatingsMatrix same = twoRaters({{"1", "1"}, {"1", "1"}});
    CHECK_FALSE(cohenKappa(same).ok());
    CHECK_FALSE(fleissKappa(same).ok());
    CHECK_FALSE(krippendorffAlpha(same, Level::Nominal).ok());
    RatingsMatrix three = RatingsMatrix::fromLabels({"a", "b", "c"}, {{"1", "2", "1"}});
    auto cohen = cohenKappa(three);
    REQUIRE_FALSE(cohen.ok());
    CHECK(cohen.error().message.find("exactly two raters") != std::string::npos);
}

TEST_CASE("three raters, two categories: prevalence index pooled, no bias index")
{
    RatingsMatrix m = RatingsMatrix::fromLabels(
        {"a", "b", "c"}, {{"0", "0", "0"}, {"0", "0", "1"}, {"0", "0", "0"}, {"1", "1", "1"}, {"0", "0", "0"}});
    auto k = fleissKappa(m);
    REQUIRE(k.ok());
    REQUIRE(k->prevalenceBias.has_value());
    // Pooled shares: 11 of 15 ratings are "0", 4 are "1".
    CHECK(k->prevalenceBias->prevalenceIndex == doctest::Approx((11.0 - 4.0) / 15.0));
    CHECK(std::isnan(k->prevalenceBias->biasIndex));
}

TEST_CASE("with two categories, linear and quadratic weights give the unweighted kappa (0.40)")
{
    // Weights |i-j| and (i-j)^2 are both 0/1 on two categories, so the grant-proposal table
    // above (Wikipedia "Cohen's kappa": 0.40) must come out the same with either.
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < 20; ++i) pairs.emplace_back("1", "1");
    for (int i = 0; i < 5; ++i) pairs.emplace_back("1", "0");
    for (int i = 0; i < 10; ++i) pairs.emplace_back("0", "1");
    for (int i = 0; i < 15; ++i) pairs.emplace_back("0", "0");
    RatingsMatrix m = twoRaters(pairs);
    for (Weights w : {Weights::None, Weights::Linear, Weights::Quadratic}) {
        CAPTURE(weightsName(w));
        auto k = cohenKappa(m, w);
        REQUIRE(k.ok());
        CHECK(k->value == doctest::Approx(0.40));
    }
}
