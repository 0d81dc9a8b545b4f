#include "player/speed.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace player {
namespace {

constexpr double kEpsilon = 1e-6;

} // namespace

double fasterSpeed(double speed)
{
    for (double step : kSpeedSteps)
        if (step > speed + kEpsilon)
            return step;
    return kMaxSpeed;
}

double slowerSpeed(double speed)
{
    double result = kMinSpeed;
    for (double step : kSpeedSteps)
        if (step < speed - kEpsilon)
            result = step;
    return result;
}

double clampSpeed(double speed)
{
    return std::clamp(speed, kMinSpeed, kMaxSpeed);
}

bool speedHasSound(double speed)
{
    return speed >= kMinAudibleSpeed - kEpsilon && speed <= kMaxAudibleSpeed + kEpsilon;
}

std::string atempoChain(double speed)
{
    if (std::fabs(speed - 1.0) < kEpsilon)
        return {};
    std::string chain;
    double rest = speed;
    auto append = [&chain](double factor) {
        char text[48];
        std::snprintf(text, sizeof text, "%satempo=%.6f", chain.empty() ? "" : ",", factor);
        chain += text;
    };
    while (rest > 2.0 + kEpsilon) {
        append(2.0);
        rest /= 2.0;
    }
    while (rest < 0.5 - kEpsilon) {
        append(0.5);
        rest /= 0.5;
    }
    if (std::fabs(rest - 1.0) > kEpsilon || chain.empty())
        append(rest);
    return chain;
}

std::string speedLabel(double speed)
{
    char text[32];
    std::snprintf(text, sizeof text, "%gx", std::round(speed * 100.0) / 100.0);
    return text;
}

} // namespace player
