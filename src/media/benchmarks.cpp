#include "media/benchmarks.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "media/av_error.hpp"
#include "media/av_ptr.hpp"
#include "media/decoder.hpp"
#include "media/frame_hash.hpp"
#include "media/probe.hpp"
#include "media/video_reader.hpp"

namespace media {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    size_t at = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

// The reference: FFmpeg's own allocator, no cache, no index; every frame in decode
// order. `onFrame` sees each picture (for hashing).
template <typename OnFrame>
common::Result<int64_t> referenceDecode(const std::filesystem::path& path, int threads, OnFrame onFrame)
{
    auto opened = openInput(path);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    int streamIndex = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (streamIndex < 0)
        return common::makeError(common::ErrorCode::InvalidInput, "the file has no video stream", path.string());
    keepOnlyStream(*format, streamIndex);
    auto codec = openDecoder(*format->streams[streamIndex], threads, path);
    if (!codec)
        return codec.error();
    DecodeLoop loop(*format, **codec, streamIndex);
    FramePtr frame = makeFrame();
    int64_t frames = 0;
    for (; loop.next(*frame); ++frames) {
        onFrame(*frame);
        av_frame_unref(frame.get());
    }
    return frames;
}

ReaderOptions optionsWith(int threads)
{
    ReaderOptions options;
    options.decodeThreads = threads;
    return options;
}

} // namespace

common::Result<DecodeBench> benchDecode(const std::filesystem::path& path, int threads)
{
    DecodeBench bench;
    // The index is built (or loaded) before timing: both paths then read the same file
    // from the page cache.
    auto reader = VideoReader::open(path, optionsWith(threads));
    if (!reader)
        return reader.error();
    // Reference first, then the engine, then the reference again; the better of the two
    // reference runs counts, so a cold page cache cannot flatter the engine.
    double referenceMs = 1e300;
    int64_t referenceFrames = 0;
    for (int run = 0; run < 2; ++run) {
        auto start = Clock::now();
        auto frames = referenceDecode(path, threads, [](const AVFrame&) {});
        if (!frames)
            return frames.error();
        referenceMs = std::min(referenceMs, msSince(start));
        referenceFrames = *frames;
        if (run == 0) {
            auto engineStart = Clock::now();
            for (int64_t n = 0; n < (*reader)->frameCount(); ++n)
                if (auto frame = (*reader)->frame(n); !frame && n == 0)
                    return frame.error();
            double engineMs = msSince(engineStart);
            bench.frames = (*reader)->frameCount();
            bench.fps = static_cast<double>(bench.frames) * 1000.0 / engineMs;
        }
    }
    bench.referenceFps = static_cast<double>(referenceFrames) * 1000.0 / referenceMs;
    bench.peakRssMiB = peakRssMiB();
    return bench;
}

common::Result<SeekBench> benchSeek(const std::filesystem::path& path, int count, uint64_t seed, int threads)
{
    SeekBench bench;
    // The truth: every frame's MD5 from one plain sequential decode.
    std::vector<std::string> truth;
    auto frames = referenceDecode(path, threads, [&](const AVFrame& f) { truth.push_back(frameMd5(f)); });
    if (!frames)
        return frames.error();

    auto reader = VideoReader::open(path, optionsWith(threads));
    if (!reader)
        return reader.error();
    const int64_t total = (*reader)->frameCount();
    // Sequential decode cost per frame through the engine, same threads, without hashing.
    {
        auto probeReader = VideoReader::open(path, optionsWith(threads));
        if (!probeReader)
            return probeReader.error();
        int64_t n = std::min<int64_t>(total, 300);
        auto start = Clock::now();
        for (int64_t i = 0; i < n; ++i)
            (void)(*probeReader)->frame(i);
        bench.decodeMsPerFrame = msSince(start) / static_cast<double>(n);
    }

    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int64_t> pick(0, total - 1);
    std::vector<double> times;
    double decodedSum = 0;
    for (int i = 0; i < count; ++i) {
        int64_t target = pick(random);
        int64_t before = (*reader)->stats().framesDecoded;
        auto start = Clock::now();
        auto frame = (*reader)->frame(target);
        times.push_back(msSince(start));
        decodedSum += static_cast<double>((*reader)->stats().framesDecoded - before);
        if (frame && static_cast<size_t>(target) < truth.size() && frameMd5((*frame)->avFrame()) == truth[static_cast<size_t>(target)])
            ++bench.exact;
    }
    bench.count = count;
    bench.p50Ms = percentile(times, 0.50);
    bench.p95Ms = percentile(times, 0.95);
    bench.meanMs = times.empty() ? 0 : std::accumulate(times.begin(), times.end(), 0.0) / static_cast<double>(times.size());
    bench.meanFramesDecoded = count > 0 ? decodedSum / count : 0;
    bench.peakRssMiB = peakRssMiB();
    return bench;
}

common::Result<StepBench> benchStep(const std::filesystem::path& path, bool backwards, int count, int threads)
{
    auto reader = VideoReader::open(path, optionsWith(threads));
    if (!reader)
        return reader.error();
    const int64_t total = (*reader)->frameCount();
    int64_t position = backwards ? std::min<int64_t>(total - 1, total / 2 + count / 2) : std::max<int64_t>(0, total / 2 - count / 2);
    if (auto landed = (*reader)->frame(position); !landed)
        return landed.error();
    std::vector<double> times;
    for (int i = 0; i < count; ++i) {
        position += backwards ? -1 : 1;
        if (position < 0 || position >= total)
            break;
        auto start = Clock::now();
        auto frame = (*reader)->frame(position);
        times.push_back(msSince(start));
        if (!frame)
            return frame.error();
    }
    StepBench bench;
    bench.count = static_cast<int>(times.size());
    bench.p50Ms = percentile(times, 0.50);
    bench.p95Ms = percentile(times, 0.95);
    bench.maxMs = times.empty() ? 0 : *std::max_element(times.begin(), times.end());
    bench.meanMs = times.empty() ? 0 : std::accumulate(times.begin(), times.end(), 0.0) / static_cast<double>(times.size());
    bench.peakRssMiB = peakRssMiB();
    return bench;
}

} // namespace media
