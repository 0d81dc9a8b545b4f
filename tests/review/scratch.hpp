#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "review/workspace.hpp"

namespace review_test {

// A temporary folder removed at the end of the test.
struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-review-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::filesystem::path db() const { return dir / "review.sqlite"; }
};

inline review::Workspace open(const std::filesystem::path& db, const std::string& coder = "alice")
{
    store::OpenOptions options;
    options.dailyBackup = false;
    auto ws = review::Workspace::open(db, coder, options);
    REQUIRE_MESSAGE(ws.ok(), ws.error().describe());
    return std::move(*ws);
}

} // namespace review_test
