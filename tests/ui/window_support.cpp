#include "window_support.hpp"

#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>
#include <unistd.h>

namespace fs = std::filesystem;
using test_support::runCommand;

namespace window_support {

const fs::path& fixture()
{
    static fs::path path = [] {
        fs::path dir = test_support::testDataDir() / "ui";
        fs::create_directories(dir);
        fs::path file = dir / "bars-6s.mp4";
        if (!fs::exists(file)) {
            fs::path temp = dir / ("bars-6s." + std::to_string(getpid()) + ".mp4");
            auto result = runCommand({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f",
                                      "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264",
                                      "-preset", "veryfast", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac",
                                      "-metadata", "creation_time=2024-05-01T14:03:18.000000Z", temp.string()});
            REQUIRE(result.exitCode == 0);
            fs::rename(temp, file);
        }
        return file;
    }();
    return path;
}

const test_support::Framemd5& truth()
{
    static test_support::Framemd5 md5 = test_support::ffmpegFramemd5(fixture());
    return md5;
}

Run runScript(const std::string& name, const std::string& script, const std::vector<std::string>& files,
              const std::vector<std::string>& before)
{
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        MESSAGE("no X display (xvfb-run is missing?): skipping the window tests");
        std::exit(77);
    }
    fs::path dir = test_support::testDataDir() / "ui" / "runs";
    fs::create_directories(dir);
    fs::path scriptPath = dir / (name + ".script");
    {
        std::ofstream out(scriptPath);
        out << script;
    }
    Run run;
    run.screenshot = dir / (name + ".png");
    fs::path stats = dir / (name + ".json");
    fs::remove(run.screenshot);
    fs::remove(stats);
    std::vector<std::string> argv = {test_support::executable().string()};
    argv.insert(argv.end(), before.begin(), before.end());
    for (const char* word : {"gui", "--script"})
        argv.push_back(word);
    argv.insert(argv.end(), {scriptPath.string(), "--screenshot", run.screenshot.string(), "--stats", stats.string()});
    argv.insert(argv.end(), files.begin(), files.end());
    auto result = runCommand(argv);
    run.exitCode = result.exitCode;
    run.out = result.out;
    run.err = result.err;
    std::ifstream in(stats);
    if (in)
        run.stats = nlohmann::json::parse(in, nullptr, false);
    return run;
}

} // namespace window_support
