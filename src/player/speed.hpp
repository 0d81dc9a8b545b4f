#pragma once

#include <string>

namespace player {

// Playback speeds the transport steps through with [ and ] (0.1x to 16x). Speeds between
// kMinAudibleSpeed and kMaxAudibleSpeed play sound (pitch kept by an atempo chain);
// outside that range the player is muted and the monotonic clock is the master.
inline constexpr double kSpeedSteps[] = {0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 8.0, 16.0};
inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 16.0;
inline constexpr double kMinAudibleSpeed = 0.25;
inline constexpr double kMaxAudibleSpeed = 4.0;

// The next step up / down from `speed` (which need not be a step itself); clamps at the ends.
double fasterSpeed(double speed);
double slowerSpeed(double speed);
// Clamps into [kMinSpeed, kMaxSpeed].
double clampSpeed(double speed);
// Whether sound plays at this speed.
bool speedHasSound(double speed);
// The libavfilter chain that plays audio at `speed` with its pitch kept, e.g.
// "atempo=0.5,atempo=0.5" for 0.25x; empty for 1x. Each atempo stage stays within
// [0.5, 2] so that every FFmpeg version accepts it and quality stays good.
std::string atempoChain(double speed);
// "1x", "0.25x", "16x".
std::string speedLabel(double speed);

} // namespace player
