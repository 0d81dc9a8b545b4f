#include "player/frame_sync.hpp"

#include <cmath>
#include <cstdlib>

namespace player {

SyncDecision decidePresentation(std::span<const int64_t> times, int64_t clockUs, bool forward, double speed,
                                int64_t refreshUs)
{
    SyncDecision decision;
    double absSpeed = std::fabs(speed) > 1e-9 ? std::fabs(speed) : 1.0;
    auto lateUs = [&](int64_t t) { return static_cast<double>(forward ? clockUs - t : t - clockUs) / absSpeed; };
    // The earliest due frame whose successor has not been due for longer than the
    // tolerance: a frame a little late is shown in its turn, not thrown away.
    // Frames faster than the display (see below) are never kept for that.
    auto ownRefresh = [&](size_t i) {
        return static_cast<double>(std::llabs(times[i + 1] - times[i])) / absSpeed >= 0.75 * static_cast<double>(refreshUs);
    };
    // A frame kept that way is shown at most kMaxLateUs after its time: the tolerance
    // shrinks by the frame's own length (at 1x, 30 fps it is almost nothing).
    auto tolerance = [&](size_t i) {
        double lengthUs = static_cast<double>(std::llabs(times[i + 1] - times[i])) / absSpeed;
        return std::min(static_cast<double>(kLateToleranceUs), static_cast<double>(kMaxLateUs) - lengthUs);
    };
    for (size_t i = 0; i < times.size() && lateUs(times[i]) >= 0; ++i) {
        decision.present = static_cast<int>(i);
        if (i + 1 < times.size() && lateUs(times[i + 1]) >= 0 && lateUs(times[i + 1]) < tolerance(i) && ownRefresh(i))
            break;
    }
    if (decision.present <= 0)
        return decision;
    decision.discarded = decision.present;
    for (int i = 0; i < decision.present; ++i)
        if (ownRefresh(static_cast<size_t>(i)))
            ++decision.dropped;
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
