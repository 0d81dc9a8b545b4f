#include "analysis/rank_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "analysis/distributions.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

std::vector<std::size_t> allRows(std::size_t n)
{
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

// W of the units in `rows`, NaN when every rater gives every unit the same rating.
// `order` and `ranks` are scratch space, kept by the caller across bootstrap replicates.
double kendallOf(const CompleteRatings& x, const std::vector<std::size_t>& rows, std::vector<std::size_t>& order,
                 std::vector<double>& rankSum)
{
    const std::size_t n = rows.size(), k = x.raters;
    rankSum.assign(n, 0.0);
    double ties = 0;
    order.resize(n);
    for (std::size_t r = 0; r < k; ++r) {
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return x.at(rows[a], r) < x.at(rows[b], r); });
        for (std::size_t i = 0; i < n;) {
            std::size_t j = i + 1;
            while (j < n && x.at(rows[order[j]], r) == x.at(rows[order[i]], r))
                ++j;
            // Positions i..j-1 (ranks i+1..j) share the mean rank.
            double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
            for (std::size_t p = i; p < j; ++p)
                rankSum[order[p]] += rank;
            double t = static_cast<double>(j - i);
            ties += t * t * t - t;
            i = j;
        }
    }
    const double dn = static_cast<double>(n), dk = static_cast<double>(k);
    const double meanSum = dk * (dn + 1.0) / 2.0;
    double s = 0;
    for (double v : rankSum)
        s += (v - meanSum) * (v - meanSum);
    double denominator = dk * dk * (dn * dn * dn - dn) - dk * ties;
    return denominator > 0 ? 12.0 * s / denominator : std::nan("");
}

// Cohen's kappa of raters a and b over the units in `rows`; NaN when both raters used a
// single category (chance agreement complete).
double pairKappa(const CompleteRatings& x, std::size_t q, const std::vector<std::size_t>& rows, std::size_t a,
                 std::size_t b, std::vector<double>& marginA, std::vector<double>& marginB)
{
    marginA.assign(q, 0.0);
    marginB.assign(q, 0.0);
    double agree = 0;
    for (std::size_t u : rows) {
        int ca = x.categories[u * x.raters + a], cb = x.categories[u * x.raters + b];
        marginA[static_cast<std::size_t>(ca)] += 1;
        marginB[static_cast<std::size_t>(cb)] += 1;
        agree += ca == cb;
    }
    const double n = static_cast<double>(rows.size());
    double pe = 0;
    for (std::size_t c = 0; c < q; ++c)
        pe += marginA[c] * marginB[c] / (n * n);
    if (pe >= 1.0)
        return std::nan("");
    return (agree / n - pe) / (1.0 - pe);
}

double lightOf(const CompleteRatings& x, std::size_t q, const std::vector<std::size_t>& rows,
               std::vector<double>& marginA, std::vector<double>& marginB)
{
    double sum = 0;
    std::size_t pairs = 0;
    for (std::size_t a = 0; a + 1 < x.raters; ++a)
        for (std::size_t b = a + 1; b < x.raters; ++b) {
            sum += pairKappa(x, q, rows, a, b, marginA, marginB);
            ++pairs;
        }
    return sum / static_cast<double>(pairs);
}

void attachBootstrap(Agreement& a, const common::Result<Interval>& interval)
{
    if (interval) {
        a.ciLow = interval->low;
        a.ciHigh = interval->high;
        a.intervalMethod = "percentile bootstrap over units";
    } else {
        a.warnings.push_back("no bootstrap interval: " + interval.error().message);
    }
}

} // namespace

common::Result<Agreement> kendallW(const RatingsMatrix& m, const BootstrapOptions& bootstrap)
{
    auto complete = completeRatings(m, "Kendall's W", true);
    if (!complete)
        return complete.error();
    const CompleteRatings& x = *complete;
    std::vector<std::size_t> order;
    std::vector<double> rankSum;
    double w = kendallOf(x, allRows(x.units), order, rankSum);
    if (!std::isfinite(w))
        return makeError(ErrorCode::InvalidInput,
                         "every rater gave every unit the same rating, so there is no ranking to compare");
    Agreement a;
    a.name = "Kendall's W (corrected for ties)";
    a.value = w;
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    a.details.push_back({"chiSquared", static_cast<double>(x.raters) * (static_cast<double>(x.units) - 1.0) * w});
    a.details.push_back({"df", static_cast<double>(x.units) - 1.0});
    attachBootstrap(a, bootstrapUnits(
                           x.units, [&](const std::vector<std::size_t>& rows) { return kendallOf(x, rows, order, rankSum); },
                           bootstrap));
    return a;
}

common::Result<Agreement> lightKappa(const RatingsMatrix& m, const BootstrapOptions& bootstrap)
{
    auto complete = completeRatings(m, "Light's kappa", false);
    if (!complete)
        return complete.error();
    const CompleteRatings& x = *complete;
    const std::size_t q = m.categoryCount();
    std::vector<double> marginA, marginB;
    double value = lightOf(x, q, allRows(x.units), marginA, marginB);
    if (!std::isfinite(value))
        return makeError(ErrorCode::InvalidInput,
                         "two raters each used a single category, so their kappa and Light's kappa are undefined");
    Agreement a;
    a.name = "Light's kappa";
    a.value = value;
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    a.details.push_back({"pairs", static_cast<double>(x.raters * (x.raters - 1) / 2)});
    attachBootstrap(a, bootstrapUnits(
                           x.units,
                           [&](const std::vector<std::size_t>& rows) { return lightOf(x, q, rows, marginA, marginB); },
                           bootstrap));
    return a;
}

common::Result<Agreement> agreementWithin(const RatingsMatrix& m, double within)
{
    if (!(within >= 0))
        return makeError(ErrorCode::InvalidInput, "the tolerance must be zero or more");
    if (within > 0 && !m.numeric())
        return makeError(ErrorCode::InvalidInput,
                         "the ratings include text labels; agreement within a tolerance needs numbers (use --within 0)");
    auto complete = completeRatings(m, "percent agreement", false);
    if (!complete)
        return complete.error();
    const CompleteRatings& x = *complete;
    // A margin for decimal ratings: 0.3 - 0.1 is 0.19999999999999998 in binary.
    const double slack = within * 1e-9 + 1e-12;
    std::size_t agreeing = 0;
    for (std::size_t u = 0; u < x.units; ++u) {
        bool ok = true;
        if (m.numeric()) {
            double lo = x.at(u, 0), hi = lo;
            for (std::size_t r = 1; r < x.raters; ++r) {
                lo = std::min(lo, x.at(u, r));
                hi = std::max(hi, x.at(u, r));
            }
            ok = hi - lo <= within + slack;
        } else {
            for (std::size_t r = 1; r < x.raters && ok; ++r)
                ok = x.categories[u * x.raters + r] == x.categories[u * x.raters];
        }
        agreeing += ok;
    }
    const double n = static_cast<double>(x.units), k = static_cast<double>(agreeing);
    Agreement a;
    char tolerance[32];
    std::snprintf(tolerance, sizeof tolerance, "%g", within);
    a.name = within > 0 ? std::string("Percent agreement within ") + tolerance : std::string("Percent agreement (exact)");
    a.value = k / n;
    a.observed = a.value;
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    // Clopper & Pearson (1934): the beta quantiles that bound a binomial proportion.
    a.ciLow = agreeing == 0 ? 0.0 : betaQuantile(0.025, k, n - k + 1.0);
    a.ciHigh = agreeing == x.units ? 1.0 : betaQuantile(0.975, k + 1.0, n - k);
    a.intervalMethod = "exact binomial (Clopper-Pearson)";
    a.details.push_back({"within", within});
    a.details.push_back({"agreeingUnits", k});
    return a;
}

} // namespace analysis
