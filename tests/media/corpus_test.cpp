// Real files from public sources (../shared/corpus/MANIFEST.md). Skipped when absent.
#include <doctest/doctest.h>

#include <map>

#include "media/frame_hash.hpp"
#include "media/probe.hpp"
#include "media/video_reader.hpp"
#include "media_test_support.hpp"

namespace {

std::filesystem::path video(const std::string& name)
{
    test_support::requireCorpus();
    return test_support::corpusDir() / "videos" / name;
}

} // namespace

TEST_CASE("corpus videos: every frame in random order matches framemd5")
{
    for (const char* name : {"phone_android_h264_aac_rot180_vfr.mp4", "vfr_h264_3026x1386_noaudio.mp4",
                             "mpeg4_asp_xvid_mp3.avi", "h264_opus_426x240.mkv", "rotated90_h264_568x320.mov"}) {
        CAPTURE(name);
        auto truth = test_support::ffmpegFramemd5(video(name));
        auto reader = media::VideoReader::open(video(name));
        REQUIRE_MESSAGE(reader.ok(), (reader.ok() ? "" : reader.error().describe()));
        REQUIRE((*reader)->frameCount() == static_cast<int64_t>(truth.frames.size()));
        for (int64_t n : media_test::shuffledFrames((*reader)->frameCount(), 11)) {
            auto frame = (*reader)->frame(n);
            REQUIRE(frame.ok());
            CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
        }
    }
}

TEST_CASE("corpus: the MANIFEST's facts")
{
    auto phone = media::probe(video("phone_android_h264_aac_rot180_vfr.mp4"));
    REQUIRE(phone.ok());
    CHECK(phone->video->rotation == 180);
    CHECK(phone->video->vfr);
    CHECK(phone->video->frames == 25);
    CHECK(phone->audio->channels == 1);
    auto rotated = media::probe(video("rotated90_h264_568x320.mov"));
    REQUIRE(rotated.ok());
    CHECK(rotated->video->rotation == 90); // display matrix -90: turn a quarter clockwise
    CHECK(rotated->video->frames == 3);
    auto odd = media::probe(video("h264_opus_426x240.mkv"));
    REQUIRE(odd.ok());
    CHECK(odd->video->frames == 310);
    CHECK_FALSE(odd->video->vfr); // Matroska's 1 ms stamps jitter by one tick: not VFR
}

TEST_CASE("corpus: a corrupt region loses only its own frame")
{
    // 50 pictures, one of them (the 31st) with a broken NAL unit: ffmpeg outputs 49.
    auto truth = test_support::ffmpegFramemd5(video("broken_corrupted_nal.mp4"));
    REQUIRE(truth.frames.size() == 49);
    auto reader = media::VideoReader::open(video("broken_corrupted_nal.mp4"));
    REQUIRE(reader.ok());
    REQUIRE((*reader)->frameCount() == 50);
    // ffmpeg's output skips the broken picture; match its hashes by presentation time.
    std::map<double, std::string> truthByTime;
    double tick = double(truth.timeBaseNum) / truth.timeBaseDen;
    for (const auto& f : truth.frames)
        truthByTime[std::round(double(f.pts - truth.frames[0].pts) * tick * 1000) / 1000] = f.md5;
    int good = 0, broken = 0;
    for (int64_t n : media_test::shuffledFrames(50, 5)) {
        auto frame = (*reader)->frame(n);
        if (!frame) {
            ++broken;
            CHECK(frame.error().code == common::ErrorCode::InvalidInput);
            continue;
        }
        ++good;
        double t = std::round((*reader)->index().timeUs(n) / 1000.0) / 1000;
        REQUIRE(truthByTime.count(t));
        CHECK(media::frameMd5((*frame)->avFrame()) == truthByTime[t]);
    }
    CHECK(good == 49);
    CHECK(broken == 1);
}

TEST_CASE("corpus: broken files are refused in plain words")
{
    for (const char* name : {"broken_truncated_no_moov.mp4", "broken_empty_0_bytes.mp4", "audio_only_aac.m4a"}) {
        CAPTURE(name);
        auto facts = media::probe(video(name));
        REQUIRE_FALSE(facts.ok());
        CHECK(facts.error().code == common::ErrorCode::InvalidInput);
    }
}

TEST_CASE("#10: no corpus video is taken for a cut-off recording")
{
    for (const char* name : {"phone_android_h264_aac_rot180_vfr.mp4", "vfr_h264_3026x1386_noaudio.mp4",
                             "mpeg4_asp_xvid_mp3.avi", "h264_opus_426x240.mkv", "rotated90_h264_568x320.mov",
                             "broken_corrupted_nal.mp4"}) {
        CAPTURE(name);
        auto facts = media::probe(video(name), false);
        REQUIRE(facts.ok());
        CHECK(facts->complete);
    }
}
