#include "player/frame_sync.hpp"

#include <cmath>
#include <cstdlib>

namespace player {

SyncDecision decidePresentation(std::span<const int64_t> times, int64_t clockUs, bool forward, double speed,
                                int64_t refreshUs)
{
    SyncDecision decision;
    auto due = [&](int64_t t) { return forward ? t <= clockUs : t >= clockUs; };
    for (size_t i = 0; i < times.size() && due(times[i]); ++i)
        decision.present = static_cast<int>(i);
    if (decision.present <= 0)
        return decision;
    decision.discarded = decision.present;
    double absSpeed = std::fabs(speed) > 1e-9 ? std::fabs(speed) : 1.0;
    for (int i = 0; i < decision.present; ++i) {
        double wallUs = static_cast<double>(std::llabs(times[static_cast<size_t>(i) + 1] - times[static_cast<size_t>(i)])) / absSpeed;
        if (wallUs >= 0.75 * static_cast<double>(refreshUs))
            ++decision.dropped;
    }
    return decision;
}

int64_t untilNextDueUs(std::span<const int64_t> times, int64_t clockUs, bool forward, double speed,
                       int64_t fallbackUs)
{
    if (times.empty())
        return fallbackUs;
    int64_t ahead = forward ? times.front() - clockUs : clockUs - times.front();
    if (ahead <= 0)
        return 0;
    double absSpeed = std::fabs(speed) > 1e-9 ? std::fabs(speed) : 1.0;
    return static_cast<int64_t>(static_cast<double>(ahead) / absSpeed);
}

} // namespace player
