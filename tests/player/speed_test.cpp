#include <doctest/doctest.h>

#include <string>

#include "player/speed.hpp"

using namespace player;

TEST_CASE("speed steps go from 0.1x to 16x and clamp at both ends")
{
    CHECK(fasterSpeed(1.0) == doctest::Approx(1.25));
    CHECK(slowerSpeed(1.0) == doctest::Approx(0.75));
    CHECK(fasterSpeed(4.0) == doctest::Approx(8.0));
    CHECK(fasterSpeed(16.0) == doctest::Approx(16.0));
    CHECK(slowerSpeed(0.1) == doctest::Approx(0.1));
    CHECK(slowerSpeed(0.25) == doctest::Approx(0.1));
    // A speed between steps moves to the neighbouring step.
    CHECK(fasterSpeed(1.1) == doctest::Approx(1.25));
    CHECK(slowerSpeed(1.1) == doctest::Approx(1.0));
    CHECK(clampSpeed(100.0) == doctest::Approx(16.0));
    CHECK(clampSpeed(0.01) == doctest::Approx(0.1));
    // Walking up from the bottom visits every step once.
    double speed = kMinSpeed;
    int steps = 0;
    while (speed < kMaxSpeed) {
        speed = fasterSpeed(speed);
        ++steps;
    }
    CHECK(steps == static_cast<int>(std::size(kSpeedSteps)) - 1);
}

TEST_CASE("sound plays from 0.25x to 4x only")
{
    CHECK_FALSE(speedHasSound(0.1));
    CHECK(speedHasSound(0.25));
    CHECK(speedHasSound(1.0));
    CHECK(speedHasSound(4.0));
    CHECK_FALSE(speedHasSound(8.0));
}

TEST_CASE("atempo chains keep each stage within 0.5..2")
{
    CHECK(atempoChain(1.0).empty());
    CHECK(atempoChain(0.25) == "atempo=0.500000,atempo=0.500000");
    CHECK(atempoChain(4.0) == "atempo=2.000000,atempo=2.000000");
    CHECK(atempoChain(3.0) == "atempo=2.000000,atempo=1.500000");
    CHECK(atempoChain(1.5) == "atempo=1.500000");
    CHECK(atempoChain(0.75) == "atempo=0.750000");
}

TEST_CASE("speed labels")
{
    CHECK(speedLabel(1.0) == "1x");
    CHECK(speedLabel(0.25) == "0.25x");
    CHECK(speedLabel(16.0) == "16x");
}
