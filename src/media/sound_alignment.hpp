#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace media {

// Aligning two cameras that filmed the same scene by their sound (issue 13).
//
// Lag convention, everywhere below: camera B's media time t shows the same instant as
// camera A's media time t + lag. A positive lag means B started recording after A.

// The peak of a generalised cross-correlation with phase transform (GCC-PHAT).
struct CorrelationPeak {
    bool found = false;   // false when there was nothing to correlate (empty or silent input)
    double lag = 0;       // samples, sub-sample (parabolic fit around the highest value)
    // How far the peak stands out: its height over the highest value more than
    // kPeakExclusionS away from it (1 = no better than the next candidate) ...
    double peakRatio = 0;
    // ... and over the root mean square of the correlation in the searched range (its
    // noise floor). Unrelated sound gives about 4-6 here, shared sound tens.
    double peakSigma = 0;
};

// Values closer than this to the peak belong to it (its own side lobes), not to a rival.
inline constexpr double kPeakExclusionS = 0.02;

struct Band {
    double lowHz = 300;
    double highHz = 3000; // speech: where two cameras' microphones agree best
};

// GCC-PHAT of `a` and `b` (mono, `sampleRate` Hz): every frequency of `band` weighed alike
// (the phase transform), so a loud hum or one camera's microphone colour does not decide
// the lag, and the peak is sharp. Searches lags in [minLag, maxLag] samples (b[n] ~
// a[n + lag]). Pure; uses libavutil's FFT; memory about 32 bytes per sample of a and b.
CorrelationPeak gccPhat(std::span<const float> a, std::span<const float> b, int sampleRate, int64_t minLag,
                        int64_t maxLag, Band band = {});

// Root mean square of the samples (0 for none).
double rmsOf(std::span<const float> samples);

// A stretch of a file's main sound, mixed to mono and resampled (swresample filters
// before decimating).
struct SoundClip {
    int sampleRate = 0;
    int64_t startUs = 0;        // media time of the first sample
    std::vector<float> samples;
};

// Reads up to `lengthUs` of sound from media time `startUs`. Errors as AudioReader::open
// gives them (missing file, no sound, unreadable); a stretch beyond the end is short.
common::Result<SoundClip> readSoundClip(const std::filesystem::path& path, int64_t startUs, int64_t lengthUs,
                                        int sampleRate = 8000);

// Where to look: lags within [centreUs - spanUs, centreUs + spanUs].
struct LagSearch {
    int64_t centreUs = 0;
    int64_t spanUs = 120'000'000;
    // At most this much of B's sound is compared (bounds time and memory on long files).
    int64_t compareUs = 180'000'000;
};

// What the sound of two files says about their lag.
struct SoundMatch {
    bool measured = false;     // false: one file is silent, or they do not overlap in the search
    bool silentA = false, silentB = false; // nothing above about -80 dBFS in the compared stretch
    int64_t lagUs = 0;
    double peakRatio = 0;
    double peakSigma = 0;
};

// Reads both files' sound around the search window and runs gccPhat on it at 8 kHz.
// Errors are the files' (missing, no sound); silence or no overlap is a SoundMatch with
// measured false.
common::Result<SoundMatch> matchSound(const std::filesystem::path& a, const std::filesystem::path& b,
                                      const LagSearch& search = {});

// Microseconds since 1970 of an ISO 8601 creation time as cameras write it
// ("2024-05-02T10:15:30.000000Z", a trailing "Z" or none meaning UTC); none when it
// cannot be read.
std::optional<int64_t> creationTimeUs(const std::string& iso);

// Offsets of recordings opened together from their cameras' clocks: each one's recording
// time less the earliest, for those whose time reads; none at all when fewer than two read
// (one clock alone says nothing about the others).
std::vector<std::optional<int64_t>> offsetsFromClocks(const std::vector<std::optional<std::string>>& creationTimes);

} // namespace media
