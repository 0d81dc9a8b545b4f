#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media/overview.hpp"

namespace ui {

// One annotation on a timeline lane: a point (endUs == startUs) or an interval, in
// timeline microseconds, with its colour (ImGui packed ABGR, IM_COL32) and label.
struct LaneSpan {
    int64_t startUs = 0;
    int64_t endUs = 0;
    uint32_t colour = 0xff50a0ffu;
    std::string label;
};

// A row under the timeline (a coder, a code group...). Filled by the tagging work.
struct AnnotationLane {
    std::string name;
    std::vector<LaneSpan> spans;
};

struct CameraSnapshot {
    std::string label;        // "Camera 1: file.mp4"
    int64_t frame = -1;       // shown frame
    int64_t frameCount = 0;
    int64_t mediaUs = 0;
    int64_t offsetUs = 0;
    int64_t durationUs = 0;
    double fps = 0;
    std::optional<std::string> wallClock;
    std::string error;        // a frame could not be decoded
    bool hasAudio = false;
    double soundStartsAtS = 0; // media time the sound starts (a pre-event buffer before it)
    std::optional<int64_t> footageId; // registered footage of the encounter, when it is
    std::string subtitle;     // the transcript's line(s) at this frame; empty when none or hidden
    int masks = 0;            // privacy masks blurring this frame
};

// What the panels read each frame: the player's state, copied on the UI thread.
struct PlayerSnapshot {
    bool hasFootage = false;
    bool playing = false;
    int direction = 1;
    double speed = 1.0;
    bool muted = false;
    bool soundPlaying = false;
    int soundCamera = -1;
    int selectedCamera = 0;
    int64_t positionUs = 0;
    int64_t startUs = 0;
    int64_t endUs = 0;
    std::vector<CameraSnapshot> cameras;
    std::string audioDriver;
    std::string clockSource;
};

// Timeline overview of one camera, built by background jobs.
struct CameraOverview {
    std::vector<media::Thumbnail> thumbnails;
    std::vector<unsigned> textures;    // GL textures, one per thumbnail
    media::WaveformPeaks waveform;
    bool waveformReady = false;
    double thumbnailProgress = 0;
    bool thumbnailsReady = false;
    int64_t masksVersion = -1;         // TaggingSession::masksVersion() the textures were blurred for
};

} // namespace ui
