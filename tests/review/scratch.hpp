#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "review_support.hpp"

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

using test_support::kEveryRoleButAdministrator;

inline review::Workspace open(const std::filesystem::path& db, const std::string& person = "alice",
                              review::Roles roles = kEveryRoleButAdministrator)
{
    auto ws = test_support::signedIn(db, person, roles);
    REQUIRE_MESSAGE(ws.ok(), ws.error().describe());
    return std::move(*ws);
}

} // namespace review_test
