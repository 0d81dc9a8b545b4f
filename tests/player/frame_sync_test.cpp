#include <doctest/doctest.h>

#include <vector>

#include "player/frame_sync.hpp"

using namespace player;

namespace {
constexpr int64_t kFrame = 33'333;      // 30 fps
constexpr int64_t kRefresh = 16'667;    // 60 Hz
} // namespace

TEST_CASE("a frame waits until the clock reaches it")
{
    std::vector<int64_t> times = {kFrame, 2 * kFrame};
    SyncDecision d = decidePresentation(times, kFrame - 1, true, 1.0, kRefresh);
    CHECK(d.present == -1);
    CHECK(d.discarded == 0);
    d = decidePresentation(times, kFrame, true, 1.0, kRefresh);
    CHECK(d.present == 0);
    CHECK(d.dropped == 0);
}

TEST_CASE("late frames are discarded and counted as dropped at 1x")
{
    std::vector<int64_t> times = {kFrame, 2 * kFrame, 3 * kFrame, 4 * kFrame};
    SyncDecision d = decidePresentation(times, 3 * kFrame + 10, true, 1.0, kRefresh);
    CHECK(d.present == 2);
    CHECK(d.discarded == 2);
    CHECK(d.dropped == 2);
}

TEST_CASE("frames faster than the display are skipped, not dropped (30 fps at 4x on 60 Hz)")
{
    std::vector<int64_t> times = {0, kFrame, 2 * kFrame};
    SyncDecision d = decidePresentation(times, 2 * kFrame, true, 4.0, kRefresh);
    CHECK(d.present == 2);
    CHECK(d.discarded == 2);
    CHECK(d.dropped == 0);
}

TEST_CASE("at 2x on 60 Hz every frame deserves a refresh: discards are drops")
{
    std::vector<int64_t> times = {0, kFrame};
    SyncDecision d = decidePresentation(times, kFrame, true, 2.0, kRefresh);
    CHECK(d.present == 1);
    CHECK(d.dropped == 1);
}

TEST_CASE("reverse playback: due when the clock has come down to the frame")
{
    std::vector<int64_t> times = {3 * kFrame, 2 * kFrame, kFrame};
    SyncDecision d = decidePresentation(times, 2 * kFrame, false, 1.0, kRefresh);
    CHECK(d.present == 1);
    CHECK(d.dropped == 1);
}

TEST_CASE("time until the next frame is due, in wall time")
{
    std::vector<int64_t> times = {100'000};
    CHECK(untilNextDueUs(times, 50'000, true, 1.0, 7) == 50'000);
    CHECK(untilNextDueUs(times, 50'000, true, 2.0, 7) == 25'000);
    CHECK(untilNextDueUs(times, 150'000, true, 1.0, 7) == 0);
    CHECK(untilNextDueUs({}, 0, true, 1.0, 7) == 7);
}
