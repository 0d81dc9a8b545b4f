#include "analysis/icc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/distributions.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean squares of the units listed in `rows` (repeats allowed: bootstrap samples).
MeanSquares meanSquaresOf(const CompleteRatings& x, const std::vector<std::size_t>& rows)
{
    const std::size_t n = rows.size(), k = x.raters;
    double grand = 0;
    std::vector<double> raterSum(k, 0.0);
    double rowSs = 0, totalSs = 0;
    for (std::size_t u : rows)
        for (std::size_t r = 0; r < k; ++r) {
            grand += x.at(u, r);
            raterSum[r] += x.at(u, r);
        }
    const double mean = grand / static_cast<double>(n * k);
    for (std::size_t u : rows) {
        double rowSum = 0;
        for (std::size_t r = 0; r < k; ++r) {
            double d = x.at(u, r) - mean;
            totalSs += d * d;
            rowSum += x.at(u, r);
        }
        double d = rowSum / static_cast<double>(k) - mean;
        rowSs += static_cast<double>(k) * d * d;
    }
    double colSs = 0;
    for (std::size_t r = 0; r < k; ++r) {
        double d = raterSum[r] / static_cast<double>(n) - mean;
        colSs += static_cast<double>(n) * d * d;
    }
    const double dn = static_cast<double>(n), dk = static_cast<double>(k);
    MeanSquares ms;
    ms.units = n;
    ms.raters = k;
    ms.betweenUnits = rowSs / (dn - 1.0);
    ms.withinUnits = (totalSs - rowSs) / (dn * (dk - 1.0));
    ms.betweenRaters = colSs / (dk - 1.0);
    // Clamped: rounding can leave a tiny negative residual when raters agree exactly.
    ms.residual = std::max(0.0, (totalSs - rowSs - colSs) / ((dn - 1.0) * (dk - 1.0)));
    return ms;
}

std::vector<std::size_t> allRows(std::size_t n)
{
    std::vector<std::size_t> rows(n);
    for (std::size_t i = 0; i < n; ++i)
        rows[i] = i;
    return rows;
}

void addMeanSquares(Agreement& a, const MeanSquares& ms)
{
    a.details.push_back({"msBetweenUnits", ms.betweenUnits});
    a.details.push_back({"msWithinUnits", ms.withinUnits});
    a.details.push_back({"msBetweenRaters", ms.betweenRaters});
    a.details.push_back({"msResidual", ms.residual});
}

} // namespace

const char* iccModelName(IccModel model)
{
    switch (model) {
    case IccModel::OneWay: return "oneway";
    case IccModel::TwoWayConsistency: return "twoway-consistency";
    case IccModel::TwoWayAgreement: return "twoway-agreement";
    }
    return "oneway";
}

const char* iccUnitName(IccUnit unit)
{
    return unit == IccUnit::Single ? "single" : "average";
}

MeanSquares meanSquares(const CompleteRatings& ratings)
{
    return meanSquaresOf(ratings, allRows(ratings.units));
}

common::Result<Agreement> intraclassCorrelation(const RatingsMatrix& m, IccModel model, IccUnit unit,
                                               double confidence)
{
    auto complete = completeRatings(m, "the ICC", true);
    if (!complete)
        return complete.error();
    const MeanSquares ms = meanSquares(*complete);
    const double n = static_cast<double>(ms.units), k = static_cast<double>(ms.raters);
    const double bms = ms.betweenUnits, wms = ms.withinUnits, jms = ms.betweenRaters, ems = ms.residual;
    if (bms == 0 && wms == 0)
        return makeError(ErrorCode::InvalidInput, "every rating is the same number, so the ICC is undefined");
    const double alpha = 1.0 - confidence;
    const bool single = unit == IccUnit::Single;
    Agreement a;
    a.observed = a.expected = std::numeric_limits<double>::quiet_NaN(); // no p_o / p_e here
    a.units = ms.units;
    a.unitsDropped = complete->dropped;
    a.percentAgreement = percentAgreement(m);
    double value = kNaN, low = kNaN, high = kNaN, f = kNaN, df1 = n - 1.0, df2 = kNaN;
    std::string kIndex = single ? "1" : std::to_string(ms.raters);
    if (model == IccModel::OneWay) {
        // McGraw & Wong (1996) Table 7, Case 1; Shrout & Fleiss ICC(1,1) and ICC(1,k).
        a.name = "ICC(1," + kIndex + ")";
        value = single ? (bms - wms) / (bms + (k - 1.0) * wms) : (bms - wms) / bms;
        f = bms / wms;
        df2 = n * (k - 1.0);
        double fl = f / fQuantile(1.0 - alpha / 2.0, df1, df2);
        double fu = f * fQuantile(1.0 - alpha / 2.0, df2, df1);
        low = single ? (fl - 1.0) / (fl + k - 1.0) : 1.0 - 1.0 / fl;
        high = single ? (fu - 1.0) / (fu + k - 1.0) : 1.0 - 1.0 / fu;
    } else if (model == IccModel::TwoWayConsistency) {
        // Case 3 (McGraw & Wong's ICC(C,1), ICC(C,k); Shrout & Fleiss ICC(3,1), ICC(3,k)).
        a.name = "ICC(C," + kIndex + ")";
        value = single ? (bms - ems) / (bms + (k - 1.0) * ems) : (bms - ems) / bms;
        f = bms / ems;
        df2 = (n - 1.0) * (k - 1.0);
        double fl = f / fQuantile(1.0 - alpha / 2.0, df1, df2);
        double fu = f * fQuantile(1.0 - alpha / 2.0, df2, df1);
        low = single ? (fl - 1.0) / (fl + k - 1.0) : 1.0 - 1.0 / fl;
        high = single ? (fu - 1.0) / (fu + k - 1.0) : 1.0 - 1.0 / fu;
    } else {
        // Case 2A (ICC(A,1), ICC(A,k); Shrout & Fleiss ICC(2,1), ICC(2,k)). The interval uses
        // Satterthwaite's df v, computed from the single-rater ICC for both units, as irr
        // does (psych's ICC2k interval differs: it transforms the single-rater bounds).
        a.name = "ICC(A," + kIndex + ")";
        double icc1 = (bms - ems) / (bms + (k - 1.0) * ems + (k / n) * (jms - ems));
        value = single ? icc1 : (bms - ems) / (bms + (jms - ems) / n);
        f = bms / ems;
        double rho = single ? icc1 : value;
        double ca = (k * rho) / (n * (1.0 - rho));
        double cb = 1.0 + (k * rho * (n - 1.0)) / (n * (1.0 - rho));
        double v = std::pow(ca * jms + cb * ems, 2) /
                   (std::pow(ca * jms, 2) / (k - 1.0) + std::pow(cb * ems, 2) / ((n - 1.0) * (k - 1.0)));
        df2 = v;
        double fl = fQuantile(1.0 - alpha / 2.0, n - 1.0, v);
        double fu = fQuantile(1.0 - alpha / 2.0, v, n - 1.0);
        if (single) {
            low = (n * (bms - fl * ems)) / (fl * (k * jms + (k * n - k - n) * ems) + n * bms);
            high = (n * (fu * bms - ems)) / (k * jms + (k * n - k - n) * ems + n * fu * bms);
        } else {
            low = (n * (bms - fl * ems)) / (fl * (jms - ems) + n * bms);
            high = (n * (fu * bms - ems)) / (jms - ems + n * fu * bms);
        }
    }
    if (!std::isfinite(value))
        return makeError(ErrorCode::InvalidInput,
                         "the ratings vary too little between units for the ICC to be defined");
    a.value = value;
    if (std::isfinite(low) && std::isfinite(high)) {
        a.ciLow = low;
        a.ciHigh = high;
        a.intervalMethod = "F test (McGraw & Wong 1996)";
    } else {
        a.warnings.push_back("no interval: the raters agree perfectly, so the F statistic is infinite");
    }
    a.details.push_back({"f", f});
    a.details.push_back({"df1", df1});
    a.details.push_back({"df2", df2});
    addMeanSquares(a, ms);
    return a;
}

common::Result<Agreement> finnCoefficient(const RatingsMatrix& m, bool twoWay, int levels,
                                          const BootstrapOptions& bootstrap)
{
    auto complete = completeRatings(m, "Finn's coefficient", true);
    if (!complete)
        return complete.error();
    const CompleteRatings& x = *complete;
    double scale = levels;
    if (levels <= 0) {
        auto [lo, hi] = std::minmax_element(x.values.begin(), x.values.end());
        scale = std::round(*hi - *lo) + 1.0;
    }
    if (scale < 2)
        return makeError(ErrorCode::InvalidInput,
                         "every rating is the same number; give the number of scale points with --levels");
    const double expectedVariance = (scale * scale - 1.0) / 12.0;
    auto finnOf = [&](const std::vector<std::size_t>& rows) {
        MeanSquares ms = meanSquaresOf(x, rows);
        return 1.0 - (twoWay ? ms.residual : ms.withinUnits) / expectedVariance;
    };
    const MeanSquares ms = meanSquares(x);
    Agreement a;
    a.observed = a.expected = std::numeric_limits<double>::quiet_NaN(); // no p_o / p_e here
    a.name = std::string("Finn's coefficient (") + (twoWay ? "two-way" : "one-way") + ")";
    a.value = finnOf(allRows(x.units));
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    a.details.push_back({"levels", scale});
    a.details.push_back({"expectedVariance", expectedVariance});
    addMeanSquares(a, ms);
    if (levels <= 0)
        a.warnings.push_back("scale of " + std::to_string(static_cast<int>(scale)) +
                             " points taken from the lowest and highest rating; give --levels if the scale is wider");
    auto interval = bootstrapUnits(x.units, finnOf, bootstrap);
    if (interval) {
        a.ciLow = interval->low;
        a.ciHigh = interval->high;
        a.intervalMethod = "percentile bootstrap over units";
    } else {
        a.warnings.push_back("no bootstrap interval: " + interval.error().message);
    }
    return a;
}

} // namespace analysis
