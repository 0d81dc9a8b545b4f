#include <doctest/doctest.h>

#include "player/media_clock.hpp"

using namespace player;

TEST_CASE("the monotonic clock runs at its speed and holds still when paused")
{
    MediaClock clock;
    clock.set(1'000'000, 0);
    CHECK(clock.time(500'000) == 1'000'000); // not running yet
    clock.setRunning(true, 500'000);
    CHECK(clock.time(1'500'000) == 2'000'000);
    clock.setSpeed(2.0, 1'500'000); // no jump at the change
    CHECK(clock.time(1'500'000) == 2'000'000);
    CHECK(clock.time(2'000'000) == 3'000'000);
    clock.setRunning(false, 2'000'000);
    CHECK(clock.time(9'000'000) == 3'000'000);
    clock.setRunning(true, 9'000'000);
    CHECK(clock.time(9'250'000) == 3'500'000);
}

TEST_CASE("a seek moves the clock without changing its state")
{
    MediaClock clock;
    clock.setRunning(true, 0);
    clock.set(5'000'000, 100);
    CHECK(clock.running());
    CHECK(clock.time(100) == 5'000'000);
    CHECK(clock.time(1'000'100) == 6'000'000);
}

TEST_CASE("reverse shuttle: a negative speed runs the clock backwards")
{
    MediaClock clock;
    clock.set(10'000'000, 0);
    clock.setSpeed(-1.0, 0);
    clock.setRunning(true, 0);
    CHECK(clock.time(2'000'000) == 8'000'000);
}
