#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "common/result.hpp"
#include "media/byte_source.hpp"
#include "media/frame_index.hpp"
#include "media/media_facts.hpp"
#include "media/video_frame.hpp"

namespace media {

struct ReaderOptions {
    // Memory for decoded frames (cache + decoder references), pre-allocated and touched
    // once at open. About 300 MiB holds ~95 frames of 1080p 8-bit 4:2:0.
    size_t memoryBudgetBytes = size_t(300) << 20;
    int decodeThreads = 2;       // frame threads; 0 lets FFmpeg choose
    bool useIndexCache = true;
};

struct ReaderStats {
    int64_t framesDecoded = 0;   // frames that came out of the decoder
    int64_t seeks = 0;           // demuxer seeks
    int64_t cacheHits = 0;       // requests answered without decoding
    int64_t poolFallbacks = 0;   // buffers the pool could not supply (allocated instead)
};

// Exact random access to the frames of one video stream (DESIGN.md "Media engine").
//
// frame(n) answers from the cache when it can; otherwise it decodes forward from where
// the decoder is when n lies in the current GOP ahead of it, or seeks to the last
// keyframe whose PTS is at or before n's (taken from the frame index, not the demuxer's
// DTS-keyed index), flushes and decodes forward, keeping the GOP it passes through in the
// cache so stepping back costs nothing. If the first frame after a seek is already past
// n, it seeks one keyframe further back.
//
// The cache is one pool of slots (the forward queue and the backward ring are the slots
// ahead of and behind the last request); when full it drops the frame farthest from the
// frame last asked for. Decoded pictures are written by the decoder straight into the
// pool's pre-touched buffers (no copy, no page faults on the hot path).
//
// Threads: a VideoReader belongs to one thread (the player's decode thread, or a command).
// The VideoFrameRefs it returns may be read from any thread.
class VideoReader {
public:
    static common::Result<std::unique_ptr<VideoReader>> open(const std::filesystem::path& path,
                                                             const ReaderOptions& options = {});
    // From bytes already opened (openSource, memorySource): the index and facts are read
    // from the same source, so they describe the same bytes the frames come from.
    static common::Result<std::unique_ptr<VideoReader>> open(const SourceRef& source,
                                                             const ReaderOptions& options = {});
    ~VideoReader();

    const MediaFacts& facts() const;
    const FrameIndex& index() const;
    int64_t frameCount() const;

    // The exact frame `number` (0-based, presentation order). A frame that cannot be
    // decoded (corrupt data) is an InvalidInput error naming it; others still work.
    common::Result<VideoFrameRef> frame(int64_t number);
    // The frame on screen at media time `timeUs`.
    common::Result<VideoFrameRef> frameAtTime(int64_t timeUs);

    // Fast playback, where frames come faster than a display can show them: the first frame
    // at or after `from` that the decoder gives while it skips non-reference pictures
    // (nothing depends on them, and most would be skipped on screen anyway). What it returns
    // is exact, as frame() would give it; only which frame is up to the stream's structure.
    // Continues the current decode when `from` is just ahead of it, else lands like frame().
    common::Result<VideoFrameRef> nextSkippingNonReference(int64_t from);
    // Decodes up to `count` frames after the last one decoded into the cache (the forward
    // queue), without evicting frames at or after `keepFrom`. Returns frames decoded.
    int decodeAhead(int count);
    // Decodes the GOP before the oldest cached frame at or before `number`, so stepping
    // back from `number` keeps answering from the cache. For the player's idle time:
    // `keepGoing` is asked between decoded pictures, and false stops the prefetch at once
    // (what it decoded so far stays cached; the reader stays usable).
    void prefetchBackward(int64_t number, const std::function<bool()>& keepGoing = {});
    bool isCached(int64_t number) const;
    // Frames the cache can hold.
    int capacity() const;

    ReaderStats stats() const;

private:
    struct Impl;
    explicit VideoReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace media
