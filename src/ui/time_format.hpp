#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ui {

// "HH:MM:SS.mmm" of media time (negative times get a leading minus).
std::string formatMediaTime(int64_t us);
// The camera's wall-clock time at media time `us`, from the container's creation time
// (ISO 8601, e.g. "2024-05-01T14:03:18.000000Z"): "2024-05-01 14:03:22.100 UTC".
// nullopt when the creation time cannot be read.
std::optional<std::string> wallClockAt(const std::string& creationTime, int64_t us);

// What the user typed in "Go to": a frame number ("1234"), a time ("83.5", "1:23",
// "00:01:23.456") or a timecode with frames ("00:01:23:12").
struct GoToTarget {
    bool isFrame = false;
    int64_t frame = 0;
    int64_t timeUs = 0;
    int64_t extraFrames = 0; // the :FF of a timecode, added to timeUs by the caller
};
std::optional<GoToTarget> parseGoTo(const std::string& text);

} // namespace ui
