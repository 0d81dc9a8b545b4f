#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "demo/demo_footage.hpp"
#include "test_support.hpp"

namespace {

using Fields = std::map<std::string, std::string>;

// ffprobe's own view of one stream plus the container: "key=value" lines.
Fields probeStream(const std::filesystem::path& file, const std::string& stream, const std::string& entries)
{
    auto r = test_support::runCommand({"ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                                       entries + ":format=duration:format_tags=creation_time", "-of",
                                       "default=noprint_wrappers=1", file.string()});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    Fields fields;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line))
        if (auto eq = line.find('='); eq != std::string::npos)
            fields[line.substr(0, eq)] = line.substr(eq + 1);
    return fields;
}

int countKeyPackets(const std::filesystem::path& file)
{
    auto r = test_support::runCommand({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                       "packet=flags", "-of", "csv=p=0", file.string()});
    REQUIRE(r.exitCode == 0);
    return static_cast<int>(std::count(r.out.begin(), r.out.end(), 'K'));
}

// ffmpeg's volumedetect mean volume (dB) of the sound between two media times.
double meanVolume(const std::filesystem::path& file, double from, double to)
{
    auto r = test_support::runCommand({"ffmpeg", "-hide_banner", "-nostats", "-ss", std::to_string(from), "-to",
                                       std::to_string(to), "-i", file.string(), "-vn", "-af", "volumedetect",
                                       "-f", "null", "-"});
    REQUIRE(r.exitCode == 0);
    auto at = r.err.find("mean_volume:");
    REQUIRE(at != std::string::npos);
    return std::stod(r.err.substr(at + 12));
}

std::vector<std::filesystem::path> listDir(const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

struct Expected {
    const char* label;
    const char* rate;
    int fps;
    double durationS;
    long long offsetUs;
};
constexpr Expected kExpected[] = {
    {"Officer A", "25/1", 25, 42.0, 0},
    {"Officer B", "30/1", 30, 40.0, 2'400'000},
};

} // namespace

TEST_CASE("demo footage: two officers' cameras as promised, made once")
{
    const auto dir = test_support::testDataDir() / "demo-footage";
    std::filesystem::remove_all(dir);

    std::atomic<double> progress{0};
    auto started = std::chrono::steady_clock::now();
    auto first = demo::ensureDemoFootage(dir, {}, &progress);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE_MESSAGE(first.ok(), first.error().describe());
    std::printf("demo footage made in %.1f s\n", seconds);
    CHECK(progress.load() == doctest::Approx(1.0));
    REQUIRE(first->cameras.size() == 2);
    // Two files and the marker; no temporary file or speech folder left behind.
    CHECK(listDir(dir) == std::vector<std::filesystem::path>{"demo.complete", "officer_a.mp4", "officer_b.mp4"});

    for (size_t i = 0; i < 2; ++i) {
        const demo::DemoCamera& cam = first->cameras[i];
        const Expected& want = kExpected[i];
        CAPTURE(cam.path);
        CHECK(cam.label == want.label);
        CHECK(cam.offsetUs == want.offsetUs);
        REQUIRE(std::filesystem::exists(cam.path));

        Fields video = probeStream(cam.path, "v:0", "stream=codec_name,width,height,r_frame_rate,has_b_frames,nb_frames");
        CHECK(video["codec_name"] == "h264");
        CHECK(video["width"] == "1280");
        CHECK(video["height"] == "720");
        CHECK(video["r_frame_rate"] == want.rate);
        CHECK(std::stoi(video["has_b_frames"]) > 0);
        CHECK(std::stoll(video["nb_frames"]) == static_cast<long long>(want.durationS * want.fps));
        CHECK(std::stod(video["duration"]) == doctest::Approx(want.durationS).epsilon(0.01));
        CHECK(video["TAG:creation_time"] == cam.creationTime);
        CHECK(video["TAG:creation_time"].rfind("2024-03-14T15:42:", 0) == 0);
        // A keyframe every 2 s.
        CHECK(countKeyPackets(cam.path) == static_cast<int>(want.durationS / 2 + 0.999));

        Fields audio = probeStream(cam.path, "a:0", "stream=codec_name,sample_rate,channels");
        CHECK(audio["codec_name"] == "aac");
        CHECK(audio["sample_rate"] == "48000");
    }

    // The script's times hold in both files: the officer's "you are detained" line starts
    // at 18.8 s of the encounter, so it is louder than the quiet search at 32.8 s in each
    // camera's own media time.
    const auto& script = first->script;
    REQUIRE(!script.empty());
    CHECK(std::is_sorted(script.begin(), script.end(),
                         [](const auto& a, const auto& b) { return a.timeUs < b.timeUs; }));
    auto detained = std::find_if(script.begin(), script.end(), [](const auto& e) { return e.code == "PAC.Y"; });
    auto search = std::find_if(script.begin(), script.end(),
                               [](const auto& e) { return e.description.find("searches") != std::string::npos; });
    REQUIRE(detained != script.end());
    REQUIRE(search != script.end());
    for (const demo::DemoCamera& cam : first->cameras) {
        CAPTURE(cam.path);
        double speech = (detained->timeUs - cam.offsetUs) / 1e6;
        double quiet = (search->timeUs - cam.offsetUs) / 1e6;
        CHECK(meanVolume(cam.path, speech + 0.2, speech + 1.8) > meanVolume(cam.path, quiet + 0.2, quiet + 1.8) + 6);
    }

    // Second call: cached, files untouched.
    std::vector<std::filesystem::file_time_type> before;
    for (const demo::DemoCamera& cam : first->cameras)
        before.push_back(std::filesystem::last_write_time(cam.path));
    started = std::chrono::steady_clock::now();
    auto second = demo::ensureDemoFootage(dir);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(second.ok());
    CHECK(seconds < 1.0);
    REQUIRE(second->cameras.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        CHECK(second->cameras[i].path == first->cameras[i].path);
        CHECK(std::filesystem::last_write_time(second->cameras[i].path) == before[i]);
    }
}

TEST_CASE("demo footage: cancelled half way, it leaves no file behind")
{
    const auto dir = test_support::testDataDir() / "demo-footage-cancelled";
    std::filesystem::remove_all(dir);
    std::atomic<double> progress{0};
    std::optional<common::Result<demo::DemoFootage>> result;
    {
        std::jthread worker([&](std::stop_token stop) { result.emplace(demo::ensureDemoFootage(dir, stop, &progress)); });
        // Cancel in the middle of camera A's pictures, when its temporary file is open.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (progress.load() < 0.2 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        worker.request_stop();
    }
    REQUIRE(result.has_value());
    REQUIRE_FALSE(result->ok());
    CHECK(result->error().code == common::ErrorCode::Cancelled);
    CHECK(listDir(dir).empty());
}
