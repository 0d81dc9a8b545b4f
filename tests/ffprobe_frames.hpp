#pragma once

// Frame timestamps as ffprobe reads them: the independent truth for "the frame a camera
// shows at a moment", shared by the tests that report frame numbers (transcript search,
// masks, the research CSV's start_frame and end_frame).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace test_support {

// Frame timestamps as ffprobe reads them: pts in the stream's time base, in presentation
// order, measured from the first frame (DESIGN.md: media time starts at the first frame).
struct FrameTimes {
    long long num = 1, den = 1;
    std::vector<long long> pts; // from the first frame's
    // The frame shown at media time `us`: the last frame at or before it. None before the
    // first frame or after the last frame's time (a test keeps clear of the last frame's
    // own duration, where "still running" is a matter of definition).
    std::optional<long long> shownAt(long long us) const
    {
        if (us < 0)
            return std::nullopt;
        long long shown = -1;
        for (std::size_t i = 0; i < pts.size(); ++i)
            if (pts[i] * num * 1000000 <= us * den) // pts * num / den seconds <= us microseconds
                shown = static_cast<long long>(i);
        if (shown == static_cast<long long>(pts.size()) - 1) {
            const long long lastUs = pts.back() * num * 1000000 / den;
            REQUIRE_MESSAGE(us - lastUs > 200000, "a test time lies on the last frame's own duration: pick another");
            return std::nullopt;
        }
        return shown;
    }
    long long us(std::size_t frame) const { return pts[frame] * num * 1000000 / den; }
};

inline FrameTimes ffprobeFrames(const std::filesystem::path& file)
{
    auto r = test_support::runCommand({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                       "frame=pts:stream=time_base", "-of", "json", file.string()});
    requireOk(r);
    nlohmann::json j = nlohmann::json::parse(r.out);
    FrameTimes t;
    const std::string base = j["streams"][0]["time_base"].get<std::string>();
    t.num = std::stoll(base.substr(0, base.find('/')));
    t.den = std::stoll(base.substr(base.find('/') + 1));
    for (const nlohmann::json& f : j["frames"])
        t.pts.push_back(f["pts"].get<long long>());
    std::sort(t.pts.begin(), t.pts.end());
    const long long first = t.pts.front();
    for (long long& p : t.pts)
        p -= first;
    return t;
}

} // namespace test_support
