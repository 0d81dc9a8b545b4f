#pragma once

#include <cstdint>
#include <filesystem>

#include "common/result.hpp"

namespace media {

// Measurements behind `bwv-review bench decode|seek|step`. Each compares the engine with
// an independent reference in the same run; none of them asserts anything.

struct DecodeBench {
    int64_t frames = 0;
    double fps = 0;            // VideoReader::frame(0..N-1) in order
    double referenceFps = 0;   // a plain libavcodec send/receive loop, same threads
    double peakRssMiB = 0;
};
common::Result<DecodeBench> benchDecode(const std::filesystem::path& path, int threads);

struct SeekBench {
    int count = 0;
    int exact = 0;                 // seeks whose frame MD5 equals the sequential decode's
    double p50Ms = 0, p95Ms = 0, meanMs = 0;
    double meanFramesDecoded = 0;  // frames the decoder produced per seek
    double decodeMsPerFrame = 0;   // sequential decode cost of one frame, same threads
    double peakRssMiB = 0;
};
common::Result<SeekBench> benchSeek(const std::filesystem::path& path, int count, uint64_t seed, int threads);

struct StepBench {
    int count = 0;
    double p50Ms = 0, p95Ms = 0, maxMs = 0, meanMs = 0;
    double peakRssMiB = 0;
};
// Steps `count` frames from the middle of the file (backwards) or its start (forwards),
// as a user holding the arrow key does, after landing there with an exact seek.
common::Result<StepBench> benchStep(const std::filesystem::path& path, bool backwards, int count, int threads);

} // namespace media
