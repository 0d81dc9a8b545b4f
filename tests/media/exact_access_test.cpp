// Exact random access: every frame of every fixture, fetched in a random order through
// VideoReader, hashes to what ffmpeg's framemd5 prints for it (DESIGN.md "framehash").
#include <doctest/doctest.h>

#include "media/frame_hash.hpp"
#include "media/video_reader.hpp"
#include "media_test_support.hpp"

using namespace media_test;

TEST_CASE("every frame fetched in random order matches ffmpeg's framemd5")
{
    for (const std::string& name : playableFixtures()) {
        CAPTURE(name);
        auto truth = test_support::ffmpegFramemd5(fixture(name));
        auto reader = media::VideoReader::open(fixture(name));
        REQUIRE_MESSAGE(reader.ok(), (reader.ok() ? "" : reader.error().describe()));
        REQUIRE((*reader)->frameCount() == static_cast<int64_t>(truth.frames.size()));
        for (int64_t n : shuffledFrames((*reader)->frameCount(), 7)) {
            CAPTURE(n);
            auto frame = (*reader)->frame(n);
            REQUIRE_MESSAGE(frame.ok(), (frame.ok() ? "" : frame.error().describe()));
            CHECK((*frame)->number() == n);
            CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
        }
    }
}

TEST_CASE("frame times follow the stream's own stamps, as ffmpeg's do")
{
    // framemd5 prints pts in its own time base; differences between frames must agree
    // with ours to within one tick of the coarser base.
    for (const char* name : {"h264_vfr.mp4", "h264_gop2s.mp4", "hevc_opengop.mp4", "h264_editlist.mp4"}) {
        CAPTURE(name);
        auto truth = test_support::ffmpegFramemd5(fixture(name));
        auto reader = media::VideoReader::open(fixture(name));
        REQUIRE(reader.ok());
        const auto& index = (*reader)->index();
        double tick = double(truth.timeBaseNum) / truth.timeBaseDen;
        for (size_t i = 1; i < truth.frames.size(); ++i) {
            double theirs = double(truth.frames[i].pts - truth.frames[0].pts) * tick;
            double ours = index.timeUs(static_cast<int64_t>(i)) / 1e6;
            CHECK(std::abs(theirs - ours) <= tick + 1e-6);
        }
    }
}

TEST_CASE("stepping backwards inside the cached GOP decodes nothing")
{
    auto reader = media::VideoReader::open(fixture("h264_gop2s.mp4"));
    REQUIRE(reader.ok());
    REQUIRE((*reader)->frame(100).ok()); // keyframe at 60: frames 60..100 are now cached
    int64_t decoded = (*reader)->stats().framesDecoded;
    for (int64_t n = 99; n >= 60; --n)
        REQUIRE((*reader)->frame(n).ok());
    CHECK((*reader)->stats().framesDecoded == decoded);
    // Past the cached GOP: the previous one is decoded once, then steps are free again.
    REQUIRE((*reader)->frame(59).ok());
    int64_t afterPrevious = (*reader)->stats().framesDecoded;
    CHECK(afterPrevious - decoded >= 60);
    for (int64_t n = 58; n >= 0; --n)
        REQUIRE((*reader)->frame(n).ok());
    CHECK((*reader)->stats().framesDecoded == afterPrevious);
}

TEST_CASE("prefetching the previous GOP fills the cache, and stops at once when asked")
{
    const auto& truth = test_support::ffmpegFramemd5(fixture("h264_gop2s.mp4"));
    auto reader = media::VideoReader::open(fixture("h264_gop2s.mp4"));
    REQUIRE(reader.ok());
    REQUIRE((*reader)->frame(100).ok()); // keyframe at 60: frames 60..100 cached

    // Interrupted after three pictures: far fewer decoded than the 60 of the GOP before.
    int asked = 0;
    int64_t before = (*reader)->stats().framesDecoded;
    (*reader)->prefetchBackward(100, [&] { return ++asked < 3; });
    CHECK(asked == 3);
    CHECK((*reader)->stats().framesDecoded - before <= 4);
    CHECK_FALSE((*reader)->isCached(59));
    // The reader is still exact after the interruption, both ways.
    for (int64_t n : {59, 101, 30}) {
        auto frame = (*reader)->frame(n);
        REQUIRE(frame.ok());
        CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
    }

    // Uninterrupted: stepping back from 60 is answered from the cache.
    auto fresh = media::VideoReader::open(fixture("h264_gop2s.mp4"));
    REQUIRE(fresh.ok());
    REQUIRE((*fresh)->frame(100).ok());
    (*fresh)->prefetchBackward(100);
    CHECK((*fresh)->isCached(59));
    CHECK((*fresh)->isCached(0));
    int64_t decoded = (*fresh)->stats().framesDecoded;
    for (int64_t n = 99; n >= 0; --n)
        REQUIRE((*fresh)->frame(n).ok());
    CHECK((*fresh)->stats().framesDecoded == decoded);
}

TEST_CASE("fast play skipping non-reference pictures still gives exact frames, and decodes fewer")
{
    // h264_gop2s has B-frames: the non-reference ones are skipped, every frame given is exact.
    const auto& truth = test_support::ffmpegFramemd5(fixture("h264_gop2s.mp4"));
    auto reader = media::VideoReader::open(fixture("h264_gop2s.mp4"));
    REQUIRE(reader.ok());
    int64_t next = 0, given = 0, last = -1;
    while (next < (*reader)->frameCount() && next < 120) {
        auto frame = (*reader)->nextSkippingNonReference(next);
        REQUIRE(frame.ok());
        int64_t n = (*frame)->number();
        CHECK(n >= next);
        CHECK(n > last);
        CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
        last = n;
        next = n + 1;
        ++given;
    }
    CHECK(given < 120);                                 // some were skipped
    CHECK(given >= 120 / 4);                            // the reference pictures came through
    CHECK((*reader)->stats().framesDecoded < 120);      // and were never decoded
    // Exact access afterwards still lands on any frame, skipped ones included.
    for (int64_t n : {1, 2, 61, 119}) {
        auto frame = (*reader)->frame(n);
        REQUIRE(frame.ok());
        CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
    }
}

TEST_CASE("a short jump forward decodes forward without seeking")
{
    auto reader = media::VideoReader::open(fixture("h264_gop10s.mp4"));
    REQUIRE(reader.ok());
    REQUIRE((*reader)->frame(10).ok());
    int64_t seeks = (*reader)->stats().seeks;
    REQUIRE((*reader)->frame(200).ok()); // same GOP (keyframe 0, next at 300)
    CHECK((*reader)->stats().seeks == seeks);
    REQUIRE((*reader)->frame(330).ok()); // past the next keyframe: one seek
    CHECK((*reader)->stats().seeks == seeks + 1);
}

TEST_CASE("decoded pictures come from the pre-allocated pool")
{
    auto reader = media::VideoReader::open(fixture("h264_gop2s.mp4"));
    REQUIRE(reader.ok());
    for (int64_t n = 0; n < 180; ++n)
        REQUIRE((*reader)->frame(n).ok());
    CHECK((*reader)->stats().poolFallbacks == 0);
}

TEST_CASE("frames describe their planes and colour for the renderer")
{
    struct Expect {
        const char* name;
        int planes, bitDepth, chromaW, chromaH;
        media::ColorRange range;
    };
    for (const Expect& e : {Expect{"h264_gop2s.mp4", 3, 8, 1, 1, media::ColorRange::Limited},
                            Expect{"h264_10bit.mp4", 3, 10, 1, 1, media::ColorRange::Limited},
                            Expect{"h264_422.mp4", 3, 8, 1, 0, media::ColorRange::Limited},
                            Expect{"h264_444.mp4", 3, 8, 0, 0, media::ColorRange::Limited},
                            Expect{"mjpeg.avi", 3, 8, 1, 1, media::ColorRange::Full}}) {
        CAPTURE(e.name);
        auto reader = media::VideoReader::open(fixture(e.name));
        REQUIRE(reader.ok());
        auto frame = (*reader)->frame(0);
        REQUIRE(frame.ok());
        const media::PlaneLayout& layout = (*frame)->layout();
        CHECK((*frame)->drawable());
        CHECK(layout.planeCount == e.planes);
        CHECK(layout.bitDepth == e.bitDepth);
        CHECK(layout.bytesPerSample == (e.bitDepth > 8 ? 2 : 1));
        CHECK(layout.log2ChromaW == e.chromaW);
        CHECK(layout.log2ChromaH == e.chromaH);
        CHECK(layout.range == e.range);
        CHECK(layout.matrix == media::ColorMatrix::Bt601); // SD and unspecified: BT.601
    }
}

TEST_CASE("a cache smaller than the GOP still lands exactly (pre-roll skips non-reference pictures)")
{
    // 2 MiB holds about 18 pictures of 320x240: the 10 s GOP (300 frames) does not fit,
    // so the pre-roll skips what would be evicted anyway.
    media::ReaderOptions small;
    small.memoryBudgetBytes = size_t(2) << 20;
    for (const char* name : {"h264_gop10s.mp4", "hevc_opengop.mp4"}) {
        CAPTURE(name);
        auto truth = test_support::ffmpegFramemd5(fixture(name));
        auto reader = media::VideoReader::open(fixture(name), small);
        REQUIRE(reader.ok());
        CHECK((*reader)->capacity() < 30);
        for (int64_t n : shuffledFrames((*reader)->frameCount(), 13)) {
            CAPTURE(n);
            auto frame = (*reader)->frame(n);
            REQUIRE(frame.ok());
            CHECK(media::frameMd5((*frame)->avFrame()) == truth.frames[static_cast<size_t>(n)].md5);
        }
        // Frame 299 from a fresh seek: without skipping, all 300 pictures would come out.
        auto fresh = media::VideoReader::open(fixture(name), small);
        REQUIRE(fresh.ok());
        int64_t target = std::min<int64_t>(299, (*fresh)->frameCount() - 1);
        REQUIRE((*fresh)->frame(target).ok());
        if (std::string(name) == "h264_gop10s.mp4")
            CHECK((*fresh)->stats().framesDecoded < 250);
    }
}
