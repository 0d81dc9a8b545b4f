#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <vector>

#include "common/result.hpp"
#include "media/frame_index.hpp"

namespace media {

// Timeline overview data, computed on a background worker with its own format context
// (run through common::BackgroundJob): keyframe thumbnails and audio waveform peaks.

struct Thumbnail {
    int64_t frameNumber = 0;
    int64_t timeUs = 0;
    int width = 0, height = 0;       // already rotated for display
    std::vector<uint8_t> rgba;       // width * height * 4
};

// One thumbnail per keyframe (at most `maxCount`, spread evenly over the keyframes),
// `targetHeight` pixels high. Decodes only keyframe packets.
common::Result<std::vector<Thumbnail>> computeThumbnails(const std::filesystem::path& path,
                                                         const FrameIndex& index, int targetHeight,
                                                         int maxCount, std::stop_token stop,
                                                         std::atomic<double>& progress);

// Min and max of the audio (all channels mixed) per bucket of `bucketUs` microseconds of
// media time, in [-1, 1]. Bucket i covers [i*bucketUs, (i+1)*bucketUs).
struct WaveformPeaks {
    int64_t bucketUs = 0;
    std::vector<float> minimum;
    std::vector<float> maximum;
};

common::Result<WaveformPeaks> computeWaveform(const std::filesystem::path& path, int64_t bucketUs,
                                              std::stop_token stop, std::atomic<double>& progress);

} // namespace media
