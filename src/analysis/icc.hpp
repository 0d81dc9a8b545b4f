#pragma once

#include "analysis/agreement.hpp"
#include "analysis/bootstrap.hpp"
#include "analysis/ratings_matrix.hpp"
#include "common/result.hpp"

namespace analysis {

// Coefficients for numeric ratings from the analysis of variance of a complete units x
// raters table (units missing a rating are left out listwise and counted). Pure
// functions, any thread. Failures (text labels, one rater, fewer than two complete units,
// every rating the same) are ErrorCode::InvalidInput with a sentence saying why.

// The mean squares of the one-way and two-way ANOVA (Shrout & Fleiss 1979, Table 2):
// between units (BMS), within units (WMS), between raters (JMS) and residual (EMS).
struct MeanSquares {
    std::size_t units = 0;
    std::size_t raters = 0;
    double betweenUnits = 0; // BMS, df units - 1
    double withinUnits = 0;  // WMS, df units (raters - 1)
    double betweenRaters = 0; // JMS, df raters - 1
    double residual = 0;     // EMS, df (units - 1)(raters - 1)
};
MeanSquares meanSquares(const CompleteRatings& ratings);

// The six forms of Shrout & Fleiss (1979) / McGraw & Wong (1996):
//   one-way             ICC(1,1) / ICC(1,k)            units random, raters not identified
//   two-way consistency ICC(3,1) / ICC(3,k), ICC(C,1)  raters fixed, their mean levels ignored
//   two-way agreement   ICC(2,1) / ICC(2,k), ICC(A,1)  raters random, their levels count
// single: the reliability of one rater's rating; average: of the mean of all raters.
enum class IccModel { OneWay, TwoWayConsistency, TwoWayAgreement };
enum class IccUnit { Single, Average };
const char* iccModelName(IccModel model); // "oneway", "twoway-consistency", "twoway-agreement"
const char* iccUnitName(IccUnit unit);    // "single", "average"

// The ICC with its F-test interval (McGraw & Wong 1996, Tables 7 and 8, as the R package
// irr computes them; two-way agreement uses Satterthwaite's degrees of freedom). Details:
// `f`, `df1`, `df2` (the F test of ICC = 0) and the four mean squares.
common::Result<Agreement> intraclassCorrelation(const RatingsMatrix& m, IccModel model, IccUnit unit,
                                               double confidence = 0.95);

// Finn's (1970) coefficient: 1 - observed variance / the variance of ratings spread
// uniformly over `levels` scale points, (levels^2 - 1) / 12. One-way uses the within-unit
// mean square, two-way the residual one (as irr's finn()). levels 0: the span of the
// ratings, max - min + 1. The interval is a percentile bootstrap over units.
common::Result<Agreement> finnCoefficient(const RatingsMatrix& m, bool twoWay, int levels,
                                          const BootstrapOptions& bootstrap = {});

} // namespace analysis
