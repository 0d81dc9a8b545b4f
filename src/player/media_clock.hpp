#pragma once

#include <cstdint>

namespace player {

// The monotonic playback clock: media (timeline) time as a linear function of wall time,
// re-anchored at every change (seek, pause, speed). Pure arithmetic on the times the
// caller passes in, so tests drive it with made-up wall times. Not thread-safe: the
// Player guards it with its own mutex.
//
// speed may be negative (reverse shuttle). time(now) = anchorMedia + (now - anchorWall) * speed
// while running; anchorMedia while paused.
class MediaClock {
public:
    int64_t time(int64_t nowUs) const;
    bool running() const { return m_running; }
    double speed() const { return m_speed; }

    void set(int64_t mediaUs, int64_t nowUs);       // jump (seek), keeps running state
    void setRunning(bool running, int64_t nowUs);   // pause / resume without a jump
    void setSpeed(double speed, int64_t nowUs);     // no jump at the change

private:
    int64_t m_anchorMedia = 0;
    int64_t m_anchorWall = 0;
    double m_speed = 1.0;
    bool m_running = false;
};

// Microseconds of a steady (monotonic) system clock.
int64_t steadyNowUs();

} // namespace player
