#include <doctest/doctest.h>

#include "ui/time_format.hpp"

using namespace ui;

TEST_CASE("media times print as HH:MM:SS.mmm")
{
    CHECK(formatMediaTime(0) == "00:00:00.000");
    CHECK(formatMediaTime(83'456'000) == "00:01:23.456");
    CHECK(formatMediaTime(3'600'000'000LL) == "01:00:00.000");
    CHECK(formatMediaTime(-1'500'000) == "-00:00:01.500");
}

TEST_CASE("the camera's wall clock is its creation time plus media time")
{
    auto wall = wallClockAt("2024-05-01T14:03:18.000000Z", 4'100'000);
    REQUIRE(wall);
    CHECK(*wall == "2024-05-01 14:03:22.100 UTC");
    // Crossing midnight.
    wall = wallClockAt("2024-05-01T23:59:59Z", 2'000'000);
    REQUIRE(wall);
    CHECK(*wall == "2024-05-02 00:00:01.000 UTC");
    CHECK_FALSE(wallClockAt("yesterday", 0));
}

TEST_CASE("go to: frame numbers, times and timecodes")
{
    auto t = parseGoTo("1234");
    REQUIRE(t);
    CHECK(t->isFrame);
    CHECK(t->frame == 1234);
    t = parseGoTo("1:23.5");
    REQUIRE(t);
    CHECK_FALSE(t->isFrame);
    CHECK(t->timeUs == 83'500'000);
    t = parseGoTo("00:01:23.456");
    REQUIRE(t);
    CHECK(t->timeUs == 83'456'000);
    t = parseGoTo("00:01:23:12");
    REQUIRE(t);
    CHECK(t->timeUs == 83'000'000);
    CHECK(t->extraFrames == 12);
    t = parseGoTo("83.5");
    REQUIRE(t);
    CHECK(t->timeUs == 83'500'000);
    CHECK_FALSE(parseGoTo(""));
    CHECK_FALSE(parseGoTo("abc"));
    CHECK_FALSE(parseGoTo("1::2"));
}
