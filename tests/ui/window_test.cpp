// The review window end to end under xvfb-run: scripted keys and clicks through the
// harness, then the frames it showed (hashed from the textures read back) against
// ffmpeg's own framemd5 of the same file.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;
using test_support::runCommand;

namespace {

using namespace window_support;

const nlohmann::json& mark(const Run& run, const std::string& name)
{
    static const nlohmann::json none;
    for (const auto& m : run.stats["marks"])
        if (m["name"] == name)
            return m;
    FAIL("no mark " << name);
    return none;
}

// The frame the window shows is exactly frame `n`, down to the bytes in the textures.
void checkShown(const nlohmann::json& m, long long n)
{
    CAPTURE(m.dump());
    CHECK(m["settled"].get<bool>());
    REQUIRE(m["frame"].get<long long>() == n);
    REQUIRE(static_cast<size_t>(n) < truth().frames.size());
    CHECK(m["planes_md5"].get<std::string>() == truth().frames[static_cast<size_t>(n)].md5);
}

} // namespace

TEST_CASE("step forward and back, play and pause: exact frames on screen")
{
    Run run = runScript("transport",
                        "0.2 mark start\n"
                        "0.3 key Right\n"
                        "0.5 key Right\n"
                        "0.7 key Right\n"
                        "0.9 mark three\n"
                        "1.0 key Left\n"
                        "1.2 mark two\n"
                        "1.3 key shift+Right\n"
                        "1.6 mark five-seconds-on\n"
                        "1.7 key Home\n"
                        "1.9 mark home\n"
                        "2.0 key Space\n"
                        "3.5 mark playing\n"
                        "3.6 key Space\n"
                        "3.9 mark paused\n"
                        "4.0 key Left\n"
                        "4.2 mark back-from-pause\n",
                        {fixture().string()});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    REQUIRE(run.stats.is_object());
    CHECK(run.stats["messages"].empty());
    CHECK(run.stats["script_errors"].empty());
    checkShown(mark(run, "start"), 0);
    checkShown(mark(run, "three"), 3);
    checkShown(mark(run, "two"), 2);
    // Shift+Right: 5 s on from frame 2 (66.7 ms): 5.067 s is frame 152.
    checkShown(mark(run, "five-seconds-on"), 152);
    checkShown(mark(run, "home"), 0);
    CHECK(mark(run, "playing")["playing"].get<bool>());
    const auto& paused = mark(run, "paused");
    CHECK_FALSE(paused["playing"].get<bool>());
    long long pausedAt = paused["frame"].get<long long>();
    // About 1.6 s of play at 30 fps; generous for a loaded machine.
    CHECK(pausedAt >= 20);
    CHECK(pausedAt <= 60);
    checkShown(paused, pausedAt);
    checkShown(mark(run, "back-from-pause"), pausedAt - 1);
    CHECK(fs::exists(run.screenshot));
    CHECK(run.stats["first_frame_ms"].get<long long>() > 0);
}

TEST_CASE("clicking the timeline seeks to the exact frame under the mouse")
{
    // Window 1280x720: the timeline is the bottom 150 px; its track starts 98 px from the
    // left (padding + lane labels) and is 1174 px wide.
    Run run = runScript("timeline",
                        "0.3 click 685 660\n"
                        "0.8 mark middle\n"
                        "1.0 down 200 660\n"
                        "1.1 move 300 660\n"
                        "1.2 move 400 660\n"
                        "1.3 up 400 660\n"
                        "1.7 mark dragged\n",
                        {fixture().string()});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const auto& middle = mark(run, "middle");
    long long frame = middle["frame"].get<long long>();
    CHECK(frame >= 85);
    CHECK(frame <= 95); // 3.0 s
    checkShown(middle, frame);
    const auto& dragged = mark(run, "dragged");
    long long draggedFrame = dragged["frame"].get<long long>();
    CHECK(draggedFrame >= 40);
    CHECK(draggedFrame <= 50); // (400 - 98) / 1174 * 6 s = 1.54 s
    checkShown(dragged, draggedFrame);
}

TEST_CASE("speed steps with ] and [, and playback at 2x covers twice the media time")
{
    Run run = runScript("speed",
                        "0.2 key ]\n"
                        "0.3 key ]\n"
                        "0.4 key ]\n"
                        "0.5 key ]\n"
                        "0.6 mark fast\n"            // 1 -> 1.25 -> 1.5 -> 2 -> 3
                        "0.7 key [\n"
                        "0.8 mark two\n"
                        "0.9 key Space\n"
                        "2.4 key Space\n"
                        "2.7 mark after\n",
                        {fixture().string()});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(mark(run, "fast")["speed"].get<double>() == doctest::Approx(3.0));
    CHECK(mark(run, "two")["speed"].get<double>() == doctest::Approx(2.0));
    long long after = mark(run, "after")["frame"].get<long long>();
    // 1.5 s at 2x = 3 s = 90 frames; allow for start-up and a loaded machine.
    CHECK(after >= 55);
    CHECK(after <= 130);
    checkShown(mark(run, "after"), after);
}

TEST_CASE("an unreadable file gives a one-line message in the window, not a crash")
{
    fs::path garbage = test_support::testDataDir() / "ui" / "garbage.mp4";
    {
        std::ofstream out(garbage, std::ios::binary);
        for (int i = 0; i < 50000; ++i)
            out.put(static_cast<char>((i * 7919) & 0xff));
    }
    Run run = runScript("unreadable", "0.5 key F1\n1.0 key F1\n1.2 mark end\n", {garbage.string()});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    REQUIRE(run.stats["messages"].size() == 1);
    std::string message = run.stats["messages"][0].get<std::string>();
    CHECK(message.find("garbage.mp4") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(fs::exists(run.screenshot));
}

TEST_CASE("files dropped on the window open as its cameras; an unreadable one says why")
{
    fs::path garbage = test_support::testDataDir() / "ui" / "dropped-garbage.mp4";
    {
        std::ofstream out(garbage, std::ios::binary);
        for (int i = 0; i < 30000; ++i)
            out.put(static_cast<char>((i * 104729) & 0xff));
    }
    // Starts empty; the fixture is dropped, then stepped; then the garbage file.
    Run run = runScript("drop",
                        "0.2 drop " + fixture().string() + "\n"
                        "1.5 key Right\n"
                        "1.8 mark dropped\n"
                        "2.0 drop " + garbage.string() + "\n"
                        "3.0 mark after-garbage\n",
                        {});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    checkShown(mark(run, "dropped"), 1);
    REQUIRE(run.stats["messages"].size() == 1);
    std::string message = run.stats["messages"][0].get<std::string>();
    CHECK(message.find("dropped-garbage.mp4") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("go to a frame number, hold a key to step, and shuttle backwards with J")
{
    Run run = runScript("goto-hold-shuttle",
                        "0.2 key ctrl+g\n"
                        "0.8 text 120\n"   // the dialog takes the keyboard a frame after it opens
                        "1.2 key Enter\n"
                        "1.5 mark goto\n"
                        "1.6 keydown Right\n"
                        "2.6 keyup Right\n"
                        "2.9 mark held\n"
                        "3.0 key j\n"
                        "4.0 key k\n"
                        "4.3 mark reversed\n",
                        {fixture().string()});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(run.stats["script_errors"].empty());
    checkShown(mark(run, "goto"), 120);
    const auto& held = mark(run, "held");
    long long heldFrame = held["frame"].get<long long>();
    // Key repeat starts after 0.25 s and repeats every 0.05 s: a held second moves on
    // well over a few frames, each one exact.
    CHECK(heldFrame >= 124);
    CHECK(heldFrame <= 140);
    checkShown(held, heldFrame);
    const auto& reversed = mark(run, "reversed");
    CHECK_FALSE(reversed["playing"].get<bool>());
    long long reversedFrame = reversed["frame"].get<long long>();
    CHECK(reversedFrame < heldFrame);
    CHECK(reversedFrame >= heldFrame - 45);
    checkShown(reversed, reversedFrame);
}
