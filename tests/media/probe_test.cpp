// probe() against ffprobe, the independent truth for stream facts.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "media/probe.hpp"
#include "media_test_support.hpp"

using namespace media_test;

namespace {

nlohmann::json ffprobe(const std::filesystem::path& file)
{
    auto r = test_support::runCommand({"ffprobe", "-v", "error", "-count_frames", "-show_streams", "-show_format",
                                       "-of", "json", file.string()});
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("probe agrees with ffprobe on every fixture")
{
    for (const std::string& name : playableFixtures()) {
        CAPTURE(name);
        auto facts = media::probe(fixture(name));
        REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? "" : facts.error().describe()));
        nlohmann::json truth = ffprobe(fixture(name));
        nlohmann::json video, audio;
        for (const auto& s : truth["streams"]) {
            if (s["codec_type"] == "video" && video.is_null())
                video = s;
            if (s["codec_type"] == "audio" && audio.is_null())
                audio = s;
        }
        REQUIRE(facts->video.has_value());
        CHECK(facts->video->codec == video["codec_name"].get<std::string>());
        CHECK(facts->video->width == video["width"].get<int>());
        CHECK(facts->video->height == video["height"].get<int>());
        CHECK(facts->video->pixFmt == video["pix_fmt"].get<std::string>());
        CHECK(facts->video->frames == std::stoll(video["nb_read_frames"].get<std::string>()));
        int rotation = 0;
        if (video.contains("side_data_list"))
            for (const auto& side : video["side_data_list"])
                if (side.contains("rotation"))
                    rotation = ((-side["rotation"].get<int>()) % 360 + 360) % 360;
        CHECK(facts->video->rotation == rotation);
        CHECK(facts->audio.has_value() == !audio.is_null());
        if (facts->audio) {
            CHECK(facts->audio->codec == audio["codec_name"].get<std::string>());
            CHECK(facts->audio->sampleRate == std::stoi(audio["sample_rate"].get<std::string>()));
            CHECK(facts->audio->channels == audio["channels"].get<int>());
        }
    }
}

TEST_CASE("probe tells constant from variable frame rate and reads the rotation")
{
    auto constant = media::probe(fixture("h264_gop2s.mp4"));
    REQUIRE(constant.ok());
    CHECK_FALSE(constant->video->vfr);
    CHECK(constant->video->fps == doctest::Approx(30.0).epsilon(0.001));
    CHECK(constant->durationS == doctest::Approx(6.0).epsilon(0.01));

    auto variable = media::probe(fixture("h264_vfr.mp4"));
    REQUIRE(variable.ok());
    CHECK(variable->video->vfr);

    auto rotated = media::probe(fixture("h264_rot90.mp4"));
    REQUIRE(rotated.ok());
    CHECK(rotated->video->rotation != 0);
}

TEST_CASE("unreadable files are refused with a reason in plain words")
{
    struct Case {
        std::filesystem::path path;
        const char* words;
    };
    std::filesystem::path missing = fixture("no-such-file.mp4");
    for (const Case& c : {Case{fixture("empty.mp4"), "empty"}, Case{fixture("truncated.mp4"), "incomplete"},
                          Case{fixture("garbage.mp4"), "not a video file"}, Case{fixture("audio_only.m4a"), "only sound"},
                          Case{test_support::testDataDir() / "media", "folder"}, Case{missing, "does not exist"}}) {
        CAPTURE(c.path);
        auto facts = media::probe(c.path);
        REQUIRE_FALSE(facts.ok());
        CHECK(facts.error().describe().find(c.words) != std::string::npos);
        CHECK(facts.error().context == c.path.string());
    }
}
