#include "analysis/rank_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

// W of the units in `rows`, NaN when every rater gives every unit the same rating. Ranks
// come from counting: the categories of a numeric matrix are sorted by value, so a rating
// in category c has the mid-rank (units rated below c) + (units rated c + 1) / 2. That is
// O(units + categories) per rater, which keeps the bootstrap cheap. `count` and `rankSum`
// are scratch space, kept by the caller across replicates.
double kendallOf(const CompleteRatings& x, std::size_t q, const std::vector<std::size_t>& rows,
                 std::vector<double>& count, std::vector<double>& rankSum)
{
    const std::size_t n = rows.size(), k = x.raters;
    rankSum.assign(n, 0.0);
    double ties = 0;
    for (std::size_t r = 0; r < k; ++r) {
        count.assign(q, 0.0);
        for (std::size_t u : rows)
            count[static_cast<std::size_t>(x.categories[u * k + r])] += 1;
        double below = 0;
        for (std::size_t c = 0; c < q; ++c) {
            double t = count[c];
            ties += t * t * t - t;
            count[c] = below + (t + 1.0) / 2.0; // now the category's mid-rank
            below += t;
        }
        for (std::size_t i = 0; i < n; ++i)
            rankSum[i] += count[static_cast<std::size_t>(x.categories[rows[i] * k + r])];
    }
    const double dn = static_cast<double>(n), dk = static_cast<double>(k);
    const double meanSum = dk * (dn + 1.0) / 2.0;
    double s = 0;
    for (double v : rankSum)
        s += (v - meanSum) * (v - meanSum);
    double denominator = dk * dk * (dn * dn * dn - dn) - dk * ties;
    return denominator > 0 ? 12.0 * s / denominator : std::nan("");
}

// Light's kappa of the units in `rows`: the mean over rater pairs of Cohen's kappa, NaN
// when a pair's chance agreement is complete (both raters used one category). One pass
// counts every rater's categories and every pair's agreements. `margins` (raters x q) and
// `agree` (raters x raters) are scratch space kept across bootstrap replicates.
double lightOf(const CompleteRatings& x, std::size_t q, const std::vector<std::size_t>& rows,
               std::vector<double>& margins, std::vector<double>& agree)
{
    const std::size_t k = x.raters;
    margins.assign(k * q, 0.0);
    agree.assign(k * k, 0.0);
    for (std::size_t u : rows) {
        const int* c = &x.categories[u * k];
        for (std::size_t a = 0; a < k; ++a) {
            margins[a * q + static_cast<std::size_t>(c[a])] += 1;
            for (std::size_t b = a + 1; b < k; ++b)
                agree[a * k + b] += c[a] == c[b];
        }
    }
    const double n = static_cast<double>(rows.size());
    double sum = 0;
    std::size_t pairs = 0;
    for (std::size_t a = 0; a + 1 < k; ++a)
        for (std::size_t b = a + 1; b < k; ++b) {
            double pe = 0;
            for (std::size_t c = 0; c < q; ++c)
                pe += margins[a * q + c] * margins[b * q + c];
            pe /= n * n;
            if (pe >= 1.0)
                return std::nan("");
            sum += (agree[a * k + b] / n - pe) / (1.0 - pe);
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
    const std::size_t q = m.categoryCount();
    std::vector<double> count, rankSum;
    double w = kendallOf(x, q, allRows(x.units), count, rankSum);
    if (!std::isfinite(w))
        return makeError(ErrorCode::InvalidInput,
                         "every rater gave every unit the same rating, so there is no ranking to compare");
    Agreement a;
    a.observed = a.expected = std::numeric_limits<double>::quiet_NaN(); // no p_o / p_e here
    a.name = "Kendall's W (corrected for ties)";
    a.value = w;
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    a.details.push_back({"chiSquared", static_cast<double>(x.raters) * (static_cast<double>(x.units) - 1.0) * w});
    a.details.push_back({"df", static_cast<double>(x.units) - 1.0});
    attachBootstrap(a, bootstrapUnits(
                           x.units, [&](const std::vector<std::size_t>& rows) { return kendallOf(x, q, rows, count, rankSum); },
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
    std::vector<double> margins, agree;
    double value = lightOf(x, q, allRows(x.units), margins, agree);
    if (!std::isfinite(value))
        return makeError(ErrorCode::InvalidInput,
                         "two raters each used a single category, so their kappa and Light's kappa are undefined");
    Agreement a;
    a.observed = a.expected = std::numeric_limits<double>::quiet_NaN(); // no p_o / p_e here
    a.name = "Light's kappa";
    a.value = value;
    a.units = x.units;
    a.unitsDropped = x.dropped;
    a.percentAgreement = percentAgreement(m);
    a.details.push_back({"pairs", static_cast<double>(x.raters * (x.raters - 1) / 2)});
    attachBootstrap(a, bootstrapUnits(
                           x.units,
                           [&](const std::vector<std::size_t>& rows) { return lightOf(x, q, rows, margins, agree); },
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
