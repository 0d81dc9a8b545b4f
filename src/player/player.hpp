#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "media/frame_index.hpp"
#include "media/media_facts.hpp"
#include "media/video_frame.hpp"

namespace media {
class VideoReader;
}

namespace player {

// One camera of the encounter as the window sees it. Plain data, UI thread.
struct CameraInfo {
    std::filesystem::path path;
    media::MediaFacts facts;
    std::shared_ptr<const media::FrameIndex> index; // immutable, shared with the reader
    int64_t offsetUs = 0;          // timeline time = media time + offsetUs, exact microseconds
    double fps = 30.0;             // mean, from the frame index
    int64_t frameDurationUs = 33333;
    int64_t durationUs = 0;
};

struct PlayStats {
    int64_t framesPresented = 0;   // distinct frames put on screen (all cameras)
    int64_t framesDropped = 0;     // late frames discarded (see decidePresentation)
    int64_t framesSkipped = 0;     // frames faster than the display could ever show
    double avDriftMaxMs = 0;       // largest |clock - frame time| at presentation, sound camera, audio master
    double avDriftMeanMs = 0;
    int64_t firstPresentUs = -1;   // steadyNowUs() of the first presentation
};

enum class ClockSource { Audio, Monotonic };

// Playback of up to kMaxCameras files of one encounter in sync (DESIGN.md "player").
//
// Design note (states and transitions):
//   Still   -- nothing moves; every camera shows the exact frame asked for.
//              play() -> Priming; step()/seek() stay in Still with a new serial.
//   Priming -- playing requested, decoders and sound are starting, the clock waits for the
//              first sound (at most kPrimeTimeoutUs) so video never runs ahead of audio.
//              update() -> Playing when sound flows or the timeout passes.
//   Playing -- the master clock runs: the audio clock when sound plays (forward, speed
//              0.25-4x, not muted, the sound camera has audio), else the monotonic clock.
//              Late frames are discarded (counted); pause()/step()/end -> Still;
//              seek()/setSpeed()/direction change -> Priming.
// Invariants: (1) frames of an old serial are never shown; (2) in Still nothing is
// discarded; (3) the monotonic clock is re-anchored to the audio clock while the audio is
// master, so switching masters never jumps.
//
// Threads: every method on the UI thread. Each camera has a decode thread owning its
// VideoReader; the sound camera has an audio feeder thread; SDL has its callback
// thread. `wake` (from the options) is called from those threads when something new is
// ready to show (the window posts glfwPostEmptyEvent).
class Player {
public:
    static constexpr int kMaxCameras = 4;

    struct Options {
        bool audio = true;                  // open the sound output (SDL2)
        int64_t refreshUs = 16667;          // display refresh interval
        std::function<void()> wake;
    };

    explicit Player(Options options);
    ~Player();
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    // Adds a camera whose reader was opened elsewhere (VideoReader::open can take seconds:
    // the window opens it in a BackgroundJob). The first camera gives frame numbers; the
    // first camera with audio gives the sound. Shows its frame at the current time.
    common::Status addCamera(std::unique_ptr<media::VideoReader> reader, const std::filesystem::path& path);
    void clear();
    int cameraCount() const;
    const CameraInfo& camera(int i) const;
    int soundCamera() const { return m_soundCamera; }
    void setSoundCamera(int camera);
    // Offsets are exact microseconds (DESIGN: never derived from a frame rate).
    void setOffsetUs(int camera, int64_t offsetUs);
    // Moves the camera by `frames` of its own frames against the timeline, on its frame
    // index's boundaries: at the current position it then shows the frame `frames` before
    // (frames > 0) or after the one it showed, from that frame's first microsecond.
    // Returns the new offset.
    int64_t nudgeOffset(int camera, int frames);

    int64_t timelineStartUs() const;
    int64_t timelineEndUs() const;
    // The clock at the last update(): timeline microseconds.
    int64_t positionUs() const { return m_positionUs; }
    // The frame of camera 0 on screen, or requested and on its way (-1 when none).
    int64_t currentFrame() const;

    void play();
    void pause();
    void togglePlay();
    bool playing() const { return m_state != State::Still; }
    int direction() const { return m_direction; }
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    void setMuted(bool muted);
    bool muted() const { return m_muted; }
    void setVolume(float volume);
    // J/K/L shuttle: forward/backward start at 1x and speed up when pressed again.
    void shuttleForward();
    void shuttleBackward();

    // Timeline time; while playing, playback goes on from there.
    void seek(int64_t timelineUs);
    void seekToFrame(int64_t frame);   // frame of camera 0
    // Pauses and moves `frames` frames of camera 0 (negative: back). Exact, never drops.
    void step(int frames);

    // Once per window frame: moves the clock, takes decoded frames, decides what to show.
    // Returns true when a camera's shown frame changed.
    bool update();
    // True when every camera shows the exact frame asked for (nothing on its way), or
    // while playing.
    bool settled() const;
    // Microseconds the window may wait before the next update() is useful.
    int64_t untilNextUpdateUs() const;

    const media::VideoFrameRef& shown(int camera) const;
    // Why camera `camera` shows nothing (an undecodable frame), if so.
    const std::optional<common::Error>& cameraError(int camera) const;
    PlayStats stats() const;
    void resetStats();
    ClockSource clockSource() const { return m_clockSource; }
    bool soundPlaying() const;
    std::string audioDriver() const;

private:
    enum class State { Still, Priming, Playing };
    struct Camera;
    struct Shared;
    struct Sound;

    void restart(int64_t timelineUs, bool keepPlaying);
    void requestStill(int64_t timelineUs, int64_t exactFrameOfCamera0);
    void startDecoders(int64_t timelineUs);
    void startAudio(int64_t timelineUs);
    bool wantAudio() const;
    int64_t cameraTimeAt(int camera, int64_t timelineUs) const;
    void presentPlaying(int i, int64_t timelineUs, int64_t nowUs, bool& changed);
    void presentStill(int i, bool& changed);

    Options m_options;
    std::unique_ptr<Shared> m_shared;              // clock shared with decode threads
    std::unique_ptr<Sound> m_sound;                // SDL output + feeder thread of the sound camera
    std::vector<std::unique_ptr<Camera>> m_cameras;
    int m_soundCamera = -1;
    State m_state = State::Still;
    int m_direction = 1;
    double m_speed = 1.0;
    bool m_muted = false;
    float m_volume = 1.0f;
    uint64_t m_serial = 0;
    int64_t m_positionUs = 0;
    int64_t m_primeDeadlineUs = 0;
    ClockSource m_clockSource = ClockSource::Monotonic;
    PlayStats m_stats;
    double m_driftSumMs = 0;
    int64_t m_driftCount = 0;
};

} // namespace player
