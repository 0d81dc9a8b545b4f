#pragma once

#include <cstdint>
#include <span>

namespace player {

// ffplay-style presentation decision for one camera while playing, as a pure function so
// tests can drive it without threads or a window.
//
// `times` are the media times of the decoded frames waiting to be shown, in playback
// order (ascending when playing forward, descending in reverse). A frame is due once the
// clock has reached it. A due frame is shown unless the frame after it has been due for
// longer than kLateToleranceUs of wall time; the due frames skipped that way are
// discarded (late). Like ffplay, which corrects the picture's lag only past a sync
// threshold, this keeps every frame when the window is late by a few milliseconds now
// and then (a slow draw, another thread on the core) and catches up on the next ones;
// the lag it allows stays well under the 40 ms of A/V drift a viewer notices. While
// stepping or paused nothing is ever discarded: the player shows the exact frame asked
// for instead of calling this.
inline constexpr int64_t kLateToleranceUs = 15'000;
// ... but never shown later than this after its own time (A/V drift stays under 40 ms).
inline constexpr int64_t kMaxLateUs = 35'000;
struct SyncDecision {
    int present = -1;      // index into `times` of the frame to show now, -1: keep the current one
    int discarded = 0;     // frames before `present` that are never shown
    int dropped = 0;       // of those, frames that deserved their own display refresh
};

// `refreshUs`: the display's refresh interval. A discarded frame whose successor was due
// less than 3/4 of a refresh after it could never have had a refresh of its own (the
// footage runs faster than the display, e.g. 30 fps at 4x on 60 Hz): it counts as
// skipped, not dropped. Every other discarded frame is a drop: the player was late.
SyncDecision decidePresentation(std::span<const int64_t> times, int64_t clockUs, bool forward, double speed,
                                int64_t refreshUs);

// Wall-clock microseconds until the first waiting frame is due (0 when already due);
// `fallbackUs` when there is none.
int64_t untilNextDueUs(std::span<const int64_t> times, int64_t clockUs, bool forward, double speed,
                       int64_t fallbackUs);

} // namespace player
