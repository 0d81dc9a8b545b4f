#include "analysis/gwet.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/distributions.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class Chance { Gwet, BrennanPrediger, Conger };

// The units x categories counts n_ik of the units with at least one rating, and what the
// three coefficients share: weighted observed agreement per unit (Gwet 2014, eq. 2.9).
struct Counts {
    std::size_t q = 0;
    std::size_t dropped = 0;           // units without any rating
    std::vector<std::size_t> unit;     // matrix row of each kept unit
    std::vector<double> n;             // kept units x q
    std::vector<double> ratings;       // r_i
    std::vector<double> observed;      // sum_k n_ik (sum_l w_kl n_il - 1) / (r_i (r_i - 1)), 0 if r_i < 2
    std::size_t pairable = 0;          // units with r_i >= 2
    double pa = 0;                     // mean of `observed` over pairable units
};

Counts countCategories(const RatingsMatrix& m, const std::vector<double>& w, bool identity)
{
    Counts c;
    c.q = m.categoryCount();
    const std::size_t q = c.q;
    c.unit.reserve(m.unitCount());
    c.n.reserve(m.unitCount() * q);
    c.ratings.reserve(m.unitCount());
    c.observed.reserve(m.unitCount());
    std::vector<double> row(q);
    for (std::size_t u = 0; u < m.unitCount(); ++u) {
        std::fill(row.begin(), row.end(), 0.0);
        double r = 0;
        for (std::size_t g = 0; g < m.raterCount(); ++g)
            if (int k = m.at(u, g); k != RatingsMatrix::kMissing) {
                row[static_cast<std::size_t>(k)] += 1;
                r += 1;
            }
        if (r == 0) {
            ++c.dropped;
            continue;
        }
        double agree = 0;
        for (std::size_t k = 0; k < q; ++k) {
            if (row[k] == 0)
                continue;
            double weighted = row[k]; // identity weights: sum_l w_kl n_il = n_ik
            if (!identity) {
                weighted = 0;
                for (std::size_t l = 0; l < q; ++l)
                    weighted += w[k * q + l] * row[l];
            }
            agree += row[k] * (weighted - 1.0);
        }
        c.unit.push_back(u);
        c.n.insert(c.n.end(), row.begin(), row.end());
        c.ratings.push_back(r);
        c.observed.push_back(r >= 2 ? agree / (r * (r - 1.0)) : 0.0);
        if (r >= 2) {
            c.pa += c.observed.back();
            ++c.pairable;
        }
    }
    if (c.pairable)
        c.pa /= static_cast<double>(c.pairable);
    return c;
}

// Conger's chance agreement and its per-unit linearisation (irrCAC conger.kappa.raw):
// p_gk, rater g's share of category k among the units g rated, their mean over raters and
// covariance s2_kl; pe = sum_kl w_kl (mean_k mean_l - s2_kl / r).
double congerChance(const RatingsMatrix& m, const Counts& c, const std::vector<double>& w, std::vector<double>& peUnit)
{
    const std::size_t q = c.q, raters = m.raterCount(), n = c.unit.size();
    const double r = static_cast<double>(raters), dn = static_cast<double>(n);
    std::vector<double> classified(raters * q, 0.0), rated(raters, 0.0);
    for (std::size_t u : c.unit)
        for (std::size_t g = 0; g < raters; ++g)
            if (int k = m.at(u, g); k != RatingsMatrix::kMissing) {
                classified[g * q + static_cast<std::size_t>(k)] += 1;
                rated[g] += 1;
            }
    std::vector<double> p(raters * q, 0.0), mean(q, 0.0);
    for (std::size_t g = 0; g < raters; ++g)
        for (std::size_t k = 0; k < q; ++k) {
            p[g * q + k] = rated[g] > 0 ? classified[g * q + k] / rated[g] : 0.0;
            mean[k] += p[g * q + k] / r;
        }
    double pe = 0;
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            double cross = 0;
            for (std::size_t g = 0; g < raters; ++g)
                cross += p[g * q + k] * p[g * q + l];
            double s2 = (cross - r * mean[k] * mean[l]) / (r - 1.0);
            pe += w[k * q + l] * (mean[k] * mean[l] - s2 / r);
        }
    // lambda_ig = sum_k [sum_l w_kl (delta_igl - (eps_ig - n_g/n) p_gl)] (n/n_g) (r mean_k - p_gk)
    peUnit.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        double lambda = 0;
        for (std::size_t g = 0; g < raters; ++g) {
            if (rated[g] == 0)
                continue;
            int rating = m.at(c.unit[i], g);
            double eps = rating == RatingsMatrix::kMissing ? 0.0 : 1.0;
            for (std::size_t k = 0; k < q; ++k) {
                double inner = 0;
                for (std::size_t l = 0; l < q; ++l) {
                    double delta = rating == static_cast<int>(l) ? 1.0 : 0.0;
                    inner += w[k * q + l] * (delta - (eps - rated[g] / dn) * p[g * q + l]);
                }
                lambda += inner * (dn / rated[g]) * (r * mean[k] - p[g * q + k]);
            }
        }
        peUnit[i] = lambda / (r * (r - 1.0));
    }
    return pe;
}

common::Result<Agreement> chanceCorrected(const RatingsMatrix& m, AgreementWeights weights, Chance chance)
{
    const char* title = chance == Chance::Gwet              ? (weights == AgreementWeights::Identity ? "Gwet's AC1" : "Gwet's AC2")
                        : chance == Chance::BrennanPrediger ? "Brennan-Prediger coefficient"
                                                            : "Conger's kappa";
    if (m.raterCount() < 2)
        return makeError(ErrorCode::InvalidInput, std::string(title) + " needs at least two raters");
    auto wm = agreementWeightMatrix(m, weights);
    if (!wm)
        return wm.error();
    const std::vector<double>& w = *wm;
    const std::size_t q = m.categoryCount();
    if (q < 2)
        return makeError(ErrorCode::InvalidInput,
                         "every rating is the same category, so chance agreement cannot be estimated");
    Counts c = countCategories(m, w, weights == AgreementWeights::Identity);
    if (c.pairable == 0)
        return makeError(ErrorCode::InvalidInput, "no unit has ratings from two raters");
    const std::size_t n = c.unit.size();
    const double dn = static_cast<double>(n), dq = static_cast<double>(q);
    double weightSum = 0;
    for (double x : w)
        weightSum += x;
    // Category shares pi_k = mean over units of n_ik / r_i.
    std::vector<double> share(q, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < q; ++k)
            share[k] += c.n[i * q + k] / c.ratings[i] / dn;
    double pe = 0;
    std::vector<double> peUnit(n, 0.0);
    if (chance == Chance::Gwet) {
        for (std::size_t k = 0; k < q; ++k)
            pe += share[k] * (1.0 - share[k]);
        pe *= weightSum / (dq * (dq - 1.0));
        for (std::size_t i = 0; i < n; ++i) {
            double s = 0;
            for (std::size_t k = 0; k < q; ++k)
                s += c.n[i * q + k] * (1.0 - share[k]);
            peUnit[i] = weightSum / (dq * (dq - 1.0)) * s / c.ratings[i];
        }
    } else if (chance == Chance::BrennanPrediger) {
        pe = weightSum / (dq * dq);
        std::fill(peUnit.begin(), peUnit.end(), pe); // constant: no term for its variance
    } else {
        pe = congerChance(m, c, w, peUnit);
    }
    if (pe >= 1.0)
        return makeError(ErrorCode::InvalidInput, "chance agreement is complete, so the coefficient is undefined");
    Agreement a;
    a.name = title;
    if (weights != AgreementWeights::Identity)
        a.name += std::string(" (") + agreementWeightsName(weights) + " weights)";
    a.value = (c.pa - pe) / (1.0 - pe);
    a.observed = c.pa;
    a.expected = pe;
    a.units = n;
    a.unitsDropped = c.dropped;
    // Unweighted, the observed agreement is the percent agreement: no second pass.
    a.percentAgreement = weights == AgreementWeights::Identity ? c.pa : percentAgreement(m);
    // Gwet's linearised variance: v = 1/(n(n-1)) sum_i (x_i - coefficient)^2 with
    // x_i = (n/n2)(pa_i - pe [r_i >= 2])/(1 - pe) - 2 (1 - coefficient)(pe_i - pe)/(1 - pe).
    if (n >= 2) {
        double sum = 0;
        const double scale = dn / static_cast<double>(c.pairable);
        for (std::size_t i = 0; i < n; ++i) {
            double unitValue = scale * (c.observed[i] - (c.ratings[i] >= 2 ? pe : 0.0)) / (1.0 - pe);
            double x = unitValue - 2.0 * (1.0 - a.value) * (peUnit[i] - pe) / (1.0 - pe);
            sum += (x - a.value) * (x - a.value);
        }
        double se = std::sqrt(sum / (dn * (dn - 1.0)));
        // The per-code views of an encounter ask for the same df again and again.
        thread_local double cachedDf = -1, cachedT = 0;
        if (cachedDf != dn - 1.0) {
            cachedDf = dn - 1.0;
            cachedT = tQuantile(0.975, cachedDf);
        }
        double t = cachedT;
        a.ciLow = a.value - t * se;
        a.ciHigh = std::min(1.0, a.value + t * se);
        a.intervalMethod = "Gwet's variance, t distribution (irrCAC)";
        a.details.push_back({"standardError", se});
    }
    return a;
}

} // namespace

const char* agreementWeightsName(AgreementWeights weights)
{
    switch (weights) {
    case AgreementWeights::Identity: return "unweighted";
    case AgreementWeights::Linear: return "linear";
    case AgreementWeights::Quadratic: return "quadratic";
    case AgreementWeights::Ordinal: return "ordinal";
    }
    return "unweighted";
}

common::Result<std::vector<double>> agreementWeightMatrix(const RatingsMatrix& m, AgreementWeights weights)
{
    const std::size_t q = m.categoryCount();
    std::vector<double> w(q * q, 0.0);
    if (weights != AgreementWeights::Identity && !m.numeric())
        return makeError(ErrorCode::InvalidInput,
                         std::string("the ratings include text labels; ") + agreementWeightsName(weights) +
                             " weights need numbers");
    const double lo = q ? m.categoryValue(0) : 0.0, hi = q ? m.categoryValue(static_cast<int>(q) - 1) : 0.0;
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            double d = m.categoryValue(static_cast<int>(k)) - m.categoryValue(static_cast<int>(l));
            double value = k == l ? 1.0 : 0.0;
            switch (weights) {
            case AgreementWeights::Identity: break;
            case AgreementWeights::Linear: value = q > 1 ? 1.0 - std::fabs(d) / (hi - lo) : 1.0; break;
            case AgreementWeights::Quadratic: value = q > 1 ? 1.0 - d * d / ((hi - lo) * (hi - lo)) : 1.0; break;
            case AgreementWeights::Ordinal: {
                // C(|k - l| + 1, 2) scaled by its largest value C(q, 2).
                double span = static_cast<double>(std::max(k, l) - std::min(k, l)) + 1.0;
                double most = static_cast<double>(q) * (static_cast<double>(q) - 1.0) / 2.0;
                value = q > 1 ? 1.0 - span * (span - 1.0) / 2.0 / most : 1.0;
                break;
            }
            }
            w[k * q + l] = value;
        }
    return w;
}

common::Result<Agreement> gwetAc(const RatingsMatrix& m, AgreementWeights weights)
{
    return chanceCorrected(m, weights, Chance::Gwet);
}

common::Result<Agreement> brennanPrediger(const RatingsMatrix& m, AgreementWeights weights)
{
    return chanceCorrected(m, weights, Chance::BrennanPrediger);
}

common::Result<Agreement> congerKappa(const RatingsMatrix& m, AgreementWeights weights)
{
    return chanceCorrected(m, weights, Chance::Conger);
}

} // namespace analysis
