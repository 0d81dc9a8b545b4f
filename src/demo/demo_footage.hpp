#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace demo {

// One moment of the staged encounter, on the encounter's timeline (camera A's media
// time, microseconds). `code` is the default codebook's id that fits the moment
// (CODEBOOK.md: "PAC.Y", "DEE.09", ...), empty where none does; a demo database turns
// these into example tags.
struct DemoEvent {
    int64_t timeUs = 0;
    std::string description;
    std::string code;
};

// One officer's camera. offsetUs is where its media time 0 lies on the encounter's
// timeline (camera A: 0; camera B starts 2.4 s later: 2'400'000).
struct DemoCamera {
    std::filesystem::path path;
    std::string label;          // "Officer A", "Officer B"
    int64_t offsetUs = 0;
    std::string creationTime;   // as written into the container, ISO 8601 (whole seconds)
};

struct DemoFootage {
    std::vector<DemoCamera> cameras;  // camera A first
    std::vector<DemoEvent> script;    // in time order
};

// Makes (once) a staged, calm stop-and-search encounter of about 40 s filmed by two
// officers' cameras, as two MP4 files in `dir`: H.264 1280x720 (camera A 25 fps,
// camera B 30 fps starting 2.4 s later), 2 s GOP with B-frames, AAC mono audio of the
// spoken lines (espeak-ng when installed, tones otherwise) over quiet background noise,
// the camera label, wall-clock time, timecode, frame number and captions burnt into
// every frame, and a fixed creation_time in the container.
//
// Cached: when `dir` already holds a complete set (a marker file written last records
// the files and their sizes) it returns at once without touching them. Otherwise it
// writes each file under a temporary name and renames it into place, so an interrupted
// or cancelled run never leaves a partial file behind. Takes about 10 s of one core.
//
// Any thread may call it; it shares no state (two processes racing on one `dir` each
// write whole files, the last rename wins). `progress`, if given, goes from 0 to 1.
// Fails with ErrorCode::Cancelled when `stop` is requested (nothing is left behind),
// Io when `dir` cannot be written, Internal when this FFmpeg lacks libx264, AAC or a
// filter it needs (testsrc2, drawbox, drawtext); other FFmpeg failures as avError maps them.
common::Result<DemoFootage> ensureDemoFootage(const std::filesystem::path& dir,
                                              std::stop_token stop = {},
                                              std::atomic<double>* progress = nullptr);

} // namespace demo
