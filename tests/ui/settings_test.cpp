#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/paths.hpp"
#include "ui/settings.hpp"

using namespace ui;

TEST_CASE("the last position of each file is remembered")
{
    auto file = std::filesystem::temp_directory_path() / "bwv-settings-test.mp4";
    std::ofstream(file) << "x";
    saveLastPosition(file, 12'345'678);
    auto position = loadLastPosition(file);
    REQUIRE(position);
    CHECK(*position == 12'345'678);
    saveLastPosition(file, 42);
    CHECK(loadLastPosition(file).value_or(-1) == 42);
    CHECK_FALSE(loadLastPosition(std::filesystem::temp_directory_path() / "never-opened.mp4"));
    std::filesystem::remove(file);
}

TEST_CASE("the window layout survives a round trip, and a damaged file gives defaults")
{
    WindowLayout layout;
    layout.width = 1500;
    layout.height = 900;
    layout.x = 10;
    layout.y = 20;
    layout.timelineHeight = 180;
    saveWindowLayout(layout);
    WindowLayout loaded = loadWindowLayout();
    CHECK(loaded.width == 1500);
    CHECK(loaded.height == 900);
    CHECK(loaded.x == 10);
    CHECK(loaded.timelineHeight == doctest::Approx(180));
    std::ofstream(common::configDir() / "window.json") << "{ not json";
    WindowLayout fallback = loadWindowLayout();
    CHECK(fallback.width == WindowLayout().width);
}
