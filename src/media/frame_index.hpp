#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <vector>

#include "common/result.hpp"
#include "media/byte_source.hpp"

namespace media {

// One presented frame, as the demuxer saw its packet.
struct FrameIndexEntry {
    int64_t pts = 0;      // stream time base
    int64_t dts = 0;
    int64_t pos = -1;     // byte position of the packet, -1 when unknown
    bool key = false;
};

// The table of every presented frame of a video stream, in presentation order, built by a
// demux-only scan (no decoding). Frame numbers and times come from here, never from fps,
// so variable-frame-rate files are exact. Packets flagged discard (MP4 edit lists) are
// left out, as the decoder drops them too. Immutable once built; safe to share.
class FrameIndex {
public:
    using Progress = std::function<void(double fraction)>;

    // Scans `path` (stream `streamIndex`, or the best video stream when -1). Uses the
    // on-disk cache under cacheDir()/index when `useCache`, keyed by file size, mtime and a
    // hash of the first and last MiB, so a changed file is never served a stale index.
    static common::Result<FrameIndex> build(const std::filesystem::path& path, int streamIndex = -1,
                                            bool useCache = true, std::stop_token stop = {},
                                            const Progress& progress = {});
    // Same, from bytes already opened (the cache only for file sources).
    static common::Result<FrameIndex> build(const SourceRef& source, int streamIndex = -1, bool useCache = true,
                                            std::stop_token stop = {}, const Progress& progress = {});

    int64_t frameCount() const { return static_cast<int64_t>(m_entries.size()); }
    const FrameIndexEntry& operator[](int64_t number) const { return m_entries[static_cast<size_t>(number)]; }
    const std::vector<FrameIndexEntry>& entries() const { return m_entries; }
    int streamIndex() const { return m_streamIndex; }
    int timeBaseNum() const { return m_timeBaseNum; }
    int timeBaseDen() const { return m_timeBaseDen; }
    bool loadedFromCache() const { return m_fromCache; }

    // Media time of a frame in microseconds, from the first presented frame.
    int64_t timeUs(int64_t number) const;
    // The first whole microsecond at which the frame is on screen (its time rounded up):
    // an offset that puts this on a timeline position shows exactly this frame there,
    // also where the time base does not fall on whole microseconds.
    int64_t firstMicrosecondOf(int64_t number) const;
    // Seconds of a stream timestamp from the first presented frame.
    double ptsToSeconds(int64_t pts) const;
    // The frame on screen at media time `timeUs` (the last one starting at or before it);
    // clamps to the first and last frame.
    int64_t frameAtTime(int64_t timeUs) const;
    // The frame whose pts equals `pts`, or -1.
    int64_t frameWithPts(int64_t pts) const;
    // The last keyframe at or before `number` in presentation order, or -1 if none.
    int64_t keyframeAtOrBefore(int64_t number) const;
    // Duration of the whole stream in microseconds (last frame's time + its duration).
    int64_t durationUs() const;
    // Mean frames per second and whether frame durations vary.
    double meanFps() const;
    bool variableFrameRate() const;

    // Whether the file holds everything its container promises: no packet of the
    // container's index lies beyond the end of the file, and (MP4/MOV) every sample of the
    // sample table was read. False for a recording cut off (a copy that stopped early):
    // it then ends at durationUs() where the container promised promisedDurationUs().
    bool complete() const { return m_complete; }
    // The stream's duration as the container declares it, in microseconds; 0 if unknown.
    int64_t promisedDurationUs() const { return m_promisedUs; }

    // Serialisation for the cache (and tests).
    std::vector<uint8_t> serialise(uint64_t key) const;
    static bool deserialise(const std::vector<uint8_t>& bytes, uint64_t key, FrameIndex& out);

private:
    std::vector<FrameIndexEntry> m_entries;   // sorted by pts
    std::vector<int64_t> m_keyframes;         // frame numbers of keyframes, ascending
    int m_streamIndex = -1;
    int m_timeBaseNum = 1, m_timeBaseDen = 1;
    int64_t m_lastDuration = 0;               // stream time base
    bool m_complete = true;
    int64_t m_promisedUs = 0;
    bool m_fromCache = false;

    void finish();
};

} // namespace media
