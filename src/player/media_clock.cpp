#include "player/media_clock.hpp"

#include <chrono>
#include <cmath>

namespace player {

int64_t MediaClock::time(int64_t nowUs) const
{
    if (!m_running)
        return m_anchorMedia;
    return m_anchorMedia + static_cast<int64_t>(std::llround(static_cast<double>(nowUs - m_anchorWall) * m_speed));
}

void MediaClock::set(int64_t mediaUs, int64_t nowUs)
{
    m_anchorMedia = mediaUs;
    m_anchorWall = nowUs;
}

void MediaClock::setRunning(bool running, int64_t nowUs)
{
    if (running == m_running)
        return;
    m_anchorMedia = time(nowUs);
    m_anchorWall = nowUs;
    m_running = running;
}

void MediaClock::setSpeed(double speed, int64_t nowUs)
{
    m_anchorMedia = time(nowUs);
    m_anchorWall = nowUs;
    m_speed = speed;
}

int64_t steadyNowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace player
