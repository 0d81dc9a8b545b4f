#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace media {

// What `probe` learns about a file: everything the player, the renderer and the
// footage record need. Plain data; safe to copy between threads.
struct VideoFacts {
    int streamIndex = -1;
    std::string codec;        // "h264", "hevc", ...
    std::string profile;      // "High", "Main 10", ... or empty
    int width = 0;            // coded picture size, before rotation
    int height = 0;
    int sarNum = 1, sarDen = 1;
    int rotation = 0;         // clockwise degrees to turn the picture for display: 0, 90, 180, 270
    std::string pixFmt;       // decoder pixel format name, e.g. "yuv420p10le"
    int bitDepth = 8;
    std::string colorSpace;   // "bt709", "bt470bg", ... or "unknown"
    std::string colorRange;   // "tv" (limited), "pc" (full) or "unknown"
    double fps = 0;           // mean frame rate from the frame index
    bool vfr = false;         // frame durations vary by more than one tick in 1000
    int64_t frames = 0;       // exact number of presented frames (frame index)
    int timeBaseNum = 0, timeBaseDen = 1;
};

struct AudioFacts {
    int streamIndex = -1;
    std::string codec;
    int sampleRate = 0;
    int channels = 0;
    std::string channelLayout;
    // Media time at which the sound starts: 0 for most files; later for a camera's
    // pre-event buffer (video recorded before the officer pressed record, without sound).
    // From the container's start of the audio stream (its edit list in MP4).
    double startsAtS = 0;
};

// From this start on, people are told the sound starts late ("sound starts at 00:30.00"):
// below it, encoder delays, not a pre-event buffer.
inline constexpr double kLateSoundS = 0.5;

struct MediaFacts {
    std::string path;
    std::string format;         // container short name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string formatLong;
    int64_t fileSize = 0;
    double durationS = 0;       // from the frame index when there is video, else the container
    int64_t bitRate = 0;
    // Media time 0 as a stream-independent time in microseconds: the first presented
    // video frame's PTS (or the first audio sample when there is no video). Every media
    // time in the project (frame times, audio chunks, tags) counts from here.
    int64_t originUs = 0;
    std::optional<std::string> creationTime; // ISO 8601 as the camera wrote it
    std::optional<VideoFacts> video;
    std::optional<AudioFacts> audio;
    // False when the file holds less than its container promises (a recording cut off
    // before its end: FrameIndex::complete()). Then what can be played ends at endsAtS
    // (= durationS) where the container promised promisedS (0 when it declares no length).
    bool complete = true;
    double endsAtS = 0;
    double promisedS = 0;
};

// The one sentence every layer shows for a recording that is not complete:
// "recording incomplete: ends at 00:03.04 of 00:06.00" (or "ends at 00:03.04, the rest
// of the recording is missing" when no length is promised); empty when complete.
std::string incompleteRecordingText(const MediaFacts& facts);

// A media time as the sentence above shows it: "03:04.50" (minutes, seconds, hundredths),
// "1:02:03.04" from an hour. `roundToNearest` rounds to the nearest hundredth, otherwise the
// time is cut down, so the end of what is there is never overstated.
std::string clockText(double seconds, bool roundToNearest = false);

} // namespace media
