#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.hpp"
#include "player/player.hpp"

namespace player {

// Plays files without a window, as the window would (one update per display refresh or
// when the next frame is due), for `seconds` of wall time at `speed`, from the start.
// For `bench play` and the demo when no display can be had. Returns the player's figures
// plus what the window would see.
struct HeadlessRunOptions {
    std::vector<std::filesystem::path> files;
    std::vector<int64_t> offsetsUs;
    double speed = 1.0;
    double seconds = 10.0;
    bool audio = true;
    int64_t refreshUs = 16667;
};

struct HeadlessRunResult {
    PlayStats stats;
    int64_t openMs = 0;          // opening the files (frame index included)
    int64_t firstFrameMs = 0;    // from the start of the run to the first frame shown
    double playedSeconds = 0;    // wall time spent playing
    int64_t mediaAdvancedUs = 0; // how far the clock went
    int64_t expectedFrames = 0;  // frames of camera 1 whose time the clock passed
    std::string audioDriver;
    std::string clock;           // "audio" or "monotonic" at the end
};

common::Result<HeadlessRunResult> runHeadless(const HeadlessRunOptions& options);

} // namespace player
