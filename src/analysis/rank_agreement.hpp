#pragma once

#include "analysis/agreement.hpp"
#include "analysis/bootstrap.hpp"
#include "analysis/ratings_matrix.hpp"
#include "common/result.hpp"

namespace analysis {

// Coefficients on the complete units x raters table (units missing a rating are left out
// listwise and counted, as the R package irr does). Pure functions, any thread.

// Kendall's (1948) coefficient of concordance W with the correction for ties, on each
// rater's ranking of the units (tied ratings share their mean rank), as irr's
// kendall(ratings, correct = TRUE). Details: `chiSquared` = raters (units - 1) W and `df`.
// The interval is a percentile bootstrap over units.
common::Result<Agreement> kendallW(const RatingsMatrix& m, const BootstrapOptions& bootstrap = {});

// Light's (1971) kappa: the mean of Cohen's kappa over every pair of raters (irr's
// kappam.light). Text labels allowed. The interval is a percentile bootstrap over units.
common::Result<Agreement> lightKappa(const RatingsMatrix& m, const BootstrapOptions& bootstrap = {});

// The share of units whose ratings all lie within `within` of each other (highest minus
// lowest at most `within`; irr's agree()). Text labels allow only within = 0 (all the
// same label). The interval is the exact (Clopper-Pearson) binomial one, as R's
// binom.test. Details: `within`, `agreeingUnits`.
common::Result<Agreement> agreementWithin(const RatingsMatrix& m, double within);

} // namespace analysis
