#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "common/error.hpp"
#include "media/video_frame.hpp"

namespace media {
class VideoReader;
}

namespace player {

// What the decode thread of one camera is asked to do. A new serial invalidates every
// frame decoded for an older one (seek, step, play, pause, direction change).
struct DecodeRequest {
    enum class Mode { Still, Play };
    uint64_t serial = 0;
    Mode mode = Mode::Still;
    int64_t frame = 0;     // Still: the exact frame; Play: the first frame to decode
    int direction = 1;     // Play: +1 forward, -1 backward (reverse shuttle)
    // Play forward faster than the display can show every frame: the decoder may skip
    // non-reference pictures (VideoReader::nextSkippingNonReference).
    bool skipNonReference = false;
};

// One decoded frame (or the failure to decode it) handed to the player.
struct DecodedFrame {
    uint64_t serial = 0;
    int64_t number = 0;
    media::VideoFrameRef frame;            // null when `error` is set
    std::optional<common::Error> error;
};

// The decode thread of one camera. It owns the camera's VideoReader (a reader belongs to
// one thread). The player thread posts requests (only the latest counts) and takes the
// decoded frames; `wake` is called on the decode thread after each frame is queued so the
// window can redraw. While playing it keeps up to `queueCapacity` frames ahead, and when
// it falls behind the clock (`mediaNow`, thread-safe) it jumps ahead instead of decoding
// frames that are already late. While paused it prefetches the GOP behind and a few
// frames ahead, so stepping either way is an upload, not a decode.
class CameraDecoder {
public:
    CameraDecoder(std::unique_ptr<media::VideoReader> reader, std::function<int64_t()> mediaNow,
                  std::function<void()> wake, int queueCapacity = 6);
    ~CameraDecoder();
    CameraDecoder(const CameraDecoder&) = delete;
    CameraDecoder& operator=(const CameraDecoder&) = delete;

    void request(const DecodeRequest& request);
    // Moves decoded frames, oldest first, into `out` while it holds fewer than `limit`
    // (the caller's own queue counts towards the decode-ahead capacity).
    void take(std::deque<DecodedFrame>& out, size_t limit);
    // Frames queued and not yet taken.
    int queued() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace player
