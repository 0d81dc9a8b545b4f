#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "common/result.hpp"

namespace analysis {

// splitmix64 (Steele, Lea & Flood 2014): small, fast and the same on every platform, so
// a seed gives the same bootstrap interval everywhere (no std distributions).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n), without modulo bias.
    std::uint64_t below(std::uint64_t n)
    {
        std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
        for (;;) {
            std::uint64_t x = next();
            if (x < limit)
                return x % n;
        }
    }

private:
    std::uint64_t m_state;
};

// Type 7 quantile (R's default) of a sorted, non-empty vector.
double quantileSorted(const std::vector<double>& sorted, double q);

struct Interval {
    double low = 0;
    double high = 0;
    int replicates = 0; // bootstrap replicates that gave a value
};

struct BootstrapOptions {
    int replicates = 1000;
    double confidence = 0.95;
    std::uint64_t seed = 20111;
};

// Percentile bootstrap over units: each replicate draws `units` unit indices with
// replacement and asks `statistic` for the coefficient of that sample (NaN when it is
// undefined there; such replicates are left out). Fails when fewer than half the
// replicates give a value, or with fewer than two units or 10 replicates.
common::Result<Interval> bootstrapUnits(std::size_t units,
                                        const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                        const BootstrapOptions& options);

} // namespace analysis
