// libFuzzer harness: media open, probe, frame index and exact decode, reading the
// fuzzer's bytes through the same custom AVIO as files (media::memorySource).
// Properties: no crash, leak or hang; every failure is bad input (InvalidInput or
// Unsupported: exit 3) in one sentence naming the input.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.hpp"
#include "media/frame_hash.hpp"
#include "media/probe.hpp"
#include "media/video_reader.hpp"

namespace {

const char* const kName = "fuzz-input.mp4";

void checkBadInput(const common::Error& error)
{
    FUZZ_CHECK(error.code == common::ErrorCode::InvalidInput || error.code == common::ErrorCode::Unsupported);
    FUZZ_CHECK(error.context == kName);
    FUZZ_CHECK(!error.message.empty() && error.message.find('\n') == std::string::npos);
}

// Decode work per input is capped so no input runs for seconds: small pictures only, and
// only frames at most this far from their keyframe.
constexpr int64_t kMaxDecodePixels = int64_t(1) << 21;
constexpr int64_t kMaxPreRoll = 24;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto source = media::memorySource(kName, std::vector<uint8_t>(data, data + size));
    media::ReaderOptions options;
    options.useIndexCache = false;
    options.decodeThreads = 1;
    options.memoryBudgetBytes = size_t(1) << 20; // pre-touched per input: keep it small
    // The reader opens, indexes and probes (VideoReader::open calls probe with its index);
    // probe on its own only for what the reader refuses, where it words the reason.
    auto reader = media::VideoReader::open(source, options);
    if (!reader) {
        checkBadInput(reader.error());
        auto facts = media::probe(source, false);
        if (!facts)
            checkBadInput(facts.error());
        return 0;
    }
    const media::MediaFacts& facts = (*reader)->facts();
    FUZZ_CHECK(facts.video.has_value());
    FUZZ_CHECK(facts.complete == media::incompleteRecordingText(facts).empty());
    const media::VideoFacts& video = *facts.video;
    if (int64_t(video.width) * video.height > kMaxDecodePixels)
        return 0;
    const media::FrameIndex& index = (*reader)->index();
    const int64_t count = (*reader)->frameCount();
    FUZZ_CHECK(count > 0);
    for (int64_t n : {int64_t(0), count / 2, count - 1, count}) {
        int64_t keyframe = n < count ? index.keyframeAtOrBefore(n) : n;
        if (n - (keyframe < 0 ? 0 : keyframe) > kMaxPreRoll)
            continue;
        auto frame = (*reader)->frame(n);
        if (frame)
            FUZZ_CHECK(media::frameMd5((*frame)->avFrame()).size() == 32);
        else
            checkBadInput(frame.error());
    }
    return 0;
}
