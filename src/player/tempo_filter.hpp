#pragma once

#include <memory>
#include <vector>

#include "common/result.hpp"

namespace player {

// Changes the tempo of interleaved float audio without changing its pitch, through a
// libavfilter chain abuffer -> atempo[,atempo...] -> abuffersink (see atempoChain()).
// At 1x the samples pass through untouched. Belongs to one thread (the audio feeder).
class TempoFilter {
public:
    TempoFilter(int sampleRate, int channels);
    ~TempoFilter();
    TempoFilter(const TempoFilter&) = delete;
    TempoFilter& operator=(const TempoFilter&) = delete;

    // Rebuilds the chain for `speed` (0.25..4), dropping whatever it held.
    common::Status configure(double speed);
    double speed() const { return m_speed; }
    // Feeds `frames` samples per channel and appends what the chain gives back to `out`.
    common::Status process(const float* samples, int frames, std::vector<float>& out);

private:
    struct Graph;
    int m_sampleRate;
    int m_channels;
    double m_speed = 1.0;
    std::unique_ptr<Graph> m_graph; // null at 1x
    long long m_samplesIn = 0;
};

} // namespace player
