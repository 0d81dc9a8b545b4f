#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "media/audio_reader.hpp"
#include "media/overview.hpp"
#include "media_test_support.hpp"

using namespace media_test;

TEST_CASE("one thumbnail per keyframe, turned for display")
{
    auto index = media::FrameIndex::build(fixture("h264_gop2s.mp4"));
    REQUIRE(index.ok());
    std::atomic<double> progress{0};
    auto thumbs = media::computeThumbnails(fixture("h264_gop2s.mp4"), *index, 60, 100, {}, progress);
    REQUIRE(thumbs.ok());
    REQUIRE(thumbs->size() == 3); // keyframes 0, 60, 120
    CHECK((*thumbs)[1].frameNumber == 60);
    CHECK((*thumbs)[1].timeUs == 2000000);
    CHECK((*thumbs)[1].height == 60);
    CHECK((*thumbs)[1].width == 80);
    CHECK((*thumbs)[1].rgba.size() == 80u * 60 * 4);
    CHECK(progress.load() == 1.0);

    auto rotatedIndex = media::FrameIndex::build(fixture("h264_rot90.mp4"));
    REQUIRE(rotatedIndex.ok());
    auto rotated = media::computeThumbnails(fixture("h264_rot90.mp4"), *rotatedIndex, 60, 1, {}, progress);
    REQUIRE(rotated.ok());
    REQUIRE(rotated->size() == 1);
    CHECK((*rotated)[0].width == 60); // 80x60 turned a quarter
    CHECK((*rotated)[0].height == 80);
}

TEST_CASE("a cancelled overview job stops with Cancelled")
{
    auto index = media::FrameIndex::build(fixture("h264_gop2s.mp4"));
    REQUIRE(index.ok());
    std::stop_source stop;
    stop.request_stop();
    std::atomic<double> progress{0};
    auto thumbs = media::computeThumbnails(fixture("h264_gop2s.mp4"), *index, 60, 100, stop.get_token(), progress);
    REQUIRE_FALSE(thumbs.ok());
    CHECK(thumbs.error().code == common::ErrorCode::Cancelled);
}

TEST_CASE("waveform peaks of a sine tone")
{
    // lavfi's sine source has amplitude 1/8 (its documentation); AAC keeps it within a few %.
    std::atomic<double> progress{0};
    auto peaks = media::computeWaveform(fixture("h264_gop2s.mp4"), 100000, {}, progress);
    REQUIRE(peaks.ok());
    CHECK(peaks->minimum.size() >= 59);
    CHECK(peaks->minimum.size() <= 61);
    for (size_t i = 2; i + 2 < peaks->maximum.size(); ++i) {
        CHECK(peaks->maximum[i] == doctest::Approx(0.125).epsilon(0.08));
        CHECK(peaks->minimum[i] == doctest::Approx(-0.125).epsilon(0.08));
    }
}

TEST_CASE("audio seeks land on the asked time")
{
    auto reader = media::AudioReader::open(fixture("h264_gop2s.mp4"), 48000, 2);
    REQUIRE(reader.ok());
    for (int64_t t : {1000000, 2500000, 0, 4321000}) {
        CAPTURE(t);
        REQUIRE((*reader)->seek(t).ok());
        auto chunk = (*reader)->read();
        REQUIRE(chunk.ok());
        REQUIRE(chunk->frames > 0);
        CHECK(std::llabs(chunk->timeUs - t) <= 1000000 / 48000 + 1);
        CHECK(chunk->samples.size() == static_cast<size_t>(chunk->frames) * 2);
    }
    // Reading to the end covers the whole 6 s.
    REQUIRE((*reader)->seek(0).ok());
    int64_t total = 0;
    for (;;) {
        auto chunk = (*reader)->read();
        REQUIRE(chunk.ok());
        if (chunk->endOfStream)
            break;
        total += chunk->frames;
    }
    CHECK(total == doctest::Approx(6 * 48000).epsilon(0.01));
}
