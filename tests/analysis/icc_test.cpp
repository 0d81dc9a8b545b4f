// ICC and Finn's coefficient against published values and the R package irr.
// Reference values with 15 digits come from irr's icc()/finn() formulas (cran/irr R/icc.R,
// R/finn.R) evaluated in R 4.2.2; psych 2.2.9's ICC(sf, lmer = FALSE) prints the same
// coefficients and the same intervals except ICC2k's (see icc.cpp). Matched to 1e-9.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/icc.hpp"
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

double rounded(double v, int decimals)
{
    double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

struct Expected {
    IccModel model;
    IccUnit unit;
    const char* name;
    double published; // Shrout & Fleiss (1979), the worked example, two decimals
    double value, low, high;
};

} // namespace

TEST_CASE("Shrout & Fleiss 1979: the six ICCs, their F-test intervals and the mean squares")
{
    const Expected expected[] = {
        {IccModel::OneWay, IccUnit::Single, "ICC(1,1)", 0.17, 0.165741768405475, -0.132932324874751, 0.722560062328121},
        {IccModel::TwoWayAgreement, IccUnit::Single, "ICC(A,1)", 0.29, 0.289763779527559, 0.018786513374712, 0.761084369648953},
        {IccModel::TwoWayConsistency, IccUnit::Single, "ICC(C,1)", 0.71, 0.714840714840715, 0.342464765033925, 0.945858259955360},
        {IccModel::OneWay, IccUnit::Average, "ICC(1,4)", 0.44, 0.442797133679269, -0.884442155238120, 0.912415420340775},
        {IccModel::TwoWayAgreement, IccUnit::Average, "ICC(A,4)", 0.62, 0.620050547598989, 0.0394401799213911, 0.928573183377168},
        {IccModel::TwoWayConsistency, IccUnit::Average, "ICC(C,4)", 0.91, 0.909315542377069, 0.675674713816305, 0.985891678169062},
    };
    for (const Expected& e : expected) {
        CAPTURE(e.name);
        auto icc = intraclassCorrelation(reference::shroutFleiss(), e.model, e.unit);
        REQUIRE(icc.ok());
        CHECK(icc->name == e.name);
        CHECK(rounded(icc->value, 2) == doctest::Approx(e.published));
        CHECK(icc->value == doctest::Approx(e.value).epsilon(1e-9));
        CHECK(icc->ciLow == doctest::Approx(e.low).epsilon(1e-9));
        CHECK(icc->ciHigh == doctest::Approx(e.high).epsilon(1e-9));
        CHECK(icc->units == 6);
    }
    // Shrout & Fleiss (1979), the ANOVA of the example: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02.
    auto icc = intraclassCorrelation(reference::shroutFleiss(), IccModel::OneWay, IccUnit::Single);
    REQUIRE(icc.ok());
    CHECK(rounded(detail(*icc, "msBetweenUnits"), 2) == doctest::Approx(11.24));
    CHECK(rounded(detail(*icc, "msWithinUnits"), 2) == doctest::Approx(6.26));
    CHECK(rounded(detail(*icc, "msBetweenRaters"), 2) == doctest::Approx(32.49));
    CHECK(rounded(detail(*icc, "msResidual"), 2) == doctest::Approx(1.02));
}

TEST_CASE("Shrout & Fleiss 1979 by hand: sums of squares and the six formulas")
{
    // An independent computation from the raw table: sums of squares by their textbook
    // definitions, then Shrout & Fleiss's equations for the ICCs.
    const double y[6][4] = {{9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};
    const double n = 6, k = 4;
    double grand = 0;
    for (auto& row : y)
        for (double v : row)
            grand += v;
    grand /= n * k;
    double ssTotal = 0, ssRows = 0, ssCols = 0;
    for (int i = 0; i < 6; ++i) {
        double rowMean = 0;
        for (int j = 0; j < 4; ++j) {
            ssTotal += (y[i][j] - grand) * (y[i][j] - grand);
            rowMean += y[i][j] / k;
        }
        ssRows += k * (rowMean - grand) * (rowMean - grand);
    }
    for (int j = 0; j < 4; ++j) {
        double colMean = 0;
        for (int i = 0; i < 6; ++i)
            colMean += y[i][j] / n;
        ssCols += n * (colMean - grand) * (colMean - grand);
    }
    const double bms = ssRows / (n - 1), wms = (ssTotal - ssRows) / (n * (k - 1)), jms = ssCols / (k - 1);
    const double ems = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
    const double byHand[6] = {
        (bms - wms) / (bms + (k - 1) * wms),                         // ICC(1,1)
        (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),   // ICC(2,1)
        (bms - ems) / (bms + (k - 1) * ems),                         // ICC(3,1)
        (bms - wms) / bms,                                           // ICC(1,k)
        (bms - ems) / (bms + (jms - ems) / n),                       // ICC(2,k)
        (bms - ems) / bms,                                           // ICC(3,k)
    };
    const IccModel models[3] = {IccModel::OneWay, IccModel::TwoWayAgreement, IccModel::TwoWayConsistency};
    for (int u = 0; u < 2; ++u)
        for (int mi = 0; mi < 3; ++mi) {
            auto icc = intraclassCorrelation(reference::shroutFleiss(), models[mi], u == 0 ? IccUnit::Single : IccUnit::Average);
            REQUIRE(icc.ok());
            CHECK(icc->value == doctest::Approx(byHand[u * 3 + mi]).epsilon(1e-12));
        }
    // The F statistics: BMS / WMS on (5, 18) df and BMS / EMS on (5, 15).
    auto oneWay = intraclassCorrelation(reference::shroutFleiss(), IccModel::OneWay, IccUnit::Single);
    auto twoWay = intraclassCorrelation(reference::shroutFleiss(), IccModel::TwoWayConsistency, IccUnit::Single);
    CHECK(detail(*oneWay, "f") == doctest::Approx(bms / wms).epsilon(1e-12));
    CHECK(detail(*oneWay, "df2") == 18);
    CHECK(detail(*twoWay, "f") == doctest::Approx(bms / ems).epsilon(1e-12));
    CHECK(detail(*twoWay, "df2") == 15);
}

TEST_CASE("irr's ?icc example: icc(anxiety, \"twoway\", \"agreement\") = 0.198, -0.039 < ICC < 0.494")
{
    auto icc = intraclassCorrelation(reference::anxiety(), IccModel::TwoWayAgreement, IccUnit::Single);
    REQUIRE(icc.ok());
    // Published (irr documentation, printed to 3 decimals; F(19, 39.7) = 1.83).
    CHECK(rounded(icc->value, 3) == doctest::Approx(0.198));
    CHECK(rounded(icc->ciLow, 3) == doctest::Approx(-0.039));
    CHECK(rounded(icc->ciHigh, 3) == doctest::Approx(0.494));
    CHECK(rounded(detail(*icc, "f"), 2) == doctest::Approx(1.83));
    CHECK(rounded(detail(*icc, "df2"), 1) == doctest::Approx(39.7));
    // Full precision (irr's formulas in R 4.2.2; psych's ICC2 gives the same bounds).
    CHECK(icc->value == doctest::Approx(0.1979982593559616).epsilon(1e-9));
    CHECK(icc->ciLow == doctest::Approx(-0.0389106260931603).epsilon(1e-9));
    CHECK(icc->ciHigh == doctest::Approx(0.4935739459721227).epsilon(1e-9));
}

TEST_CASE("ICC: missing ratings are left out listwise; text and constant ratings are refused")
{
    auto withGap = reference::matrix({{"9", "2", "5", "8"},
                                      {"6", "1", "3", "2"},
                                      {"8", "4", "6", "8"},
                                      {"7", "1", "2", "6"},
                                      {"10", "5", "6", "9"},
                                      {"6", "2", "4", "7"},
                                      {"3", "", "4", "4"}});
    auto icc = intraclassCorrelation(withGap, IccModel::TwoWayConsistency, IccUnit::Single);
    REQUIRE(icc.ok());
    CHECK(icc->units == 6);
    CHECK(icc->unitsDropped == 1);
    CHECK(icc->value == doctest::Approx(0.714840714840715).epsilon(1e-9));

    auto text = intraclassCorrelation(reference::matrix({{"calm", "tense"}, {"calm", "calm"}}), IccModel::OneWay,
                                      IccUnit::Single);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().message.find("text labels") != std::string::npos);
    auto same = intraclassCorrelation(reference::matrix({{"3", "3"}, {"3", "3"}, {"3", "3"}}), IccModel::OneWay,
                                      IccUnit::Single);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("same number") != std::string::npos);
}

TEST_CASE("irr's ?finn example: finn(video, 6, model = \"twoway\") = 0.925")
{
    auto twoWay = finnCoefficient(reference::video(), true, 6);
    auto oneWay = finnCoefficient(reference::video(), false, 6);
    REQUIRE(twoWay.ok());
    REQUIRE(oneWay.ok());
    CHECK(rounded(twoWay->value, 3) == doctest::Approx(0.925)); // published, 3 decimals
    CHECK(twoWay->value == doctest::Approx(0.924736842105263).epsilon(1e-9));
    CHECK(oneWay->value == doctest::Approx(0.901428571428571).epsilon(1e-9));
    // By hand: 1 - MS / ((6^2 - 1) / 12), the mean squares from the ICC's ANOVA.
    auto icc = intraclassCorrelation(reference::video(), IccModel::OneWay, IccUnit::Single);
    REQUIRE(icc.ok());
    CHECK(oneWay->value == doctest::Approx(1 - detail(*icc, "msWithinUnits") / (35.0 / 12.0)).epsilon(1e-12));
    CHECK(twoWay->value == doctest::Approx(1 - detail(*icc, "msResidual") / (35.0 / 12.0)).epsilon(1e-12));
    // Bootstrap interval: reproducible, around the value.
    auto again = finnCoefficient(reference::video(), true, 6);
    CHECK(again->ciLow == twoWay->ciLow);
    CHECK(again->ciHigh == twoWay->ciHigh);
    CHECK(twoWay->ciLow < twoWay->value);
    CHECK(twoWay->ciHigh >= twoWay->value);
    // Without --levels the scale is the span of the ratings (2..5: 4 points), with a warning.
    auto guessed = finnCoefficient(reference::video(), true, 0);
    REQUIRE(guessed.ok());
    CHECK(detail(*guessed, "levels") == 4);
    CHECK_FALSE(guessed->warnings.empty());
}
