#include "analysis/bootstrap.hpp"

#include <algorithm>
#include <cmath>

namespace analysis {

double quantileSorted(const std::vector<double>& sorted, double q)
{
    double pos = q * static_cast<double>(sorted.size() - 1);
    std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    double frac = pos - static_cast<double>(lo);
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

common::Result<Interval> bootstrapUnits(std::size_t units,
                                        const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                        const BootstrapOptions& options)
{
    using common::ErrorCode;
    using common::makeError;
    if (options.replicates < 10)
        return makeError(ErrorCode::InvalidInput, "a bootstrap needs at least 10 replicates");
    if (units < 2)
        return makeError(ErrorCode::InvalidInput, "a bootstrap needs at least two units");
    SplitMix64 rng(options.seed);
    std::vector<std::size_t> drawn(units);
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(options.replicates));
    for (int rep = 0; rep < options.replicates; ++rep) {
        for (std::size_t& u : drawn)
            u = static_cast<std::size_t>(rng.below(units));
        double v = statistic(drawn);
        if (std::isfinite(v))
            values.push_back(v);
    }
    if (values.size() < static_cast<std::size_t>(options.replicates) / 2)
        return makeError(ErrorCode::InvalidInput, "the coefficient is undefined in most bootstrap samples; no interval");
    std::sort(values.begin(), values.end());
    double tail = (1.0 - options.confidence) / 2.0;
    Interval interval;
    interval.low = quantileSorted(values, tail);
    interval.high = quantileSorted(values, 1.0 - tail);
    interval.replicates = static_cast<int>(values.size());
    return interval;
}

} // namespace analysis
