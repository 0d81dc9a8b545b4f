#pragma once

#include <vector>

#include "analysis/agreement.hpp"
#include "analysis/ratings_matrix.hpp"
#include "common/result.hpp"

namespace analysis {

// Chance-corrected coefficients for any number of raters with missing ratings, and their
// variance, as Gwet (2008, 2014) derives them and the R package irrCAC computes them
// (gwet.ac1.raw, bp.coeff.raw, conger.kappa.raw). Units no rater rated are left out
// (unitsDropped); units with one rating count towards the category shares but not towards
// observed agreement. The interval is coefficient +- t(0.975, n - 1) x standard error,
// the upper end capped at 1, n the units used. Pure functions, any thread.

// Agreement weights between categories (1 on the diagonal), irrCAC's definitions:
// identity (unweighted); linear 1 - |x_k - x_l| / (max - min); quadratic 1 - (x_k - x_l)^2 /
// (max - min)^2 on the category values; ordinal 1 - C(|k - l| + 1, 2) / C(q, 2) on ranks.
enum class AgreementWeights { Identity, Linear, Quadratic, Ordinal };
const char* agreementWeightsName(AgreementWeights weights); // "unweighted", "linear", ...
// Row-major q x q. Fails in words when weights other than identity meet text labels.
common::Result<std::vector<double>> agreementWeightMatrix(const RatingsMatrix& m, AgreementWeights weights);

// Gwet's AC1 (identity weights) or AC2 (Gwet 2008; 2014, ch. 5). Details: `standardError`.
common::Result<Agreement> gwetAc(const RatingsMatrix& m, AgreementWeights weights = AgreementWeights::Identity);

// Brennan & Prediger (1981): chance agreement 1/q for q categories (weighted: sum of
// weights / q^2).
common::Result<Agreement> brennanPrediger(const RatingsMatrix& m, AgreementWeights weights = AgreementWeights::Identity);

// Conger's (1980) kappa: Cohen's kappa generalised to several raters, chance agreement from
// each rater's own category shares. With two raters it equals Cohen's kappa.
common::Result<Agreement> congerKappa(const RatingsMatrix& m, AgreementWeights weights = AgreementWeights::Identity);

} // namespace analysis
