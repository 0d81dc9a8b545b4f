#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace player {

// The sound card, through SDL2: a queue of float samples tagged with the media time they
// carry, drained by SDL's callback thread, and the audio clock derived from what the
// callback has handed to the device (ffplay's method: the media time of the sample being
// heard = what was last written minus the device's buffer).
//
// When SDL cannot open a real device (no sound card, no session) it falls back to SDL's
// "dummy" driver, which consumes samples in real time: the audio clock keeps working in
// headless runs and tests (DESIGN.md).
//
// Threads: push() from the audio feeder thread; flush/setPaused/clock from the player
// (UI) thread; the callback on SDL's thread. One private mutex guards the queue and the
// clock fields.
class AudioOutput {
public:
    static common::Result<std::unique_ptr<AudioOutput>> open(int sampleRate = 48000, int channels = 2);
    ~AudioOutput();
    AudioOutput(const AudioOutput&) = delete;
    AudioOutput& operator=(const AudioOutput&) = delete;

    int sampleRate() const;
    int channels() const;
    const std::string& driver() const;

    // Queues `frames` samples per channel whose first sample is media time `mediaUs`; each
    // sample advances media time by `usPerSample` (speed * 1e6 / rate with atempo in the
    // chain). Data pushed with another serial than the current one is ignored.
    void push(uint64_t serial, int64_t mediaUs, double usPerSample, const float* samples, int frames);
    // Wall-clock microseconds of sound queued and not yet handed to the device.
    int64_t queuedUs() const;
    // Drops everything queued and starts a new serial; the clock is invalid until data of
    // that serial reaches the device.
    void flush(uint64_t serial);
    void setPaused(bool paused);
    void setVolume(float volume);
    // Media time of the sample being heard at `nowUs` (steadyNowUs()), when sound of the
    // current serial is playing; nullopt before it starts or after it ran dry.
    std::optional<int64_t> clock(int64_t nowUs) const;

private:
    struct Impl;
    explicit AudioOutput(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace player
