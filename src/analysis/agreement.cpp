#include "analysis/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string percent(double share)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", share * 100.0);
    return text;
}

std::string fixed3(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", v);
    return text;
}

// The kappa paradox (Feinstein & Cicchetti 1990; Byrt et al. 1993): raters agree on most
// units yet kappa is low, because one category dominates or the raters use the categories
// at different rates. Thresholds: agreement of 80% or more with kappa under 0.40, or a
// bias index beyond 0.20.
void warnIfParadox(Agreement& a, const char* coefficient)
{
    if (!std::isfinite(a.value))
        return;
    bool paradox = a.percentAgreement >= 0.8 && a.value < 0.4;
    bool biased = a.prevalenceBias && std::isfinite(a.prevalenceBias->biasIndex) &&
                  std::fabs(a.prevalenceBias->biasIndex) > 0.2;
    if (!paradox && !biased)
        return;
    std::string text = std::string(paradox ? "agreement is " + percent(a.percentAgreement) + " but " + coefficient +
                                                 " is only " + fixed3(a.value)
                                           : std::string("the raters use the categories at different rates"));
    if (a.prevalenceBias)
        text += ": prevalence index " + fixed3(a.prevalenceBias->prevalenceIndex) +
                (std::isfinite(a.prevalenceBias->biasIndex) ? ", bias index " + fixed3(a.prevalenceBias->biasIndex) : "") +
                ", PABAK " + fixed3(a.prevalenceBias->pabak) +
                " (Byrt et al. 1993); the coefficient is misleading here, report the indices with it";
    else
        text += "; one category dominates, so the coefficient is misleading here (Byrt et al. 1993)";
    a.warnings.push_back(std::move(text));
}

// Byrt et al.'s indices for two categories. The prevalence index generalises to any number
// of raters as the difference of the pooled category shares; the bias index needs two
// raters and is computed from the units both rated (NaN otherwise).
PrevalenceBias binaryPrevalenceBias(const RatingsMatrix& m, double prevalenceIndex, double percentAgree)
{
    PrevalenceBias pb;
    pb.prevalenceIndex = prevalenceIndex;
    pb.biasIndex = kNaN;
    pb.pabak = 2.0 * percentAgree - 1.0;
    if (m.raterCount() == 2) {
        double b = 0, c = 0, total = 0;
        for (std::size_t u = 0; u < m.unitCount(); ++u) {
            int x = m.at(u, 0), y = m.at(u, 1);
            if (x == RatingsMatrix::kMissing || y == RatingsMatrix::kMissing)
                continue;
            total += 1;
            b += (x == 0 && y == 1);
            c += (x == 1 && y == 0);
        }
        if (total > 0)
            pb.biasIndex = (b - c) / total;
    }
    return pb;
}

// Category counts per unit, n_uc, and the number of ratings m_u. The pairs live in one
// flat vector owned by the caller (reserved up front, so the pointers stay valid): one
// allocation per call instead of one per unit, which matters for time units.
using CategoryCount = std::pair<int, int>; // (category, count), categories ascending
struct CountRange {
    const CategoryCount* first = nullptr;
    const CategoryCount* last = nullptr;
    const CategoryCount* begin() const { return first; }
    const CategoryCount* end() const { return last; }
};
struct UnitCounts {
    CountRange counts;
    int ratings = 0;
};

std::vector<UnitCounts> countUnits(const RatingsMatrix& m, std::vector<CategoryCount>& storage)
{
    std::vector<UnitCounts> out;
    out.reserve(m.unitCount());
    storage.clear();
    storage.reserve(m.unitCount() * m.raterCount());
    std::vector<int> scratch(m.categoryCount(), 0);
    std::vector<int> present;
    for (std::size_t u = 0; u < m.unitCount(); ++u) {
        UnitCounts uc;
        present.clear();
        for (std::size_t r = 0; r < m.raterCount(); ++r) {
            int c = m.at(u, r);
            if (c == RatingsMatrix::kMissing)
                continue;
            if (scratch[static_cast<std::size_t>(c)]++ == 0)
                present.push_back(c);
            ++uc.ratings;
        }
        std::sort(present.begin(), present.end());
        std::size_t from = storage.size();
        for (int c : present) {
            storage.emplace_back(c, scratch[static_cast<std::size_t>(c)]);
            scratch[static_cast<std::size_t>(c)] = 0;
        }
        uc.counts = {storage.data() + from, storage.data() + storage.size()};
        out.push_back(uc);
    }
    return out;
}

double percentAgreementOf(const std::vector<UnitCounts>& units)
{
    double sum = 0;
    std::size_t used = 0;
    for (const UnitCounts& uc : units) {
        if (uc.ratings < 2)
            continue;
        double agreeing = 0;
        for (auto [c, n] : uc.counts)
            agreeing += static_cast<double>(n) * (n - 1);
        sum += agreeing / (static_cast<double>(uc.ratings) * (uc.ratings - 1));
        ++used;
    }
    return used ? sum / static_cast<double>(used) : kNaN;
}

// Coincidence matrix contributions of one unit (Krippendorff 2011, section B).
void addCoincidences(const UnitCounts& uc, std::vector<double>& o, std::size_t v)
{
    if (uc.ratings < 2)
        return;
    double scale = 1.0 / (uc.ratings - 1);
    for (auto [c, nc] : uc.counts)
        for (auto [k, nk] : uc.counts)
            o[static_cast<std::size_t>(c) * v + static_cast<std::size_t>(k)] +=
                scale * nc * (c == k ? nk - 1 : nk);
}

// Alpha from a coincidence matrix; NaN when expected disagreement is zero.
double alphaFromCoincidences(const std::vector<double>& o, std::size_t v, Level level, const RatingsMatrix& m,
                             double* observedOut = nullptr, double* expectedOut = nullptr)
{
    std::vector<double> nc(v, 0.0);
    double n = 0;
    for (std::size_t c = 0; c < v; ++c)
        for (std::size_t k = 0; k < v; ++k)
            nc[c] += o[c * v + k];
    for (double x : nc)
        n += x;
    if (n <= 1)
        return kNaN;
    // Cumulative marginals for the ordinal metric.
    std::vector<double> cumulative(v + 1, 0.0);
    for (std::size_t c = 0; c < v; ++c)
        cumulative[c + 1] = cumulative[c] + nc[c];
    auto delta = [&](std::size_t c, std::size_t k) -> double {
        if (c == k)
            return 0.0;
        switch (level) {
        case Level::Nominal:
            return 1.0;
        case Level::Ordinal: {
            std::size_t lo = std::min(c, k), hi = std::max(c, k);
            double d = cumulative[hi + 1] - cumulative[lo] - (nc[c] + nc[k]) / 2.0;
            return d * d;
        }
        case Level::Interval: {
            double d = m.categoryValue(static_cast<int>(c)) - m.categoryValue(static_cast<int>(k));
            return d * d;
        }
        case Level::Ratio: {
            double a = m.categoryValue(static_cast<int>(c)), b = m.categoryValue(static_cast<int>(k));
            if (a + b == 0)
                return 0.0;
            double d = (a - b) / (a + b);
            return d * d;
        }
        }
        return 1.0;
    };
    double observed = 0, expected = 0;
    for (std::size_t c = 0; c < v; ++c)
        for (std::size_t k = 0; k < v; ++k) {
            if (c == k)
                continue;
            double d = delta(c, k);
            observed += o[c * v + k] * d;
            expected += nc[c] * nc[k] * d;
        }
    observed /= n;
    expected /= n * (n - 1);
    if (observedOut)
        *observedOut = observed;
    if (expectedOut)
        *expectedOut = expected;
    if (expected <= 0)
        return kNaN;
    return 1.0 - observed / expected;
}

common::Status checkLevel(const RatingsMatrix& m, Level level)
{
    if (level != Level::Nominal && !m.numeric())
        return makeError(ErrorCode::InvalidInput,
                         std::string("the ratings include text labels; the ") + levelName(level) +
                             " level needs numbers (use --level nominal for labels)");
    return {};
}

} // namespace

const char* levelName(Level level)
{
    switch (level) {
    case Level::Nominal: return "nominal";
    case Level::Ordinal: return "ordinal";
    case Level::Interval: return "interval";
    case Level::Ratio: return "ratio";
    }
    return "nominal";
}

const char* weightsName(Weights weights)
{
    switch (weights) {
    case Weights::None: return "unweighted";
    case Weights::Linear: return "linear";
    case Weights::Quadratic: return "quadratic";
    }
    return "unweighted";
}

double percentAgreement(const RatingsMatrix& m)
{
    std::vector<CategoryCount> storage;
    return percentAgreementOf(countUnits(m, storage));
}

common::Result<Agreement> cohenKappaFromTable(const std::vector<std::vector<double>>& table,
                                              const std::vector<std::vector<double>>& disagreement)
{
    std::size_t k = table.size();
    if (k < 2)
        return makeError(ErrorCode::InvalidInput, "kappa needs at least two categories");
    for (const auto& row : table)
        if (row.size() != k)
            return makeError(ErrorCode::InvalidInput, "the agreement table is not square");
    bool weighted = !disagreement.empty();
    if (weighted) {
        if (disagreement.size() != k)
            return makeError(ErrorCode::InvalidInput, "the weight matrix does not match the table");
        for (const auto& row : disagreement)
            if (row.size() != k)
                return makeError(ErrorCode::InvalidInput, "the weight matrix does not match the table");
    }
    double total = 0;
    std::vector<double> rows(k, 0.0), cols(k, 0.0);
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            total += table[i][j];
            rows[i] += table[i][j];
            cols[j] += table[i][j];
        }
    if (total <= 0)
        return makeError(ErrorCode::InvalidInput, "no unit was rated by both raters");
    auto w = [&](std::size_t i, std::size_t j) { return weighted ? disagreement[i][j] : (i == j ? 0.0 : 1.0); };
    double observedDis = 0, expectedDis = 0, agree = 0;
    for (std::size_t i = 0; i < k; ++i) {
        agree += table[i][i];
        for (std::size_t j = 0; j < k; ++j) {
            observedDis += w(i, j) * table[i][j] / total;
            expectedDis += w(i, j) * rows[i] * cols[j] / (total * total);
        }
    }
    if (expectedDis <= 0)
        return makeError(ErrorCode::InvalidInput,
                         "both raters used a single category, so chance agreement is complete and kappa is undefined");
    Agreement a;
    a.value = 1.0 - observedDis / expectedDis;
    // Reported as agreement proportions: p_o = 1 - D_o and p_e = 1 - D_e for 0/1 weights.
    a.observed = 1.0 - observedDis;
    a.expected = 1.0 - expectedDis;
    a.percentAgreement = agree / total;
    a.units = static_cast<std::size_t>(std::llround(total));
    if (k == 2) {
        PrevalenceBias pb;
        pb.prevalenceIndex = (table[0][0] - table[1][1]) / total;
        pb.biasIndex = (table[0][1] - table[1][0]) / total;
        pb.pabak = 2.0 * a.percentAgreement - 1.0;
        a.prevalenceBias = pb;
    }
    return a;
}

namespace {

// The 2x2..kxk table of the units both raters rated, and how many were left out.
std::vector<std::vector<double>> pairTable(const RatingsMatrix& m, std::size_t& dropped)
{
    std::size_t k = m.categoryCount();
    std::vector<std::vector<double>> table(k, std::vector<double>(k, 0.0));
    dropped = 0;
    for (std::size_t u = 0; u < m.unitCount(); ++u) {
        int a = m.at(u, 0), b = m.at(u, 1);
        if (a == RatingsMatrix::kMissing || b == RatingsMatrix::kMissing) {
            ++dropped;
            continue;
        }
        table[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] += 1;
    }
    return table;
}

common::Status checkTwoRaters(const RatingsMatrix& m)
{
    if (m.raterCount() != 2)
        return makeError(ErrorCode::InvalidInput,
                         "Cohen's kappa compares exactly two raters; the matrix has " + std::to_string(m.raterCount()) +
                             " (use fleiss, conger, light or alpha)");
    return {};
}

} // namespace

common::Result<Agreement> cohenKappa(const RatingsMatrix& m, Weights weights)
{
    if (auto ok = checkTwoRaters(m); !ok)
        return ok.error();
    std::size_t k = m.categoryCount();
    std::vector<std::vector<double>> dis;
    if (weights != Weights::None) {
        dis.assign(k, std::vector<double>(k, 0.0));
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = 0; j < k; ++j) {
                double d = std::fabs(m.categoryValue(static_cast<int>(i)) - m.categoryValue(static_cast<int>(j)));
                dis[i][j] = weights == Weights::Linear ? d : d * d;
            }
    }
    auto result = cohenKappa(m, dis);
    if (result)
        result->name = weights == Weights::None ? "Cohen's kappa"
                                                : std::string("Cohen's kappa (") + weightsName(weights) + " weights)";
    return result;
}

common::Result<Agreement> cohenKappa(const RatingsMatrix& m, const std::vector<std::vector<double>>& disagreement)
{
    if (auto ok = checkTwoRaters(m); !ok)
        return ok.error();
    std::size_t dropped = 0;
    auto table = pairTable(m, dropped);
    auto result = cohenKappaFromTable(table, disagreement);
    if (!result)
        return result;
    result->name = disagreement.empty() ? "Cohen's kappa" : "Cohen's kappa (weights from file)";
    result->unitsDropped = dropped;
    warnIfParadox(*result, "kappa");
    return result;
}

common::Result<Agreement> fleissKappa(const RatingsMatrix& m)
{
    std::size_t raters = m.raterCount();
    std::size_t v = m.categoryCount();
    if (raters < 2)
        return makeError(ErrorCode::InvalidInput, "Fleiss' kappa needs at least two raters");
    std::vector<CategoryCount> storage;
    std::vector<UnitCounts> units = countUnits(m, storage);
    std::vector<double> categoryTotals(v, 0.0);
    double pSum = 0;
    std::size_t used = 0, dropped = 0;
    for (const UnitCounts& uc : units) {
        if (static_cast<std::size_t>(uc.ratings) != raters) {
            ++dropped;
            continue;
        }
        double sq = 0;
        for (auto [c, n] : uc.counts) {
            sq += static_cast<double>(n) * n;
            categoryTotals[static_cast<std::size_t>(c)] += n;
        }
        double r = static_cast<double>(raters);
        pSum += (sq - r) / (r * (r - 1));
        ++used;
    }
    if (used < 2)
        return makeError(ErrorCode::InvalidInput,
                         "Fleiss' kappa needs at least two units rated by every rater (use alpha for missing ratings)");
    double n = static_cast<double>(used), r = static_cast<double>(raters);
    double pBar = pSum / n, pe = 0;
    std::vector<double> p(v);
    for (std::size_t c = 0; c < v; ++c) {
        p[c] = categoryTotals[c] / (n * r);
        pe += p[c] * p[c];
    }
    if (pe >= 1.0)
        return makeError(ErrorCode::InvalidInput,
                         "every rating is the same category, so chance agreement is complete and kappa is undefined");
    Agreement a;
    a.name = "Fleiss' kappa";
    a.value = (pBar - pe) / (1.0 - pe);
    a.observed = pBar;
    a.expected = pe;
    a.percentAgreement = pBar;
    a.units = used;
    a.unitsDropped = dropped;
    // Per category (Fleiss 1971, eq. 14): 1 - sum_i n_ij (m - n_ij) / (N m (m-1) p_j q_j).
    std::vector<double> disagreementSum(v, 0.0);
    for (const UnitCounts& uc : units) {
        if (static_cast<std::size_t>(uc.ratings) != raters)
            continue;
        for (auto [c, cnt] : uc.counts)
            disagreementSum[static_cast<std::size_t>(c)] += static_cast<double>(cnt) * (r - cnt);
    }
    for (std::size_t c = 0; c < v; ++c) {
        double q = 1.0 - p[c];
        a.perCategory.push_back(p[c] > 0 && q > 0 ? 1.0 - disagreementSum[c] / (n * r * (r - 1) * p[c] * q) : kNaN);
    }
    if (v == 2)
        a.prevalenceBias = binaryPrevalenceBias(m, p[0] - p[1], a.percentAgreement);
    warnIfParadox(a, "Fleiss' kappa");
    return a;
}

common::Result<Agreement> krippendorffAlpha(const RatingsMatrix& m, Level level)
{
    if (auto ok = checkLevel(m, level); !ok)
        return ok.error();
    std::size_t v = m.categoryCount();
    std::vector<CategoryCount> storage;
    std::vector<UnitCounts> units = countUnits(m, storage);
    std::vector<double> o(v * v, 0.0);
    std::size_t pairable = 0, dropped = 0;
    for (const UnitCounts& uc : units) {
        if (uc.ratings < 2) {
            ++dropped;
            continue;
        }
        addCoincidences(uc, o, v);
        ++pairable;
    }
    if (pairable == 0)
        return makeError(ErrorCode::InvalidInput, "no unit has ratings from two raters, so alpha is undefined");
    Agreement a;
    a.name = std::string("Krippendorff's alpha (") + levelName(level) + ")";
    a.value = alphaFromCoincidences(o, v, level, m, &a.observed, &a.expected);
    if (!std::isfinite(a.value))
        return makeError(ErrorCode::InvalidInput,
                         "all pairable ratings are the same value, so expected disagreement is zero and alpha is undefined");
    a.units = pairable;
    a.unitsDropped = dropped;
    a.percentAgreement = percentAgreementOf(units);
    if (v == 2) {
        double n0 = o[0] + o[1], n1 = o[2] + o[3];
        a.prevalenceBias = binaryPrevalenceBias(m, (n0 - n1) / (n0 + n1), a.percentAgreement);
    }
    warnIfParadox(a, "alpha");
    return a;
}

common::Result<Interval> bootstrapAlpha(const RatingsMatrix& m, Level level, int replicates, double confidence,
                                        std::uint64_t seed)
{
    if (auto ok = checkLevel(m, level); !ok)
        return ok.error();
    if (replicates < 10)
        return makeError(ErrorCode::InvalidInput, "a bootstrap needs at least 10 replicates");
    std::size_t v = m.categoryCount();
    // Each pairable unit's coincidences, computed once; a replicate adds up the drawn units.
    std::vector<std::vector<std::pair<std::size_t, double>>> contributions;
    std::vector<CategoryCount> storage;
    for (const UnitCounts& uc : countUnits(m, storage)) {
        if (uc.ratings < 2)
            continue;
        std::vector<double> o(v * v, 0.0);
        addCoincidences(uc, o, v);
        std::vector<std::pair<std::size_t, double>> sparse;
        for (std::size_t i = 0; i < o.size(); ++i)
            if (o[i] != 0)
                sparse.emplace_back(i, o[i]);
        contributions.push_back(std::move(sparse));
    }
    if (contributions.size() < 2)
        return makeError(ErrorCode::InvalidInput, "a bootstrap needs at least two units rated by two raters");
    SplitMix64 rng(seed);
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(replicates));
    std::vector<double> o(v * v);
    int undefined = 0;
    for (int rep = 0; rep < replicates; ++rep) {
        std::fill(o.begin(), o.end(), 0.0);
        for (std::size_t i = 0; i < contributions.size(); ++i)
            for (auto [cell, x] : contributions[rng.below(contributions.size())])
                o[cell] += x;
        double alpha = alphaFromCoincidences(o, v, level, m);
        if (std::isfinite(alpha))
            values.push_back(alpha);
        else
            ++undefined;
    }
    if (values.size() < static_cast<std::size_t>(replicates) / 2)
        return makeError(ErrorCode::InvalidInput, "most bootstrap samples hold a single value; no interval");
    std::sort(values.begin(), values.end());
    double tail = (1.0 - confidence) / 2.0;
    Interval interval;
    interval.low = quantileSorted(values, tail);
    interval.high = quantileSorted(values, 1.0 - tail);
    interval.replicates = replicates - undefined;
    return interval;
}

} // namespace analysis
