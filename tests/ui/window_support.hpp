#pragma once

// The window under test: a small fixture file, ffmpeg's own frame hashes of it, and a
// harness run of bwv-review gui with a script.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace window_support {

// 6 s, 640x360, 30 fps, H.264 with B-frames and a 1 s GOP, AAC, a creation time.
const std::filesystem::path& fixture();
const test_support::Framemd5& truth();

struct Run {
    int exitCode = -1;
    nlohmann::json stats;
    std::filesystem::path screenshot;
    std::string out;
    std::string err;
};

// bwv-review [before...] gui --script ... --screenshot ... --stats ... [files...]; exits
// the test with 77 (skipped) when there is no X display.
Run runScript(const std::string& name, const std::string& script, const std::vector<std::string>& files,
              const std::vector<std::string>& before = {});

} // namespace window_support
