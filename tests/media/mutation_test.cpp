// #10: one error path for media. Damaged content is bad input (InvalidInput or
// Unsupported: exit 3) with one sentence naming the file; only a read failure of the
// machine is Io (exit 1). Mutants of the small fixtures, bytes flipped at seeded
// positions, go through probe and the frame reader as framehash uses them.
#include <doctest/doctest.h>

#include <cerrno>
#include <map>

extern "C" {
#include <libavutil/error.h>
}

#include "media/av_error.hpp"
#include "media/frame_hash.hpp"
#include "media/probe.hpp"
#include "media/video_reader.hpp"
#include "media_test_support.hpp"

using namespace media_test;

namespace {

std::vector<uint8_t> bytesOf(const std::filesystem::path& file)
{
    std::string text = fileBytes(file);
    return std::vector<uint8_t>(text.begin(), text.end());
}

// Flips 1 to 8 bits: mostly in the first 4 KiB and the last 16 KiB, where the container
// keeps its headers and sample tables (ffmpeg writes the moov box at the end), the rest
// anywhere in the pictures.
std::vector<uint8_t> mutate(std::vector<uint8_t> bytes, std::mt19937& random)
{
    const size_t size = bytes.size();
    int flips = std::uniform_int_distribution<int>(1, 8)(random);
    for (int i = 0; i < flips; ++i) {
        int where = std::uniform_int_distribution<int>(0, 9)(random);
        size_t pos;
        if (where < 4)
            pos = std::uniform_int_distribution<size_t>(0, std::min<size_t>(4096, size) - 1)(random);
        else if (where < 8)
            pos = size - 1 - std::uniform_int_distribution<size_t>(0, std::min<size_t>(16384, size) - 1)(random);
        else
            pos = std::uniform_int_distribution<size_t>(0, size - 1)(random);
        bytes[pos] ^= static_cast<uint8_t>(1u << std::uniform_int_distribution<int>(0, 7)(random));
    }
    return bytes;
}

// One sentence naming the file, of a kind that means "bad input" (exit 3).
void checkBadInput(const common::Error& error, const std::string& name)
{
    CAPTURE(error.describe());
    CHECK((error.code == common::ErrorCode::InvalidInput || error.code == common::ErrorCode::Unsupported));
    CHECK(error.context == name);
    CHECK_FALSE(error.message.empty());
    CHECK(error.message.find('\n') == std::string::npos);
    CHECK(error.message.find("Input/output error") == std::string::npos);
}

// A file on a failing disk: reads past the first `good` bytes fail with EIO.
class FailingSource : public media::ByteSource {
public:
    FailingSource(std::string name, std::vector<uint8_t> bytes, int64_t good)
        : ByteSource(std::move(name)), m_bytes(std::move(bytes)), m_good(good)
    {
    }
    int64_t size() const override { return static_cast<int64_t>(m_bytes.size()); }
    int read(int64_t offset, uint8_t* buffer, int count) const override
    {
        if (offset + count > m_good) {
            recordFailure(EIO);
            return AVERROR(EIO);
        }
        int n = static_cast<int>(std::min<int64_t>(count, size() - offset));
        std::copy_n(m_bytes.begin() + offset, std::max(n, 0), buffer);
        return std::max(n, 0);
    }

private:
    std::vector<uint8_t> m_bytes;
    int64_t m_good;
};

} // namespace

TEST_CASE("#10: 320 mutants of the small fixtures: every failure is bad input in one sentence, nothing crashes")
{
    const std::vector<std::string> names = {"h264_rot90.mp4", "hevc_10bit.mp4", "h264_editlist.mp4", "h264_vfr.mp4",
                                            "hevc_opengop.mp4", "h264_444.mp4", "h264_10bit.mp4", "mjpeg.avi"};
    std::mt19937 random(20240610);
    std::map<std::string, int> outcome;
    media::ReaderOptions options;
    options.useIndexCache = false;
    options.decodeThreads = 1;
    options.memoryBudgetBytes = size_t(16) << 20;
    for (int i = 0; i < 320; ++i) {
        const std::string& name = names[static_cast<size_t>(i) % names.size()];
        const std::string label = "mutant-" + std::to_string(i) + "-of-" + name;
        CAPTURE(label);
        auto source = media::memorySource(label, mutate(bytesOf(fixture(name)), random));

        auto facts = media::probe(source, false);
        if (!facts) {
            checkBadInput(facts.error(), label);
            ++outcome["probe refused"];
        } else {
            ++outcome["probe ok"];
        }

        auto reader = media::VideoReader::open(source, options);
        if (!reader) {
            checkBadInput(reader.error(), label);
            ++outcome["reader refused"];
            continue;
        }
        const int64_t count = (*reader)->frameCount();
        for (int64_t n : {int64_t(0), count / 2, count - 1, count}) {
            auto frame = (*reader)->frame(n);
            if (frame)
                CHECK(media::frameMd5((*frame)->avFrame()).size() == 32);
            else
                checkBadInput(frame.error(), label);
            ++outcome[frame ? "frame ok" : "frame refused"];
        }
    }
    for (const auto& [what, times] : outcome)
        MESSAGE(what << ": " << times);
    CHECK(outcome["probe ok"] > 0);
    CHECK(outcome["probe refused"] > 0);
}

TEST_CASE("#10: FFmpeg's 'Input/output error' about content is bad input; a failing disk is Io (exit 1)")
{
    common::Error content = media::avError(AVERROR(EIO), "the video cannot be read", "clip.mp4");
    CHECK(content.code == common::ErrorCode::InvalidInput);
    CHECK(content.describe() == "clip.mp4: the video cannot be read: the file is damaged or is not a video bwv-review can read");
    CHECK(media::avError(AVERROR_DECODER_NOT_FOUND, "the decoder cannot be opened", "clip.mp4").code
          == common::ErrorCode::Unsupported);

    // The same file on a disk that fails after its first 64 KiB.
    auto failing = std::make_shared<FailingSource>("clip.mp4", bytesOf(fixture("h264_gop2s.mp4")), 64 * 1024);
    auto facts = media::probe(std::static_pointer_cast<const media::ByteSource>(failing), false);
    REQUIRE_FALSE(facts.ok());
    CHECK(facts.error().code == common::ErrorCode::Io);
    CHECK(facts.error().context == "clip.mp4");
    CHECK(facts.error().message.find("the computer could not read the file (Input/output error)") != std::string::npos);
}
