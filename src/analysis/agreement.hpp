#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bootstrap.hpp"
#include "analysis/ratings_matrix.hpp"
#include "common/result.hpp"

namespace analysis {

// Chance-corrected agreement coefficients on a RatingsMatrix. Pure functions: any thread,
// no state. A failure (too few units, one category only, wrong level for text labels) is
// an Error with ErrorCode::InvalidInput and a sentence saying why.

enum class Level { Nominal, Ordinal, Interval, Ratio };
enum class Weights { None, Linear, Quadratic };

const char* levelName(Level level);
const char* weightsName(Weights weights);

// Byrt, Bishop & Carlin (1993), "Bias, prevalence and kappa", J Clin Epidemiol 46:423-429:
// for two raters and two categories (a = both first, d = both second, b/c disagreements),
// prevalence index (a - d)/n, bias index (b - c)/n and PABAK = 2 p_o - 1. Kappa is
// misleading when |PI| is large (it drops although raters agree) or |BI| is large.
// With more than two raters PI is the difference of the pooled category shares and BI,
// defined for two raters only, is NaN.
struct PrevalenceBias {
    double prevalenceIndex = 0;
    double biasIndex = 0;
    double pabak = 0;
};

// A named figure beside a coefficient: an F statistic and its degrees of freedom, the
// scale points Finn assumed, a standard error. Printed and put in JSON under its key.
struct Detail {
    std::string key; // JSON key, camelCase
    double value = 0;
};

struct Agreement {
    std::string name;              // "Cohen's kappa", "ICC(A,1)", "Gwet's AC2 (quadratic weights)"
    double value = 0;              // the coefficient
    double observed = 0;           // p_o (kappa) or observed disagreement D_o (alpha)
    double expected = 0;           // p_e (kappa) or expected disagreement D_e (alpha)
    double percentAgreement = 0;   // share of agreeing rater pairs within units, 0..1
    std::size_t units = 0;         // units used
    std::size_t unitsDropped = 0;  // units left out (missing ratings where the method needs all)
    std::vector<double> perCategory; // Fleiss: kappa of each category against the rest
    std::optional<PrevalenceBias> prevalenceBias; // two raters, two categories
    std::vector<std::string> warnings; // e.g. the kappa paradox, in words
    // 95% interval (NaN when none exists) and how it was found, in words.
    double ciLow = std::numeric_limits<double>::quiet_NaN();
    double ciHigh = std::numeric_limits<double>::quiet_NaN();
    std::string intervalMethod;
    std::vector<Detail> details;
};

// Mean over units with at least two ratings of the share of agreeing rater pairs.
// For two raters: the share of units on which they agree.
double percentAgreement(const RatingsMatrix& m);

// Cohen's kappa (1960) for exactly two raters; weighted (Cohen 1968) with linear |i-j| or
// quadratic (i-j)^2 disagreement weights, where i and j are the category values when all
// categories are numbers, otherwise their rank. Units missing either rating are dropped.
common::Result<Agreement> cohenKappa(const RatingsMatrix& m, Weights weights = Weights::None);
// Cohen's weighted kappa with any k x k matrix of disagreement weights between the
// matrix's categories (0 on the diagonal; see readWeightsCsv). Empty: unweighted.
common::Result<Agreement> cohenKappa(const RatingsMatrix& m, const std::vector<std::vector<double>>& disagreement);

// Cohen's weighted kappa from a k x k contingency table (counts or proportions; rows rater 1,
// columns rater 2) and a k x k matrix of disagreement weights (0 on the diagonal).
// Empty weights: unweighted kappa.
common::Result<Agreement> cohenKappaFromTable(const std::vector<std::vector<double>>& table,
                                              const std::vector<std::vector<double>>& disagreement = {});

// Fleiss' kappa (1971) for a fixed number of raters per unit, with the kappa of each
// category against all others. Units with a missing rating are dropped (unitsDropped).
common::Result<Agreement> fleissKappa(const RatingsMatrix& m);

// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"),
// any number of raters, missing ratings allowed; ordinal, interval and ratio need numbers.
common::Result<Agreement> krippendorffAlpha(const RatingsMatrix& m, Level level);

// Percentile bootstrap interval of alpha, resampling units with replacement; the same seed
// gives the same interval on every machine (own generator, no std distributions).
common::Result<Interval> bootstrapAlpha(const RatingsMatrix& m, Level level, int replicates = 1000,
                                        double confidence = 0.95, std::uint64_t seed = 20111);

} // namespace analysis
