#include "media/video_reader.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <map>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "media/av_error.hpp"
#include "media/av_io.hpp"
#include "media/av_ptr.hpp"
#include "media/decoder.hpp"
#include "media/frame_pool.hpp"
#include "media/probe.hpp"

// Design note: the exact-access state machine.
//
// States of the decoder, kept in lastOutput and the DecodeLoop:
//   Fresh      no frame output since the last seek/flush (lastOutput == -1)
//   Running    frames come out in presentation order; lastOutput is the last one's number
//   Drained    the decoder returned EOF (loop->drained())
// Transitions:
//   seekToKeyframe(k): any -> Fresh; demuxer positioned at keyframe k, decoder flushed
//   decodeNext():      Fresh|Running -> Running (a frame) or Drained (EOF)
// Invariants (checkInvariants, debug builds):
//   1. every cached frame's number is in [0, frameCount)
//   2. the cache never holds more than `capacity` frames
//   3. after a seek to keyframe k, no frame numbered below k enters the cache: pictures
//      before the keyframe (open-GOP leading pictures) may reference data we never decoded
//   4. lastOutput only grows while Running

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr int kDecoderReserve = 24; // pictures the decoder keeps as references, beyond the cache
constexpr int kMaxSlots = 400;
constexpr int kShortJump = 12;      // decode forward rather than seek for jumps this short

} // namespace

struct VideoReader::Impl {
    std::filesystem::path path;
    ReaderOptions options;
    MediaFacts facts;
    FrameIndex index;
    FormatContextPtr format;
    CodecContextPtr codec;
    AVStream* stream = nullptr;
    FramePool* pool = nullptr;
    std::unique_ptr<DecodeLoop> loop;
    FramePtr decoded = makeFrame();
    std::function<bool()> keepGoing; // set while an interruptible prefetch runs

    std::map<int64_t, VideoFrameRef> cache;
    int capacity = 8;
    int64_t lastRequested = 0;

    int64_t lastOutput = -1;   // number of the last frame the decoder gave since the seek
    int64_t seekFloor = 0;     // invariant 3
    bool positioned = false;   // the decoder has been seeked or started from the file start
    // Pre-roll pictures shown before this stamp would be evicted before the target is
    // reached (the GOP is longer than the cache): their non-reference ones are not
    // decoded at all (skip_frame). Nothing depends on a non-reference picture, so the
    // pictures that are decoded stay bit-exact.
    int64_t skipNonRefBeforePts = INT64_MIN;

    ReaderStats stats;

    ~Impl()
    {
        cache.clear();
        loop.reset();
        codec.reset(); // returns the decoder's own references to the pool
        if (pool)
            pool->release();
    }

    void checkInvariants() const
    {
#ifndef NDEBUG
        if (static_cast<int>(cache.size()) > capacity)
            std::abort();
        for (const auto& [number, frame] : cache)
            if (number < 0 || number >= index.frameCount())
                std::abort();
#endif
    }

    common::Error frameError(int64_t number, const char* why) const
    {
        // The decode loop ends at any read failure; only the source knows whether the
        // disk failed (exit 1) rather than the content (exit 3).
        if (const ByteSource* source = sourceOf(*format); source && source->ioFailure())
            return avError(AVERROR(EIO), "frame " + std::to_string(number) + " cannot be read", path, source);
        return makeError(ErrorCode::InvalidInput, "frame " + std::to_string(number) + " " + why, path.string());
    }

    common::Status seekToKeyframe(int64_t keyframe)
    {
        ++stats.seeks;
        int rc;
        if (keyframe < 0)
            keyframe = 0; // the file's first picture is not flagged key: start from the top
        // The keyframe's own PTS from our index: the demuxer's index is keyed by DTS, and
        // seeking with a later frame's PTS can land one GOP late (HEVC open GOP).
        rc = av_seek_frame(format.get(), stream->index, index[keyframe].pts, AVSEEK_FLAG_BACKWARD);
        if (rc < 0 && keyframe == 0)
            rc = av_seek_frame(format.get(), -1, 0, AVSEEK_FLAG_BYTE); // containers without an index
        if (rc < 0)
            return avError(rc, "seeking failed", path, sourceOf(*format));
        avcodec_flush_buffers(codec.get());
        loop->restart();
        lastOutput = -1;
        seekFloor = keyframe;
        positioned = true;
        return {};
    }

    // The next frame out of the decoder, put in the cache; nullptr at the end of the stream.
    VideoFrameRef decodeNext()
    {
        auto beforeSend = [this](AVPacket& packet) {
            bool early = packet.pts != AV_NOPTS_VALUE && packet.pts < skipNonRefBeforePts;
            codec->skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
        };
        while (loop->next(*decoded, beforeSend)) {
            ++stats.framesDecoded;
            if (VideoFrameRef frame = adopt())
                return frame;
        }
        return nullptr;
    }

    // Wraps the decoder's output as a numbered VideoFrame and caches it; nullptr for a
    // picture we must not use (before the seek's keyframe, or unknown to the index).
    VideoFrameRef adopt()
    {
        int64_t pts = decoded->best_effort_timestamp;
        int64_t number = pts == AV_NOPTS_VALUE ? -1 : index.frameWithPts(pts);
        if (number < 0 && lastOutput >= 0)
            number = lastOutput + 1; // stamps the container never gave: count on
        if (number < 0 || number < seekFloor || number >= index.frameCount() || number <= lastOutput) {
            av_frame_unref(decoded.get());
            return nullptr;
        }
        lastOutput = number;
        AVFrame* owned = av_frame_alloc();
        av_frame_move_ref(owned, decoded.get());
        auto frame = std::make_shared<const VideoFrame>(owned, number, index.timeUs(number));
        insert(frame);
        return frame;
    }

    void insert(const VideoFrameRef& frame)
    {
        cache[frame->number()] = frame;
        while (static_cast<int>(cache.size()) > capacity) {
            // Drop the frame farthest from the one last asked for: what is behind it is
            // the backward ring, what is ahead the forward queue.
            auto first = cache.begin();
            auto last = std::prev(cache.end());
            if (std::llabs(first->first - lastRequested) >= std::llabs(last->first - lastRequested))
                cache.erase(first);
            else
                cache.erase(last);
        }
        checkInvariants();
    }

    void planPreRoll(int64_t from, int64_t target)
    {
        int64_t firstKept = target - capacity + 1;
        skipNonRefBeforePts = firstKept > from + 1 ? index[firstKept].pts : INT64_MIN;
    }

    // Decodes forward until frame `number` comes out. Fails when the decoder passes it.
    common::Result<VideoFrameRef> decodeUntil(int64_t number)
    {
        while (VideoFrameRef frame = decodeNext()) {
            if (keepGoing && !keepGoing())
                return makeError(ErrorCode::Cancelled, "decoding stopped for a newer request", path.string());
            if (frame->number() == number)
                return frame;
            if (frame->number() > number)
                return frameError(number, "cannot be decoded: the video is damaged there");
        }
        return frameError(number, "cannot be decoded: the video ends or is damaged before it");
    }

    common::Result<VideoFrameRef> seekAndDecode(int64_t number)
    {
        int64_t keyframe = index.keyframeAtOrBefore(number);
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (auto status = seekToKeyframe(keyframe); !status)
                return status.error();
            planPreRoll(std::max<int64_t>(keyframe, 0), number);
            VideoFrameRef first = decodeNext();
            if (!first)
                return frameError(number, "cannot be decoded: the video ends or is damaged before it");
            if (first->number() == number)
                return first;
            if (first->number() < number)
                return decodeUntil(number);
            // The decoder started past the target (its keyframe's leading pictures, or a
            // damaged keyframe): start one keyframe earlier.
            if (keyframe <= 0)
                break;
            keyframe = index.keyframeAtOrBefore(keyframe - 1);
            seekFloor = 0;
        }
        return frameError(number, "cannot be decoded: the video is damaged there");
    }
};

VideoReader::VideoReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
VideoReader::~VideoReader() = default;

common::Result<std::unique_ptr<VideoReader>> VideoReader::open(const std::filesystem::path& path,
                                                               const ReaderOptions& options)
{
    auto source = openSource(path);
    if (!source)
        return source.error();
    return open(source.value(), options);
}

common::Result<std::unique_ptr<VideoReader>> VideoReader::open(const SourceRef& source, const ReaderOptions& options)
{
    const std::string& path = source->name();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->options = options;
    auto opened = openInput(source);
    if (!opened)
        return opened.error();
    impl->format.reset(opened.value());
    int streamIndex = av_find_best_stream(impl->format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (streamIndex < 0) {
        // probe() words the reason: sound only, or nothing playable
        auto facts = probe(source, false);
        return facts ? makeError(ErrorCode::InvalidInput, "the file has no video stream", path) : facts.error();
    }
    impl->stream = impl->format->streams[streamIndex];
    keepOnlyStream(*impl->format, streamIndex);

    auto index = FrameIndex::build(source, streamIndex, options.useIndexCache);
    if (!index)
        return index.error();
    impl->index = std::move(index.value());
    auto facts = probe(source, impl->index);
    if (!facts)
        return facts.error();
    impl->facts = std::move(facts.value());

    impl->pool = FramePool::create(options.memoryBudgetBytes, kMaxSlots);
    auto codec = openDecoder(*impl->stream, options.decodeThreads, path, impl->pool);
    if (!codec)
        return codec.error();
    impl->codec = std::move(codec.value());
    impl->loop = std::make_unique<DecodeLoop>(*impl->format, *impl->codec, streamIndex);

    // Cache capacity in frames: the budget over one picture's size, less what the decoder
    // itself holds (references and frame-thread delay). Estimated from the stream's
    // geometry; the pool learns the exact size from the first picture.
    const AVCodecParameters& par = *impl->stream->codecpar;
    int64_t pictureBytes = std::max<int64_t>(
        1, static_cast<int64_t>(par.width) * par.height * (impl->facts.video->bitDepth > 8 ? 2 : 1) * 3 / 2);
    int64_t slots = std::min<int64_t>(kMaxSlots, static_cast<int64_t>(options.memoryBudgetBytes) / pictureBytes);
    impl->capacity = static_cast<int>(std::max<int64_t>(8, slots - kDecoderReserve - options.decodeThreads));
    return std::unique_ptr<VideoReader>(new VideoReader(std::move(impl)));
}

const MediaFacts& VideoReader::facts() const { return m_impl->facts; }
const FrameIndex& VideoReader::index() const { return m_impl->index; }
int64_t VideoReader::frameCount() const { return m_impl->index.frameCount(); }
int VideoReader::capacity() const { return m_impl->capacity; }
bool VideoReader::isCached(int64_t number) const { return m_impl->cache.count(number) != 0; }

common::Result<VideoFrameRef> VideoReader::frame(int64_t number)
{
    Impl& d = *m_impl;
    if (number < 0 || number >= d.index.frameCount())
        return makeError(ErrorCode::InvalidInput,
                         "there is no frame " + std::to_string(number) + " (the video has "
                             + std::to_string(d.index.frameCount()) + " frames, numbered from 0)",
                         d.path.string());
    d.lastRequested = number;
    if (auto it = d.cache.find(number); it != d.cache.end()) {
        ++d.stats.cacheHits;
        return it->second;
    }
    int64_t keyframe = d.index.keyframeAtOrBefore(number);
    bool aheadInReach = d.positioned && !d.loop->drained() && d.lastOutput >= 0 && number > d.lastOutput
        && (keyframe <= d.lastOutput || number - d.lastOutput <= kShortJump);
    if (aheadInReach) {
        d.planPreRoll(d.lastOutput, number);
        return d.decodeUntil(number);
    }
    return d.seekAndDecode(number);
}

common::Result<VideoFrameRef> VideoReader::frameAtTime(int64_t timeUs)
{
    return frame(m_impl->index.frameAtTime(timeUs));
}

int VideoReader::decodeAhead(int count)
{
    Impl& d = *m_impl;
    int decoded = 0;
    if (!d.positioned || d.lastOutput < 0)
        return 0;
    d.skipNonRefBeforePts = INT64_MIN;
    while (decoded < count && !d.loop->drained() && d.decodeNext())
        ++decoded;
    return decoded;
}

common::Result<VideoFrameRef> VideoReader::nextSkippingNonReference(int64_t from)
{
    Impl& d = *m_impl;
    if (from < 0 || from >= d.index.frameCount())
        return frame(from);
    if (auto cached = d.cache.find(from); cached != d.cache.end())
        return cached->second;
    // Only a decode already running just before `from` is continued; else land exactly.
    if (d.lastOutput < 0 || from <= d.lastOutput || from > d.lastOutput + 8)
        return frame(from);
    d.lastRequested = from;
    int64_t saved = d.skipNonRefBeforePts;
    d.skipNonRefBeforePts = INT64_MAX;
    VideoFrameRef found;
    while (VideoFrameRef next = d.decodeNext())
        if (next->number() >= from) {
            found = next;
            break;
        }
    d.skipNonRefBeforePts = saved;
    if (!found)
        return d.frameError(from, "cannot be decoded: the video ends or is damaged before it");
    return found;
}

void VideoReader::prefetchBackward(int64_t number, const std::function<bool()>& keepGoing)
{
    Impl& d = *m_impl;
    int64_t oldest = number;
    while (oldest > 0 && d.cache.count(oldest - 1))
        --oldest;
    if (oldest <= 0 || !d.cache.count(oldest))
        return;
    int64_t keep = d.lastRequested;
    // Aim the eviction at the frames past `number`, so the GOP decoded now stays.
    d.lastRequested = oldest - 1;
    d.keepGoing = keepGoing;
    (void)d.seekAndDecode(oldest - 1);
    d.keepGoing = nullptr;
    d.lastRequested = keep;
}

ReaderStats VideoReader::stats() const
{
    ReaderStats s = m_impl->stats;
    s.poolFallbacks = m_impl->pool ? m_impl->pool->fallbacks() : 0;
    return s;
}

} // namespace media
