// libFuzzer harness: SRT and WebVTT transcripts (exchange::parseTranscript) and their search
// index. Properties: no crash, leak or hang; a refusal is InvalidInput naming the file; a
// transcript that parses has cues whose times are in order and whose text is UTF-8, a time
// order of all its cues, and every cue with words is found by searching its own words.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/utf8.hpp"
#include "exchange/transcript_index.hpp"
#include "exchange/transcript_parser.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto transcript = exchange::parseTranscript(bytes, "fuzz-input.srt");
    if (!transcript) {
        FUZZ_CHECK(transcript.error().code == common::ErrorCode::InvalidInput);
        FUZZ_CHECK(transcript.error().context.rfind("fuzz-input.srt", 0) == 0);
        return 0;
    }
    FUZZ_CHECK(!transcript->cues.empty());
    FUZZ_CHECK(transcript->byTime.size() == transcript->cues.size());
    std::vector<exchange::IndexedCue> indexed;
    for (std::size_t i = 0; i < transcript->cues.size(); ++i) {
        const exchange::TranscriptCue& cue = transcript->cues[i];
        FUZZ_CHECK(cue.startUs >= 0 && cue.endUs >= cue.startUs);
        FUZZ_CHECK(common::isValidUtf8(cue.text) && common::isValidUtf8(cue.speaker));
        indexed.push_back({static_cast<int64_t>(i), cue.startUs, cue.text});
    }
    for (std::size_t i = 1; i < transcript->byTime.size(); ++i)
        FUZZ_CHECK(transcript->cues[transcript->byTime[i - 1]].startUs <= transcript->cues[transcript->byTime[i]].startUs);
    // A few cues searched by their own text: each must be among what the index finds.
    const auto index = exchange::TranscriptIndex::build(indexed);
    for (std::size_t i = 0; i < indexed.size() && i < 4; ++i) {
        if (exchange::searchWords(indexed[i].text).empty())
            continue;
        const auto found = index.search(indexed[i].text);
        FUZZ_CHECK(std::find(found.begin(), found.end(), indexed[i].id) != found.end());
    }
    return 0;
}
