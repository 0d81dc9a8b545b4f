#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

namespace player {

class AudioOutput;

// The audio thread of the sound camera: owns its media::AudioReader (a reader belongs to
// one thread) and a TempoFilter, decodes from the requested media time and keeps about
// 200 ms of sound queued in the AudioOutput, tagged with media time and serial.
// start()/stop() come from the player thread; only the latest call counts.
class AudioFeeder {
public:
    AudioFeeder(AudioOutput& output, std::filesystem::path path);
    ~AudioFeeder();
    AudioFeeder(const AudioFeeder&) = delete;
    AudioFeeder& operator=(const AudioFeeder&) = delete;

    // Feed sound from media time `mediaUs` at `speed` (0.25..4), tagged `serial` (the
    // caller has flushed the output with that serial).
    void start(uint64_t serial, int64_t mediaUs, double speed);
    void stop();
    // True once the reader has reached the end of the audio of the current start().
    bool ended() const;
    // False when the file's audio could not be opened (then it never feeds).
    bool usable() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace player
