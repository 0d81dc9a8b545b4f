// #10: a recording cut off before its end is named as such. The truth for durations is
// ffprobe: the uncut file's declared video duration, and the packets ffprobe reads from
// the cut file.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "media/frame_index.hpp"
#include "media/probe.hpp"
#include "media_test_support.hpp"

using namespace media_test;
using test_support::runCommand;

namespace {

std::filesystem::path workDir()
{
    std::filesystem::path dir = test_support::testDataDir() / "completeness";
    std::filesystem::create_directories(dir);
    return dir;
}

// A 6 s recording with sound whose index (moov) sits at the front, as cameras and
// `-movflags +faststart` write it: cutting it leaves a file that still opens.
std::filesystem::path faststartRecording()
{
    std::filesystem::path file = workDir() / "faststart.mp4";
    if (!std::filesystem::exists(file)) {
        std::filesystem::path temp = workDir() / "faststart.tmp.mp4";
        auto r = runCommand({"ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                             "testsrc2=size=320x240:rate=30:duration=6", "-f", "lavfi", "-i",
                             "sine=frequency=440:sample_rate=48000:duration=6", "-c:v", "libx264", "-preset", "veryfast",
                             "-bf", "3", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags",
                             "+faststart", temp.string()});
        REQUIRE(r.exitCode == 0);
        std::filesystem::rename(temp, file);
    }
    return file;
}

// The same in Matroska with its cues (index) reserved at the front, as a recorder that
// writes the index first does.
std::filesystem::path cuesFirstMatroska()
{
    std::filesystem::path file = workDir() / "cues_first.mkv";
    if (!std::filesystem::exists(file)) {
        std::filesystem::path temp = workDir() / "cues_first.tmp.mkv";
        auto r = runCommand({"ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                             "testsrc2=size=320x240:rate=30:duration=6", "-c:v", "libx264", "-preset", "veryfast", "-g",
                             "30", "-reserve_index_space", "4096", temp.string()});
        REQUIRE(r.exitCode == 0);
        std::filesystem::rename(temp, file);
    }
    return file;
}

// The first `percent` % of `from`'s bytes.
std::filesystem::path cutCopy(const std::filesystem::path& from, int percent)
{
    std::filesystem::path to = workDir() / ("cut" + std::to_string(percent) + from.extension().string());
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(to, std::filesystem::file_size(from) * static_cast<uintmax_t>(percent) / 100);
    return to;
}

nlohmann::json ffprobeJson(const std::vector<std::string>& args)
{
    std::vector<std::string> argv = {"ffprobe", "-v", "quiet", "-of", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = runCommand(argv);
    REQUIRE(!r.out.empty());
    return nlohmann::json::parse(r.out);
}

// The video stream's duration as the uncut file declares it (the file's, in Matroska,
// which declares none per stream).
double declaredVideoSeconds(const std::filesystem::path& file)
{
    auto j = ffprobeJson({"-select_streams", "v:0", "-show_entries", "stream=duration:format=duration", file.string()});
    if (j["streams"][0].contains("duration"))
        return std::stod(j["streams"][0]["duration"].get<std::string>());
    return std::stod(j["format"]["duration"].get<std::string>());
}

// Where the video ffprobe can read from a cut file ends: the latest packet's end, from the
// first packet's time.
double readableVideoSeconds(const std::filesystem::path& file)
{
    auto j = ffprobeJson({"-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time", file.string()});
    double first = 1e300, end = 0;
    for (const auto& p : j["packets"]) {
        double pts = std::stod(p["pts_time"].get<std::string>());
        first = std::min(first, pts);
        end = std::max(end, pts + std::stod(p["duration_time"].get<std::string>()));
    }
    return end - first;
}

// mm:ss.cc, the form of the sentence (cut down for where it ends, rounded for the promise).
std::string clock(double seconds, bool nearest)
{
    auto c = static_cast<long long>(nearest ? std::llround(seconds * 100) : std::floor(seconds * 100 + 1e-6));
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld.%02lld", c / 6000, c / 100 % 60, c % 100);
    return text;
}

} // namespace

TEST_CASE("#10: an MP4 (and a Matroska file) with its index at the front, cut at 10, 50 and 90 %, is named incomplete")
{
  for (const std::filesystem::path& whole : {faststartRecording(), cuesFirstMatroska()}) {
    CAPTURE(whole);
    const double promised = declaredVideoSeconds(whole);
    REQUIRE(promised == doctest::Approx(6.0).epsilon(0.01));
    for (int percent : {10, 50, 90}) {
        CAPTURE(percent);
        std::filesystem::path cut = cutCopy(whole, percent);
        const std::string before = fileBytes(cut);
        const double endsAt = readableVideoSeconds(cut);
        REQUIRE(endsAt < promised - 0.3);

        auto facts = media::probe(cut, false);
        REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? "" : facts.error().describe()));
        CHECK_FALSE(facts->complete);
        CHECK(facts->endsAtS == doctest::Approx(endsAt).epsilon(0.0005));
        CHECK(facts->promisedS == doctest::Approx(promised).epsilon(0.0005));
        const std::string sentence = "recording incomplete: ends at " + clock(endsAt, false) + " of " + clock(promised, true);
        CHECK(media::incompleteRecordingText(*facts) == sentence);

        auto text = runCommand({test_support::executable().string(), "probe", cut.string()});
        CHECK(text.exitCode == 0);
        CHECK(text.out.find("warning:   " + sentence + "\n") != std::string::npos);

        auto json = runCommand({test_support::executable().string(), "probe", cut.string(), "--json"});
        REQUIRE(json.exitCode == 0);
        auto j = nlohmann::json::parse(json.out);
        CHECK(j["complete"] == false);
        CHECK(j["ends_at_s"].get<double>() == doctest::Approx(endsAt).epsilon(0.0005));
        CHECK(j["promised_s"].get<double>() == doctest::Approx(promised).epsilon(0.0005));
        CHECK(fileBytes(cut) == before);
    }
  }
}

TEST_CASE("#10: the verdict survives the index cache")
{
    std::filesystem::path cut = cutCopy(faststartRecording(), 50);
    auto first = media::FrameIndex::build(cut);
    REQUIRE(first.ok());
    auto cached = media::FrameIndex::build(cut);
    REQUIRE(cached.ok());
    CHECK(cached->loadedFromCache());
    CHECK_FALSE(first->complete());
    CHECK_FALSE(cached->complete());
    CHECK(cached->promisedDurationUs() == first->promisedDurationUs());
}

TEST_CASE("#10: complete recordings say complete: the uncut files, VFR, edit list and every fixture")
{
    std::vector<std::filesystem::path> files = {faststartRecording(), cuesFirstMatroska()};
    for (const std::string& name : playableFixtures())
        files.push_back(fixture(name));
    for (const auto& file : files) {
        CAPTURE(file);
        auto facts = media::probe(file, false);
        REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? "" : facts.error().describe()));
        CHECK(facts->complete);
        CHECK(media::incompleteRecordingText(*facts).empty());
        auto json = runCommand({test_support::executable().string(), "probe", file.string(), "--json"});
        REQUIRE(json.exitCode == 0);
        auto j = nlohmann::json::parse(json.out);
        CHECK(j["complete"] == true);
        CHECK_FALSE(j.contains("ends_at_s"));
        CHECK_FALSE(j.contains("promised_s"));
        auto text = runCommand({test_support::executable().string(), "probe", file.string()});
        CHECK(text.out.find("incomplete") == std::string::npos);
    }
}

TEST_CASE("#10: edit lists that start late or end early leave a whole file complete")
{
    // A trim made by editing the edit list only (as some editors do): every sample stays
    // in the file, but the demuxer drops those before the edit's keyframe from its index.
    const std::string original = fileBytes(fixture("h264_gop2s.mp4"));
    auto be32 = [](const std::string& b, size_t at) {
        return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 | uint32_t(uint8_t(b[at + 2])) << 8
            | uint32_t(uint8_t(b[at + 3]));
    };
    auto put32 = [](std::string& b, size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i)
            b[at + static_cast<size_t>(i)] = static_cast<char>(v >> (24 - 8 * i));
    };
    // The first track is the video (ffmpeg writes it first): its time scale and edit.
    size_t mdhd = original.find("mdhd"), elst = original.find("elst");
    REQUIRE(mdhd != std::string::npos);
    REQUIRE(elst != std::string::npos);
    REQUIRE(original[mdhd + 4] == 0);
    REQUIRE(original[elst + 4] == 0); // version 0: 32-bit duration and media time
    const uint32_t timescale = be32(original, mdhd + 16);
    const size_t duration = elst + 12, mediaTime = elst + 16;

    std::string lateStart = original; // shown from 3.3 s: the first keyframes' GOPs are dropped
    put32(lateStart, mediaTime, be32(original, mediaTime) + static_cast<uint32_t>(3.3 * timescale));
    put32(lateStart, duration, be32(original, duration) / 2);
    std::string earlyEnd = original; // shown for half its length
    put32(earlyEnd, duration, be32(original, duration) / 2);

    for (const auto& [name, bytes] : {std::pair{"late_start.mp4", lateStart}, std::pair{"early_end.mp4", earlyEnd}}) {
        CAPTURE(name);
        std::filesystem::path file = workDir() / name;
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        auto facts = media::probe(file, false);
        REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? "" : facts.error().describe()));
        CHECK(facts->durationS < 3.5); // the edit took effect
        CHECK(facts->complete);
    }
}

TEST_CASE("#10: an MP4 with its index at the end, cut, is still refused (exit 3, one sentence)")
{
    std::filesystem::path cut = fixture("truncated.mp4");
    const std::string before = fileBytes(cut);
    auto r = runCommand({test_support::executable().string(), "probe", cut.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.out.empty());
    CHECK(r.err == "bwv-review: error: " + cut.string()
                       + ": the recording is incomplete: the file was cut off before its index was written (\"moov "
                         "atom not found\"); copy it again from the original\n");
    CHECK(fileBytes(cut) == before);
}

TEST_CASE("the sentence's clock: minutes, seconds and hundredths; hours when needed")
{
    media::MediaFacts facts;
    CHECK(media::incompleteRecordingText(facts).empty());
    facts.complete = false;
    facts.endsAtS = 3.04;
    facts.promisedS = 6.0;
    CHECK(media::incompleteRecordingText(facts) == "recording incomplete: ends at 00:03.04 of 00:06.00");
    facts.endsAtS = 3725.129;
    facts.promisedS = 7200;
    CHECK(media::incompleteRecordingText(facts) == "recording incomplete: ends at 1:02:05.12 of 2:00:00.00");
    facts.promisedS = 0; // the container declares no length
    CHECK(media::incompleteRecordingText(facts)
          == "recording incomplete: ends at 1:02:05.12, the rest of the recording is missing");
}
