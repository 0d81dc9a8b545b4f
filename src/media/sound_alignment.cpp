#include "media/sound_alignment.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <complex>
#include <cstdio>
#include <ctime>

extern "C" {
#include <libavutil/tx.h>
}

#include "media/audio_reader.hpp"

namespace media {
namespace {

using Complex = std::complex<float>; // layout-compatible with AVComplexFloat

// libavutil 57's own power-of-two FFT stops at 2^17 points (beyond that it falls back to a
// direct transform, O(n^2)); minutes of sound at 8 kHz need more. So a long transform is
// split in two passes of shorter ones (the "four-step" FFT): n = rows * cols, a transform of
// each column, a twiddle of every value, a transform of each row.
constexpr int kLongestTx = 1 << 17;

class Fft {
public:
    Fft(int64_t n, bool inverse) : m_n(n), m_inverse(inverse)
    {
        m_cols = n <= kLongestTx ? 1 : n / kLongestTx;
        m_rows = n / m_cols; // both powers of two, both at most 2^17 (n at most 2^34)
        m_ok = m_cols <= kLongestTx && init(m_rowsTx, m_rowsRun, m_rows) && (m_cols == 1 || init(m_colsTx, m_colsRun, m_cols));
    }
    ~Fft()
    {
        av_tx_uninit(&m_rowsTx);
        av_tx_uninit(&m_colsTx);
    }
    Fft(const Fft&) = delete;
    Fft& operator=(const Fft&) = delete;
    bool ok() const { return m_ok; }

    // out = the transform of in; `in` is used as scratch.
    void run(std::vector<Complex>& out, std::vector<Complex>& in)
    {
        if (m_cols == 1) {
            m_rowsRun(m_rowsTx, out.data(), in.data(), sizeof(Complex));
            return;
        }
        // x[n], n = cols*r + c. Pass 1: for each c, transform over r (length rows).
        std::vector<Complex> line(static_cast<size_t>(m_rows)), done(static_cast<size_t>(m_rows));
        const double sign = m_inverse ? 1.0 : -1.0;
        for (int64_t c = 0; c < m_cols; ++c) {
            for (int64_t r = 0; r < m_rows; ++r)
                line[r] = in[r * m_cols + c];
            m_rowsRun(m_rowsTx, done.data(), line.data(), sizeof(Complex));
            // Twiddle by exp(sign 2 pi i c k1 / n), kept in `out` laid out [k1][c].
            for (int64_t k1 = 0; k1 < m_rows; ++k1) {
                const double angle = sign * 2.0 * M_PI * double((c * k1) % m_n) / double(m_n);
                out[k1 * m_cols + c] = done[k1] * Complex(float(std::cos(angle)), float(std::sin(angle)));
            }
        }
        // Pass 2: for each k1, transform over c (length cols): X[k1 + rows*k2].
        std::vector<Complex> row(static_cast<size_t>(m_cols)), rowDone(static_cast<size_t>(m_cols));
        for (int64_t k1 = 0; k1 < m_rows; ++k1) {
            std::copy_n(out.begin() + k1 * m_cols, m_cols, row.begin());
            m_colsRun(m_colsTx, rowDone.data(), row.data(), sizeof(Complex));
            for (int64_t k2 = 0; k2 < m_cols; ++k2)
                in[k1 + m_rows * k2] = rowDone[k2];
        }
        out.swap(in);
    }

private:
    bool init(AVTXContext*& context, av_tx_fn& run, int64_t n)
    {
        const float scale = 1.0f;
        return av_tx_init(&context, &run, AV_TX_FLOAT_FFT, m_inverse ? 1 : 0, static_cast<int>(n), &scale,
                          AV_TX_UNALIGNED) >= 0;
    }

    int64_t m_n, m_rows = 0, m_cols = 1;
    bool m_inverse;
    bool m_ok = false;
    AVTXContext* m_rowsTx = nullptr;
    AVTXContext* m_colsTx = nullptr;
    av_tx_fn m_rowsRun = nullptr, m_colsRun = nullptr;
};

// 1 inside the band, 0 outside, with a raised-cosine ramp of `ramp` Hz on each side:
// a hard edge would ring (sinc side lobes) and raise rival peaks near the true one.
float bandWeight(double hz, const Band& band)
{
    const double ramp = 100;
    auto rise = [ramp](double x) { return static_cast<float>(0.5 - 0.5 * std::cos(M_PI * std::clamp(x / ramp, 0.0, 1.0))); };
    if (hz < band.lowHz)
        return rise(hz - (band.lowHz - ramp));
    if (hz > band.highHz)
        return rise(band.highHz + ramp - hz);
    return 1.0f;
}

} // namespace

double rmsOf(std::span<const float> samples)
{
    if (samples.empty())
        return 0;
    double sum = 0;
    for (float s : samples)
        sum += double(s) * s;
    return std::sqrt(sum / double(samples.size()));
}

CorrelationPeak gccPhat(std::span<const float> a, std::span<const float> b, int sampleRate, int64_t minLag,
                        int64_t maxLag, Band band)
{
    CorrelationPeak peak;
    // Only lags where the two overlap by at least one sample mean anything.
    minLag = std::max<int64_t>(minLag, -static_cast<int64_t>(b.size()) + 1);
    maxLag = std::min<int64_t>(maxLag, static_cast<int64_t>(a.size()) - 1);
    if (a.empty() || b.empty() || sampleRate <= 0 || minLag > maxLag)
        return peak;
    // Zero padding to at least |a| + |b| keeps the circular correlation free of wrap-around.
    int64_t n = 2;
    while (n < static_cast<int64_t>(a.size() + b.size()))
        n *= 2;
    if (n > (int64_t{1} << 30))
        return peak;
    Fft forward(n, false), inverse(n, true);
    if (!forward.ok() || !inverse.ok())
        return peak;

    // Both real signals in one complex FFT: a in the real part, b in the imaginary part.
    const size_t size = static_cast<size_t>(n);
    std::vector<Complex> time(size), spectrum(size);
    for (size_t i = 0; i < a.size(); ++i)
        time[i].real(a[i]);
    for (size_t i = 0; i < b.size(); ++i)
        time[i].imag(b[i]);
    forward.run(spectrum, time);

    // Cross spectrum A·conj(B), whose inverse is c[k] = sum a[n + k] b[n]; PHAT keeps only
    // its phase. Bins far quieter than the loudest are numerical dust, not sound.
    std::vector<Complex>& cross = time;
    double loudest = 0;
    for (size_t k = 0; k <= size / 2; ++k) {
        const Complex zk = spectrum[k], zm = std::conj(spectrum[(size - k) % size]);
        const Complex ak = (zk + zm) * 0.5f;
        const Complex bk = (zk - zm) * Complex(0, -0.5f);
        cross[k] = ak * std::conj(bk);
        loudest = std::max(loudest, double(std::abs(cross[k])));
    }
    if (loudest <= 0)
        return peak;
    for (size_t k = 0; k <= size / 2; ++k) {
        const float weight = bandWeight(double(k) * sampleRate / double(n), band);
        const float magnitude = std::abs(cross[k]);
        cross[k] = weight > 0 && magnitude > loudest * 1e-9 ? cross[k] * (weight / magnitude) : Complex(0, 0);
        if (k > 0 && k < size / 2)
            cross[size - k] = std::conj(cross[k]);
    }
    inverse.run(spectrum, cross);
    auto valueAt = [&](int64_t lag) {
        return std::abs(spectrum[static_cast<size_t>(lag >= 0 ? lag : n + lag)].real());
    };

    int64_t best = minLag;
    for (int64_t lag = minLag; lag <= maxLag; ++lag)
        if (valueAt(lag) > valueAt(best))
            best = lag;
    const double top = valueAt(best);
    if (top <= 0)
        return peak;
    const int64_t exclusion = std::max<int64_t>(1, std::llround(kPeakExclusionS * sampleRate));
    double rival = 0, sumSquares = 0;
    int64_t counted = 0;
    for (int64_t lag = minLag; lag <= maxLag; ++lag) {
        if (std::llabs(lag - best) <= exclusion)
            continue;
        const double v = valueAt(lag);
        rival = std::max(rival, v);
        sumSquares += v * v;
        ++counted;
    }
    peak.found = true;
    peak.lag = double(best);
    // A parabola through the peak and its neighbours places it between samples.
    if (best > minLag && best < maxLag) {
        const double left = valueAt(best - 1), right = valueAt(best + 1);
        const double curve = left - 2 * top + right;
        if (curve < 0)
            peak.lag += std::clamp(0.5 * (left - right) / curve, -0.5, 0.5);
    }
    peak.peakRatio = rival > 0 ? top / rival : 1.0;
    peak.peakSigma = counted > 0 && sumSquares > 0 ? top / std::sqrt(sumSquares / double(counted)) : 0.0;
    return peak;
}

common::Result<SoundClip> readSoundClip(const std::filesystem::path& path, int64_t startUs, int64_t lengthUs,
                                        int sampleRate)
{
    auto reader = AudioReader::open(path, sampleRate, 1);
    if (!reader)
        return reader.error();
    SoundClip clip;
    clip.sampleRate = sampleRate;
    clip.startUs = std::max<int64_t>(0, startUs);
    if (clip.startUs > 0)
        if (auto sought = (*reader)->seek(clip.startUs); !sought)
            return sought.error();
    const int64_t wanted = lengthUs * sampleRate / 1'000'000;
    while (static_cast<int64_t>(clip.samples.size()) < wanted) {
        auto chunk = (*reader)->read();
        if (!chunk)
            return chunk.error();
        if (chunk->endOfStream)
            break;
        // Place each chunk by its own time, so a gap in the sound stays a gap (silence)
        // and sound stamped before media time 0 is left out: the lag must be media time.
        int64_t at = (chunk->timeUs - clip.startUs) * sampleRate / 1'000'000;
        int64_t from = 0;
        if (at < 0) {
            from = std::min<int64_t>(-at, chunk->frames);
            at = 0;
        }
        if (at > wanted)
            break;
        const auto have = static_cast<int64_t>(clip.samples.size());
        if (std::llabs(at - have) <= 2)
            at = have; // stamps rounded to a tick: contiguous
        if (at > have)
            clip.samples.resize(static_cast<size_t>(at), 0.0f);
        else if (at < have)
            clip.samples.resize(static_cast<size_t>(at)); // overlapping stamps: the later chunk wins
        clip.samples.insert(clip.samples.end(), chunk->samples.begin() + from, chunk->samples.begin() + chunk->frames);
    }
    if (static_cast<int64_t>(clip.samples.size()) > wanted)
        clip.samples.resize(static_cast<size_t>(wanted));
    return clip;
}

common::Result<SoundMatch> matchSound(const std::filesystem::path& a, const std::filesystem::path& b,
                                      const LagSearch& search)
{
    constexpr int kRate = 8000;
    // B from where A starts under the guess (or its own start); A around B's window,
    // widened by the span each way. The lag of the clips, k, relates to the files' by
    // lag = k + aStart - bStart.
    const int64_t bStart = std::max<int64_t>(0, -search.centreUs);
    const int64_t aStart = std::max<int64_t>(0, bStart + search.centreUs - search.spanUs);
    const int64_t aEnd = bStart + search.centreUs + search.spanUs + search.compareUs;
    auto clipB = readSoundClip(b, bStart, search.compareUs, kRate);
    if (!clipB)
        return clipB.error();
    auto clipA = aEnd > aStart ? readSoundClip(a, aStart, aEnd - aStart, kRate)
                               : common::Result<SoundClip>(SoundClip{kRate, aStart, {}});
    if (!clipA)
        return clipA.error();

    SoundMatch match;
    // About -80 dBFS: below this there is nothing a microphone heard.
    constexpr double kSilent = 1e-4;
    match.silentA = rmsOf(clipA->samples) < kSilent;
    match.silentB = rmsOf(clipB->samples) < kSilent;
    if (match.silentA || match.silentB)
        return match;
    const double perUs = kRate / 1e6;
    const int64_t shiftUs = aStart - bStart;
    const auto minLag = static_cast<int64_t>(std::floor((search.centreUs - search.spanUs - shiftUs) * perUs));
    const auto maxLag = static_cast<int64_t>(std::ceil((search.centreUs + search.spanUs - shiftUs) * perUs));
    CorrelationPeak peak = gccPhat(clipA->samples, clipB->samples, kRate, minLag, maxLag);
    if (!peak.found)
        return match; // the recordings do not overlap anywhere in the searched range
    match.measured = true;
    match.lagUs = std::llround(peak.lag / perUs) + shiftUs;
    match.peakRatio = peak.peakRatio;
    match.peakSigma = peak.peakSigma;
    return match;
}

std::optional<int64_t> creationTimeUs(const std::string& iso)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &used) < 6
        || used == 0)
        return std::nullopt;
    int64_t fractionUs = 0;
    size_t at = static_cast<size_t>(used);
    if (at < iso.size() && iso[at] == '.') {
        int64_t scale = 100000;
        for (++at; at < iso.size() && std::isdigit(static_cast<unsigned char>(iso[at])); ++at) {
            fractionUs += (iso[at] - '0') * scale;
            scale /= 10;
        }
    }
    int64_t zoneS = 0; // "+01:00" is an hour ahead of UTC
    if (at < iso.size() && (iso[at] == '+' || iso[at] == '-')) {
        int zh = 0, zm = 0;
        if (std::sscanf(iso.c_str() + at + 1, "%2d:%2d", &zh, &zm) < 1)
            return std::nullopt;
        zoneS = (iso[at] == '+' ? 1 : -1) * (zh * 3600 + zm * 60);
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const time_t seconds = timegm(&tm);
    return (static_cast<int64_t>(seconds) - zoneS) * 1'000'000 + fractionUs;
}

std::vector<std::optional<int64_t>> offsetsFromClocks(const std::vector<std::optional<std::string>>& creationTimes)
{
    std::vector<std::optional<int64_t>> clocks;
    for (const auto& iso : creationTimes)
        clocks.push_back(iso ? creationTimeUs(*iso) : std::nullopt);
    std::optional<int64_t> earliest;
    std::size_t read = 0;
    for (const auto& clock : clocks)
        if (clock) {
            ++read;
            earliest = earliest ? std::min(*earliest, *clock) : *clock;
        }
    if (read < 2)
        return std::vector<std::optional<int64_t>>(clocks.size());
    for (auto& clock : clocks)
        if (clock)
            *clock -= *earliest;
    return clocks;
}

} // namespace media
