#include <doctest/doctest.h>

#include <fstream>

#include "media/frame_index.hpp"
#include "media_test_support.hpp"

using namespace media_test;

TEST_CASE("the index is cached, and a changed file is never served a stale index")
{
    std::filesystem::path copy = test_support::testDataDir() / "index_cache_copy.mp4";
    std::filesystem::copy_file(fixture("h264_gop2s.mp4"), copy, std::filesystem::copy_options::overwrite_existing);

    auto first = media::FrameIndex::build(copy);
    REQUIRE(first.ok());
    auto second = media::FrameIndex::build(copy);
    REQUIRE(second.ok());
    CHECK(second->loadedFromCache());
    CHECK(second->frameCount() == first->frameCount());

    // Replace the content with another video of a different length: same path.
    std::filesystem::copy_file(fixture("h264_gop10s.mp4"), copy, std::filesystem::copy_options::overwrite_existing);
    auto changed = media::FrameIndex::build(copy);
    REQUIRE(changed.ok());
    CHECK_FALSE(changed->loadedFromCache());
    CHECK(changed->frameCount() == 360);
    std::filesystem::remove(copy);
}

TEST_CASE("serialised indexes round-trip and reject damage")
{
    auto index = media::FrameIndex::build(fixture("h264_vfr.mp4"), -1, false);
    REQUIRE(index.ok());
    std::vector<uint8_t> bytes = index->serialise(42);
    media::FrameIndex back;
    REQUIRE(media::FrameIndex::deserialise(bytes, 42, back));
    REQUIRE(back.frameCount() == index->frameCount());
    for (int64_t n = 0; n < back.frameCount(); ++n) {
        CHECK(back[n].pts == (*index)[n].pts);
        CHECK(back[n].key == (*index)[n].key);
    }
    CHECK_FALSE(media::FrameIndex::deserialise(bytes, 43, back)); // another file's key
    bytes.resize(bytes.size() - 3);
    CHECK_FALSE(media::FrameIndex::deserialise(bytes, 42, back)); // cut short
}

TEST_CASE("times map to the frame on screen, exactly, also at variable frame rate")
{
    auto index = media::FrameIndex::build(fixture("h264_vfr.mp4"));
    REQUIRE(index.ok());
    CHECK(index->variableFrameRate());
    for (int64_t n = 0; n < index->frameCount(); ++n) {
        CHECK(index->frameAtTime(index->timeUs(n)) == n);
        if (n + 1 < index->frameCount())
            CHECK(index->frameAtTime(index->timeUs(n + 1) - 1) == n);
        CHECK(index->frameWithPts((*index)[n].pts) == n);
    }
    CHECK(index->frameAtTime(-5) == 0);
    CHECK(index->frameAtTime(index->durationUs() + 1000000) == index->frameCount() - 1);
}

TEST_CASE("keyframes are found in presentation order")
{
    auto index = media::FrameIndex::build(fixture("h264_gop2s.mp4"));
    REQUIRE(index.ok());
    CHECK(index->keyframeAtOrBefore(0) == 0);
    CHECK(index->keyframeAtOrBefore(59) == 0);
    CHECK(index->keyframeAtOrBefore(60) == 60);
    CHECK(index->keyframeAtOrBefore(179) == 120);
}

TEST_CASE("an MP4 edit list's discarded pictures are not frames")
{
    // The stream copy keeps the whole GOP head before the cut point; the demuxer flags it
    // discard, and ffmpeg does not output it.
    auto packets = test_support::runCommand({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                             "packet=flags", "-of", "csv=p=0", fixture("h264_editlist.mp4").string()});
    REQUIRE(packets.exitCode == 0);
    size_t discarded = 0, total = 0;
    for (size_t at = 0; (at = packets.out.find('\n', at)) != std::string::npos; ++at)
        ++total;
    for (size_t at = 0; (at = packets.out.find('D', at)) != std::string::npos; ++at)
        ++discarded;
    REQUIRE(discarded > 0);
    auto index = media::FrameIndex::build(fixture("h264_editlist.mp4"));
    REQUIRE(index.ok());
    CHECK(index->frameCount() == static_cast<int64_t>(total - discarded));
    CHECK(index->frameCount() == static_cast<int64_t>(test_support::ffmpegFramemd5(fixture("h264_editlist.mp4")).frames.size()));
}
