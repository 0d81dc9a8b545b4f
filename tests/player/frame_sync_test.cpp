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
    // Frame 3 due for longer than the tolerance: frames 1 and 2 are thrown away.
    SyncDecision d = decidePresentation(times, 3 * kFrame + kLateToleranceUs, true, 1.0, kRefresh);
    CHECK(d.present == 2);
    CHECK(d.discarded == 2);
    CHECK(d.dropped == 2);
    // Frame 3 due for a moment only: frame 2 is still shown in its turn, frame 1 is not.
    d = decidePresentation(times, 3 * kFrame + 10, true, 1.0, kRefresh);
    CHECK(d.present == 1);
    CHECK(d.discarded == 1);
    CHECK(d.dropped == 1);
}

TEST_CASE("a frame a few milliseconds late is shown in its turn, not dropped")
{
    // 2x on 60 Hz: each frame lasts 16.7 ms of wall time; its successor may be up to
    // kLateToleranceUs (wall) overdue and it is still shown.
    std::vector<int64_t> times = {kFrame, 2 * kFrame};
    SyncDecision d = decidePresentation(times, 2 * kFrame + 2 * (kLateToleranceUs - 1), true, 2.0, kRefresh);
    CHECK(d.present == 0);
    CHECK(d.dropped == 0);
}

TEST_CASE("a frame is never shown more than kMaxLateUs after its time (1x, 30 fps: no tolerance left)")
{
    std::vector<int64_t> times = {kFrame, 2 * kFrame};
    // Frame 1 would be 33.3 + 2 ms late: over 35 ms, so frame 2 is shown instead.
    SyncDecision d = decidePresentation(times, 2 * kFrame + 2'000, true, 1.0, kRefresh);
    CHECK(d.present == 1);
    CHECK(d.dropped == 1);
    // Just due: frame 1 still in its turn.
    d = decidePresentation(times, 2 * kFrame + 1'000, true, 1.0, kRefresh);
    CHECK(d.present == 0);
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
    // 2x: media time runs twice as fast as the wall clock, so the tolerance is in wall time.
    SyncDecision d = decidePresentation(times, kFrame + 2 * kLateToleranceUs, true, 2.0, kRefresh);
    CHECK(d.present == 1);
    CHECK(d.dropped == 1);
    d = decidePresentation(times, kFrame + 2 * kLateToleranceUs - 2, true, 2.0, kRefresh);
    CHECK(d.present == 0);
    CHECK(d.dropped == 0);
}

TEST_CASE("reverse playback: due when the clock has come down to the frame")
{
    std::vector<int64_t> times = {3 * kFrame, 2 * kFrame, kFrame};
    SyncDecision d = decidePresentation(times, 2 * kFrame, false, 1.0, kRefresh);
    CHECK(d.present == 0); // frame 2 has only just come due
    d = decidePresentation(times, 2 * kFrame - kLateToleranceUs, false, 1.0, kRefresh);
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
