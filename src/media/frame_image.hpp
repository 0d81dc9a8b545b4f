#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/output_file.hpp"
#include "common/result.hpp"
#include "media/video_frame.hpp"

namespace media {

// A picture as 8-bit RGB or RGBA, top row first.
struct RgbImage {
    int width = 0, height = 0;
    int channels = 3;
    std::vector<uint8_t> pixels;
};

// Converts a decoded frame to RGB with its own colour matrix and range (PlaneLayout),
// scaled to `height` pixels high (0: full size, square pixels from the sample aspect
// ratio are not applied), then turned clockwise by `rotation` degrees (0/90/180/270) as
// the display matrix asks.
common::Result<RgbImage> toRgb(const VideoFrame& frame, int rotation, int height = 0, int channels = 3);

// Writes a PNG (stb_image_write) through common::OutputFile: never onto a protected or
// (unless the policy says) existing file; whole or not at all.
common::Status writePng(const RgbImage& image, const std::filesystem::path& path,
                        const common::OutputPolicy& policy = {});

} // namespace media
