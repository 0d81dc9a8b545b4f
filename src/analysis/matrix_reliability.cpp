#include "analysis/matrix_reliability.hpp"

#include <algorithm>

#include "analysis/gwet.hpp"
#include "analysis/icc.hpp"
#include "analysis/rank_agreement.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

common::Error usage(const std::string& message)
{
    return makeError(ErrorCode::Usage, message);
}

bool oneOf(const std::string& value, std::initializer_list<const char*> names)
{
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return value == n; });
}

Level levelOf(const std::string& name)
{
    return name == "ordinal"    ? Level::Ordinal
           : name == "interval" ? Level::Interval
           : name == "ratio"    ? Level::Ratio
                                : Level::Nominal;
}

AgreementWeights scaleWeightsOf(const std::string& name)
{
    return name == "linear"      ? AgreementWeights::Linear
           : name == "quadratic" ? AgreementWeights::Quadratic
           : name == "ordinal"   ? AgreementWeights::Ordinal
                                 : AgreementWeights::Identity;
}

common::Result<Agreement> cohen(const RatingsMatrix& m, const MatrixRequest& r)
{
    if (r.weightsTable) {
        auto dis = disagreementWeights(m, *r.weightsTable, r.weightsSource);
        if (!dis)
            return dis.error();
        return cohenKappa(m, *dis);
    }
    Weights w = r.weights == "linear" ? Weights::Linear : r.weights == "quadratic" ? Weights::Quadratic : Weights::None;
    if (w != Weights::None && !m.numeric())
        return makeError(ErrorCode::InvalidInput, "weighted kappa needs numeric ratings; the file has text labels");
    return cohenKappa(m, w);
}

common::Result<Agreement> alpha(const RatingsMatrix& m, const MatrixRequest& r)
{
    Level level = levelOf(r.level);
    auto a = krippendorffAlpha(m, level);
    if (!a)
        return a;
    auto boot = bootstrapAlpha(m, level, r.bootstrap.replicates, r.bootstrap.confidence, r.bootstrap.seed);
    if (boot) {
        a->ciLow = boot->low;
        a->ciHigh = boot->high;
        a->intervalMethod = "percentile bootstrap over units";
    } else {
        a->warnings.push_back("no bootstrap interval: " + boot.error().message);
    }
    return a;
}

common::Result<Agreement> icc(const RatingsMatrix& m, const MatrixRequest& r)
{
    IccModel model = r.model == "oneway"               ? IccModel::OneWay
                     : r.model == "twoway-consistency" ? IccModel::TwoWayConsistency
                                                       : IccModel::TwoWayAgreement;
    return intraclassCorrelation(m, model, r.unit == "average" ? IccUnit::Average : IccUnit::Single);
}

} // namespace

const std::vector<std::string>& matrixMethods()
{
    static const std::vector<std::string> names = {"cohen", "fleiss", "alpha",  "icc",  "gwet",     "bp",
                                                   "conger", "light", "kendall", "finn", "agreement"};
    return names;
}

common::Status checkMatrixRequest(const MatrixRequest& r)
{
    const std::string& m = r.method;
    if (std::find(matrixMethods().begin(), matrixMethods().end(), m) == matrixMethods().end())
        return usage("--method must be one of cohen, fleiss, alpha, icc, gwet, bp, conger, light, kendall, finn, "
                     "agreement");
    if (!r.level.empty() && m != "alpha")
        return usage("--level applies to --method alpha only");
    if (!r.level.empty() && !oneOf(r.level, {"nominal", "ordinal", "interval", "ratio"}))
        return usage("--level must be nominal, ordinal, interval or ratio");
    if (!r.weights.empty()) {
        if (m == "cohen" && !oneOf(r.weights, {"linear", "quadratic"}))
            return usage("--weights must be linear or quadratic for cohen (or give a --weights-file)");
        if (m == "gwet" && !oneOf(r.weights, {"linear", "quadratic", "ordinal"}))
            return usage("--weights must be linear, quadratic or ordinal for gwet");
        if (m != "cohen" && m != "gwet")
            return usage("--weights applies to --method cohen and gwet only");
    }
    if (r.weightsTable && m != "cohen")
        return usage("--weights-file applies to --method cohen only");
    if (r.weightsTable && !r.weights.empty())
        return usage("give either --weights or --weights-file, not both");
    if (m == "icc") {
        if (!oneOf(r.model, {"oneway", "twoway-consistency", "twoway-agreement"}))
            return usage("--method icc needs --model oneway, twoway-consistency or twoway-agreement");
        if (!oneOf(r.unit, {"single", "average"}))
            return usage("--method icc needs --unit single or average");
    } else if (m == "finn") {
        if (!r.model.empty() && !oneOf(r.model, {"oneway", "twoway"}))
            return usage("--model must be oneway or twoway for finn");
        if (!r.unit.empty())
            return usage("--unit applies to --method icc only");
    } else {
        if (!r.model.empty())
            return usage("--model applies to --method icc and finn only");
        if (!r.unit.empty())
            return usage("--unit applies to --method icc only (and to --encounter, in seconds)");
    }
    if (r.withinGiven && m != "agreement")
        return usage("--within applies to --method agreement only");
    if (r.withinGiven && !(r.within >= 0))
        return usage("--within must be zero or more");
    if (r.levelsGiven && (m != "finn" || r.levels < 2))
        return usage(m != "finn" ? "--levels applies to --method finn only" : "--levels must be 2 or more");
    if (r.replicatesGiven && !oneOf(m, {"alpha", "light", "kendall", "finn"}))
        return usage("--replicates and --seed apply to the bootstrap of alpha, light, kendall and finn only");
    return {};
}

common::Result<Agreement> matrixReliability(const RatingsMatrix& m, const MatrixRequest& r)
{
    if (auto ok = checkMatrixRequest(r); !ok)
        return ok.error();
    const std::string& method = r.method;
    if (method == "cohen")
        return cohen(m, r);
    if (method == "fleiss")
        return fleissKappa(m);
    if (method == "alpha")
        return alpha(m, r);
    if (method == "icc")
        return icc(m, r);
    if (method == "gwet")
        return gwetAc(m, scaleWeightsOf(r.weights));
    if (method == "bp")
        return brennanPrediger(m);
    if (method == "conger")
        return congerKappa(m);
    if (method == "light")
        return lightKappa(m, r.bootstrap);
    if (method == "kendall")
        return kendallW(m, r.bootstrap);
    if (method == "finn")
        return finnCoefficient(m, r.model == "twoway", r.levels, r.bootstrap);
    return agreementWithin(m, r.within);
}

} // namespace analysis
