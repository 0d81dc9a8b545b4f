#include "player/headless_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>

#include "media/video_reader.hpp"
#include "player/media_clock.hpp"

namespace player {

common::Result<HeadlessRunResult> runHeadless(const HeadlessRunOptions& options)
{
    HeadlessRunResult result;
    std::mutex mutex;
    std::condition_variable woken;
    bool wake = false;
    Player::Options playerOptions;
    playerOptions.audio = options.audio;
    playerOptions.refreshUs = options.refreshUs;
    playerOptions.wake = [&] {
        {
            std::lock_guard lock(mutex);
            wake = true;
        }
        woken.notify_one();
    };
    Player player(playerOptions);

    int64_t openStart = steadyNowUs();
    for (size_t i = 0; i < options.files.size(); ++i) {
        auto reader = media::VideoReader::open(options.files[i]);
        if (!reader)
            return reader.error();
        if (auto status = player.addCamera(std::move(*reader), options.files[i]); !status)
            return status.error();
        if (i < options.offsetsUs.size())
            player.setOffsetUs(static_cast<int>(i), options.offsetsUs[i]);
    }
    if (player.cameraCount() == 0)
        return common::makeError(common::ErrorCode::Usage, "no files to play");
    int64_t runStart = steadyNowUs();
    result.openMs = (runStart - openStart) / 1000;
    player.setSpeed(options.speed);
    player.seek(player.timelineStartUs());
    player.play();
    player.resetStats();
    int64_t startPosition = player.positionUs();
    int64_t end = runStart + static_cast<int64_t>(options.seconds * 1e6);
    int64_t lastUpdate = 0;
    while (steadyNowUs() < end && player.playing()) {
        int64_t waitUs = std::clamp<int64_t>(player.untilNextUpdateUs(), 0, 20000);
        // As a window would: at most one presentation per refresh.
        int64_t sinceLast = steadyNowUs() - lastUpdate;
        waitUs = std::max(waitUs, options.refreshUs * 9 / 10 - sinceLast);
        {
            std::unique_lock lock(mutex);
            woken.wait_for(lock, std::chrono::microseconds(std::max<int64_t>(0, waitUs)), [&] { return wake; });
            wake = false;
        }
        lastUpdate = steadyNowUs();
        player.update();
        if (result.firstFrameMs == 0 && player.stats().firstPresentUs > 0)
            result.firstFrameMs = (player.stats().firstPresentUs - runStart) / 1000;
    }
    result.stats = player.stats();
    result.playedSeconds = static_cast<double>(steadyNowUs() - runStart) / 1e6;
    result.mediaAdvancedUs = player.positionUs() - startPosition;
    const CameraInfo& first = player.camera(0);
    int64_t lastFrame = first.index->frameAtTime(player.positionUs() - first.offsetUs);
    int64_t firstFrame = first.index->frameAtTime(startPosition - first.offsetUs);
    result.expectedFrames = lastFrame - firstFrame + 1;
    result.audioDriver = player.audioDriver();
    result.clock = player.clockSource() == ClockSource::Audio ? "audio" : "monotonic";
    return result;
}

} // namespace player
