// The Player with real files and no window: exact stills, seeks, offsets between
// cameras, and playback moving forward on the clock.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "media/video_reader.hpp"
#include "player/player.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

fs::path makeFixture(const std::string& name, const std::string& rate)
{
    fs::path dir = test_support::testDataDir() / "player";
    fs::create_directories(dir);
    fs::path file = dir / name;
    if (!fs::exists(file)) {
        fs::path temp = dir / (name + "." + std::to_string(getpid()) + ".mp4");
        auto result = test_support::runCommand({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=" + rate,
                                                "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000", "-t", "4", "-c:v",
                                                "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
                                                "-c:a", "aac", temp.string()});
        REQUIRE(result.exitCode == 0);
        fs::rename(temp, file);
    }
    return file;
}

std::unique_ptr<media::VideoReader> open(const fs::path& path)
{
    auto reader = media::VideoReader::open(path);
    REQUIRE(reader.ok());
    return std::move(*reader);
}

// Updates until every camera shows what was asked for (or 5 s pass).
void settle(player::Player& player)
{
    for (int i = 0; i < 500; ++i) {
        player.update();
        if (player.settled() && player.shown(0) && player.shown(0)->number() == player.currentFrame())
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("the player did not settle");
}

player::Player::Options quiet()
{
    player::Player::Options options;
    options.audio = false;
    return options;
}

} // namespace

TEST_CASE("steps and seeks land on exact frames")
{
    fs::path file = makeFixture("p25.mp4", "25");
    player::Player player(quiet());
    REQUIRE(player.addCamera(open(file), file).ok());
    settle(player);
    CHECK(player.shown(0)->number() == 0);
    player.step(1);
    player.step(1);
    player.step(1);
    settle(player);
    CHECK(player.shown(0)->number() == 3);
    player.step(-1);
    settle(player);
    CHECK(player.shown(0)->number() == 2);
    player.seekToFrame(77);
    settle(player);
    CHECK(player.shown(0)->number() == 77);
    CHECK(player.shown(0)->timeUs() == 77 * 40000);
    player.seek(2'000'000);
    settle(player);
    CHECK(player.shown(0)->number() == 50);
    CHECK(player.stats().framesDropped == 0);
}

TEST_CASE("two cameras follow one timeline with a whole-frame offset")
{
    fs::path a = makeFixture("p25.mp4", "25");
    fs::path b = makeFixture("p30.mp4", "30");
    player::Player player(quiet());
    REQUIRE(player.addCamera(open(a), a).ok());
    REQUIRE(player.addCamera(open(b), b).ok());
    player.setOffsetUs(1, 1'000'000); // camera 2 starts 1 s later on the timeline
    CHECK(player.camera(1).offsetUs == 1'000'000);
    player.seek(2'500'000);
    settle(player);
    CHECK(player.shown(0)->number() == 62);   // 2.5 s at 25 fps (frame 62 starts at 2.48 s)
    CHECK(player.shown(1)->number() == 45);   // 1.5 s at 30 fps
    // One frame back by the frame index: camera 2 now shows frame 46 from its first
    // microsecond at the position (2.5 s - 46/30 s), not an offset rounded from a rate.
    CHECK(player.nudgeOffset(1, -1) == 2'500'000 - player.camera(1).index->firstMicrosecondOf(46));
    settle(player);
    CHECK(player.shown(1)->number() == 46);
    CHECK(player.nudgeOffset(1, 1) == 2'500'000 - player.camera(1).index->firstMicrosecondOf(45));
    settle(player);
    CHECK(player.shown(1)->number() == 45);
}

TEST_CASE("playback moves on with the clock and stops at the end")
{
    fs::path file = makeFixture("p25.mp4", "25");
    player::Player player(quiet());
    REQUIRE(player.addCamera(open(file), file).ok());
    settle(player);
    player.seekToFrame(60);
    settle(player);
    player.setSpeed(2.0);
    player.play();
    auto start = std::chrono::steady_clock::now();
    while (player.playing() && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
        player.update();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // 1.6 s of media at 2x: done in about 0.8 s, paused on the last frame.
    CHECK_FALSE(player.playing());
    settle(player);
    CHECK(player.shown(0)->number() == 99);
    CHECK(player.stats().framesPresented > 10);
}
