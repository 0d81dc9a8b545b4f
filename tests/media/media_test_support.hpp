#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace media_test {

inline std::filesystem::path fixture(const std::string& name)
{
    return test_support::testDataDir() / "media" / name;
}

// The playable fixtures of make_fixtures.sh.
inline std::vector<std::string> playableFixtures()
{
    return {"h264_gop2s.mp4", "h264_gop10s.mp4", "hevc_opengop.mp4", "h264_editlist.mp4", "h264_vfr.mp4",
            "h264_rot90.mp4", "h264_10bit.mp4", "h264_422.mp4",     "h264_444.mp4",      "hevc_10bit.mp4",
            "mjpeg.avi"};
}

inline std::vector<int64_t> shuffledFrames(int64_t count, unsigned seed)
{
    std::vector<int64_t> order(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i)
        order[static_cast<size_t>(i)] = i;
    std::mt19937 random(seed);
    std::shuffle(order.begin(), order.end(), random);
    return order;
}

// The whole file, to show a command left it byte for byte as it was.
inline std::string fileBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace media_test
