#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/agreement.hpp"
#include "analysis/bootstrap.hpp"
#include "analysis/ratings_matrix.hpp"
#include "common/result.hpp"

namespace analysis {

// One reliability coefficient of a ratings matrix chosen by name, with its interval: what
// `stats irr --matrix` computes and `bench irr --matrix-units` times. The names and
// options are the command line's (README, "A ratings matrix"). Any thread.
struct MatrixRequest {
    std::string method;  // cohen fleiss alpha icc gwet bp conger light kendall finn agreement
    std::string level;   // alpha: nominal (default) ordinal interval ratio
    std::string weights; // cohen: linear quadratic; gwet: linear quadratic ordinal
    std::optional<WeightsTable> weightsTable; // cohen: weights read from a file
    std::string weightsSource;                // that file, for errors
    std::string model;   // icc: oneway twoway-consistency twoway-agreement; finn: oneway twoway
    std::string unit;    // icc: single average
    double within = 0;   // agreement: largest difference that still agrees
    int levels = 0;      // finn: scale points (0: from the ratings)
    BootstrapOptions bootstrap; // alpha, light, kendall, finn
    bool withinGiven = false, replicatesGiven = false, levelsGiven = false;
};

// The method names, in the order README lists them.
const std::vector<std::string>& matrixMethods();

// Checks names and which options go with which method; a failure is ErrorCode::Usage with
// a sentence naming the option (exit 2 on the command line).
common::Status checkMatrixRequest(const MatrixRequest& request);

// Computes the coefficient. Failures caused by the ratings (text where numbers are needed,
// every rating the same, too few units) are ErrorCode::InvalidInput.
common::Result<Agreement> matrixReliability(const RatingsMatrix& m, const MatrixRequest& request);

} // namespace analysis
