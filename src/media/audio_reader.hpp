#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/result.hpp"
#include "media/media_facts.hpp"

namespace media {

// A run of decoded audio, resampled to the reader's output format (interleaved float).
struct AudioChunk {
    int64_t timeUs = 0;          // media time of the first sample (see MediaFacts::originUs)
    int frames = 0;              // samples per channel
    std::vector<float> samples;  // frames * channels, interleaved
    bool endOfStream = false;    // no more audio after this chunk
};

// Decodes the main audio stream of a file from any media time, resampled to
// `outRate` Hz and `outChannels` channels of float. Belongs to one thread.
class AudioReader {
public:
    static common::Result<std::unique_ptr<AudioReader>> open(const std::filesystem::path& path,
                                                             int outRate = 48000, int outChannels = 2);
    ~AudioReader();

    const MediaFacts& facts() const;
    int outRate() const;
    int outChannels() const;

    // Positions the reader so the next read() starts at media time `timeUs` (samples
    // before it are trimmed away, so the first chunk starts exactly there).
    common::Status seek(int64_t timeUs);
    // The next chunk; endOfStream set (and frames 0) at the end.
    common::Result<AudioChunk> read();

private:
    struct Impl;
    explicit AudioReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace media
